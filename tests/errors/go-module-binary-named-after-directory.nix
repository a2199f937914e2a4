# expect: rename `indigo-relay` (cmd/relay)
{pkgs, ...}:
(pkgs.atproto.buildGoAtprotoModule {
  pname = "g";
  version = "1";
  src = pkgs.writeText "src" "";
  binaries.indigo-relay = "cmd/relay";
  vendorHash = null;
})
.drvPath
