# The builders of lib/packaging.nix hand their arguments to the underlying nixpkgs and crane
# builders as documented (docs/packaging.md).
{
  lib,
  pkgs,
  ...
}: let
  inherit (pkgs.atproto) buildRustWorkspace buildGoAtprotoModule buildPnpmWorkspace buildDenoApp fetchFromTangled;

  src = pkgs.fetchFromGitHub {
    owner = "example";
    repo = "example";
    rev = "0123456789abcdef0123456789abcdef01234567";
    hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
  };

  workspace = buildRustWorkspace {
    pname = "ws";
    version = "1.0";
    inherit src;
    members = {
      alpha = {};
      beta = {
        binaries = ["beta-server" "beta-cli"];
        features = ["beta/metrics"];
        args.nativeBuildInputs = [pkgs.protobuf];
      };
      gamma.package = "gamma-service";
      delta = {
        package = null;
        binaries = ["delta"];
      };
    };
    nativeBuildInputs = [pkgs.pkg-config];
    buildInputs = [pkgs.openssl];
    env.OPENSSL_NO_VENDOR = "1";
    doCheck = false;
    meta.description = "Example workspace";
  };
  inherit (workspace) members;

  goModule = args:
    buildGoAtprotoModule ({
        pname = "indigo";
        version = "1.0";
        inherit src;
        binaries = {
          relay = "cmd/relay";
          goat = "cmd/goat";
        };
        vendorHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
      }
      // args);

  pnpmApp = args:
    buildPnpmWorkspace ({
        pname = "web";
        version = "1.0";
        inherit src;
        pnpmDepsHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
        workspace = "@example/web";
        appDir = "apps/web";
      }
      // args);

  denoApp = args:
    buildDenoApp ({
        pname = "bot";
        version = "1.0";
        inherit src;
        denoDepsHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
        entrypoint = "main.ts";
        permissions = ["--allow-net"];
      }
      // args);

  # Per entry: a lock of our own (tests/data/deno) and JSR manifests read from beside it.
  denoLockedApp = args:
    denoApp ({
        denoDepsHash = null;
        denoLock = ../data/deno/deno.lock;
        readJsrMeta = package: lib.importJSON (../data/deno/jsr + "/${package.name}/${package.version}_meta.json");
      }
      // args);
  lockedDeps = (denoLockedApp {}).denoDeps;
  denoLockLib = import ../../lib/packaging/deno-lock.nix {inherit lib;};

  tangled = fetchFromTangled {
    owner = "smokesignal.events";
    repo = "quickdid";
    rev = "eaebd066cf27ad6671a21652c5d7c66e8a2885be";
    hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
  };

  # Store paths in expected text are compared as plain strings.
  hasInfixes = infixes: text: let
    plain = builtins.unsafeDiscardStringContext;
  in
    map (infix: lib.hasInfix (plain infix) (plain text)) infixes;
in {
  rustOneDependencyBuildForAllMembers = {
    expr = lib.unique (lib.mapAttrsToList (_: member: member.cargoArtifacts.drvPath) members);
    expected = [workspace.cargoArtifacts.drvPath];
  };

  rustDependencyBuildCoversTheWorkspace = {
    expr = {inherit (workspace.cargoArtifacts) pname cargoExtraArgs CRANE_BUILD_DEPS_ONLY;};
    expected = {
      pname = "ws-deps";
      cargoExtraArgs = "--locked --workspace";
      CRANE_BUILD_DEPS_ONLY = 1;
    };
  };

  rustMembersSelectPackageAndBinaries = {
    expr = lib.mapAttrs (_: member: member.cargoExtraArgs) members;
    expected = {
      alpha = "--locked -p alpha";
      beta = "--locked -p beta --bin beta-server --bin beta-cli --features beta/metrics";
      gamma = "--locked -p gamma-service";
      delta = "--locked --bin delta";
    };
  };

  rustMainProgramFromBinaries = {
    expr = lib.mapAttrs (_: member: member.meta.mainProgram) members;
    expected = {
      alpha = "alpha";
      beta = "beta-server";
      gamma = "gamma-service";
      delta = "delta";
    };
  };

  rustInputsAndEnvReachEveryMember = {
    expr = lib.mapAttrs (_: member: {
      inherit (member) OPENSSL_NO_VENDOR doCheck;
      inputs = map (input: input.pname) (member.drvAttrs.nativeBuildInputs ++ member.drvAttrs.buildInputs);
    }) {inherit (members) alpha beta;};
    expected = {
      alpha = {
        OPENSSL_NO_VENDOR = "1";
        doCheck = "";
        inputs = ["pkg-config-wrapper" "cargo" "rustc" "rsync" "zstd" "openssl"];
      };
      beta = {
        OPENSSL_NO_VENDOR = "1";
        doCheck = "";
        inputs = ["pkg-config-wrapper" "protobuf" "cargo" "rustc" "rsync" "zstd" "openssl"];
      };
    };
  };

  rustWorkspaceJoinsMembers = {
    expr = {
      inherit (workspace) name;
      paths = builtins.length workspace.drvAttrs.paths;
      description = workspace.meta.description;
    };
    expected = {
      name = "ws-1.0";
      paths = 4;
      description = "Example workspace";
    };
  };

  goBinariesLdflagsAndCgo = {
    expr = let
      module = goModule {
        cgo = true;
        tags = ["libsqlite3"];
        ldflags = ["-X main.commit=abc"];
      };
    in {
      inherit (module.drvAttrs) subPackages ldflags tags;
      inherit (module) CGO_ENABLED;
      vendor = module.goModules.outputHash;
      mainProgram = module.meta.mainProgram or null;
    };
    expected = {
      subPackages = ["cmd/goat" "cmd/relay"];
      ldflags = ["-s" "-w" "-X main.version=1.0" "-X main.commit=abc" "-buildid="];
      tags = ["libsqlite3"];
      CGO_ENABLED = 1;
      vendor = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
      mainProgram = null;
    };
  };

  goTakesFinalAttrs = {
    expr =
      (buildGoAtprotoModule (finalAttrs: {
        pname = "goat";
        version = "2.0";
        inherit src;
        binaries.goat = "cmd/goat";
        vendorHash = null;
        passthru.shownVersion = finalAttrs.version;
      }))
      .shownVersion;
    expected = "2.0";
  };

  goGomod2nixVendorsEveryModuleByItsHash = let
    module = goModule {
      vendorHash = null;
      gomod2nix = ../data/gomod2nix.toml;
    };
    sources = pkgs.callPackage ../../lib/packaging/gomod2nix-vendor.nix {} {
      name = "indigo";
      modules = ../data/gomod2nix.toml;
    };
  in {
    expr = {
      inherit (module) GO_NO_VENDOR_CHECKS;
      inherit (module.drvAttrs) vendorHash;
      copied = lib.hasInfix "-indigo-gomod2nix-vendor vendor" module.postPatch;
      fetches = lib.mapAttrs (_: source: {inherit (source) outputHash goPackagePath version;}) sources.sources;
      nestedFirst = let
        script = sources.buildCommand;
        position = infix: lib.stringLength (lib.head (lib.splitString infix script));
      in
        position "mkdir -p $out/golang.org/x/tools/gopls\n" < position "mkdir -p $out/golang.org/x/tools\n";
    };
    expected = {
      GO_NO_VENDOR_CHECKS = "1";
      vendorHash = null;
      copied = true;
      fetches = {
        "github.com/alecthomas/chroma/v2" = {
          outputHash = "sha256-dxsu43a+PvHg2jYR0Tfys6a8x6IVR+9oCGAh+fvL3SM=";
          goPackagePath = "github.com/oppiliappan/chroma/v2";
          version = "v2.19.0";
        };
        "golang.org/x/tools" = {
          outputHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
          goPackagePath = "golang.org/x/tools";
          version = "v0.36.0";
        };
        "golang.org/x/tools/gopls" = {
          outputHash = "sha256-JRzjZ46SFu+tp/sA1rmN6Oj3LYMGdyVqhb1c4jvzyV4=";
          goPackagePath = "golang.org/x/tools/gopls";
          version = "v0.20.0";
        };
      };
      nestedFirst = true;
    };
  };

  goCgoOffByDefault = {
    expr = (goModule {}).CGO_ENABLED;
    expected = 0;
  };

  goSingleBinaryIsMainProgram = {
    expr = (goModule {binaries.goat = "cmd/goat";}).meta.mainProgram;
    expected = "goat";
  };

  goBuildsAgainstPinnedIndigo = {
    expr = hasInfixes ["go mod edit -replace github.com/bluesky-social/indigo=${src}"] (goModule {indigo = src;}).postPatch;
    expected = [true];
  };

  # fetchPnpmDeps (26.05) with fetcherVersion 3, this app's pnpm and its workspace filter.
  pnpmDepsFetchedWithFetcherVersion3AndWorkspaceFilter = {
    expr = let
      app = pnpmApp {};
    in {
      inherit (app.pnpmDeps) fetcherVersion outputHash pnpmWorkspaces;
      fetchedWith = (lib.head app.pnpmDeps.drvAttrs.nativeBuildInputs).version;
      appWorkspaces = app.pnpmWorkspaces;
      hook = lib.any (input: (input.name or "") == "pnpm-config-hook") app.drvAttrs.nativeBuildInputs;
      build = hasInfixes ["pnpm --config.manage-package-manager-versions=false --config.package-manager-strict=false --filter=@example/web... run build"] app.buildPhase;
    };
    expected = {
      fetcherVersion = 3;
      outputHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
      pnpmWorkspaces = "@example/web...";
      fetchedWith = pkgs.pnpm_10.version;
      appWorkspaces = "@example/web...";
      hook = true;
      build = [true];
    };
  };

  # A hash produced with fetcherVersion 2 keeps it: 26.05 still accepts 2.
  pnpmDepsKeepTheFetcherVersionOfAProducedHash = {
    expr = (pnpmApp {pnpmDepsFetcherVersion = 2;}).pnpmDeps.fetcherVersion;
    expected = 2;
  };

  pnpmNodeAppWrapper = {
    expr = hasInfixes ["makeWrapper ${lib.getExe pkgs.nodejs_22} $out/bin/web" "--add-flags $out/share/web/apps/web/dist/index.js"] (pnpmApp {}).installPhase;
    expected = [true true];
  };

  pnpmNextStandalone = {
    expr =
      hasInfixes [
        "cp -r apps/web/.next/standalone/. $out/share/web/"
        "cp -r apps/web/.next/static $out/share/web/apps/web/.next/static"
        "--add-flags $out/share/web/apps/web/server.js"
        "--set-default PORT 3000"
      ]
      (pnpmApp {
        nextStandalone = true;
        environment.PORT = 3000;
      })
      .installPhase;
    expected = [true true true true];
  };

  denoDependenciesAreFixedOutput = {
    expr = {inherit ((denoApp {}).denoDeps) outputHash outputHashMode;};
    expected = {
      outputHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
      outputHashMode = "recursive";
    };
  };

  denoRunWrapper = {
    expr = hasInfixes ["--set DENO_DIR $out/lib/deno-dir" "run --cached-only --allow-net $out/share/bot/main.ts"] (denoApp {}).installPhase;
    expected = [true true];
  };

  denoCompile = {
    expr = hasInfixes ["deno compile --frozen --cached-only --allow-net --output bot main.ts"] (denoApp {compile = true;}).buildPhase;
    expected = [true];
  };

  denoInstallTakesNoPermissions = {
    expr = (denoApp {}).buildPhase;
    expected = ''
      runHook preBuild
      deno install --frozen --cached-only --entrypoint main.ts
      runHook postBuild
    '';
  };

  denoLockSplitsPeerSuffixes = {
    expr = map denoLockLib.splitKey ["@types/a@1.0.0_@types+b@2.0.0" "react-dom@18.2.0_react@18.2.0"];
    expected = [
      {
        name = "@types/a";
        version = "1.0.0";
      }
      {
        name = "react-dom";
        version = "18.2.0";
      }
    ];
  };

  # Each npm package, JSR file and manifest, and remote module is one fetch with the lock's hash.
  denoLockEntriesAreFetchedOneByOne = {
    expr = map (url: lib.hasInfix url lockedDeps.buildPhase) [
      "mkdir -p \"$out\"/npm/registry.npmjs.org/@sindresorhus/is/4.6.0"
      "\"$out\"/npm/registry.npmjs.org/react-dom/18.2.0 --strip-components=1"
      "\"$out\"/vendor/jsr.io/@demo/greet/1.0.0_meta.json"
      "\"$out\"/vendor/jsr.io/@demo/greet/1.0.0/mod.ts"
      "\"$out\"/vendor/deno.land/x/demo@1.0.0/mod.ts"
      ''{"versions":{"1.0.0":{}}}''
    ];
    expected = [true true true true true true];
  };

  denoLockFetchesCarryTheLockHashes = {
    expr = let
      fetches = lockedDeps.fetches;
    in
      map (url: (lib.findFirst (drv: drv.url == url) null fetches).outputHash) [
        "https://registry.npmjs.org/@sindresorhus/is/-/is-4.6.0.tgz"
        "https://npm.example.org/loose-envify/-/loose-envify-1.4.0.tgz"
        "https://jsr.io/@demo/greet/1.0.0_meta.json"
        "https://jsr.io/@demo/greet/1.0.0/mod.ts"
        "https://deno.land/x/demo@1.0.0/mod.ts"
      ];
    expected = [
      "sha512-t09vSN3MdfsyCHoFcTRCH/iUtG7OJ0CsjzB8cjAmKc/va/kIgeDI/TxsigdncE/4be734m0cvIYwNaV4i2XqAw=="
      "sha512-lyuxPGr/Wfhrlem2CL/UcnUc1zcqKAImBDzukY7Y5F/yQiNdko6+fRLevlw1HgMySw7f611UIY408EtxRSoK3Q=="
      "sha256:8a21338a40678487463ba77f1d7631c10e79861bd81b347c1f90c6a2801da9a0"
      "sha256:9f903a6a1a271260adf980c39dd65bf283de2a63e6ae95bbccdab8dcd0b83af5"
      "sha256:c59e66dc3773827c0479ea2e4dc723d6eb783411e5415e848437946346867610"
    ];
  };

  denoLockedAppUsesVendor = {
    expr = [
      (hasInfixes ["deno install --frozen --cached-only --vendor --entrypoint main.ts"] (denoLockedApp {}).buildPhase)
      (hasInfixes ["cp -r --no-preserve=mode" "/vendor vendor" "echo '{}' > deno.json"] (denoLockedApp {}).configurePhase)
      (hasInfixes ["run --cached-only --vendor --allow-net"] (denoLockedApp {}).installPhase)
      (lib.hasSuffix ".drv" (denoLockedApp {}).drvPath)
    ];
    expected = [[true] [true true true] [true] true];
  };

  tangledUrlAndHash = {
    expr = {inherit (tangled) url outputHash rev owner;};
    expected = {
      url = "https://tangled.org/@smokesignal.events/quickdid";
      outputHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
      rev = "eaebd066cf27ad6671a21652c5d7c66e8a2885be";
      owner = "smokesignal.events";
    };
  };

  tangledDidOwner = {
    expr =
      (fetchFromTangled {
        owner = "did:plc:wshs7t2adsemcrrd4snkeqli";
        repo = "core";
        tag = "v1.11.0-alpha";
        hash = "sha256-t8UQ85/bPXrbFs3V/paFtQvv4lSrr2lszrdcgspuAaA=";
        domain = "tangled.sh";
      })
      .url;
    expected = "https://tangled.sh/did:plc:wshs7t2adsemcrrd4snkeqli/core";
  };
}
