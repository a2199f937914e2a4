# A test double of nixpkgs' `pkgs`: the functions and packages atpkgs uses, with nixpkgs'
# argument names and errors at our pin, producing real derivations that Nix instantiates
# but nothing ever builds. An attribute it lacks is an evaluation error ("attribute …
# missing"); add it here, with the behaviour nixpkgs has.
{
  lib,
  system ? "x86_64-linux",
  overlays ? [],
}: let
  base = self: let
    stdenv = import ./stdenv.nix {inherit lib system;};
    trivial = import ./trivial-builders.nix {
      inherit lib;
      inherit (self) runtimeShell;
      inherit (stdenv) mkDerivation;
    };
    fetchers = import ./fetchers.nix {
      inherit lib system;
      inherit (stdenv) mkDerivation;
    };
    package = import ./package.nix {inherit lib stdenv;};
  in
    trivial
    // fetchers
    // import ./builders.nix {
      inherit lib package self;
      inherit (stdenv) mkDerivation;
    }
    // import ./packages.nix {inherit package self;}
    // {
      _type = "pkgs";
      inherit lib system stdenv;
      stdenvNoCC = stdenv;
      hostPlatform = stdenv.hostPlatform;
      buildPlatform = stdenv.hostPlatform;
      callPackage = lib.callPackageWith self;
      extend = overlay:
        import ./. {
          inherit lib system;
          overlays = overlays ++ [overlay];
        };
      pkgs = self;
      newScope = extra: lib.callPackageWith (self // extra);
      formats = import ./formats.nix {
        inherit lib;
        inherit (trivial) writeText runCommand;
      };
      runtimeShell = "${self.bash}/bin/bash";
    };
in
  lib.fix (lib.foldl' (composed: overlay: lib.extends overlay composed) base overlays)
