# The atpkgs library: `import ./lib { inherit lib; }` with nixpkgs' lib.
#   types, explain          ATproto identifier option types and why a value is rejected
#   publicEndpoints         defaults of the public network (the endpoint registry)
#   packageAttrName, …      package conventions
#   service                 NixOS service patterns (lib/service-common.nix)
{lib}: let
  core = import ./atproto-core.nix {inherit lib;};
in
  core
  // {
    service = import ./service-common.nix {inherit lib core;};
  }
