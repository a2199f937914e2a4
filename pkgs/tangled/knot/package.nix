{
  lib,
  buildGoAtprotoModule,
  fetchFromTangled,
  makeWrapper,
  git,
  sqlite,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "knot";
  version = "1.11.0-alpha";

  # Tag v1.11.0-alpha. The hash was computed here from the GitHub mirror
  # mary-ext/tangled.sh-mirror, whose commits are upstream's.
  src = fetchFromTangled {
    owner = "@tangled.org";
    repo = "core";
    rev = "12ef7f8f63ee4a14a552ebed603802c79e4d72f8";
    hash = "sha256-t8UQ85/bPXrbFs3V/paFtQvv4lSrr2lszrdcgspuAaA=";
  };

  # Not computable here: produced by atproto-nix/nur's build of this tag (pkgs/tangled/knot.nix).
  vendorHash = "sha256-yPLS7JCTqHvWYMp3opn3aqm7ImGQTLYK0qIOmQU9YLk=";

  binaries.knot = "cmd/knot";
  # atpkgs-lint: allow(endpoint-literal): a Go package path, not an endpoint
  versionVariables = ["tangled.org/core/knotserver/xrpc.version"];
  cgo = true;
  tags = ["libsqlite3"];

  nativeBuildInputs = [makeWrapper];
  buildInputs = [sqlite];

  # Upstream's tests need git repositories and network access.
  doCheck = false;

  # Knot runs git for every push and fetch.
  postInstall = ''
    wrapProgram $out/bin/knot --prefix PATH : ${lib.makeBinPath [git]}
  '';

  meta = {
    description = "Tangled's git server: repositories, SSH access and events for the ATproto network";
    homepage = "https://tangled.org/@tangled.org/core";
    license = lib.licenses.mit;
    mainProgram = "knot";
    platforms = lib.platforms.linux;
  };
})
