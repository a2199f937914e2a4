# expect: buildGoAtprotoModule: `vendorHash` is required
{pkgs, ...}:
(pkgs.atproto.buildGoAtprotoModule {
  pname = "g";
  version = "1";
  src = pkgs.writeText "src" "";
  binaries.relay = "cmd/relay";
})
.drvPath
