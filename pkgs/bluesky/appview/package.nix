# The Bluesky AppView: @atproto/bsky from the bluesky-atproto monorepo build, with atpkgs'
# entrypoints (upstream runs services/bsky/api.ts in its Docker image and ships no program
# for the data plane): `bluesky-appview`, the API server, and `bluesky-appview-dataplane`, the
# PostgreSQL data plane with its firehose indexer.
{bluesky-atproto}:
bluesky-atproto.server {
  pname = "bluesky-appview";
  inherit (bluesky-atproto.members.bsky) version;
  package = "@atproto/bsky";
  entrypoints = {
    bluesky-appview = ./api.mjs;
    bluesky-appview-dataplane = ./dataplane.mjs;
  };
  # The entrypoints import @atproto/bsky and @atproto/crypto (one of its dependencies).
  imports = {
    "@atproto/bsky" = "lib/node_modules/@atproto/bsky";
    "@atproto/crypto" = "lib/node_modules/@atproto/bsky/node_modules/@atproto/crypto";
  };
  # atpkgs-lint: allow(package-meta): bluesky-atproto.server adds homepage, changelog, license and platforms
  meta = {
    description = "Bluesky AppView (@atproto/bsky): the app.bsky API and its PostgreSQL data plane";
    mainProgram = "bluesky-appview";
  };
}
