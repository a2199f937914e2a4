# expect: the lockfile records viagit@3.0.0 without an integrity; give its hash (of fetchgit { url = "https://github.com/example/viagit.git"; rev = "89abcdef0123456789abcdef0123456789abcdef"; }) as nodeDepsHashes."git+https://github.com/example/viagit.git#89abcdef0123456789abcdef0123456789abcdef"
{pkgs, ...}:
map (fetch: fetch.src.drvPath) (pkgs.atproto.nodeDepsFrom {nodeDeps = ../data/node/edge-cases.json;}).fetches
