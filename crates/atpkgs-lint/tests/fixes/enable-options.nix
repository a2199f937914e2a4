{lib, ...}: {
  options.services.example = {
    enable = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "Whether to enable the example service.";
    };
  };
  options.services.example-on = {
    enable = lib.mkOption {
      type = lib.types.bool;
      default = true;
      description = "Enable the example service that runs by default.";
    };
  };
  options.services.example-custom = {
    # Says more than mkEnableOption can: left for a person.
    enable = lib.mkOption {
      type = lib.types.bool;
      default = false;
      example = true;
      description = "Whether to enable the custom service.";
    };
  };
}
