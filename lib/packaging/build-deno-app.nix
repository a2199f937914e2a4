# buildDenoApp: a Deno application. nixpkgs has no Deno builder at our pin, so this one
# provides the dependencies in one of two ways, then either wraps `deno run` over the sources
# or `deno compile`s one binary, offline (`--cached-only`).
#
# - `denoLock = ./deno.lock;` (per entry): every npm tarball, JSR file and remote module of
#   the lock is its own fetch, with the hash the lock records (for JSR files, the hash in the
#   version manifest whose hash the lock records). The lock and the JSR manifests are read at
#   evaluation: the lock as a path, the manifests with `builtins.fetchurl` and the lock's hash
#   (no import-from-derivation; evaluation fetches them once). Dependencies land in Deno's
#   `vendor/` folder and npm cache, both stable layouts.
# - `nodeDeps = ./node-deps.json;` (per entry, npm only): the list `atpkgs-lock write deno.lock`
#   transcribes from the lock's `npm` section, committed beside the package, so that the lock
#   itself need not be (nor be read from a fetched source). Each tarball is its own fetch with
#   the lock's integrity, unpacked into Deno's npm cache as above; for locks without JSR or
#   remote modules.
# - `denoDepsHash = "sha256-…";` (one fixed-output derivation): `deno install --frozen` fills
#   a DENO_DIR; Deno's cache layout is not a stable format, so the hash belongs to the `deno`.
#
# `buildPhase` and `installPhase` may be given instead of the default ones (e.g. a static site
# built by `deno task build`); `entrypoint` is then needed only if they use it.
#
#   buildDenoApp {
#     pname = "app"; version = "…"; src = ./.;
#     denoLock = ./deno.lock;
#     entrypoint = "main.ts";
#     permissions = [ "--allow-net" "--allow-env" "--allow-read" ];
#     compile = false;                  # true: a self-contained binary (needs `denort`)
#   }
{
  lib,
  stdenv,
  deno,
  makeWrapper,
  fetchurl,
  nodeDepsFrom,
  denort ? null,
}: {
  pname ? throw "buildDenoApp: `pname` is required",
  version ? throw "buildDenoApp: `version` is required",
  src ? throw "buildDenoApp: `src` is required",
  denoLock ? null,
  nodeDeps ? null,
  nodeDepsHashes ? {},
  denoDepsHash ? null,
  entrypoint ? throw "buildDenoApp: `entrypoint` is required: the module to run (e.g. main.ts)",
  permissions ? [],
  compile ? false,
  binaryName ? pname,
  denoFlags ? [],
  # How a JSR version manifest is read at evaluation; the default fetches it by the lock's hash.
  readJsrMeta ? package:
    builtins.fromJSON (builtins.readFile (builtins.fetchurl {
      url = package.metaUrl;
      sha256 = package.integrity;
    })),
  nativeBuildInputs ? [],
  meta ? {},
  ...
} @ args: let
  inherit (lib) concatStringsSep escapeShellArg escapeShellArgs concatMapStrings;

  sources = lib.filter (source: source != null) [denoLock nodeDeps denoDepsHash];
  mode =
    if builtins.length sources != 1
    then throw "buildDenoApp: set exactly one of `denoLock` (fetch each entry of deno.lock), `nodeDeps` (fetch each npm entry of the list `atpkgs-lock write deno.lock` writes) and `denoDepsHash` (one fixed-output DENO_DIR)"
    else if denoLock != null
    then "lock"
    else if nodeDeps != null
    then "list"
    else "fixed-output";
  perEntry = mode != "fixed-output";

  # JSR and remote modules are vendored; a list names npm tarballs only.
  vendorFlags = lib.optional (mode == "lock") "--vendor";
  installFlags = escapeShellArgs (["--frozen" "--cached-only"] ++ vendorFlags);
  runFlags = ["--cached-only"] ++ vendorFlags ++ permissions ++ denoFlags;

  denoLockLib = import ./deno-lock.nix {inherit lib;};
  lockEntries =
    if mode == "lock"
    then denoLockLib.entries (builtins.fromJSON (builtins.readFile denoLock))
    else {
      npm = [];
      jsr = [];
      remote = [];
    };

  # The list's tarballs for this platform (npm's os/cpu/libc rules), fetched one by one.
  listDeps = nodeDepsFrom {inherit nodeDeps nodeDepsHashes;};
  listFetches =
    if mode == "list"
    then assert lib.assertMsg (listDeps.kind == "deno") "buildDenoApp: ${listDeps.listName} was written from a ${listDeps.kind} lockfile, not deno.lock"; listDeps.fetches
    else [];

  # One fetch per entry, with the hash the lock (or, for JSR files, the manifest) records.
  npmTarball = package:
    fetchurl {
      inherit (package) url;
      hash = package.integrity;
    };
  jsrMeta = package:
    fetchurl {
      url = package.metaUrl;
      sha256 = package.integrity;
    };
  jsrFiles = package:
    map (file: {
      inherit (file) path;
      fetch = fetchurl {
        url = package.fileUrl file.path;
        inherit (file) sha256;
      };
    }) (denoLockLib.jsrFiles (readJsrMeta package));
  remoteFile = module: fetchurl {inherit (module) url sha256;};

  lockFetches =
    map (fetch: fetch.src) listFetches
    ++ map npmTarball lockEntries.npm
    ++ lib.concatMap (package: [(jsrMeta package)] ++ map (file: file.fetch) (jsrFiles package)) lockEntries.jsr
    ++ map remoteFile lockEntries.remote;

  # A quoted path under $out: `$out` itself must stay outside the single quotes.
  inOut = relative: "\"$out\"/${escapeShellArg relative}";

  unpackNpm = name: version: tarball: let
    dir = inOut "npm/registry.npmjs.org/${name}/${version}";
  in ''
    mkdir -p ${dir}
    tar -xzf ${tarball} -C ${dir} --strip-components=1 --no-same-owner
  '';

  npmCommands =
    concatMapStrings (package: unpackNpm package.name package.version (npmTarball package)) lockEntries.npm
    + concatMapStrings (fetch: unpackNpm fetch.dep.name fetch.dep.version fetch.src) listFetches;

  jsrCommands = let
    names = lib.unique (map (package: package.name) lockEntries.jsr);
    versionsOf = name: map (package: package.version) (lib.filter (package: package.name == name) lockEntries.jsr);
    packageMeta = name: ''
      mkdir -p ${inOut "vendor/jsr.io/${name}"}
      echo ${escapeShellArg (builtins.toJSON {versions = lib.genAttrs (versionsOf name) (_: {});})} > ${inOut "vendor/jsr.io/${name}/meta.json"}
    '';
    versionFiles = package: let
      dir = "vendor/jsr.io/${package.name}";
    in
      "cp ${jsrMeta package} ${inOut "${dir}/${package.version}_meta.json"}\n"
      + concatMapStrings (file: ''
        install -Dm644 ${file.fetch} ${inOut "${dir}/${package.version}${file.path}"}
      '') (jsrFiles package);
  in
    concatMapStrings packageMeta names + concatMapStrings versionFiles lockEntries.jsr;

  remoteCommands =
    concatMapStrings (module: ''
      install -Dm644 ${remoteFile module} ${inOut "vendor/${module.path}"}
    '')
    lockEntries.remote;

  # Per entry: `vendor/` (JSR and remote modules) and `npm/` (Deno's npm cache).
  vendoredDeps = stdenv.mkDerivation {
    name = "${pname}-${version}-deno-deps";
    dontUnpack = true;
    dontConfigure = true;
    buildPhase = ''
      runHook preBuild
      mkdir -p $out/vendor $out/npm
      ${npmCommands}${jsrCommands}${remoteCommands}
      runHook postBuild
    '';
    dontInstall = true;
    dontFixup = true;
    passthru.fetches = lockFetches;
  };

  # One fixed-output DENO_DIR.
  fixedOutputDeps = stdenv.mkDerivation {
    name = "${pname}-${version}-deno-deps";
    inherit src;
    nativeBuildInputs = [deno];
    dontConfigure = true;
    buildPhase = ''
      export HOME=$TMPDIR DENO_DIR=$out DENO_NO_UPDATE_CHECK=1
      deno install --frozen --entrypoint ${escapeShellArg entrypoint}
    '';
    dontInstall = true;
    dontFixup = true;
    outputHashMode = "recursive";
    outputHash = denoDepsHash;
  };

  denoDeps =
    if perEntry
    then vendoredDeps
    else fixedOutputDeps;

  # Deno finds `vendor/` and deno.lock beside the configuration file; a source without one
  # gets an empty one, so that the wrapper works from any directory.
  useDeps =
    if mode == "lock"
    then ''
      mkdir -p $DENO_DIR
      cp -r --no-preserve=mode ${denoDeps}/npm $DENO_DIR/npm
      cp -r --no-preserve=mode ${denoDeps}/vendor vendor
      [ -e deno.json ] || [ -e deno.jsonc ] || echo '{}' > deno.json
    ''
    else if mode == "list"
    then ''
      mkdir -p $DENO_DIR
      cp -r --no-preserve=mode ${denoDeps}/npm $DENO_DIR/npm
    ''
    else ''
      cp -r --no-preserve=mode ${denoDeps} $DENO_DIR
    '';
