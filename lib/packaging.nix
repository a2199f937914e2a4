# atpkgs' builders, called in the `pkgs.atproto` scope (one file each in lib/packaging/):
#   buildRustWorkspace    crane, one dependency build for all members of a Cargo workspace
#   buildGoAtprotoModule  buildGoModule with binaries, version ldflags, CGO and a pinned Indigo
#   buildPnpmWorkspace    pnpm workspaces (filters, catalogs, Next.js standalone) with a node wrapper
#   buildNpmProject       nixpkgs' buildNpmPackage with lockfile-exact dependencies
#   buildDenoApp          Deno apps from deno.lock (per entry) or a fixed-output DENO_DIR
#   fetchFromTangled      sources on tangled.org knots
#   nodeDepsFrom          Node dependencies, one fetch per lockfile entry (from atpkgs-lock),
#                         and the hook that installs them offline with pnpm or npm
{callPackage}: {
  buildRustWorkspace = callPackage ./packaging/build-rust-workspace.nix {};
  buildGoAtprotoModule = callPackage ./packaging/build-go-atproto-module.nix {};
  buildPnpmWorkspace = callPackage ./packaging/build-pnpm-workspace.nix {};
  buildNpmProject = callPackage ./packaging/build-npm-project.nix {};
  buildDenoApp = callPackage ./packaging/build-deno-app.nix {};
  fetchFromTangled = callPackage ./packaging/fetch-from-tangled.nix {};
  nodeDepsFrom = callPackage ./packaging/node-deps.nix {};
}
