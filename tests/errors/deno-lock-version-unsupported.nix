# expect: buildDenoApp: deno.lock version `3` is not supported
{pkgs, ...}:
(pkgs.atproto.buildDenoApp {
  pname = "bot";
  version = "1";
  src = pkgs.writeText "src" "";
  entrypoint = "main.ts";
  denoLock = ../data/deno/deno-v3.lock;
})
.drvPath
