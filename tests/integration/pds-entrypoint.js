// Stands in for the PDS distribution's service/index.js in tests/integration (the
// distribution's own file is not in the npm package): reads the PDS_* environment, creates
// and starts the PDS, and shuts it down on SIGTERM.
"use strict";
const { PDS, envToCfg, envToSecrets, readEnv } = require("@atproto/pds");
const { version } = require("@atproto/pds/package.json");

const main = async () => {
  const env = readEnv();
  env.version ||= version;
  const pds = await PDS.create(envToCfg(env), envToSecrets(env));
  await pds.start();
  process.on("SIGTERM", async () => {
    await pds.destroy();
    process.exit(0);
  });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
