# expect: buildGoAtprotoModule: `vendorHash` or `gomod2nix` is required
{pkgs, ...}:
(pkgs.atproto.buildGoAtprotoModule {
  pname = "g";
  version = "1";
  src = pkgs.writeText "src" "";
  binaries.relay = "cmd/relay";
})
.drvPath
