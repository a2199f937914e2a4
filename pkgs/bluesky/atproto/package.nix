# The bluesky-social/atproto monorepo: its TypeScript libraries, the `lex` code generator and
# the servers of the Bluesky AppView, bsync and Ozone, at the commit that released the versions
# below (all of them on npm). Dependencies are lockfile-exact (node-deps.json: pnpm 11 writes
# the lockfile, pnpm 10 installs it). The workspace is built once (this package: the `dist/`
# of every package built); each member is then one package with its production dependencies
# (`pnpm deploy`) in `lib/node_modules/<name>`, whose setup hook links it into the
# `node_modules` of any build that lists it in `buildInputs` (docs/packaging.md).
{
  lib,
  stdenv,
  fetchFromGitHub,
  nodejs_22,
  pnpm_10,
  makeWrapper,
  writeText,
  nodeDepsFrom,
}: let
  version = "0-unstable-2026-08-14";
  nodejs = nodejs_22;
  pnpm = pnpm_10;

  # "Version packages (#5392)": @atproto/bsky 0.0.275, @atproto/ozone 0.2.29. HEAD (2026-08-20)
  # releases nothing newer.
  src = fetchFromGitHub {
    owner = "bluesky-social";
    repo = "atproto";
    rev = "24abd96cc0b9fcd326035256dda8f7f6f832cc1c";
    hash = "sha256-z3OMnOXq6ijW0jXQ8UIvK8FV1ja837nlNoha6xf4jEE=";
  };

  deps = nodeDepsFrom {nodeDeps = ./node-deps.json;};

  # The members: attribute -> the workspace package, its directory and its version at `rev`
  # (package.json; a bump of `rev` must update them).
  packages = {
    api = {
      name = "@atproto/api";
      version = "0.20.41";
      description = "Client library for ATproto and Bluesky";
    };
    lexicon = {
      name = "@atproto/lexicon";
      version = "0.7.11";
      description = "ATproto Lexicon schema language library";
    };
    xrpc = {
      name = "@atproto/xrpc";
      version = "0.8.10";
      description = "ATproto HTTP API (XRPC) client library";
    };
    xrpc-server = {
      name = "@atproto/xrpc-server";
      version = "0.12.5";
      description = "ATproto HTTP API (XRPC) server library";
    };
    did = {
      name = "@atproto/did";
      version = "0.5.4";
      description = "DID resolution and verification library";
    };
    identity = {
      name = "@atproto/identity";
      version = "0.5.9";
      description = "Decentralized identities in ATproto: DIDs and handles";
    };
    repo = {
      name = "@atproto/repo";
      version = "0.10.11";
      description = "ATproto repositories and their Merkle search tree";
    };
    syntax = {
      name = "@atproto/syntax";
      version = "0.7.4";
      description = "Validation of ATproto identifiers and formats: DID, handle, NSID, AT URI, …";
    };
    crypto = {
      name = "@atproto/crypto";
      version = "0.5.4";
      description = "Cryptographic keys and signing in ATproto";
    };
    common = {
      name = "@atproto/common";
      version = "0.8.0";
      description = "Shared code of the ATproto libraries";
    };
    lex-cli = {
      name = "@atproto/lex-cli";
      version = "0.10.10";
      description = "TypeScript code generator for ATproto Lexicon schemas (`lex`)";
      bin = "lex";
    };
    bsky = {
      name = "@atproto/bsky";
      version = "0.0.275";
      description = "Reference implementation of the app.bsky AppView (Bluesky API)";
    };
    bsync = {
      name = "@atproto/bsync";
      version = "0.0.41";
      description = "Store of the Bluesky AppView's private state (mutes, notification preferences)";
    };
    ozone = {
      name = "@atproto/ozone";
      version = "0.2.29";
      description = "Backend of Ozone, the moderation service of the Bluesky network";
    };
  };

  # The directory of a workspace package: packages/<name without scope>.
  directoryOf = name: "packages/${lib.removePrefix "@atproto/" name}";

  # What every build of this source shares: the dependencies, installed offline by pnpm 10 from
  # the per-entry fetches (the hook also keeps pnpm from fetching the pnpm 11 that
  # `packageManager` names).
  workspaceAttrs = {
    inherit src;
    nativeBuildInputs = [nodejs pnpm deps.hook];
    nodeDepsManifest = writeText "bluesky-atproto-node-deps-manifest.json" deps.manifest;
    nodeDepsLockfile = "pnpm-lock.yaml";
    nodeDepsManager = "pnpm";
    # Prebuilt native addons (sharp's) keep their own RPATHs and symbols.
    dontStrip = true;
    dontPatchELF = true;
  };

  filters = lib.concatMapStringsSep " " (package: "--filter=${package.name}...") (lib.attrValues packages);

  built = stdenv.mkDerivation (workspaceAttrs
    // {
      pname = "bluesky-atproto";
      inherit version;

      # Each package's `prebuild` generates code (lex, buf) and `build` runs tsc; dependencies
      # first, one at a time, as upstream's Dockerfiles build.
      buildPhase = ''
        runHook preBuild
        pnpm run --recursive --workspace-concurrency=1 ${filters} build
        runHook postBuild
      '';

      # The built `dist/` folders, where the workspace has them; the members deploy from them.
      installPhase = ''
        runHook preInstall
        find packages services -name node_modules -prune -o -type d -name dist -prune -print |
          while read -r dist; do
            mkdir -p "$out/$(dirname "$dist")"
            cp -r "$dist" "$out/$dist"
          done
        runHook postInstall
      '';

      passthru = {
        inherit deploy server nodejs;
        nodeDeps = deps;
        members = lib.mapAttrs (_: member) packages;
      };

      meta = {
        description = "TypeScript packages of bluesky-social/atproto, built (their dist/ folders)";
        longDescription = ''
          The members (`passthru.members`) are the packages to use: each one of the monorepo's
          packages with its production dependencies.
        '';
        homepage = "https://github.com/bluesky-social/atproto";
        license = with lib.licenses; [mit asl20];
        platforms = lib.platforms.linux;
      };
    });

  # One package of the workspace with its production dependencies, from the built workspace:
  # `lib/node_modules/<package>` and a setup hook that links it into a build's node_modules.
  # Further mkDerivation arguments (postInstall, meta, …) are passed on.
  deploy = {
    pname,
    version,
    package,
    # Whether the check imports the package (a command-line program's module runs it instead).
    checkImport ? true,
    ...
  } @ args: let
    target = "$out/lib/node_modules/${package}";
  in
    stdenv.mkDerivation (workspaceAttrs
      // removeAttrs args ["package" "checkImport"]
      // {
        nativeBuildInputs = workspaceAttrs.nativeBuildInputs ++ args.nativeBuildInputs or [];
        nodeModuleName = package;
        setupHook = ./node-module-hook.sh;

        buildPhase = ''
          runHook preBuild
          cp -r --no-preserve=mode ${built}/. .
          runHook postBuild
        '';

        # pnpm's records of the deploy name the build directory, and the package.json it
        # writes gives the workspace dependencies as `file:` paths there: the source's goes back.
        installPhase = ''
          runHook preInstall
          mkdir -p "$(dirname "${target}")"
          pnpm --filter=${package} deploy --prod --offline --ignore-scripts \
            --config.inject-workspace-packages=true --store-dir "$TMPDIR/pnpm-store" "${target}"
          rm -f "${target}/pnpm-lock.yaml" "${target}/node_modules/.modules.yaml" \
            "${target}/node_modules/.pnpm/lock.yaml" "${target}/node_modules/.pnpm-workspace-state-v1.json"
          cp ${directoryOf package}/package.json "${target}/package.json"
          runHook postInstall
        '';

        # Upstream's `verify:import`: the package loads with what was deployed.
        doInstallCheck = true;
        installCheckPhase = ''
          runHook preInstallCheck
          ${lib.optionalString checkImport ''(cd $out/lib && ${lib.getExe nodejs} --input-type=module -e "await import('${package}')")''}
          runHook postInstallCheck
        '';

        passthru = {inherit built nodejs;} // args.passthru or {};
        meta =
          {
            homepage = "https://github.com/bluesky-social/atproto/tree/main/${directoryOf package}";
            license = with lib.licenses; [mit asl20];
            platforms = lib.platforms.linux;
          }
          // args.meta or {};
      });

  # A server of the monorepo, started by atpkgs' entrypoints (upstream starts its servers from
  # services/*/*.ts in its Docker images): each entrypoint, `program = ./script.mjs;`, becomes
  # `bin/<program>`, running the script beside the listen shim with the modules it imports
  # linked next to it (`imports`: module name to its path under $out). The shim, imported
  # first, makes the server listen on ATPKGS_LISTEN_ADDRESS.
  server = {
    pname,
    version,
    package,
    entrypoints,
    imports ? {${package} = "lib/node_modules/${package}";},
    meta,
  }: let
    share = "$out/share/${pname}";
    link = name: path: "ln -s $out/${path} ${share}/node_modules/${name}\n";
    program = name: script: ''
      cp ${script} ${share}/${baseNameOf script}
      makeWrapper ${lib.getExe nodejs} $out/bin/${name} \
        --add-flags "--enable-source-maps ${share}/${baseNameOf script}" --set-default NODE_ENV production
    '';
    importAll = lib.concatMapStrings (name: "await import('${name}'); ") (lib.attrNames imports);
  in
    deploy {
      inherit pname version package;
      nativeBuildInputs = [makeWrapper];
      postInstall = ''
        mkdir -p ${share}/node_modules/@atproto
        cp ${./listen.mjs} ${share}/listen.mjs
        ${lib.concatStrings (lib.mapAttrsToList link imports)}
        ${lib.concatStrings (lib.mapAttrsToList program entrypoints)}
      '';
      postInstallCheck = ''
        (cd ${share} && ${lib.getExe nodejs} --input-type=module -e "${importAll}")
      '';
      meta =
        {
          changelog = "https://github.com/bluesky-social/atproto/blob/main/${directoryOf package}/CHANGELOG.md";
        }
        // meta;
    };

  member = package:
    deploy ({
        pname = "atproto-${lib.removePrefix "@atproto/" package.name}";
        inherit (package) version;
        package = package.name;
        meta =
          {
            inherit (package) description;
            changelog = "https://github.com/bluesky-social/atproto/blob/main/${directoryOf package.name}/CHANGELOG.md";
          }
          // lib.optionalAttrs (package ? bin) {mainProgram = package.bin;};
      }
      // lib.optionalAttrs (package ? bin) {
        nativeBuildInputs = [makeWrapper];
        postInstall = ''
          makeWrapper ${lib.getExe nodejs} $out/bin/${package.bin} \
            --add-flags "$out/lib/node_modules/${package.name}/bin.js"
        '';
        # Importing the module runs the program: the program is checked instead.
        checkImport = false;
        postInstallCheck = ''
          $out/bin/${package.bin} --help > /dev/null
        '';
      });
in
  built
