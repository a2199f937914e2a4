# expect: pnpm.fetchDeps `fetcherVersion` is not set to a supported value (1, 2)
{pkgs, ...}:
(pkgs.pnpm_10.fetchDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 3;
  hash = "";
})
.drvPath
