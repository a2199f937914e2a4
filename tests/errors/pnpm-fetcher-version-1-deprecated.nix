# expect-warning: fetchPnpmDeps: `fetcherVersion = 1` is deprecated and scheduled for removal in the 26.11 release
{pkgs, ...}:
(pkgs.fetchPnpmDeps {
  pname = "p";
  src = pkgs.writeText "src" "";
  fetcherVersion = 1;
  hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
})
.drvPath
