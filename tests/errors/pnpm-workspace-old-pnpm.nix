# expect: pnpm catalogs and current lockfiles need pnpm >= 9.5
{pkgs, ...}:
(pkgs.atproto.buildPnpmWorkspace {
  pname = "web";
  version = "1";
  src = pkgs.writeText "src" "";
  pnpmDepsHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
  pnpm = pkgs.pnpm_9 // {version = "8.15.9";};
})
.drvPath
