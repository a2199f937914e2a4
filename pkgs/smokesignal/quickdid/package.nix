{
  lib,
  buildRustWorkspace,
  fetchFromTangled,
  pkg-config,
  openssl,
  sqlite,
}:
buildRustWorkspace {
  pname = "quickdid";
  version = "1.0.0-rc.5";

  # Unverified: the source lives only on tangled.sh, which no machine of this project can
  # reach. Revision and hash are those atproto-nix/nur pins (pkgs/smokesignal-events/
  # quickdid.nix, a fetchgit with its default submodule handling, hash given in base32).
  src = fetchFromTangled {
    domain = "tangled.sh";
    owner = "@smokesignal.events";
    repo = "quickdid";
    rev = "eaebd066cf27ad6671a21652c5d7c66e8a2885be";
    hash = "sha256-++juhUHyHFcwfkFJCs8pTwXP3zMM7UcHb1ZSw6bCuL4=";
    fetchSubmodules = true;
  };

  # The crate's package name could not be read; the binary is selected by name.
  members.quickdid = {
    package = null;
    binaries = ["quickdid"];
  };

  nativeBuildInputs = [pkg-config];
  buildInputs = [openssl sqlite];

  meta = {
    description = "Fast com.atproto.identity.resolveHandle service";
    homepage = "https://tangled.sh/@smokesignal.events/quickdid";
    # As atproto-nix/nur declares it; the source's licence file could not be read.
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
  };
}
