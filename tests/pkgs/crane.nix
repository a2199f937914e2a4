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

  vendorCargoDeps = args:
    stdenv.mkDerivation {
      name = "vendor-cargo-deps";
      src = args.src or null;
      cargoLock = args.cargoLock or null;
    };

  buildDepsOnly = {
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

  buildPackage = {
    cargoExtraArgs ? "--locked",
    doCheck ? true,
    ...
  } @ args:
    mkCargoDerivation (args
      // {
        cargoArtifacts = args.cargoArtifacts or (buildDepsOnly args);
        inherit cargoExtraArgs doCheck;
        buildPhaseCargoCommand = "cargoWithProfile build --message-format json-render-diagnostics ${cargoExtraArgs}";
        doInstallCargoArtifacts = args.doInstallCargoArtifacts or false;
      });
in {
  inherit mkCargoDerivation vendorCargoDeps buildDepsOnly buildPackage;
  crateNameFromCargoToml = crateName;
  cargoBuild = args:
    mkCargoDerivation (args
      // {
        pnameSuffix = "-build";
        buildPhaseCargoCommand = "cargoWithProfile build ${args.cargoExtraArgs or "--locked"}";
      });
}
