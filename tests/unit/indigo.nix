# Indigo: the package and the relay, rainbow, palomar and hepa modules.
{
  lib,
  pkgs,
  system,
  configurations,
  ...
}: let
  indigo = pkgs.atproto.bluesky-indigo;
  serviceIn = name: (system [configurations.${name}]).systemd.services.${name};
  execLine = service: lib.last (lib.filter (lib.hasPrefix "exec ") (lib.splitString "\n" service.script));
in {
  packageBuildsTheServicesWithCgo = {
    expr = {
      inherit (indigo.drvAttrs) subPackages;
      inherit (indigo) CGO_ENABLED vendorHash goModulePath;
    };
    expected = {
      subPackages = map (name: "cmd/${name}") ["beemo" "bluepages" "collectiondir" "gosky" "hepa" "lexgen" "palomar" "rainbow" "relay" "sonar"];
      CGO_ENABLED = 1;
      vendorHash = "sha256-9hKOHJzG7YWW/ZN8xF8Z6JsR506fiNTzeeGqSy/oCGc=";
      goModulePath = "github.com/bluesky-social/indigo";
    };
  };

  downstreamBuildsCompileAgainstPinnedIndigo = {
    expr = let
      downstream = pkgs.atproto.buildGoAtprotoModule {
        pname = "feed";
        version = "1.0";
        inherit (indigo) src;
        binaries.feed = "cmd/feed";
        vendorHash = null;
        indigo = indigo.src;
      };
    in
      lib.hasInfix "go mod edit -replace github.com/bluesky-social/indigo=${builtins.unsafeDiscardStringContext indigo.src}" (builtins.unsafeDiscardStringContext downstream.postPatch);
    expected = true;
  };

  relayEnvironment = let
    service = serviceIn "bluesky-relay";
  in {
    expr = {
      environment = removeAttrs service.environment ["ENVIRONMENT"];
      command = lib.hasSuffix "/bin/relay serve" (execLine service);
      inherit (service.serviceConfig) User StateDirectory;
    };
    expected = {
      environment = {
        RELAY_API_BIND = "127.0.0.1:2470";
        RELAY_METRICS_LISTEN = "127.0.0.1:2471";
        RELAY_PLC_HOST = "https://plc.directory";
        RELAY_PERSIST_DIR = "%S/bluesky-relay/persist";
        RELAY_REPLAY_WINDOW = "72h";
        RELAY_TRUSTED_DOMAINS = "*.host.bsky.network";
        RELAY_DISABLE_REQUEST_CRAWL = "false";
        DATABASE_URL = "postgresql:///bluesky-relay?host=/run/postgresql&user=bluesky-relay";
      };
      command = true;
      User = "bluesky-relay";
      StateDirectory = "bluesky-relay";
    };
  };

  relaySqliteByDefault = {
    expr = (system [{services.bluesky-relay.enable = true;}]).systemd.services.bluesky-relay.environment.DATABASE_URL;
    expected = "sqlite://%S/bluesky-relay/relay.sqlite";
  };

  relayFollowsThePlcRegistry = {
    expr =
      (system [
        configurations.bluesky-relay
        {atproto.endpoints.plcDirectory = "http://127.0.0.1:2582";}
      ])
      .systemd
      .services
      .bluesky-relay
      .environment
      .RELAY_PLC_HOST;
    expected = "http://127.0.0.1:2582";
  };

  rainbowSplitsTheLocalRelay = {
    expr = (serviceIn "bluesky-rainbow").environment;
    expected = {
      ATP_RELAY_HOST = "http://127.0.0.1:2470";
      RAINBOW_API_LISTEN = "127.0.0.1:2480";
      RAINBOW_METRICS_LISTEN = "127.0.0.1:2481";
      RAINBOW_DB_PATH = "%S/bluesky-rainbow/rainbow.db";
      RAINBOW_CURSOR_PATH = "%S/bluesky-rainbow/cursor";
      RAINBOW_PERSIST_HOURS = "72";
      RAINBOW_NEXT_CRAWLER = "https://bsky.network";
      ENVIRONMENT = "prod";
    };
  };

  rainbowWithoutLocalRelayUsesTheRegistry = {
    expr = (system [{services.bluesky-rainbow.enable = true;}]).systemd.services.bluesky-rainbow.environment.ATP_RELAY_HOST;
    expected = "https://bsky.network";
  };

  palomarEnvironment = let
    service = serviceIn "bluesky-palomar";
  in {
    expr = {
      inherit (service) environment;
      command = lib.hasSuffix "/bin/palomar run" (execLine service);
      password = lib.hasInfix ''export ES_PASSWORD="$(< "$CREDENTIALS_DIRECTORY/opensearch-password")"'' service.script;
    };
    expected = {
      environment = {
        ATP_RELAY_HOST = "wss://bsky.network";
        ATP_PLC_HOST = "https://plc.directory";
        ES_HOSTS = "http://127.0.0.1:9200";
        ES_USERNAME = "admin";
        ES_POST_INDEX = "palomar_post";
        ES_PROFILE_INDEX = "palomar_profile";
        PALOMAR_BIND = "127.0.0.1:3999";
        PALOMAR_METRICS_LISTEN = "127.0.0.1:3998";
        PALOMAR_READONLY = "false";
        PALOMAR_DISCOVER_REPOS = "false";
        DATABASE_URL = "sqlite://%S/bluesky-palomar/search.db";
      };
      command = true;
      password = true;
    };
  };

  hepaEnvironmentAndRedis = let
    config = system [configurations.bluesky-hepa];
    service = config.systemd.services.bluesky-hepa;
  in {
    expr = {
      inherit (service) environment requires;
      groups = service.serviceConfig.SupplementaryGroups;
      redis = config.services.redis.servers.bluesky-hepa.enable;
      secrets = service.serviceConfig.LoadCredential;
    };
    expected = {
      environment = {
        ATP_RELAY_HOST = "wss://bsky.network";
        ATP_PLC_HOST = "https://plc.directory";
        ATP_BSKY_HOST = "https://public.api.bsky.app";
        ATP_OZONE_HOST = "https://mod.bsky.app";
        HEPA_OZONE_DID = "did:plc:ar7c4by46qjdydhdevvrndac";
        ATP_PDS_HOST = "https://bsky.social";
        HEPA_REDIS_URL = "unix:///run/redis-bluesky-hepa/redis.sock";
        HEPA_RULESET = "default";
        HEPA_METRICS_LISTEN = "127.0.0.1:3989";
      };
      requires = ["redis-bluesky-hepa.service"];
      groups = ["redis-bluesky-hepa"];
      redis = true;
      secrets = ["ozone-admin-token:/run/secrets/ozone-admin-token"];
    };
  };
}
