# nixpkgs' lib at the pinned nix-community/nixpkgs.lib commit (2026-06-14, the lib of nixpkgs
# master after the 26.05 branch-off). Offline, the tarball must already be in the Nix store
# (DEVELOPERS.md says how to seed it).
import ((builtins.fetchTarball {
    url = "https://github.com/nix-community/nixpkgs.lib/archive/de42d44212d207476489bce163375d8306a26d59.tar.gz";
    sha256 = "sha256-0iaTCZDEORJeWamOjfDZaoZZx686f7QO5oL3ynmj+ew=";
  })
  + "/lib")
