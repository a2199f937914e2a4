{
  lib,
  buildGoAtprotoModule,
  fetchFromGitHub,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "goat";
  version = "0.2.3";

  # Tag v0.2.3 is commit d064a46ac03be902dca493b6b2ce1659e8619c3a (2026-03-07); the hash was
  # computed here from the fetched bluesky-social/goat and equals nixpkgs' (below).
  src = fetchFromGitHub {
    owner = "bluesky-social";
    repo = "goat";
    tag = "v${finalAttrs.version}";
    hash = "sha256-mI7GC0ElE+FxT7v29V/a+UZBI1d6os+HpEO5WYWxm6A=";
  };

  # The version comes from Go's build information (versioninfo), which a Nix build does not
  # have; nixpkgs replaces it with the version. The vendored modules are made after this
  # patch (the import of versioninfo is gone from them), so it must stay exactly as it is
  # for the vendorHash below to hold.
  postPatch = ''
    substituteInPlace main.go \
      --replace-fail "versioninfo.Short()" '"${finalAttrs.version}"' \
      --replace-fail '"github.com/earthboundkid/versioninfo/v2"' ""
  '';

  # Not computable here: produced by nixpkgs for this tag with the same postPatch
  # (NixOS/nixpkgs 2be11d564f24b2fd54a8aa80cb7b520ef06d4d50,
  # pkgs/by-name/at/atproto-goat/package.nix).
  vendorHash = "sha256-QVnpISwYri8aL4umZWi2LJ0X13CXXK7JygaBh1Sq5PA=";

  # The program is the module's root package, which `go install` names after the module
  # (`goat`); the builder's `binaries` name package directories, so none is given and
  # every package of the module (only the root one) is built, as nixpkgs does.
  binaries = {};
  versionVariables = [];

  meta = {
    description = "Bluesky's ATproto command-line tool: accounts, PDS and relay administration, repositories, PLC, lexicons";
    homepage = "https://github.com/bluesky-social/goat";
    license = with lib.licenses; [mit asl20];
    mainProgram = "goat";
    platforms = lib.platforms.linux;
  };
})
