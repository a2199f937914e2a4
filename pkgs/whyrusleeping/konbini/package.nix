{
  lib,
  buildGoAtprotoModule,
  fetchFromGitHub,
}:
buildGoAtprotoModule {
  pname = "konbini";
  version = "0-unstable-2025-10-18";

  # The newest commit (snapshot HEAD, "add support for jetstream backend and multiple sync
  # backends"); the hash was computed here from the fetched whyrusleeping/konbini and equals
  # atproto-nix/nur's.
  src = fetchFromGitHub {
    owner = "whyrusleeping";
    repo = "konbini";
    rev = "a803489e1b7fb366164f2df2e113528b30013358";
    hash = "sha256-Mk31H9ucrmFBmt1clPdp/xjIw+scEIDvaxYWIvWfl4A=";
  };

  # Not computable here, and no nixpkgs or upstream value exists: taken from atproto-nix/nur
  # (pkgs/whyrusleeping/konbini.nix at 525b964e019b3d551a4186316d982d020c67b25f, set by its
  # commit c0dc8cc "updated vendor hash kobini" after a build reported it).
  vendorHash = "sha256-sboHNGOy0P1w/LL5OwStrPP0f+kbYcent6FKXOCuX6Y=";

  # The program is the module's root package, which `go install` names after the module
  # (`konbini`); the builder's `binaries` name package directories, so none is given and the
  # module's packages are built (only the root one is a program). Upstream's Dockerfile builds
  # it the same way, without cgo.
  binaries = {};
  versionVariables = [];

  passthru.atproto.service = true;

  meta = {
    description = "Partially indexed \"friends of friends\" Bluesky AppView backed by PostgreSQL (the backend; the React frontend is not packaged)";
    homepage = "https://github.com/whyrusleeping/konbini";
    license = lib.licenses.mit;
    mainProgram = "konbini";
    platforms = lib.platforms.linux;
  };
}
