# Adds `pkgs.atproto`: atpkgs' packages (as `<org>-<name>`) and builders. The flake passes its
# locked crane; without it, the same crane revision is fetched by hash.
{
  crane ?
    builtins.fetchTarball {
      url = "https://github.com/ipetkov/crane/archive/50700219af884287ad7c85507e2f163b23a027a9.tar.gz";
      sha256 = "sha256-aotggLUXjlDGqKWibGPQcMZJGgdr79S21ISrv1Wz6RI=";
    },
}: final: prev: {
  atproto = import ./pkgs {
    inherit (final) lib newScope;
    craneLib = import crane {pkgs = final;};
  };
}
