# The Bluesky AppView: @atproto/bsky from the bluesky-atproto monorepo build, with atpkgs'
# entrypoints (upstream runs services/bsky/api.ts in its Docker image and ships no program
# for the data plane): `bluesky-appview`, the API server, and `bluesky-appview-dataplane`, the
# PostgreSQL data plane with its firehose indexer.
{
  lib,
  bluesky-atproto,
  makeWrapper,
}: let
  inherit (bluesky-atproto) nodejs;
  share = "$out/share/bluesky-appview";
  program = name: script: ''
    makeWrapper ${lib.getExe nodejs} $out/bin/${name} \
      --add-flags "--enable-source-maps ${share}/${script}" --set-default NODE_ENV production
  '';
in
  bluesky-atproto.deploy {
    pname = "bluesky-appview";
    inherit (bluesky-atproto.members.bsky) version;
    package = "@atproto/bsky";
    nativeBuildInputs = [makeWrapper];

    # The entrypoints import @atproto/bsky and @atproto/crypto (one of its dependencies).
    postInstall = ''
      mkdir -p ${share}/node_modules/@atproto
      cp ${bluesky-atproto.listenShim} ${share}/listen.mjs
      cp ${./api.mjs} ${share}/api.mjs
      cp ${./dataplane.mjs} ${share}/dataplane.mjs
      ln -s $out/lib/node_modules/@atproto/bsky ${share}/node_modules/@atproto/bsky
      ln -s $out/lib/node_modules/@atproto/bsky/node_modules/@atproto/crypto ${share}/node_modules/@atproto/crypto
      ${program "bluesky-appview" "api.mjs"}
      ${program "bluesky-appview-dataplane" "dataplane.mjs"}
    '';

    postInstallCheck = ''
      (cd ${share} && ${lib.getExe nodejs} --input-type=module -e "await import('@atproto/bsky'); await import('@atproto/crypto')")
    '';

    meta = {
      description = "Bluesky AppView (@atproto/bsky): the app.bsky API and its PostgreSQL data plane";
      homepage = "https://github.com/bluesky-social/atproto/tree/main/packages/bsky";
      changelog = "https://github.com/bluesky-social/atproto/blob/main/packages/bsky/CHANGELOG.md";
      license = with lib.licenses; [mit asl20];
      platforms = lib.platforms.linux;
      mainProgram = "bluesky-appview";
    };
  }
