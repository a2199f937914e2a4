{
  lib,
  buildRustWorkspace,
  fetchFromTangled,
  pkg-config,
  openssl,
  sqlite,
  zstd,
}:
buildRustWorkspace {
  pname = "pds-gatekeeper";
  version = "0.1.2";

  # Unverified: the source lives only on tangled.org, which no machine of this project can
  # reach. Revision and hash are those atproto-nix/nur pins (pkgs/baileytownsend/
  # pds-gatekeeper.nix, a fetchgit with its default submodule handling).
  src = fetchFromTangled {
    owner = "@baileytownsend.dev";
    repo = "pds-gatekeeper";
    rev = "3d3b821be3a57544b67024353c43ba7f391a6ec1";
    hash = "sha256-JdhPDpEXzy6CovNGbIMQzzmRtuJoW5LvydpeDNFFpSs=";
    fetchSubmodules = true;
  };

  # The crate's package name could not be read; the binary is selected by name.
  members.pds-gatekeeper = {
    package = null;
    binaries = ["pds_gatekeeper"];
  };

  nativeBuildInputs = [pkg-config];
  buildInputs = [openssl sqlite zstd];
  env = {
    OPENSSL_NO_VENDOR = "1";
    ZSTD_SYS_USE_PKG_CONFIG = "1";
  };

  meta = {
    description = "Two-factor sign-in and account creation limits in front of an ATproto PDS";
    homepage = "https://tangled.org/@baileytownsend.dev/pds-gatekeeper";
    # As atproto-nix/nur declares it; the source's licence file could not be read.
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
  };
}
