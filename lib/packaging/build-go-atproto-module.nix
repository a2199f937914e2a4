# buildGoAtprotoModule: buildGoModule for ATproto Go projects.
#
#   buildGoAtprotoModule {
#     pname = "indigo"; version = "0-unstable-2025-10-30"; src = fetchFromGitHub { … };
#     binaries = { relay = "cmd/relay"; goat = "cmd/goat"; };   # name -> package directory
#     vendorHash = "sha256-…";          # a value produced by a build; say where it came from
#     # or, instead: gomod2nix = ./gomod2nix.toml;   (per-module hashes, e.g. shipped by upstream)
#     cgo = true;                       # e.g. for mattn/go-sqlite3
#     tags = [ "libsqlite3" ];
#     versionVariables = [ "main.version" ];   # -X <var>=<version>
#     indigo = indigoSource;            # compile against atpkgs' pinned Indigo (module replace)
#   }
#
# Like buildGoModule it takes an attribute set or a `finalAttrs:` function. Every other
# argument reaches buildGoModule. CGO is set through `env.CGO_ENABLED` (a top-level
# CGO_ENABLED is an error at our nixpkgs pin).
{
  lib,
  buildGoModule,
  callPackage,
}: let
  gomod2nixVendor = callPackage ./gomod2nix-vendor.nix {};

  toGoModuleArgs = {
    pname ? throw "buildGoAtprotoModule: `pname` is required",
    version ? throw "buildGoAtprotoModule: `version` is required",
    src ? throw "buildGoAtprotoModule: `src` is required",
    binaries ? throw "buildGoAtprotoModule: `binaries` is required: an attribute set of binary name -> package directory (e.g. { relay = \"cmd/relay\"; })",
    gomod2nix ? null,
    vendorHash ?
      if gomod2nix != null
      then null
      else throw "buildGoAtprotoModule: `vendorHash` or `gomod2nix` is required (vendorHash = null when the source vendors its dependencies)",
    cgo ? false,
    tags ? [],
    versionVariables ? ["main.version"],
    indigo ? null,
    ldflags ? [],
    env ? {},
    meta ? {},
    postPatch ? "",
    ...
  } @ args: let
    inherit (lib) concatMapStringsSep;

    # Binaries are named after their package directory's last component by `go install`.
    misnamed = lib.filterAttrs (name: dir: baseNameOf dir != name) binaries;

    indigoReplace = lib.optionalString (indigo != null) ''
      go mod edit -replace github.com/bluesky-social/indigo=${indigo}
    '';

    vendorFromGomod2nix = lib.optionalString (gomod2nix != null) ''
      cp -r --no-preserve=mode ${gomod2nixVendor {
        name = pname;
        modules = gomod2nix;
      }} vendor
    '';
  in
    assert lib.assertMsg (gomod2nix == null || vendorHash == null)
    "buildGoAtprotoModule: give `vendorHash` or `gomod2nix`, not both";
    assert lib.assertMsg (gomod2nix == null || indigo == null)
    "buildGoAtprotoModule: `indigo` replaces a module in go.mod, which a gomod2nix.toml does not follow: use `vendorHash` with it";
    assert lib.assertMsg (misnamed == {})
    "buildGoAtprotoModule: `go install` names each binary after its directory; rename ${concatMapStringsSep ", " (name: "`${name}` (${binaries.${name}})") (builtins.attrNames misnamed)}";
      removeAttrs args ["binaries" "cgo" "versionVariables" "indigo" "gomod2nix"]
      // {
        inherit pname version src vendorHash tags;
        subPackages = builtins.attrValues binaries;
        ldflags = ["-s" "-w"] ++ map (variable: "-X ${variable}=${version}") versionVariables ++ ldflags;
        env =
          env
          // {
            CGO_ENABLED =
              if cgo
              then 1
              else 0;
          }
          // lib.optionalAttrs (gomod2nix != null) {GO_NO_VENDOR_CHECKS = "1";};
        postPatch = indigoReplace + vendorFromGomod2nix + postPatch;
        passthru =
          (args.passthru or {})
          // {
            binaries = builtins.attrNames binaries;
            inherit indigo;
          };
        meta =
          lib.optionalAttrs (builtins.length (builtins.attrNames binaries) == 1) {
            mainProgram = builtins.head (builtins.attrNames binaries);
          }
          // meta;
      };
in
  argsOrFunction:
    buildGoModule (finalAttrs:
      toGoModuleArgs (
        if lib.isFunction argsOrFunction
        then argsOrFunction finalAttrs
        else argsOrFunction
      ))
