# expect: node dependencies: package.json was not written by `atpkgs-lock write`
{pkgs, ...}:
(pkgs.atproto.nodeDepsFrom {nodeDeps = ../data/node/npm-workspace/package.json;}).manifest
