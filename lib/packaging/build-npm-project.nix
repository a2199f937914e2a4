# buildNpmProject: nixpkgs' buildNpmPackage (its build, install and wrapper hooks), with the
# dependencies of package-lock.json fetched one of two ways:
#
#   buildNpmProject {
#     pname = "leaflet"; version = "…"; src = fetchFromGitHub { … };
#     nodeDeps = ./node-deps.json;     # lockfile-exact: one fetch per lockfile entry
#     # npmDepsHash = "sha256-…";      # or nixpkgs' fixed-output fetchNpmDeps
#   }
#
# With `nodeDeps` (written by `atpkgs-lock write package-lock.json`), node-deps-hook.sh takes
# the place of nixpkgs' npmConfigHook: it checks the lockfile against the list, points it at
# the fetched tarballs and runs `npm ci` offline. nixpkgs' importNpmLock does the same
# per-entry fetching but reads the lockfile at evaluation, which for a fetched source is
# import-from-derivation; this reads only the committed list.
{
  lib,
  buildNpmPackage,
  writeText,
  nodeDepsFrom,
}: {
  pname ? throw "buildNpmProject: `pname` is required",
  nodeDeps ? null,
  nodeDepsHashes ? {},
  npmDepsHash ? null,
  # The lockfile, relative to the build's directory (the source root or `sourceRoot`).
  lockfile ? "package-lock.json",
  ...
} @ args: let
  lockfileExact =
    if (nodeDeps == null) == (npmDepsHash == null)
    then throw "buildNpmProject: set exactly one of `nodeDeps` (one fetch per lockfile entry, from `atpkgs-lock write`) and `npmDepsHash` (nixpkgs' fixed-output fetchNpmDeps)"
    else nodeDeps != null;

  deps = nodeDepsFrom {inherit nodeDeps nodeDepsHashes;};
  ownArgs = ["nodeDeps" "nodeDepsHashes" "npmDepsHash" "lockfile"];
in
  assert lib.assertMsg (!lockfileExact || deps.kind == "npm")
  "buildNpmProject: ${deps.listName} was written from a ${deps.kind} lockfile, not package-lock.json";
    buildNpmPackage (removeAttrs args ownArgs
      // (
        if lockfileExact
        then rec {
          # buildNpmPackage needs `npmDeps`; here it is the manifest the hook reads.
          npmDeps = writeText "${pname}-node-deps-manifest.json" deps.manifest;
          nodeDepsManifest = npmDeps;
          nodeDepsLockfile = lockfile;
          nodeDepsManager = "npm";
          npmConfigHook = deps.hook;
          passthru = (args.passthru or {}) // {nodeDeps = deps;};
        }
        else {inherit npmDepsHash;}
      ))
