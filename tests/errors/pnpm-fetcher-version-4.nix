# expect: fetchPnpmDeps `fetcherVersion` is not set to a supported value (1, 2, 3)
{pkgs, ...}:
(pkgs.fetchPnpmDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 4;
  hash = "";
})
.drvPath
