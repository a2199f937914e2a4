{lib, ...}: let
  inherit (lib) mkOption types;
in {
  # `mkEnableOption` is not in scope here: the fix would add an undefined variable.
  options.services.example.enable = mkOption {
    type = types.bool;
    default = false;
    description = "Whether to enable the example service.";
  };
}
