// Writes a new P-256 key pair as JWKs, the PRIVATE_JWK and PUBLIC_JWK of Frontpage's OAuth
// client, as upstream's scripts/generate-local-env.mts makes them:
//   frontpage-generate-jwk PRIVATE_FILE PUBLIC_FILE
import { writeFileSync } from "node:fs";

const [privateFile, publicFile] = process.argv.slice(2);
if (!privateFile || !publicFile) {
  console.error("usage: frontpage-generate-jwk PRIVATE_FILE PUBLIC_FILE");
  process.exit(2);
}
const keyPair = await crypto.subtle.generateKey(
  { name: "ECDSA", namedCurve: "P-256" },
  true,
  ["sign", "verify"],
);
const [privateKey, publicKey] = await Promise.all(
  [keyPair.privateKey, keyPair.publicKey].map((key) =>
    crypto.subtle.exportKey("jwk", key),
  ),
);
writeFileSync(privateFile, JSON.stringify(privateKey), { mode: 0o600 });
writeFileSync(publicFile, JSON.stringify(publicKey), { mode: 0o600 });
