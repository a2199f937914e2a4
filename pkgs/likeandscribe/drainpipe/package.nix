# drainpipe: Frontpage's Jetstream consumer (packages-rs of likeandscribe/frontpage), which
# forwards the commits of Frontpage's collections to the app's receive hook and keeps its
# cursor in a sled store. Built from the same commit as `likeandscribe-frontpage`, with the
# workspace's Cargo.lock.
{
  lib,
  buildRustWorkspace,
  likeandscribe-frontpage,
  cmake,
  pkg-config,
  openssl,
}:
buildRustWorkspace {
  pname = "drainpipe";
  inherit (likeandscribe-frontpage) version;
  src = likeandscribe-frontpage.src;

  members = {
    drainpipe = {
      binaries = ["drainpipe"];
      # Its Prometheus listener (upstream: 0.0.0.0:9898) becomes settable by
      # ATPKGS_METRICS_LISTEN_ADDRESS; unset, upstream's address stands.
      args.patches = [./metrics-address.patch];
      meta.description = "Frontpage's Jetstream consumer, forwarding Frontpage records to the app";
    };
    # The operator's tool over the store (dead letters, cursor).
    drainpipe-cli = {
      binaries = ["drainpipe-cli"];
      meta.description = "Inspects drainpipe's store: cursor and dead-letter queue";
    };
  };

  nativeBuildInputs = [cmake pkg-config];
  buildInputs = [openssl];

  meta = {
    description = "Frontpage's Jetstream consumer and its store tool";
    homepage = "https://github.com/likeandscribe/frontpage/tree/main/packages-rs/drainpipe";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
  };
}
