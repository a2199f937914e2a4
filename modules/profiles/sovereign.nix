# Profile: a self-contained ATproto network on one host: a PLC mirror (Allegedly), a relay
# (Indigo), a PDS (the official one) and the Bluesky AppView (when its module is imported),
# each on a subdomain of `domain` behind nginx with an ACME certificate. Service discovery
# points the `atproto.endpoints` entries they provide at them; the profile fails evaluation
# while any entry still names the public network, unless `publicNetwork` keeps its part there.
{
  config,
  options,
  lib,
  atprotoLib,
  ...
}: let
  cfg = config.atproto.profiles.sovereign;
  prefix = "atproto.profiles.sovereign";
  inherit (lib) mkDefault mkOption types;

  # The parts of the network and the `atproto.endpoints` entries each one is reached at.
  parts = {
    plc = ["plcDirectory"];
    relay = ["relay"];
    pds = ["entryway"];
    appview = ["appview" "appviewDid" "publicAppview"];
    jetstream = ["jetstream"];
    moderation = ["moderation" "moderationDid"];
  };
  partOf = endpoint: lib.findFirst (part: builtins.elem endpoint parts.${part}) null (builtins.attrNames parts);
  isPublic = part: builtins.elem part cfg.publicNetwork;

  # The Bluesky AppView joins when its module (services.bluesky-appview, in nixosModules.default)
  # is imported: the profile relies only on what every atpkgs module has (enable,
  # nginx.enable, nginx.hostName).
  appviewModule = options.services ? bluesky-appview;

  subdomain = name: "${name}.${cfg.domain}";

  # The entries still naming the public network that `publicNetwork` does not keep there.
  stillPublic =
    builtins.filter (name: atprotoLib.namesPublicNetwork config.atproto.endpoints.${name} && !isPublic (partOf name))
    (builtins.attrNames config.atproto.endpoints);

  publicAssertion = name: let
    part = partOf name;
  in {
    assertion = false;
    message =
      "${prefix}: atproto.endpoints.${name} (${config.atproto.endpoints.${name}}) is a service of the public network. Set it to your own"
      + lib.optionalString (part != null) ", or add \"${part}\" to ${prefix}.publicNetwork to keep it there";
  };

  partOption = part: what:
    lib.mkEnableOption what
    // {
      default = !isPublic part;
      defaultText = lib.literalExpression ''!(builtins.elem "${part}" config.${prefix}.publicNetwork)'';
    };
in {
  options.atproto.profiles.sovereign = {
    enable = lib.mkEnableOption "a self-contained ATproto network on this host: PLC mirror, relay, PDS and (when its module is imported) the Bluesky AppView, each on a subdomain of `domain`";
    domain = mkOption {
      type = types.nullOr atprotoLib.types.hostname;
      default = null;
      example = "example.com";
      description = "Domain whose subdomains the services are reached at: `plc.`, `relay.`, `pds.` and `appview.` (their DNS must point at this host).";
    };
    acmeEmail = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "Address of the ACME account the subdomains' certificates are issued to; setting it accepts the certificate authority's terms.";
    };
    publicNetwork = mkOption {
      type = types.listOf (types.enum (builtins.attrNames parts));
      default = [];
      example = ["appview" "moderation"];
      description = ''
        Parts of the network this host leaves on the public network: their
        `atproto.endpoints` entries keep the public values, and the parts this profile can run
        (`plc`, `relay`, `pds`, `appview`) are not run here. The parts and their entries: `plc`
        (`plcDirectory`), `relay` (`relay`), `pds` (`entryway`), `appview` (`appview`,
        `appviewDid`, `publicAppview`), `jetstream` (`jetstream`), `moderation` (`moderation`,
        `moderationDid`). atpkgs runs no Jetstream and no moderation service: set those entries
        to your own, or list them here.
      '';
    };
    plc.enable = partOption "plc" "the PLC mirror (Allegedly) at `plc.<domain>`, wrapping a did-method-plc server you run (`services.microcosm-allegedly.wrap`)";
    relay.enable = partOption "relay" "the relay (Indigo) at `relay.<domain>`";
    pds.enable = partOption "pds" "the PDS (`services.atproto-pds`) at `pds.<domain>`";
    appview.enable =
      lib.mkEnableOption "the Bluesky AppView (`services.bluesky-appview`) at `appview.<domain>`"
      // {
        default = appviewModule && !isPublic "appview";
        defaultText = lib.literalExpression ''options.services ? bluesky-appview && !(builtins.elem "appview" config.${prefix}.publicNetwork)'';
      };
  };

  config = lib.mkIf cfg.enable (lib.mkMerge [
    {
      assertions =
        atprotoLib.service.mkRequiredAssertions prefix cfg {domain = "the domain whose subdomains the network's services are reached at";}
        ++ [
          {
            assertion = cfg.appview.enable -> appviewModule;
            message = "${prefix}.appview.enable needs the Bluesky AppView's module (services.bluesky-appview), which this configuration does not import (atpkgs' nixosModules.bluesky-appview, part of nixosModules.default): set the appview entries of atproto.endpoints to your AppView, or add \"appview\" to ${prefix}.publicNetwork";
          }
        ]
        ++ lib.optionals (cfg.domain != null) (
          [
            {
              assertion = cfg.acmeEmail != null || config.security.acme.defaults.email != null;
              message = "${prefix}.acmeEmail must be set: the address of the ACME account the subdomains' certificates are issued to (or set security.acme.defaults.email and security.acme.acceptTerms yourself)";
            }
          ]
          ++ map publicAssertion stillPublic
        );
    }

    (lib.mkIf (cfg.domain != null && cfg.plc.enable) {
      services.microcosm-allegedly = {
        enable = true;
        # The PDS registers its accounts' DIDs through the mirror, which forwards them upstream.
        experimentalWriteUpstream = mkDefault cfg.pds.enable;
        backfill.enable = mkDefault true;
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault (subdomain "plc");
        };
      };
    })

    (lib.mkIf (cfg.domain != null && cfg.relay.enable) {
      services.bluesky-relay = {
        enable = true;
        # The network's own PDS gets a trusted host's quotas.
        trustedDomains = lib.mkIf cfg.pds.enable (mkDefault [config.services.atproto-pds.hostname]);
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault (subdomain "relay");
        };
      };
    })

    (lib.mkIf (cfg.domain != null && cfg.pds.enable) {
      services.atproto-pds = {
        enable = true;
        hostname = mkDefault (subdomain "pds");
        nginx.enable = mkDefault true;
      };
    })

    (lib.optionalAttrs appviewModule (lib.mkIf (cfg.domain != null && cfg.appview.enable) {
      services.bluesky-appview = {
        enable = true;
        nginx = {
          enable = mkDefault true;
          hostName = mkDefault (subdomain "appview");
        };
      };
      # Discovery, unless the AppView's module registers itself (its definition wins).
      atproto.discovery.providers.bluesky-appview = let
        hostName = config.services.bluesky-appview.nginx.hostName;
        url = "https://${hostName}";
      in
        mkDefault {
          endpoints = {
            appview = url;
            publicAppview = url;
            appviewDid = "did:web:${hostName}";
          };
          addresses = [url];
        };
    }))

    (lib.mkIf (cfg.domain != null && cfg.acmeEmail != null) {
      security.acme = {
        acceptTerms = true;
        defaults.email = cfg.acmeEmail;
      };
    })
  ]);
}
