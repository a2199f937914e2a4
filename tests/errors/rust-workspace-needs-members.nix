# expect: buildRustWorkspace: `members` is required
{pkgs, ...}:
(pkgs.atproto.buildRustWorkspace {
  pname = "ws";
  version = "1";
  src = pkgs.writeText "src" "";
})
.drvPath
