{
  lib,
  buildGoAtprotoModule,
  fetchFromTangled,
  callPackage,
  sqlite,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "appview";
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

  staticFiles = callPackage ./static-files.nix {inherit (finalAttrs) src;};

  # The templates embed these files; upstream does not keep them in the repository.
  preBuild = ''
    mkdir -p appview/pages/static
    cp -r ${finalAttrs.staticFiles}/. appview/pages/static/
  '';

  binaries.appview = "cmd/appview";
  versionVariables = [];
  cgo = true;
  tags = ["libsqlite3"];
  buildInputs = [sqlite];
  doCheck = false;

  meta = {
    description = "Tangled's web application: the ATproto-native code forge's AppView";
    homepage = "https://tangled.org/@tangled.org/core";
    license = lib.licenses.mit;
    mainProgram = "appview";
    platforms = lib.platforms.linux;
  };
})
