# expect: buildNpmProject: set exactly one of `nodeDeps`
{pkgs, ...}:
(pkgs.atproto.buildNpmProject {
  pname = "web";
  version = "1";
  src = ../data/node/npm-workspace;
  nodeDeps = ../data/node/npm-workspace/node-deps.json;
  npmDepsHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
})
.drvPath
