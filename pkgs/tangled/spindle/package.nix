{
  lib,
  buildGoAtprotoModule,
  fetchFromTangled,
  sqlite,
}:
buildGoAtprotoModule {
  pname = "spindle";
  version = "0-unstable-2025-11-07";

  # The hash was computed here from the GitHub mirror mary-ext/tangled.sh-mirror, whose
  # commits are upstream's.
  src = fetchFromTangled {
    owner = "@tangled.org";
    repo = "core";
    rev = "2e5a4cde904d86825cefe5971e68f1bdfb1dd36f";
    hash = "sha256-qDVJ2sEQL0TJbWer6ByhhQrzHE1bZI3U1mmCk0sPZqo=";
  };

  # Not computable here: produced by atproto-nix/nur's build of this commit
  # (pkgs/tangled/spindle.nix).
  vendorHash = "sha256-fM1JAVX94qLCObi7FbgtKjl+pGGmWfbQJc0+IdzO3PQ=";

  binaries.spindle = "cmd/spindle";
  versionVariables = [];
  cgo = true;
  tags = ["libsqlite3"];
  buildInputs = [sqlite];
  doCheck = false;

  meta = {
    description = "Tangled's CI runner: runs pipelines of ATproto-hosted repositories in containers";
    homepage = "https://tangled.org/@tangled.org/core";
    license = lib.licenses.mit;
    mainProgram = "spindle";
    platforms = lib.platforms.linux;
  };
}
