# The vendor directory of a Go module, assembled from a gomod2nix.toml: every module listed is
# downloaded by its own fixed-output derivation (`go mod download`, the recorded hash), then
# copied to vendor/<module path>, nested modules first. The result has no modules.txt, so the
# build sets GO_NO_VENDOR_CHECKS (nixpkgs' Go honours it), as gomod2nix's builder does.
{
  lib,
  go,
  jq,
  cacert,
  git,
  stdenvNoCC,
  runCommand,
}: {
  name,
  modules,
}: let
  inherit (lib) concatMapStrings escapeShellArg reverseList sort;

  table = (builtins.fromTOML (builtins.readFile modules)).mod or {};

  fetchGoModule = path: module:
    stdenvNoCC.mkDerivation {
      name = "${baseNameOf path}_${module.version}";
      goPackagePath = module.replaced or path;
      inherit (module) version;
      nativeBuildInputs = [go jq cacert git];
      dontUnpack = true;
      dontConfigure = true;
      buildPhase = ''
        export HOME=$TMPDIR GOPATH=$TMPDIR/go GOTOOLCHAIN=local
        dir=$(go mod download -json "$goPackagePath@$version" | jq -r .Dir)
        chmod -R +w "$dir"
        find "$dir" -iname .ds_store -exec rm -rf {} +
        cp -r "$dir" $out
      '';
      dontInstall = true;
      dontFixup = true;
      outputHashMode = "recursive";
      outputHash = module.hash;
      impureEnvVars = lib.fetchers.proxyImpureEnvVars ++ ["GOPROXY"];
    };

  sources = builtins.mapAttrs fetchGoModule table;

  # Longest paths first, so a module nested in another one's path is in place before it.
  paths = reverseList (sort (a: b: a < b) (builtins.attrNames sources));
in
  runCommand "${name}-gomod2nix-vendor" {passthru = {inherit sources;};} (''
      mkdir -p $out
    ''
    + concatMapStrings (path: ''
      mkdir -p $out/${escapeShellArg path}
      cp -rn --no-preserve=mode ${sources.${path}}/. $out/${escapeShellArg path}/
    '')
    paths)
