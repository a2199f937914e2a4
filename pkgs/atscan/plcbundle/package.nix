{
  lib,
  buildGoAtprotoModule,
  fetchFromGitHub,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "plcbundle";
  version = "0.5.0-alpha.4";

  # Tag v0.5.0-alpha.4 is commit 12a52286c0734338fceb29ec548f72521f2340c2 (2025-11-10) of
  # tangled.org/@atscan.net/plcbundle, mirrored with the same commits at github:atscan/plcbundle;
  # the hash was computed here from that mirror and equals atproto-nix/nur's.
  src = fetchFromGitHub {
    owner = "atscan";
    repo = "plcbundle";
    tag = "v${finalAttrs.version}";
    hash = "sha256-msSTk797cghWhc1J4If9YwfyMXjapZBIVoMKOD+C6dE=";
  };

  # Not computable here, and no nixpkgs or upstream value exists: taken from atproto-nix/nur
  # (pkgs/plcbundle/plcbundle.nix at 525b964e019b3d551a4186316d982d020c67b25f), whose source
  # hash for this commit is right but whose build of it is not documented.
  vendorHash = "sha256-IAYFAsFtAfnBz/U56bQqUZQf8CeohW7fMV6BAxW7SkI=";

  binaries.plcbundle = "cmd/plcbundle";
  # Both copies of the version variable (the root command's and the subcommands').
  # atpkgs-lint: allow(endpoint-literal): a Go package path, not an endpoint
  versionVariables = ["main.version" "tangled.org/atscan.net/plcbundle/cmd/plcbundle/commands.version"];
  # DataDog/zstd compiles its bundled zstd with cgo (upstream's Dockerfile builds with CGO_ENABLED=1).
  cgo = true;

  passthru.atproto.service = true;

  meta = {
    description = "Archives the PLC directory's operation log into hash-chained bundles of 10,000 operations, and serves and syncs them";
    homepage = "https://tangled.org/@atscan.net/plcbundle";
    # README.md, "License": MIT (the repository has no licence file at this tag).
    license = lib.licenses.mit;
    mainProgram = "plcbundle";
    platforms = lib.platforms.linux;
  };
})
