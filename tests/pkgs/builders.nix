# The language builders of nixpkgs at our pin that atpkgs' builders wrap, with their
# required arguments and the errors nixpkgs gives (reference/nixpkgs-api.md §2–3).
{
  lib,
  package,
  self,
  mkDerivation,
}: let
  hook = name: self.makeSetupHook {inherit name;} "${name}.sh";

  # Go's builder: attrset or finalAttrs function; vendor directory as a fixed-output derivation.
  buildGoModule = argsOrFunction: let
    rattrs =
      if lib.isFunction argsOrFunction
      then argsOrFunction
      else _: argsOrFunction;
  in
    mkDerivation (finalAttrs: let
      args = rattrs finalAttrs;
      vendorHash =
        if args ? vendorSha256
        then throw "buildGoModule: Expect vendorHash instead of vendorSha256"
        else args.vendorHash or (throw "buildGoModule: vendorHash is missing");
      goModules =
        if vendorHash == null
        then ""
        else
          (mkDerivation {
            name = "${args.pname or args.name}-go-modules";
            inherit (args) src;
            modRoot = args.modRoot or "./";
            outputHashMode = "recursive";
            outputHash = vendorHash;
          })
          .overrideAttrs (lib.toExtension (args.overrideModAttrs or (_: _: {})));
    in
      removeAttrs args ["vendorHash" "overrideModAttrs"]
      // {
        inherit goModules vendorHash;
        modRoot = args.modRoot or "./";
        nativeBuildInputs = (args.nativeBuildInputs or []) ++ [self.go];
        ldflags = (args.ldflags or []) ++ ["-buildid="];
        env =
          (args.env or {})
          // {
            GOOS = "linux";
            GOARCH = "amd64";
            GO111MODULE = "on";
            GOTOOLCHAIN = "local";
            CGO_ENABLED = args.env.CGO_ENABLED or self.go.CGO_ENABLED;
          };
        strictDeps = true;
        meta = {platforms = lib.platforms.linux;} // (args.meta or {});
        passthru = {inherit (self) go;} // (args.passthru or {});
      });

  # pnpm with its fetcher and hook as attributes, as at our pin (no top-level fetchPnpmDeps).
  pnpm = version: let
    drv = package "pnpm" version {};
    supportedFetcherVersions = [1 2];
  in
    drv
    // {
      configHook = hook "pnpm-config-hook";
      fetchDeps = lib.makeOverridable ({
          hash ? "",
          pname,
          pnpmWorkspaces ? [],
          prePnpmInstall ? "",
          pnpmInstallFlags ? [],
          fetcherVersion ? null,
          ...
        } @ args:
          assert (lib.throwIf (args ? pnpmWorkspace)
            "pnpm.fetchDeps: `pnpmWorkspace` is no longer supported, please migrate to `pnpmWorkspaces`.")
          true;
          assert (lib.throwIf (fetcherVersion == null)
            "pnpm.fetchDeps: `fetcherVersion` is not set, see https://nixos.org/manual/nixpkgs/stable/#javascript-pnpm-fetcherVersion.")
          true;
          assert (lib.throwIf (!builtins.elem fetcherVersion supportedFetcherVersions)
            "pnpm.fetchDeps `fetcherVersion` is not set to a supported value (${lib.concatMapStringsSep ", " toString supportedFetcherVersions}), see https://nixos.org/manual/nixpkgs/stable/#javascript-pnpm-fetcherVersion.")
          true;
            mkDerivation (removeAttrs args ["hash" "pname"]
              // {
                name = "${pname}-pnpm-deps";
                inherit pnpmWorkspaces prePnpmInstall pnpmInstallFlags fetcherVersion;
                outputHashMode = "recursive";
                outputHash =
                  if hash == ""
                  then lib.fakeHash
                  else hash;
                passthru = {inherit fetcherVersion;};
              }));
    };
in {
  makeWrapper = hook "make-wrapper";
  makeBinaryWrapper = hook "make-binary-wrapper";
  autoPatchelfHook = hook "auto-patchelf-hook";
  writableTmpDirAsHomeHook = hook "writable-tmp-dir-as-home-hook";

  rustPlatform = {
    bindgenHook = hook "rust-bindgen-hook";
    cargoSetupHook = hook "cargo-setup-hook";
  };

  inherit buildGoModule;
  buildGo125Module = buildGoModule;
  buildGo124Module = buildGoModule;

  pnpm_9 = pnpm "9.15.9";
  pnpm_10 = pnpm "10.18.2";
  pnpm = self.pnpm_10;

  # nixpkgs' buildNpmPackage (pkgs/build-support/node/build-npm-package/default.nix, read at
  # NixOS/nixpkgs 04decf79e766c3bce5e7c5131d84cea1e22a58c6): `npmDeps` defaults to
  # fetchNpmDeps with `npmDepsHash` (an empty hash is the fake hash, with a warning), and the
  # npm config, build and install hooks go into nativeBuildInputs unless replaced.
  npmHooks = {
    npmConfigHook = hook "npm-config-hook";
    npmBuildHook = hook "npm-build-hook";
    npmInstallHook = hook "npm-install-hook";
  };
  buildNpmPackage = argsOrFunction:
    mkDerivation (finalAttrs: let
      args =
        if lib.isFunction argsOrFunction
        then argsOrFunction finalAttrs
        else argsOrFunction;
      name = args.name or "${args.pname}-${args.version}";
      orDefault = attr: let
        given = args.${attr} or null;
      in
        if given != null
        then given
        else self.npmHooks.${attr};
      nodejs = args.nodejs or self.nodejs;
    in
      removeAttrs args ["npmDepsHash" "npmConfigHook" "npmBuildHook" "npmInstallHook" "nodejs"]
      // {
        npmDeps =
          args.npmDeps
          or (mkDerivation {
            name = "${name}-npm-deps";
            outputHashMode = "recursive";
            outputHash = let
              hash = args.npmDepsHash or "";
            in
              if hash == ""
              then lib.warn "fetchNpmDeps: empty hash, using the fake hash" lib.fakeHash
              else hash;
          });
        npmBuildScript = args.npmBuildScript or "build";
        nativeBuildInputs =
          (args.nativeBuildInputs or [])
          ++ [nodejs (orDefault "npmConfigHook") (orDefault "npmBuildHook") (orDefault "npmInstallHook") nodejs.python or self.python3];
        buildInputs = (args.buildInputs or []) ++ [nodejs];
        strictDeps = true;
        dontStrip = args.dontStrip or true;
        meta = (args.meta or {}) // {platforms = args.meta.platforms or lib.platforms.linux;};
      });
}
