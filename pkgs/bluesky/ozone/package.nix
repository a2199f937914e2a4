# Ozone, the moderation service of the Bluesky network (its backend; the web UI is
# bluesky-social/ozone): @atproto/ozone from the bluesky-atproto monorepo build, with atpkgs'
# entrypoints for its API server (`bluesky-ozone`) and daemon (`bluesky-ozone-daemon`), as
# upstream's services/ozone/api.ts and daemon.ts start them in its Docker image.
{bluesky-atproto}:
bluesky-atproto.server {
  pname = "bluesky-ozone";
  inherit (bluesky-atproto.members.ozone) version;
  package = "@atproto/ozone";
  entrypoints = {
    bluesky-ozone = ./api.mjs;
    bluesky-ozone-daemon = ./daemon.mjs;
  };
  # atpkgs-lint: allow(package-meta): bluesky-atproto.server adds homepage, changelog, license and platforms
  meta = {
    description = "Ozone, the Bluesky network's moderation service (@atproto/ozone): API server and daemon";
    mainProgram = "bluesky-ozone";
  };
}
