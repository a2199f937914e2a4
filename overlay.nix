# Adds `pkgs.atproto`: atpkgs' packages (as `<org>-<name>`) and builders.
final: prev: {
  atproto = import ./pkgs {inherit (final) lib newScope;};
}
