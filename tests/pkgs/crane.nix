# crane's `mkLib pkgs` at our pin (reference/nixpkgs-api.md §1), minus the building. Unlike
# the real crane it never reads `src`: pass `pname` and `version`, as atpkgs' builders do.
{
  lib,
  stdenv,
  self,
}: let
  crateName = args:
    if args ? pname && args ? version
    then {inherit (args) pname version;}
    else throw "crane test double: pass `pname` and `version` (the double never reads Cargo.toml from `src`)";

  mkCargoDerivation = {
    cargoArtifacts,
    buildPhaseCargoCommand,
    pnameSuffix ? "",
    ...
  } @ args:
    stdenv.mkDerivation (removeAttrs args ["pnameSuffix" "stdenv" "outputHashes"]
      // {
        pname = (crateName args).pname + pnameSuffix;
        inherit (crateName args) version;
        cargoArtifacts = toString cargoArtifacts;
        cargoVendorDir = args.cargoVendorDir or (vendorCargoDeps args);
        nativeBuildInputs = (args.nativeBuildInputs or []) ++ [self.cargo self.rustc self.rsync self.zstd];
        passthru = (args.passthru or {}) // lib.optionalAttrs (cargoArtifacts != null) {inherit cargoArtifacts;};
      });

  # crane defaults `cargoExtraArgs` to `--locked`; a value without it lets Cargo resolve the
  # dependencies anew. Real crane says nothing; the double warns, as atpkgs-lint's
  # `crane-locked` rule does about the source.
  warnUnlocked = args:
    lib.warnIf (args ? cargoExtraArgs && !lib.any (flag: flag == "--locked" || flag == "--frozen") (lib.splitString " " args.cargoExtraArgs))
    "crane: cargoExtraArgs = \"${args.cargoExtraArgs}\" drops crane's default --locked: Cargo may resolve the dependencies anew";

  vendorCargoDeps = args:
    stdenv.mkDerivation {
      name = "vendor-cargo-deps";
      src = args.src or null;
      cargoLock = args.cargoLock or null;
    };

  depsOnly = {
    cargoExtraArgs ? "--locked",
    doCheck ? true,
    ...
  } @ args:
    mkCargoDerivation (removeAttrs args ["src" "dummySrc"]
      // {
        src = args.dummySrc or args.src;
        cargoArtifacts = null;
        pnameSuffix = "-deps";
        inherit cargoExtraArgs doCheck;
        buildPhaseCargoCommand = "cargoWithProfile check ${cargoExtraArgs}; cargoWithProfile build ${cargoExtraArgs}";
        doInstallCargoArtifacts = true;
        env = (args.env or {}) // {CRANE_BUILD_DEPS_ONLY = 1;};
      });

  package = {
    cargoExtraArgs ? "--locked",
    doCheck ? true,
    ...
  } @ args:
    mkCargoDerivation (args
      // {
        cargoArtifacts = args.cargoArtifacts or (depsOnly args);
        inherit cargoExtraArgs doCheck;
        buildPhaseCargoCommand = "cargoWithProfile build --message-format json-render-diagnostics ${cargoExtraArgs}";
        doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
      });
in {
  inherit mkCargoDerivation vendorCargoDeps;
  buildDepsOnly = args: warnUnlocked args (depsOnly args);
  buildPackage = args: warnUnlocked args (package args);
  crateNameFromCargoToml = crateName;
  # The real one reads `src` at evaluation and writes a tree of stub targets; the double keeps
  # the source as it is, which is all the other calls see.
  mkDummySrc = {src, ...}:
    stdenv.mkDerivation {
      name = "dummy-src";
      inherit src;
    };
  cargoBuild = args:
    warnUnlocked args (mkCargoDerivation (args
      // {
        pnameSuffix = "-build";
        buildPhaseCargoCommand = "cargoWithProfile build ${args.cargoExtraArgs or "--locked"}";
      }));
}
