# The test double behaves like nixpkgs at our pin where atpkgs depends on it.
{
  lib,
  pkgs,
  ...
}: let
  fails = value: !(builtins.tryEval (builtins.deepSeq value value)).success;

  # Whether a value is accepted by an option of this type (types check deeply on merge).
  typeAccepts = type: value:
    !fails
    (lib.evalModules {
      modules = [
        {
          options.value = lib.mkOption {inherit type;};
          config.value = value;
        }
      ];
    })
    .config
    .value;
  src = pkgs.fetchFromGitHub {
    owner = "example";
    repo = "example";
    rev = "0123456789abcdef0123456789abcdef01234567";
    hash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
  };
in {
  fetcherIsFixedOutput = {
    expr = {inherit (src) outputHash outputHashMode name rev;};
    expected = {
      outputHash = "sha256-wb9UZSqKJ8IiGjqBgwW1+1lv1Ta9iXWb7hU26v3SGTo=";
      outputHashMode = "recursive";
      name = "source";
      rev = "0123456789abcdef0123456789abcdef01234567";
    };
  };

  fetcherRequiresExactlyOneOfRevAndTag = {
    expr = fails (pkgs.fetchFromGitHub {
      owner = "o";
      repo = "r";
      rev = "0123456789abcdef0123456789abcdef01234567";
      tag = "v1";
      hash = "";
    });
    expected = true;
  };

  finalAttrsFollowOverrides = {
    expr =
      ((pkgs.stdenv.mkDerivation (finalAttrs: {
          pname = "x";
          version = "1";
          passthru.shownVersion = finalAttrs.version;
        }))
        .overrideAttrs {version = "2";})
      .shownVersion;
    expected = "2";
  };

  envMayNotRepeatTopLevelAttributes = {
    expr = fails (pkgs.stdenv.mkDerivation {
      name = "x";
      FOO = "1";
      env.FOO = "1";
    });
    expected = true;
  };

  goTopLevelCgoIsAnError = {
    expr = fails (pkgs.buildGoModule {
      pname = "g";
      version = "1";
      inherit src;
      vendorHash = null;
      CGO_ENABLED = 0;
    });
    expected = true;
  };

  goCgoThroughEnv = {
    expr =
      (pkgs.buildGoModule {
        pname = "g";
        version = "1";
        inherit src;
        vendorHash = null;
        env.CGO_ENABLED = 0;
      })
      .CGO_ENABLED;
    expected = 0;
  };

  goVendorHashRequired = {
    expr = fails (pkgs.buildGoModule {
      pname = "g";
      version = "1";
      inherit src;
    });
    expected = true;
  };

  # 26.05: fetcherVersion is required and 1, 2 or 3; the deprecated pnpm.fetchDeps still works
  # (with a warning) and fetches with its own pnpm.
  pnpmFetcherVersionRequiredAndOneToThree = {
    expr = map (fetcherVersion:
      fails (pkgs.fetchPnpmDeps ({
          pname = "p";
          inherit src;
          hash = "";
        }
        // lib.optionalAttrs (fetcherVersion != null) {inherit fetcherVersion;})))
    [null 1 2 3 4];
    expected = [true false false false true];
  };

  pnpmDeprecatedFetchDepsUsesItsPnpm = {
    expr =
      (lib.head
        (pkgs.pnpm_9.fetchDeps {
          pname = "p";
          inherit src;
          fetcherVersion = 2;
          hash = "";
        })
        .drvAttrs
        .nativeBuildInputs)
      .version;
    expected = pkgs.pnpm_9.version;
  };

  formatsHaveNixpkgsTypes = {
    expr = map (format: typeAccepts format.type {a.b = 1;}) [(pkgs.formats.json {}) (pkgs.formats.toml {}) (pkgs.formats.ini {})];
    expected = [true true true];
  };

  tomlHasNoNull = {
    expr = typeAccepts (pkgs.formats.toml {}).type {a = null;};
    expected = false;
  };

  overlayAddsAtprotoScope = {
    expr = {
      scope = pkgs.atproto ? callPackage && pkgs.atproto ? overrideScope;
      library = pkgs.atproto.atprotoLib ? types;
    };
    expected = {
      scope = true;
      library = true;
    };
  };
}
