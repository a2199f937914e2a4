# The `jetstream` library crate of the microcosm-rs workspace (a Jetstream client with zstd
# support), at the workspace's pin: the crate's own directory, for Rust builds that depend on
# it by path (`jetstream = { path = "…" }`, or a `[patch]` of the git dependency). It inherits
# nothing from the workspace; its dependencies (among them the uniphil/atrium git fork) come
# from the consuming project's Cargo.lock. docs/more-services.md shows both ways.
{
  lib,
  runCommand,
  microcosm-rs,
}:
runCommand "microcosm-jetstream-0.1.1" {
  pname = "microcosm-jetstream";
  # `version` of jetstream/Cargo.toml at the pinned commit.
  version = "0.1.1";
  passthru = {
    crate = "jetstream";
    inherit (microcosm-rs) src;
  };
  meta = {
    description = "Jetstream client library crate of microcosm-rs, as a source for path dependencies";
    homepage = "https://github.com/at-microcosm/microcosm-rs/tree/main/jetstream";
    license = lib.licenses.mit;
    platforms = lib.platforms.all;
  };
} ''
  cp -r ${microcosm-rs.src}/jetstream $out
''
