# The files the appview embeds from appview/pages/static: htmx, the lucide icons, the Inter and
# IBM Plex Mono fonts, the actor-typeahead element, and the CSS tailwind builds from the source
# (tailwind 3: input.css uses its directives). URLs, revisions and hashes are those of
# upstream's flake.lock at the same commit (NAR hashes, hence the recursive fetches).
{
  lib,
  fetchurl,
  fetchzip,
  fetchFromTangled,
  runCommand,
  tailwindcss_3,
  src,
}: let
  # Single files are hashed as the NAR of the file (a flake `file` input).
  narOfFile = {
    recursiveHash = true;
    downloadToTemp = true;
    postFetch = "mv $downloadedFile $out";
  };

  htmx = fetchurl (narOfFile
    // {
      name = "htmx.min.js";
      url = "https://unpkg.com/htmx.org@2.0.4/dist/htmx.min.js";
      hash = "sha256-nm6avZuEBg67SSyyZUhjpXVNstHHgUxrtBHqJgowU08=";
    });
  htmxWebsocket = fetchurl (narOfFile
    // {
      name = "htmx-ext-ws.min.js";
      url = "https://cdn.jsdelivr.net/npm/htmx-ext-ws@2.0.2";
      hash = "sha256-2fg6KyEJoO24q0fQqbz9RMaYNPQrMwpZh29tkSqdqGY=";
    });
  lucide = fetchzip {
    url = "https://github.com/lucide-icons/lucide/releases/download/0.536.0/lucide-icons-0.536.0.zip";
    hash = "sha256-+exBR2OToB1iv7ZQI2S4B0lXA/QRvC9n6U99UxGpJGs=";
  };
  inter = fetchzip {
    url = "https://github.com/rsms/inter/releases/download/v4.1/Inter-4.1.zip";
    hash = "sha256-5vdKKvHAeZi6igrfpbOdhZlDX2/5+UvzlnCQV6DdqoQ=";
    stripRoot = false;
  };
  ibmPlexMono = fetchzip {
    url = "https://github.com/IBM/plex/releases/download/%40ibm%2Fplex-mono%401.1.0/ibm-plex-mono.zip";
    hash = "sha256-OwUmrPfEehLDz0fl2ChYLK8FQM2p0G1+EMrGsYEq+6g=";
  };
  actorTypeahead = fetchFromTangled {
    owner = "@jakelazaroff.com";
    repo = "actor-typeahead";
    rev = "677fe7f743050a4e7f09d4a6f87bbf1325a06f6b";
    hash = "sha256-heizoWUKDdar6ymfZTnj3ytcEv/L4d4fzSmtr0HlXsQ=";
  };
in
  runCommand "tangled-appview-static-files" {} ''
    mkdir -p $out/fonts $out/icons
    cp ${htmx} $out/htmx.min.js
    cp ${htmxWebsocket} $out/htmx-ext-ws.min.js
    cp ${lucide}/*.svg $out/icons/
    cp ${inter}/web/InterVariable*.woff2 ${inter}/web/InterDisplay*.woff2 ${inter}/InterVariable*.ttf $out/fonts/
    cp ${ibmPlexMono}/fonts/complete/woff2/IBMPlexMono*.woff2 $out/fonts/
    cp ${actorTypeahead}/actor-typeahead.js $out/
    cd ${src}
    ${lib.getExe tailwindcss_3} -i input.css -o $out/tw.css
  ''
