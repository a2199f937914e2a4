{
  lib,
  buildGoAtprotoModule,
  fetchFromTangled,
  sqlite,
}:
buildGoAtprotoModule {
  pname = "spindle";
  version = "1.11.0-alpha";

  # The hash was computed here from the GitHub mirror mary-ext/tangled.sh-mirror, whose
  # commits are upstream's.
  src = fetchFromTangled {
    owner = "@tangled.org";
    repo = "core";
    rev = "12ef7f8f63ee4a14a552ebed603802c79e4d72f8";
    hash = "sha256-t8UQ85/bPXrbFs3V/paFtQvv4lSrr2lszrdcgspuAaA=";
  };

  # The vendor directory of the whole module (go.mod at the root), the same for knot, spindle
  # and appview at one commit: produced by atproto-nix/nur's build of knot at this tag
  # (pkgs/tangled/knot.nix); not computable here.
  vendorHash = "sha256-yPLS7JCTqHvWYMp3opn3aqm7ImGQTLYK0qIOmQU9YLk=";

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
