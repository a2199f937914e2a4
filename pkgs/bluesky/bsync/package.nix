# bsync, the Bluesky AppView's store of mutes, notification preferences and other private
# state: @atproto/bsync from the bluesky-atproto monorepo build, started by atpkgs' entrypoint
# (upstream's is services/bsync/index.ts in its Docker image).
{bluesky-atproto}:
bluesky-atproto.server {
  pname = "bluesky-bsync";
  inherit (bluesky-atproto.members.bsync) version;
  package = "@atproto/bsync";
  entrypoints.bluesky-bsync = ./bsync.mjs;
  # atpkgs-lint: allow(package-meta): bluesky-atproto.server adds homepage, changelog, license and platforms
  meta = {
    description = "bsync, the Bluesky AppView's store of mutes and notification preferences (@atproto/bsync)";
    mainProgram = "bluesky-bsync";
  };
}
