# expect: buildPnpmWorkspace: pnpm 10.34.5 refuses version 6 lockfiles (pnpm 8's); use pnpm_9
{pkgs, ...}:
(pkgs.atproto.buildPnpmWorkspace {
  pname = "web";
  version = "1";
  src = ../data/node/pnpm8-workspace;
  nodeDeps = ../data/node/pnpm8-workspace/node-deps.json;
  pnpm = pkgs.pnpm_10;
})
.drvPath
