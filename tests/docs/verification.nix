# The record of a verification (docs/packages-verification.json), made by
# `tests/gen-docs --verify`: for every package of the tree, the tree facts as they are now and
# what `atpkgs-update report --format json` (run with git snapshots) said of it.
{
  report,
  date,
  command,
  harness ? import ../harness.nix {},
}: let
  inherit (harness) lib;
  inherit (import ./packages.nix {inherit harness;}) tree;
  rows = lib.listToAttrs (map (row: lib.nameValuePair row.attr row) (builtins.fromJSON (builtins.readFile report)));
in {
  inherit date command;
  packages =
    lib.mapAttrs (attr: facts: {
      tree = facts;
      # What the inventory shows; where upstream is now belongs to the live report.
      report = {
        inherit (rows.${attr}) upstream pinned dependencyHashes error;
        sourceHash = {inherit (rows.${attr}.sourceHash) state status;};
      };
    })
    (lib.filterAttrs (attr: _: rows ? ${attr}) tree);
}
