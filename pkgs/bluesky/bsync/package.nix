# bsync, the Bluesky AppView's store of mutes, notification preferences and other private
# state: @atproto/bsync from the bluesky-atproto monorepo build, started by atpkgs' entrypoint
# (upstream's is services/bsync/index.ts in its Docker image).
{
  lib,
  bluesky-atproto,
  makeWrapper,
}: let
  inherit (bluesky-atproto) nodejs;
  share = "$out/share/bluesky-bsync";
in
  bluesky-atproto.deploy {
    pname = "bluesky-bsync";
    inherit (bluesky-atproto.members.bsync) version;
    package = "@atproto/bsync";
    nativeBuildInputs = [makeWrapper];

    postInstall = ''
      mkdir -p ${share}/node_modules/@atproto
      cp ${bluesky-atproto.listenShim} ${share}/listen.mjs
      cp ${./bsync.mjs} ${share}/bsync.mjs
      ln -s $out/lib/node_modules/@atproto/bsync ${share}/node_modules/@atproto/bsync
      makeWrapper ${lib.getExe nodejs} $out/bin/bluesky-bsync \
        --add-flags "--enable-source-maps ${share}/bsync.mjs" --set-default NODE_ENV production
    '';

    postInstallCheck = ''
      (cd ${share} && ${lib.getExe nodejs} --input-type=module -e "await import('@atproto/bsync')")
    '';

    meta = {
      description = "bsync, the Bluesky AppView's store of mutes and notification preferences (@atproto/bsync)";
      homepage = "https://github.com/bluesky-social/atproto/tree/main/packages/bsync";
      changelog = "https://github.com/bluesky-social/atproto/blob/main/packages/bsync/CHANGELOG.md";
      license = with lib.licenses; [mit asl20];
      platforms = lib.platforms.linux;
      mainProgram = "bluesky-bsync";
    };
  }
