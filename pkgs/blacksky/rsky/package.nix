{
  lib,
  buildRustWorkspace,
  fetchFromGitHub,
  cmake,
  pkg-config,
  rustPlatform,
  openssl,
  postgresql,
  sqlite,
}:
buildRustWorkspace {
  pname = "rsky";
  version = "0-unstable-2026-08-20";

  # The submodule (rsky-repo/tests/interop_src) is a test suite, not needed to build.
  src = fetchFromGitHub {
    owner = "blacksky-algorithms";
    repo = "rsky";
    rev = "7ebd21ae788c550ee8510034d94eb19ede148738";
    hash = "sha256-bsWrtqAZT27TxcDIYNgaKc1vryU9r/fPB1KHEKq581g=";
  };

  # Not here: rsky-satnav (a browser app built for wasm with dioxus-cli, not packaged) and
  # rsky-pdsadmin (a workspace of its own: pkgs/blacksky/rsky-pdsadmin).
  members = {
    rsky-pds.meta.description = "ATproto personal data server (PDS) in Rust";
    # rsky-relay-labeler needs the `labeler` feature, which turns both binaries into the
    # labeler flavour; crawler.py creates the PLC database the relay reads.
    rsky-relay = {
      binaries = ["rsky-relay"];
      args.postInstall = ''
        install -Dm644 rsky-relay/crawler.py $out/share/rsky-relay/crawler.py
      '';
      meta.description = "ATproto relay: crawls PDSes and serves the combined firehose";
    };
    # Its diesel migrations are applied by the NixOS module.
    rsky-feedgen = {
      args.postInstall = ''
        mkdir -p $out/share/rsky-feedgen
        cp -r rsky-feedgen/migrations $out/share/rsky-feedgen/migrations
      '';
      meta.description = "ATproto feed generator backed by PostgreSQL";
    };
    rsky-firehose.meta.description = "Firehose consumer feeding the rsky feed generator's queue";
    rsky-jetstream-subscriber.meta.description = "Jetstream consumer feeding the rsky feed generator's queue";
    rsky-labeler.meta.description = "ATproto labeler applying moderation labels from the firehose";
    rsky-video = {
      binaries = ["video-service"];
      meta.description = "ATproto video upload and playback service on Bunny Stream";
    };
    rsky-wintermute = {
      binaries = ["wintermute" "queue_backfill" "fix_blob_refs" "plc_import" "label_sync" "car_loader" "cleanup_stale_deactivated" "direct_index" "firehose_catchup"];
      meta.description = "ATproto indexer: firehose ingester and repository backfiller into PostgreSQL";
    };
    rsky-space-host.meta.description = "Host of permissioned ATproto data spaces";
    rsky-daemon.meta.description = "Syncer of permissioned ATproto data spaces";
    palomar-sync.meta.description = "Sync of ATproto profiles and posts from PostgreSQL into OpenSearch";
  };

  nativeBuildInputs = [cmake pkg-config rustPlatform.bindgenHook];
  buildInputs = [openssl postgresql sqlite];

  # Upstream's tests need PostgreSQL, the network or the interop submodule.
  doCheck = false;

  meta = {
    description = "Blacksky's ATproto services in Rust";
    homepage = "https://github.com/blacksky-algorithms/rsky";
    license = lib.licenses.asl20;
    platforms = lib.platforms.linux;
  };
}
