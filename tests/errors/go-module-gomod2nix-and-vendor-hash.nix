# expect: buildGoAtprotoModule: give `vendorHash` or `gomod2nix`, not both
{pkgs, ...}:
(pkgs.atproto.buildGoAtprotoModule {
  pname = "g";
  version = "1";
  src = pkgs.writeText "src" "";
  binaries.relay = "cmd/relay";
  vendorHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
  gomod2nix = ../data/gomod2nix.toml;
})
.drvPath
