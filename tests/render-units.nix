# Unit files of every representative configuration: { <configuration> = { "<unit>" = text; }; }.
let
  harness = import ./harness.nix {};
in
  builtins.mapAttrs (_: configuration: harness.nixos.units (harness.system [configuration])) harness.configurations
