# expect: buildPnpmWorkspace: node-deps.json was written from a npm lockfile, not pnpm-lock.yaml
{pkgs, ...}:
(pkgs.atproto.buildPnpmWorkspace {
  pname = "web";
  version = "1";
  src = ../data/node/npm-workspace;
  nodeDeps = ../data/node/npm-workspace/node-deps.json;
})
.drvPath
