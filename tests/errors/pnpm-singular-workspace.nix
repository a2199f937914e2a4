# expect: `pnpmWorkspace` is no longer supported, please migrate to `pnpmWorkspaces`
{pkgs, ...}:
(pkgs.pnpm_10.fetchDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 2;
  pnpmWorkspace = "app";
  hash = "";
})
.drvPath
