# The admin command of the official PDS (account create/list/takedown/delete, invite codes,
# crawl requests) for services.atproto-pds: it talks to the local PDS over its admin XRPC API
# and, unlike upstream's pdsadmin, downloads nothing at run time.
{
  lib,
  stdenvNoCC,
  makeWrapper,
  curl,
  jq,
  coreutils,
}:
stdenvNoCC.mkDerivation {
  pname = "atproto-pds-admin";
  version = "0.1.0";
  src = ./atproto-pds-admin.sh;

  dontUnpack = true;
  nativeBuildInputs = [makeWrapper];
  installPhase = ''
    runHook preInstall
    install -Dm755 $src $out/bin/atproto-pds-admin
    wrapProgram $out/bin/atproto-pds-admin --prefix PATH : ${lib.makeBinPath [curl jq coreutils]}
    runHook postInstall
  '';

  meta = {
    description = "Admin command for the official ATproto PDS (accounts, invite codes, crawl requests)";
    homepage = "https://github.com/atpkgs/atpkgs";
    license = lib.licenses.mit;
    platforms = lib.platforms.unix;
    mainProgram = "atproto-pds-admin";
  };
}
