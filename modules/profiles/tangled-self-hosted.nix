# Profile: a whole Tangled forge on one host: the AppView on `domain`, a knot on
# `knot.<domain>` and a spindle on `spindle.<domain>`. Service discovery points this host's
# `atproto.endpoints.tangledAppview` at the local AppView, so the knot reports to it.
{
  config,
  lib,
  atprotoLib,
  ...
}: let
  cfg = config.atproto.profiles.tangledSelfHosted;
  inherit (lib) mkDefault mkOption types;
in {
  options.atproto.profiles.tangledSelfHosted = {
    enable = lib.mkEnableOption "a self-hosted Tangled forge (AppView, knot and spindle)";
    domain = mkOption {
      type = types.nullOr atprotoLib.types.hostname;
      default = null;
      example = "code.example.com";
      description = "Domain of the AppView; the knot and spindle use `knot.` and `spindle.` subdomains.";
    };
    owner = mkOption {
      type = types.nullOr atprotoLib.types.did;
      default = null;
      description = "DID owning the knot and the spindle.";
    };
    cookieSecretFile = mkOption {
      type = types.nullOr atprotoLib.service.secretPath;
      default = null;
      description = "Session secret of the AppView (see services.tangled-appview.cookieSecretFile).";
    };
    acmeEmail = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Address for the ACME account; setting it accepts the certificate authority's terms.";
    };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions = atprotoLib.service.mkRequiredAssertions "atproto.profiles.tangledSelfHosted" cfg {
        domain = "the forge's domain";
        owner = "the DID owning the knot and spindle";
        cookieSecretFile = "the AppView's session secret";
      };
    }
    (lib.mkIf (cfg.domain != null) {
      services.tangled-appview = {
        enable = true;
        cookieSecretFile = lib.mkIf (cfg.cookieSecretFile != null) cfg.cookieSecretFile;
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault cfg.domain;
        };
      };
      services.tangled-knot = {
        enable = true;
        hostname = mkDefault "knot.${cfg.domain}";
        inherit (cfg) owner;
        openFirewall = mkDefault true;
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault "knot.${cfg.domain}";
        };
      };
      services.tangled-spindle = {
        enable = true;
        hostname = mkDefault "spindle.${cfg.domain}";
        inherit (cfg) owner;
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault "spindle.${cfg.domain}";
        };
      };
      security.acme = lib.mkIf (cfg.acmeEmail != null) {
        acceptTerms = true;
        defaults.email = cfg.acmeEmail;
      };
    })
  ]);
}
