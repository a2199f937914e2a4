# The `links` library crate of the microcosm-rs workspace (extracts AT URIs, DIDs and URLs from
# records), at the workspace's pin: the crate's own directory, for Rust builds that depend on
# it by path (`links = { path = "…" }`). It inherits nothing from the workspace and has only
# crates.io dependencies. docs/more-services.md shows how to use it.
{
  lib,
  runCommand,
  microcosm-rs,
}:
runCommand "microcosm-links-0.1.0" {
  pname = "microcosm-links";
  # `version` of links/Cargo.toml at the pinned commit.
  version = "0.1.0";
  passthru = {
    crate = "links";
    inherit (microcosm-rs) src;
  };
  meta = {
    description = "Link extraction library crate of microcosm-rs (AT URIs, DIDs, URLs in records), as a source for path dependencies";
    homepage = "https://github.com/at-microcosm/microcosm-rs/tree/main/links";
    license = with lib.licenses; [mit asl20];
    platforms = lib.platforms.all;
  };
} ''
  cp -r ${microcosm-rs.src}/links $out
''
