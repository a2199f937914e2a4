# The language builders of nixpkgs (26.05 API) that atpkgs' builders wrap, with their required
# arguments and the errors nixpkgs gives. Each fact names the NixOS/nixpkgs commit and file it
# was read from (docs/testing.md, "The nixpkgs API the double models").
{
  lib,
  package,
  self,
  mkDerivation,
}: let
  hook = name: self.makeSetupHook {inherit name;} "${name}.sh";

  # Go's builder: attrset or finalAttrs function; vendor directory as a fixed-output derivation.
  # The default of CGO_ENABLED comes from the toolchain, which keeps it in `env` since Go 1.26
  # (pkgs/development/compilers/go/1.26.nix at 181cc43ccd0e585499a05eff87a6dd38ce600fd9); a
  # top-level `CGO_ENABLED` collides with `env`, as the stdenv double checks.
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
            CGO_ENABLED = args.env.CGO_ENABLED or self.go.env.CGO_ENABLED;
          };
        strictDeps = true;
        meta = {platforms = lib.platforms.linux;} // (args.meta or {});
        passthru = {inherit (self) go;} // (args.passthru or {});
      });

  # pnpm's fetcher and hook are top-level since 26.05
  # (pkgs/build-support/node/fetch-pnpm-deps/default.nix at
  # 00d3e9499656a99482f2d245bb600253927e40d2, 26.05-era master): fetcherVersion 1, 2 and 3
  # (3: a reproducible tarball of the store), 1 with a deprecation warning; `pnpm` says which
  # pnpm fetches. The 26.11 release removes 1 and 2 (same file at
  # 2680ad0cfc17b68f4b56f5a7788c78040563105c): 3 is the version both accept.
  supportedFetcherVersions = [1 2 3];
  fetchPnpmDeps = lib.makeOverridable ({
      hash ? "",
      pname,
      pnpm ? self.pnpm,
      pnpmWorkspaces ? [],
      prePnpmInstall ? "",
      pnpmInstallFlags ? [],
      fetcherVersion ? null,
      ...
    } @ args:
      assert (lib.throwIf (args ? pnpmWorkspace)
        "fetchPnpmDeps: `pnpmWorkspace` is no longer supported, please migrate to `pnpmWorkspaces`.")
      true;
      assert (lib.throwIf (fetcherVersion == null)
        "fetchPnpmDeps: `fetcherVersion` is not set, see https://nixos.org/manual/nixpkgs/stable/#javascript-pnpm-fetcherVersion.")
      true;
      assert (lib.throwIf (!builtins.elem fetcherVersion supportedFetcherVersions)
        "fetchPnpmDeps `fetcherVersion` is not set to a supported value (${lib.concatStringsSep ", " (map toString supportedFetcherVersions)}), see https://nixos.org/manual/nixpkgs/stable/#javascript-pnpm-fetcherVersion.")
      true;
        lib.warnIf (fetcherVersion == 1)
        "fetchPnpmDeps: `fetcherVersion = 1` is deprecated and scheduled for removal in the 26.11 release. Please migrate `${pname}` to `fetcherVersion = 3` and regenerate the hash. See https://nixos.org/manual/nixpkgs/stable/#javascript-pnpm-fetcherVersion."
        (mkDerivation (removeAttrs args ["hash" "pname"]
          // {
            name = "${pname}-pnpm-deps";
            inherit pnpmWorkspaces prePnpmInstall pnpmInstallFlags fetcherVersion;
            nativeBuildInputs = [pnpm] ++ (args.nativeBuildInputs or []);
            outputHashMode = "recursive";
            outputHash =
              if hash == ""
              then lib.fakeHash
              else hash;
            passthru = (args.passthru or {}) // {inherit fetcherVersion;};
          })));
  pnpmConfigHook = hook "pnpm-config-hook";

  # The pnpm packages keep `fetchDeps` and `configHook` as deprecated aliases of the top-level
  # ones (configHook's warning as at ffbecf4a5b4dd22a95058e1a88e9c124bee7ef47,
  # pkgs/development/tools/pnpm/generic.nix; fetchDeps' worded the same way, which was not read
  # verbatim at a commit); fetchDeps fetches with its own pnpm.
  pnpm = version: let
    drv = package "pnpm" version {};
  in
    drv
    // {
      configHook =
        lib.warn "pnpm.configHook: The package attribute is deprecated. Use the top-level pnpmConfigHook attribute instead"
        self.pnpmConfigHook;
      fetchDeps = args:
        lib.warn "pnpm.fetchDeps: The package attribute is deprecated. Use the top-level fetchPnpmDeps attribute instead"
        (self.fetchPnpmDeps (args // {pnpm = drv;}));
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

  # Go 1.26 is the default and 1.24 is gone (pkgs/top-level/all-packages.nix of 2026, read in
  # third-party copies only; go/1.26.nix at 181cc43ccd0e585499a05eff87a6dd38ce600fd9 is 1.26.0).
  inherit buildGoModule;
  buildGo125Module = buildGoModule;
  buildGo126Module = buildGoModule;

  inherit fetchPnpmDeps pnpmConfigHook;
  # pnpm_9 is still used in 26.05 by bluesky-pds (pkgs/by-name/bl/bluesky-pds/package.nix at
  # 149500a610fbac38fafd896d3d746be89bd556e8); pnpm_10 and pnpm_11 as in
  # pkgs/development/tools/pnpm/default.nix at 0483569cff553e54a26aba2119f054e0af8d2e5d.
  pnpm_9 = pnpm "9.15.9";
  pnpm_10 = pnpm "10.34.5";
  pnpm_11 = pnpm "11.27.0";
  pnpm = self.pnpm_10;

  # nixpkgs' buildNpmPackage (pkgs/build-support/node/build-npm-package/default.nix, read at
  # NixOS/nixpkgs 04decf79e766c3bce5e7c5131d84cea1e22a58c6): `npmDeps` defaults to
  # fetchNpmDeps with `npmDepsHash` (an empty hash is the fake hash, with a warning), and the
  # npm config, build and install hooks go into nativeBuildInputs unless replaced. 26.05 adds
  # `npmDepsFetcherVersion` for fetchNpmDeps (doc/release-notes/rl-2605.section.md at
  # 00cb67b49b78eb52db2e445a965f6f5edfa7ac44).
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
      removeAttrs args ["npmDepsHash" "npmDepsFetcherVersion" "npmConfigHook" "npmBuildHook" "npmInstallHook" "nodejs"]
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
