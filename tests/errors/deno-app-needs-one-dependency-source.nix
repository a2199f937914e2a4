# expect: buildDenoApp: set exactly one of `denoLock`
{pkgs, ...}:
(pkgs.atproto.buildDenoApp {
  pname = "bot";
  version = "1";
  src = pkgs.writeText "src" "";
  entrypoint = "main.ts";
})
.drvPath
