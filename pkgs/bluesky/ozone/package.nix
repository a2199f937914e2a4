# Ozone, the moderation service of the Bluesky network (its backend; the web UI is
# bluesky-social/ozone): @atproto/ozone from the bluesky-atproto monorepo build, with atpkgs'
# entrypoints for its API server (`bluesky-ozone`) and daemon (`bluesky-ozone-daemon`), as
# upstream's services/ozone/api.ts and daemon.ts start them in its Docker image.
{
  lib,
  bluesky-atproto,
  makeWrapper,
}: let
  inherit (bluesky-atproto) nodejs;
  share = "$out/share/bluesky-ozone";
  program = name: script: ''
    makeWrapper ${lib.getExe nodejs} $out/bin/${name} \
      --add-flags "--enable-source-maps ${share}/${script}" --set-default NODE_ENV production
  '';
in
  bluesky-atproto.deploy {
    pname = "bluesky-ozone";
    inherit (bluesky-atproto.members.ozone) version;
    package = "@atproto/ozone";
    nativeBuildInputs = [makeWrapper];

    postInstall = ''
      mkdir -p ${share}/node_modules/@atproto
      cp ${bluesky-atproto.listenShim} ${share}/listen.mjs
      cp ${./api.mjs} ${share}/api.mjs
      cp ${./daemon.mjs} ${share}/daemon.mjs
      ln -s $out/lib/node_modules/@atproto/ozone ${share}/node_modules/@atproto/ozone
      ${program "bluesky-ozone" "api.mjs"}
      ${program "bluesky-ozone-daemon" "daemon.mjs"}
    '';

    postInstallCheck = ''
      (cd ${share} && ${lib.getExe nodejs} --input-type=module -e "await import('@atproto/ozone')")
    '';

    meta = {
      description = "Ozone, the Bluesky network's moderation service (@atproto/ozone): API server and daemon";
      homepage = "https://github.com/bluesky-social/atproto/tree/main/packages/ozone";
      changelog = "https://github.com/bluesky-social/atproto/blob/main/packages/ozone/CHANGELOG.md";
      license = with lib.licenses; [mit asl20];
      platforms = lib.platforms.linux;
      mainProgram = "bluesky-ozone";
    };
  }
