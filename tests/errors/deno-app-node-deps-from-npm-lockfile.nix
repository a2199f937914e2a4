# expect: buildDenoApp: node-deps.json was written from a npm lockfile, not deno.lock
{pkgs, ...}:
(pkgs.atproto.buildDenoApp {
  pname = "site";
  version = "1";
  src = ../data/node/npm-workspace;
  nodeDeps = ../data/node/npm-workspace/node-deps.json;
  entrypoint = "main.ts";
})
.drvPath
