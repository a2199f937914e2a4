{
  lib,
  buildGoAtprotoModule,
  fetchFromGitHub,
}:
buildGoAtprotoModule (finalAttrs: {
  pname = "cocoon";
  version = "0.8.4";

  # Tag v0.8.4 is commit 675137e2cd6f5f174b4ac068a2cf6e3f258bbdc8 (2026-02-04, go.mod: go 1.25);
  # the hash was computed here from the fetched haileyok/cocoon and equals nixpkgs'.
  src = fetchFromGitHub {
    owner = "haileyok";
    repo = "cocoon";
    tag = "v${finalAttrs.version}";
    hash = "sha256-xXXHJcI3icsCeOeI+6L/waK3+UtjhBZosQPLoGN1TiY=";
  };

  # Not computable here: produced by nixpkgs for this tag (NixOS/nixpkgs
  # 1097e353a280363bc02433e88244b3c382bc924f, pkgs/by-name/co/cocoon/package.nix).
  vendorHash = "sha256-bux3OfHT8f1FVpBAZUP23vo8M6h8nPTJbi/GTUzhdc4=";

  # The PDS, as upstream's Dockerfile and Makefile build it; the module's root package is a
  # firehose test client that would also install as `cocoon`.
  binaries.cocoon = "cmd/cocoon";
  # Without a version (`dev`) the PDS serves its static files from ./server/static instead of
  # the copy embedded in the binary.
  versionVariables = ["main.Version"];
  # gorm's SQLite driver is mattn/go-sqlite3 (bundled SQLite, compiled with cgo).
  cgo = true;

  passthru.atproto.service = true;

  meta = {
    description = "ATproto personal data server in Go, with its repositories, blobs and accounts in SQLite or PostgreSQL";
    homepage = "https://github.com/haileyok/cocoon";
    changelog = "https://github.com/haileyok/cocoon/releases/tag/v${finalAttrs.version}";
    license = lib.licenses.mit;
    mainProgram = "cocoon";
    platforms = lib.platforms.linux;
  };
})
