# expect: fetchPnpmDeps: `pnpmWorkspace` is no longer supported, please migrate to `pnpmWorkspaces`
{pkgs, ...}:
(pkgs.fetchPnpmDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 3;
  pnpmWorkspace = "app";
  hash = "";
})
.drvPath
