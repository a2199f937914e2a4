# teal.fm's Rust services (teal-fm/teal): aqua (the AppView API), status-api (listening
# statuses from Jetstream), cadet (the Jetstream ingester and CAR import worker), satellite
# (statistics of the database) and the `teal` command-line tool.
#
# The workspace's `types` crate has no sources upstream: its Rust code is generated from the
# lexicons, as upstream's `pnpm lex:gen --rust-only` does, by jacquard-codegen 0.12.1 (the
# version upstream's lexicon CLI installs) over teal's lexicons and the atproto ones of the
# `vendor/atproto` submodule.
{
  lib,
  buildRustWorkspace,
  craneLib,
  fetchFromGitHub,
  fetchCrate,
  runCommand,
}: let
  version = "0-unstable-2026-08-18";

  src = fetchFromGitHub {
    owner = "teal-fm";
    repo = "teal";
    rev = "bb80aca16e15894059e4f7978ef085876ce3d2b5";
    hash = "sha256-/SAVlDCvPxeerALjXmanU0IwMCpLDKzmoQDNszZT8H0=";
  };

  # The commit of the `vendor/atproto` submodule at `rev`: lexicons/{app,chat,com,tools} link
  # into its lexicons.
  atprotoLexicons = fetchFromGitHub {
    owner = "bluesky-social";
    repo = "atproto";
    rev = "8dba37fdea68bad7e5ef1fc6e99eea2957272847";
    hash = "sha256-lzxYaQOu5+1XBguSzlGwWMYRyJkHeVYmPsYg7o973vc=";
  };

  # The crate as crates.io serves it (its checksum is the index's), with its Cargo.lock.
  jacquard-lexgen = buildRustWorkspace {
    pname = "jacquard-lexgen";
    version = "0.12.1";
    src = fetchCrate {
      pname = "jacquard-lexgen";
      version = "0.12.1";
      hash = "sha256-zPNvohpghyyDg248hX5xU+8vsFWgTlhsBtplJEL7oE4=";
    };
    members.jacquard-codegen = {
      package = null;
      binaries = ["jacquard-codegen"];
    };
    doCheck = false;
    meta = {
      description = "Rust code generator for ATproto lexicons (Jacquard)";
      homepage = "https://tangled.org/nonbinary.computer/jacquard";
      license = lib.licenses.mpl20;
      platforms = lib.platforms.linux;
    };
  };

  # The dependency build's source: the workspace with the generated crate's library stubbed,
  # so that crane finds every crate's targets (it reads them at evaluation).
  dummySrc = craneLib.mkDummySrc {
    src = runCommand "teal-workspace-${version}" {} ''
      cp -r ${src} $out
      chmod -R u+w $out
      mkdir -p $out/services/types/src
      touch $out/services/types/src/lib.rs
    '';
  };

  # The submodule's lexicons in place (lexicons/{app,chat,com,tools} link there), then the
  # generated crate.
  generateTypes = ''
    mkdir -p vendor/atproto
    cp -r ${atprotoLexicons}/lexicons vendor/atproto/lexicons
    (cd services/types && ${lib.getExe' jacquard-lexgen "jacquard-codegen"} --input ../../lexicons --output src)
  '';

  # The listen addresses of aqua and satellite (upstream: 0.0.0.0:3000 and 0.0.0.0:3001),
  # cadet's metrics listener (0.0.0.0:9000) and its Jetstream (jetstream2.us-east) become
  # settable by the ATPKGS_* variables the module sets; unset, upstream's values stand. Only
  # the members are patched: the dependency build compiles stubs of the workspace's crates.
  member = binary: description: {
    binaries = [binary];
    args = {
      patches = [./configurable-addresses.patch];
      postPatch = generateTypes;
    };
    meta = {inherit description;};
  };
in
  buildRustWorkspace {
    pname = "teal";
    inherit version src dummySrc;

    members = {
      aqua = member "aqua" "teal.fm's AppView API: plays, profiles, statistics and CAR imports";
      status-api = member "status-api" "teal.fm's listening-status API and its Jetstream consumer";
      cadet = member "cadet" "teal.fm's ingester of plays, profiles and statuses from Jetstream, with the CAR import worker";
      satellite = member "satellite" "teal.fm's statistics API over the materialized views it refreshes";
      teal-cli = member "teal" "teal.fm's command-line tool: service keys and CAR files";
    };

    # The queries are checked against upstream's prepared query data (.sqlx), not a database.
    env.SQLX_OFFLINE = "true";

    passthru = {
      # The submodule's lexicons, which amethyst builds from too.
      inherit atprotoLexicons jacquard-lexgen;
      # The database schema, applied by the module with sqlx-cli.
      migrations = "${src}/migrations";
    };

    meta = {
      description = "teal.fm's services: a music scrobbling AppView on ATproto";
      homepage = "https://github.com/teal-fm/teal";
      license = lib.licenses.mit;
      platforms = lib.platforms.linux;
    };
  }
