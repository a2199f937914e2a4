# expect: fetchFromTangled requires one of either `rev` or `tag` to be provided (not both).
{pkgs, ...}:
(pkgs.atproto.fetchFromTangled {
  owner = "someone.example";
  repo = "repo";
  hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
})
.drvPath
