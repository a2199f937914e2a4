# expect: atproto.no-such-package cannot be found in pkgs
{
  system,
  lib,
  pkgs,
  ...
}:
(system [{options.services.x.package = lib.mkPackageOption pkgs ["atproto" "no-such-package"] {};}]).services.x.package