in
  stdenv.mkDerivation (removeAttrs args ["denoLock" "nodeDeps" "nodeDepsHashes" "denoDepsHash" "entrypoint" "permissions" "compile" "binaryName" "denoFlags" "readJsrMeta"]
    // {
      inherit pname version src;
      inherit denoDeps;
      nativeBuildInputs = nativeBuildInputs ++ [deno makeWrapper];

      configurePhase = ''
        runHook preConfigure
        export HOME=$TMPDIR DENO_NO_UPDATE_CHECK=1 DENO_DIR=$TMPDIR/deno-dir
        ${useDeps}
        ${lib.optionalString (denort != null) "export DENORT_BIN=${denort}/bin/denort"}
        runHook postConfigure
      '';

      buildPhase =
        args.buildPhase
        or (
          if compile
          then ''
            runHook preBuild
            deno compile --frozen ${escapeShellArgs runFlags} --output ${escapeShellArg binaryName} ${escapeShellArg entrypoint}
            runHook postBuild
          ''
          else ''
            runHook preBuild
            deno install ${installFlags} --entrypoint ${escapeShellArg entrypoint}
            runHook postBuild
          ''
        );

      installPhase =
        args.installPhase
        or (
          if compile
          then ''
            runHook preInstall
            install -Dm755 ${escapeShellArg binaryName} $out/bin/${escapeShellArg binaryName}
            runHook postInstall
          ''
          else ''
            runHook preInstall
            mkdir -p $out/share/${pname} $out/lib
            cp -r . $out/share/${pname}/
            cp -r $DENO_DIR $out/lib/deno-dir
            makeWrapper ${lib.getExe deno} $out/bin/${binaryName} \
              --set DENO_DIR $out/lib/deno-dir --set DENO_NO_UPDATE_CHECK 1 \
              --add-flags "run ${concatStringsSep " " runFlags} $out/share/${pname}/${entrypoint}"
            runHook postInstall
          ''
        );

      dontStrip = compile;
      meta =
        {
          mainProgram = binaryName;
          platforms = deno.meta.platforms or lib.platforms.linux;
        }
        // meta;
    })
