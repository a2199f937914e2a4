# expect: buildPnpmWorkspace: `pnpmDepsHash` is required
{pkgs, ...}:
(pkgs.atproto.buildPnpmWorkspace {
  pname = "web";
  version = "1";
  src = pkgs.writeText "src" "";
})
.drvPath
