# expect: nodeDepsHashes names https://example.org/gone.tgz, which edge-cases.json does not list as unpinned
{pkgs, ...}:
(pkgs.atproto.nodeDepsFrom {
  nodeDeps = ../data/node/edge-cases.json;
  nodeDepsHashes."https://example.org/gone.tgz" = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
})
.manifest
