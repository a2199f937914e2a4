# nixpkgs' lib at the pinned nix-community/nixpkgs.lib commit. Offline, the tarball must
# already be in the Nix store (DEVELOPERS.md says how to seed it).
import ((builtins.fetchTarball {
    url = "https://github.com/nix-community/nixpkgs.lib/archive/e171c13eb1bfa148a2e5ed435768d5e89e235d0f.tar.gz";
    sha256 = "sha256-ObaNaUu4Ey117f3UWMQL7CN/QBEUPM9MiwGSG9piCL0=";
  })
  + "/lib")
