# buildDenoApp: a Deno application. nixpkgs has no Deno builder at our pin, so this one
# fetches the dependencies `deno install --frozen` resolves from `deno.lock` into a DENO_DIR
# (a fixed-output derivation, `denoDepsHash`) and then either wraps `deno run` over the
# sources or `deno compile`s one binary, offline (`--cached-only`).
#
#   buildDenoApp {
#     pname = "app"; version = "…"; src = fetchFromGitHub { … };
#     denoDepsHash = "sha256-…";        # produced by a build with the same deno
#     entrypoint = "main.ts";
#     permissions = [ "--allow-net" "--allow-env" "--allow-read" ];
#     compile = false;                  # true: a self-contained binary
#   }
#
# Deno's cache layout is not a stable format: the hash belongs to the `deno` used.
{
  lib,
  stdenv,
  deno,
  makeWrapper,
}: {
  pname ? throw "buildDenoApp: `pname` is required",
  version ? throw "buildDenoApp: `version` is required",
  src ? throw "buildDenoApp: `src` is required",
  denoDepsHash ? throw "buildDenoApp: `denoDepsHash` is required: the hash of the dependency DENO_DIR produced by a build",
  entrypoint ? throw "buildDenoApp: `entrypoint` is required: the module to run (e.g. main.ts)",
  permissions ? [],
  compile ? false,
  binaryName ? pname,
  denoFlags ? [],
  nativeBuildInputs ? [],
  meta ? {},
  ...
} @ args: let
  inherit (lib) concatStringsSep escapeShellArgs;

  runFlags = escapeShellArgs (["--cached-only" "--frozen"] ++ permissions ++ denoFlags);

  denoDeps = stdenv.mkDerivation {
    name = "${pname}-${version}-deno-deps";
    inherit src;
    nativeBuildInputs = [deno];
    dontConfigure = true;
    buildPhase = ''
      export HOME=$TMPDIR DENO_DIR=$out DENO_NO_UPDATE_CHECK=1
      deno install --frozen --entrypoint ${lib.escapeShellArg entrypoint}
    '';
    dontInstall = true;
    dontFixup = true;
    outputHashMode = "recursive";
    outputHash = denoDepsHash;
  };
in
  stdenv.mkDerivation (removeAttrs args ["denoDepsHash" "entrypoint" "permissions" "compile" "binaryName" "denoFlags"]
    // {
      inherit pname version src;
      inherit denoDeps;
      nativeBuildInputs = nativeBuildInputs ++ [deno makeWrapper];

      configurePhase = ''
        runHook preConfigure
        export HOME=$TMPDIR DENO_NO_UPDATE_CHECK=1 DENO_DIR=$TMPDIR/deno-dir
        cp -r --no-preserve=mode ${denoDeps} $DENO_DIR
        runHook postConfigure
      '';

      buildPhase =
        if compile
        then ''
          runHook preBuild
          deno compile ${runFlags} --output ${binaryName} ${lib.escapeShellArg entrypoint}
          runHook postBuild
        ''
        else ''
          runHook preBuild
          deno cache ${runFlags} ${lib.escapeShellArg entrypoint}
          runHook postBuild
        '';

      installPhase =
        if compile
        then ''
          runHook preInstall
          install -Dm755 ${binaryName} $out/bin/${binaryName}
          runHook postInstall
        ''
        else ''
          runHook preInstall
          mkdir -p $out/share/${pname} $out/lib
          cp -r . $out/share/${pname}/
          cp -r $DENO_DIR $out/lib/deno-dir
          makeWrapper ${lib.getExe deno} $out/bin/${binaryName} \
            --set DENO_DIR $out/lib/deno-dir --set DENO_NO_UPDATE_CHECK 1 \
            --add-flags "run ${concatStringsSep " " (["--cached-only"] ++ permissions ++ denoFlags)} $out/share/${pname}/${entrypoint}"
          runHook postInstall
        '';

      dontStrip = compile;
      meta =
        {
          mainProgram = binaryName;
          platforms = deno.meta.platforms or lib.platforms.linux;
        }
        // meta;
    })
