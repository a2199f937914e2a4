# atpkgs' builders, called in the `pkgs.atproto` scope (one file each in lib/packaging/):
#   buildRustWorkspace    crane, one dependency build for all members of a Cargo workspace
#   buildGoAtprotoModule  buildGoModule with binaries, version ldflags, CGO and a pinned Indigo
#   buildPnpmWorkspace    pnpm workspaces (filters, catalogs, Next.js standalone) with a node wrapper
#   buildDenoApp          Deno apps from deno.lock (per entry) or a fixed-output DENO_DIR
#   fetchFromTangled      sources on tangled.org knots
{callPackage}: {
  buildRustWorkspace = callPackage ./packaging/build-rust-workspace.nix {};
  buildGoAtprotoModule = callPackage ./packaging/build-go-atproto-module.nix {};
  buildPnpmWorkspace = callPackage ./packaging/build-pnpm-workspace.nix {};
  buildDenoApp = callPackage ./packaging/build-deno-app.nix {};
  fetchFromTangled = callPackage ./packaging/fetch-from-tangled.nix {};
}
