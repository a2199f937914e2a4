{
  lib,
  buildGoAtprotoModule,
  fetchFromGitHub,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "indigo";
  version = "0-unstable-2025-10-30";

  # The newest commit whose vendored modules have a hash produced by a build (go.mod: go 1.24).
  src = fetchFromGitHub {
    owner = "bluesky-social";
    repo = "indigo";
    rev = "0b4bd2478a617cc6855683786a2144ad494256fc";
    hash = "sha256-JRzjZ46SFu+tp/sA1rmN6Oj3LYMGdyVqhb1c4jvzyV4=";
  };

  # Not computable here: produced by atproto-nix/nur's build of this commit with plain
  # vendoring (pkgs/bluesky/indigo.nix, introduced by its commit b8edacf "fix: Resolve Indigo
  # package build", 2025-11-07).
  vendorHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";

  # cmd/goat holds only a README at this commit (goat moved to bluesky-social/goat, packaged
  # as bluesky-goat); buildGoModule skips a directory without Go files silently, so listing it
  # installed nothing. lexgen is Indigo's Lexicon-to-Go code generator.
  binaries = lib.genAttrs ["relay" "rainbow" "palomar" "hepa" "bluepages" "collectiondir" "sonar" "beemo" "gosky" "lexgen"] (name: "cmd/${name}");

  # mattn/go-sqlite3 (the relay's and palomar's default databases) needs CGO.
  cgo = true;
  # Versions come from Go's build information (versioninfo), not from -X flags.
  versionVariables = [];

  # Downstream Go builds compile against this source with `indigo = bluesky-indigo.src`.
  passthru.goModulePath = "github.com/bluesky-social/indigo";

  meta = {
    description = "Bluesky's Go ATproto services (relay, rainbow, palomar, hepa, …) and libraries";
    homepage = "https://github.com/bluesky-social/indigo";
    license = with lib.licenses; [mit asl20];
    # The services are run by name (`lib.getExe' indigo "relay"`); the old CLI is the default
    # (the current one is bluesky-goat).
    mainProgram = "gosky";
    platforms = lib.platforms.linux;
  };
})
