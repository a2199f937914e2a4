# pds-dash: a dashboard of a PDS's accounts and posts, as static files served by nginx. Its
# settings are compiled into the build (config.ts), so the package is built for this host
# with them; the browser then talks to the PDS directly (`com.atproto.sync.listRepos`,
# `com.atproto.repo.listRecords`, …). Nothing runs besides nginx.
{
  config,
  lib,
  pkgs,
  atprotoLib,
  ...
}: let
  cfg = config.services.witchcraft-systems-pds-dash;
  prefix = "services.witchcraft-systems-pds-dash";
  common = atprotoLib.service;
  inherit (lib) mkOption types;

  dashboard = cfg.package.override {
    settings = {
      PDS_URL = cfg.pds;
      THEME = cfg.theme;
      FRONTEND_URL = cfg.frontend;
      MAX_POSTS = cfg.maxPosts;
      FOOTER_TEXT = cfg.footer;
      SHOW_FUTURE_POSTS = cfg.showFuturePosts;
    };
  };
in {
  options.services.witchcraft-systems-pds-dash = {
    enable = lib.mkEnableOption "pds-dash, a dashboard of a PDS's accounts and posts, served by nginx";
    package = lib.mkPackageOption pkgs ["atproto" "witchcraft-systems-pds-dash"] {
      extraDescription = "It is built for this host with `.override { settings = …; }` from the options below.";
    };
    hostName = mkOption {
      type = types.nullOr atprotoLib.types.hostname;
      default = null;
      example = "dash.example.com";
      description = "Host name of the nginx virtual host (HTTPS, with an ACME certificate) serving the dashboard.";
    };
    pds = common.mkEndpointOption config {
      name = "entryway";
      description = "PDS whose accounts and posts are shown (`PDS_URL`); the host's PDS when one runs here (service discovery). Its CORS headers must allow the dashboard's origin (the official PDS allows any).";
    };
    theme = mkOption {
      type = types.enum ["default" "express" "witchcraft"];
      default = "default";
      description = "Theme (`THEME`): a directory of upstream's `themes/`.";
    };
    frontend = mkOption {
      type = types.str;
      default = "https://deer.social";
      example = "https://bsky.app";
      description = "Web client that replies, quotes and accounts link to (`FRONTEND_URL`).";
    };
    maxPosts = mkOption {
      type = types.ints.positive;
      default = 20;
      description = "Posts fetched from the PDS per request (`MAX_POSTS`); lower it for PDSes with many accounts, the sorting happens in the browser.";
    };
    footer = mkOption {
      type = types.str;
      default = pkgs.atproto.witchcraft-systems-pds-dash.defaults.FOOTER_TEXT;
      defaultText = lib.literalMD "upstream's link to its source";
      description = "Footer (`FOOTER_TEXT`), HTML.";
    };
    showFuturePosts = mkOption {
      type = types.bool;
      default = false;
      description = "Whether posts dated in the future are shown (`SHOW_FUTURE_POSTS`).";
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = common.mkRequiredAssertions prefix cfg {
      hostName = "the host name the dashboard is served at";
    };

    services.nginx = lib.mkIf (cfg.hostName != null) {
      enable = true;
      recommendedTlsSettings = lib.mkDefault true;
      virtualHosts.${cfg.hostName} = {
        forceSSL = true;
        enableACME = true;
        root = dashboard;
        locations."/".tryFiles = "$uri /index.html";
      };
    };
    networking.firewall.allowedTCPPorts = [80 443];
  };
}
