# Turns the module at `path` into one that receives the atpkgs library as the argument
# `atprotoLib`. It is passed directly, not through `_module.args`, so modules can use it
# while their options and `config` structure are still being computed.
path: let
  module = import path;
in {
  _file = toString path;
  key = toString path;
  imports = [
    {
      __functor = _: args: module (args // {atprotoLib = import ../lib {inherit (args) lib;};});
      __functionArgs = removeAttrs (builtins.functionArgs module) ["atprotoLib"] // {lib = false;};
    }
  ];
}
