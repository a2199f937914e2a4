# expect: buildPnpmWorkspace: set exactly one of `nodeDeps`
{pkgs, ...}:
(pkgs.atproto.buildPnpmWorkspace {
  pname = "web";
  version = "1";
  src = pkgs.writeText "src" "";
})
.drvPath
