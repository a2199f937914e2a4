# expect: buildDenoApp: `entrypoint` is required
{pkgs, ...}:
(pkgs.atproto.buildDenoApp {
  pname = "bot";
  version = "1";
  src = pkgs.writeText "src" "";
  denoDepsHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
})
.drvPath
