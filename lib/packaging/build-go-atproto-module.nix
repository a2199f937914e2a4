# buildGoAtprotoModule: buildGoModule for ATproto Go projects.
#
#   buildGoAtprotoModule {
#     pname = "indigo"; version = "0-unstable-2025-10-30"; src = fetchFromGitHub { … };
#     binaries = { relay = "cmd/relay"; goat = "cmd/goat"; };   # name -> package directory
#     vendorHash = "sha256-…";          # a value produced by a build; say where it came from
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
}: let
  toGoModuleArgs = {
    pname ? throw "buildGoAtprotoModule: `pname` is required",
    version ? throw "buildGoAtprotoModule: `version` is required",
    src ? throw "buildGoAtprotoModule: `src` is required",
    binaries ? throw "buildGoAtprotoModule: `binaries` is required: an attribute set of binary name -> package directory (e.g. { relay = \"cmd/relay\"; })",
    vendorHash ? throw "buildGoAtprotoModule: `vendorHash` is required (null when the source vendors its dependencies)",
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
  in
    assert lib.assertMsg (misnamed == {})
    "buildGoAtprotoModule: `go install` names each binary after its directory; rename ${concatMapStringsSep ", " (name: "`${name}` (${binaries.${name}})") (builtins.attrNames misnamed)}";
      removeAttrs args ["binaries" "cgo" "versionVariables" "indigo"]
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
          };
        postPatch = indigoReplace + postPatch;
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
