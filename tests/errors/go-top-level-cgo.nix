# expect: The following attributes are overlapping:
{pkgs, ...}:
(pkgs.buildGoModule {
  pname = "g";
  version = "1";
  src = pkgs.writeText "src" "";
  vendorHash = null;
  CGO_ENABLED = 0;
})
.drvPath
