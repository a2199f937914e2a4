# expect-warning: pnpm.fetchDeps: The package attribute is deprecated. Use the top-level fetchPnpmDeps attribute instead
{pkgs, ...}:
(pkgs.pnpm_10.fetchDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 2;
  hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
})
.drvPath
