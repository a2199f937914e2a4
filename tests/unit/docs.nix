# The generated documentation (tests/docs/): the option reference documents atpkgs' options
# only, and the inventory shows a verification only for the source it was made for.
harness @ {lib, ...}: let
  options = import ../docs/options.nix {inherit harness;};
  packages = import ../docs/packages.nix {inherit harness;};

  # The inventory's row of a package, rendered with the given verification record.
  rowWith = record: attr: let
    markdown =
      (import ../docs/packages.nix {
        inherit harness;
        verification = record;
      })
      .markdown;
  in
    lib.findFirst (lib.hasPrefix "| [`${attr}`]") null (lib.splitString "\n" markdown);

  allegedly = packages.tree.microcosm-allegedly;
  verifiedAs = tree: {
    date = "2026-01-01";
    command = "atpkgs-update report --format json --mirrors MIRRORS";
    packages.microcosm-allegedly = {
      inherit tree;
      report = {
        upstream = "github:at-microcosm/allegedly";
        pinned = {
          name = allegedly.source.pin.name;
          commit = allegedly.source.pin.name;
          date = "2025-10-17";
        };
        sourceHash = {
          state = "verified";
          status = "verified";
        };
        dependencyHashes = [];
        error = null;
      };
    };
  };
in {
  optionReferenceHasEveryModule = {
    expr = lib.all (name: options ? "docs/options/${name}.md") (lib.filter (name: name != "default") (builtins.attrNames harness.modules));
    expected = true;
  };

  optionReferenceDocumentsTheEndpoints = {
    expr = lib.hasInfix "## `atproto.endpoints.plcDirectory`\n" options."docs/options/atproto-common.md";
    expected = true;
  };

  optionReferenceLeavesOutTheStubs = {
    expr = lib.any (page: lib.hasInfix "## `services.nginx." page || lib.hasInfix "## `systemd." page || lib.hasInfix "_module" page) (builtins.attrValues options);
    expected = false;
  };

  inventoryListsEveryPackageFile = {
    expr = builtins.attrNames packages.tree;
    expected = builtins.attrNames (lib.filterAttrs (_: lib.isDerivation) harness.pkgs.atproto);
  };

  inventoryReadsPinsFromTheTree = {
    expr = {
      inherit (packages.tree.atproto-pds.source) kind pin;
      subdirectory = packages.tree.blacksky-rsky-pdsadmin.source.subdirectory;
      local = packages.tree.atpkgs-lock.source.kind;
    };
    expected = {
      kind = "git";
      pin = {
        kind = "tag";
        name = "v${harness.pkgs.atproto.atproto-pds.version}";
      };
      subdirectory = "rsky-pdsadmin";
      local = "local";
    };
  };

  inventoryKeepsAVerificationForTheSameSource = {
    expr = lib.hasInfix "| 2025-10-17 | verified |" (rowWith (verifiedAs (allegedly // {version = "0.0.1";})) "microcosm-allegedly");
    expected = true;
  };

  inventoryDropsAVerificationOfAnotherSource = {
    expr = lib.hasInfix "**not verified**: the source changed since the last verification" (rowWith (verifiedAs (lib.recursiveUpdate allegedly {source.hash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";})) "microcosm-allegedly");
    expected = true;
  };
}
