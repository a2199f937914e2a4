{
  lib,
  buildRustWorkspace,
  fetchFromGitHub,
  cmake,
  pkg-config,
  rustPlatform,
  openssl,
  sqlite,
  zstd,
}:
buildRustWorkspace {
  pname = "microcosm-rs";
  version = "0-unstable-2026-05-05";

  src = fetchFromGitHub {
    owner = "at-microcosm";
    repo = "microcosm-rs";
    rev = "6f52fc2c707fe326df3f405601248bf5c951a8f4";
    hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
  };

  # Git dependencies of Cargo.lock. fjall (rev fb229572) and uniphil/atrium (branch
  # fix/resolve-handle-https-accept-whitespace, 80a35599) have no hash here: no complete copy of
  # either could be read, so crane fetches them at evaluation with builtins.fetchGit, pinned
  # by the revision Cargo.lock records.
  outputHashes = {
    "git+https://github.com/fatfingers23/jwt-compact.git#aed088b8ff5ad44ef2785c453f6a4b7916728b1c" = "sha256-x1n7eSMn/i2G5umypVkEtLiiWyn8xrRjeXHLtSkFYeU=";
  };

  members = {
    # The server binary is `src/bin/main.rs`; the tools beside it are for operators.
    constellation = {
      binaries = ["main" "rocks-link-stats" "rocks-restore-from-backup"];
      args.postInstall = ''
        mv $out/bin/main $out/bin/constellation
      '';
      meta = {
        description = "Global ATproto backlink index served as a JSON API";
        license = lib.licenses.agpl3Only;
        mainProgram = "constellation";
      };
    };
    ufos = {
      binaries = ["ufos"];
      meta.description = "Statistics of every record collection seen on the ATproto firehose";
    };
    spacedust = {
      binaries = ["spacedust"];
      meta.description = "Firehose of the links (AT URIs, DIDs, URLs) in every ATproto record";
    };
    slingshot = {
      binaries = ["slingshot"];
      meta.description = "Edge cache of ATproto records and identities";
    };
    pocket = {
      binaries = ["pocket"];
      meta.description = "did:web service storing ATproto app preferences in SQLite";
    };
  };

  nativeBuildInputs = [cmake pkg-config rustPlatform.bindgenHook];
  buildInputs = [openssl sqlite zstd];
  env.ZSTD_SYS_USE_PKG_CONFIG = true;

  # Upstream's tests need network access or fixtures outside the crates.
  doCheck = false;

  meta = {
    description = "ATproto services of the microcosm project";
    homepage = "https://github.com/at-microcosm/microcosm-rs";
    license = with lib.licenses; [mit asl20];
    platforms = lib.platforms.linux;
  };
}
