# The official ATproto PDS distribution (bluesky-social/pds): `service/` is a Node program
# around @atproto/pds, with its pnpm 8 lockfile. Dependencies are lockfile-exact
# (node-deps.json, from service/pnpm-lock.yaml); better-sqlite3 is the one native addon.
{
  lib,
  buildPnpmWorkspace,
  fetchFromGitHub,
  nodejs_22,
  python3,
  srcOnly,
  removeReferencesTo,
}: let
  nodejs = nodejs_22;
  nodeSources = srcOnly nodejs;
  version = "0.4.219";
  src = fetchFromGitHub {
    owner = "bluesky-social";
    repo = "pds";
    tag = "v${version}";
    hash = "sha256-zXNg1rtXN9qdTBvRlSiPlRu6k1Pv3T8nhROsEarev5U=";
  };
in
  buildPnpmWorkspace {
    pname = "atproto-pds";
    inherit version nodejs src;
    sourceRoot = "${src.name}/service";
    nodeDeps = ./node-deps.json;

    nativeBuildInputs = [(python3.withPackages (ps: [ps.setuptools])) removeReferencesTo];

    # Only better-sqlite3 compiles (node-gyp, against the headers of the node that runs it).
    buildPhase = ''
      runHook preBuild
      pushd node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3
      npm run build-release --offline --nodedir="${nodeSources}"
      find build -type f -exec remove-references-to -t "${nodeSources}" {} \;
      popd
      runHook postBuild
    '';

    binaryName = "pds";
    entrypoint = "index.js";
    nodeFlags = ["--enable-source-maps"];
    # As the distribution's Dockerfile runs it.
    environment = {
      NODE_ENV = "production";
      UV_USE_IO_URING = "0";
    };

    meta = {
      description = "Official ATproto personal data server (the bluesky-social/pds distribution of @atproto/pds)";
      homepage = "https://github.com/bluesky-social/pds";
      changelog = "https://github.com/bluesky-social/atproto/blob/main/packages/pds/CHANGELOG.md";
      license = with lib.licenses; [mit asl20];
      platforms = lib.platforms.linux;
    };
  }
