# Profile: a Tangled knot for your own repositories, registered with the public Tangled
# AppView, served over HTTPS by nginx and over SSH by sshd.
{
  config,
  lib,
  atprotoLib,
  ...
}: let
  cfg = config.atproto.profiles.tangledKnot;
  inherit (lib) mkDefault mkOption types;
in {
  options.atproto.profiles.tangledKnot = {
    enable = lib.mkEnableOption "a Tangled knot for your own repositories on the public AppView";
    hostname = mkOption {
      type = types.nullOr atprotoLib.types.hostname;
      default = null;
      example = "knot.example.com";
      description = "Public hostname of the knot (its DNS must point at this host).";
    };
    owner = mkOption {
      type = types.nullOr atprotoLib.types.did;
      default = null;
      description = "Your DID: the knot's owner.";
    };
    acmeEmail = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Address for the ACME account; setting it accepts the certificate authority's terms.";
    };
  };

  config = lib.mkIf cfg.enable {
    services.tangled-knot = {
      enable = true;
      inherit (cfg) hostname owner;
      openFirewall = mkDefault true;
      nginx = {
        enable = mkDefault true;
        hostName = mkDefault cfg.hostname;
      };
    };
    security.acme = lib.mkIf (cfg.acmeEmail != null) {
      acceptTerms = true;
      defaults.email = cfg.acmeEmail;
    };
  };
}
