# Adds `pkgs.atproto`: atpkgs' packages (as `<org>-<name>`) and builders. The flake passes its
# locked crane; without it, the same crane revision is fetched by hash.
{
  crane ?
    builtins.fetchTarball {
      url = "https://github.com/ipetkov/crane/archive/10e6e3cb966f7cfcc789fe5eee7a85f3188ce08b.tar.gz";
      sha256 = "sha256-nnGD2f8OlAZT2i5OfwikJsw+ifWfiA4d6A8BWlgOXV0=";
    },
}: final: prev: {
  atproto = import ./pkgs {
    inherit (final) lib newScope;
    craneLib = import crane {pkgs = final;};
  };
}
