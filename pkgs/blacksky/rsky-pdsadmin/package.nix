# rsky-pdsadmin lives beside the rsky workspace, in its own, and upstream ships no Cargo.lock
# for it: ./Cargo.lock was generated for this source with `cargo generate-lockfile`, resolving
# for Rust 1.86 (the repository's rust-toolchain).
{
  lib,
  buildRustWorkspace,
  blacksky-rsky,
  pkg-config,
  openssl,
}:
buildRustWorkspace {
  pname = "rsky-pdsadmin";
  version = "0.1.1";
  src = "${blacksky-rsky.src}/rsky-pdsadmin";
  cargoLock = ./Cargo.lock;

  members.rsky-pdsadmin.binaries = ["pdsadmin"];

  nativeBuildInputs = [pkg-config];
  buildInputs = [openssl];
  # Upstream's tests start mock servers on fixed ports.
  doCheck = false;

  meta = {
    description = "Command-line administration of an rsky-pds: accounts, invite codes, crawl requests";
    homepage = "https://github.com/blacksky-algorithms/rsky/tree/main/rsky-pdsadmin";
    license = lib.licenses.mit;
    mainProgram = "pdsadmin";
    platforms = lib.platforms.linux;
  };
}
