# The package inventory (docs/packages.md): every package of `pkgs.atproto`, that is every
# `pkgs/<org>/<name>/package.nix` (the builders of the scope are not packages).
#
# Two kinds of facts meet here:
# - `tree`: what the tree says now, from evaluating each package with the harness: version,
#   upstream repository, pinned rev or tag and the source's hash. Always current.
# - the last verification (docs/packages-verification.json, written by
#   `tests/gen-docs --verify …`): what `atpkgs-update report` said with git snapshots of the
#   upstreams (the pin's commit and date, whether the source hash was recomputed and equal,
#   where each dependency hash comes from), with the tree facts it was made for. A package
#   whose source (upstream, pin, hash) changed since then is shown as not verified.
{
  harness ? import ../harness.nix {},
  verification ? ../../docs/packages-verification.json,
}: let
  inherit (harness) lib pkgs;
  inherit
    (lib)
    attrNames
    concatMapStrings
    concatStringsSep
    filter
    hasPrefix
    length
    ;

  directories = path: let
    entries = builtins.readDir path;
  in
    filter (name: entries.${name} == "directory") (attrNames entries);

  # attr -> pkgs/<org>/<name>/package.nix, as pkgs/default.nix finds them.
  files = lib.listToAttrs (lib.concatMap (org:
    map (name: lib.nameValuePair (harness.atprotoLib.packageAttrName org name) "pkgs/${org}/${name}/package.nix")
    (directories (../../pkgs + "/${org}")))
  (directories ../../pkgs));

  gitSource = src: lib.isDerivation src && src ? gitRepoUrl;

  # Sources fetched from git by some package (others may use a folder of one).
  gitSources = filter gitSource (map (attr: pkgs.atproto.${attr}.src or null) (attrNames files));

  fromGit = src: subdirectory: {
    kind = "git";
    url = lib.removeSuffix ".git" src.gitRepoUrl;
    inherit subdirectory;
    pin =
      if src.tag or null != null
      then {
        kind = "tag";
        name = src.tag;
      }
      else {
        kind = "rev";
        name = src.rev;
      };
    hash = src.outputHash;
  };

  source = src: let
    # A folder of another package's fetched source, e.g. "${blacksky-rsky.src}/rsky-pdsadmin".
    parent = lib.findFirst (git: builtins.isString src && hasPrefix "${git}/" src) null gitSources;
  in
    if gitSource src
    then fromGit src null
    else if parent != null
    then fromGit parent (lib.removePrefix "${parent}/" src)
    else if lib.isDerivation src
    then {
      kind = "other";
      inherit (src) name;
      hash = src.outputHash or null;
    }
    # A path or a filtered tree of this repository.
    else {kind = "local";};

  tree =
    lib.mapAttrs (attr: file: let
      package = pkgs.atproto.${attr};
    in {
      inherit file;
      version = package.version or null;
      source = source (package.src or null);
    })
    files;

  # The record, or (for the tests) the set it holds.
  recorded =
    if builtins.isAttrs verification
    then verification
    else if builtins.pathExists verification
    then builtins.fromJSON (builtins.readFile verification)
    else {
      date = null;
      command = null;
      packages = {};
    };

  # The verification of a package, when it was made for the source the tree pins now (its
  # version alone may have changed since).
  current = attr: let
    entry = recorded.packages.${attr} or null;
  in
    if entry != null && entry.tree.source == tree.${attr}.source
    then entry.report
    else null;

  code = text: "`${text}`";
  cell = text: builtins.replaceStrings ["|" "\n"] ["\\|" " "] text;

  # Pin -> its commit and date, from every package of the verification (a commit's date does
  # not change, and packages share sources).
  pinKey = facts: "${facts.source.url} ${facts.source.pin.name}";
  pinDates = lib.listToAttrs (lib.concatMap (entry:
    lib.optional (entry.tree.source.kind == "git" && entry.report.pinned or null != null && entry.report.pinned.date or null != null)
    (lib.nameValuePair (pinKey entry.tree) entry.report.pinned)) (builtins.attrValues recorded.packages));

  repository = url:
    if hasPrefix "https://github.com/" url
    then lib.removePrefix "https://github.com/" url
    else lib.removePrefix "https://" url;

  upstream = facts:
    if facts.source.kind == "git"
    then "[${repository facts.source.url}](${facts.source.url})${lib.optionalString (facts.source.subdirectory != null) ", ${code "${facts.source.subdirectory}/"}"}"
    else if facts.source.kind == "other"
    then "not recognised (${code facts.source.name})"
    else "local (this repository)";

  pinned = facts:
    if facts.source.kind != "git"
    then "—"
    else if facts.source.pin.kind == "tag"
    then "tag [${code facts.source.pin.name}](${facts.source.url}/tree/${facts.source.pin.name})"
    else "rev [${code (builtins.substring 0 12 facts.source.pin.name)}](${facts.source.url}/commit/${facts.source.pin.name})";

  pinDate = facts:
    if facts.source.kind == "git" && pinDates ? ${pinKey facts}
    then pinDates.${pinKey facts}.date
    else "—";

  # One word for the summary, and the text of the table's cell.
  sourceStatus = attr: let
    facts = tree.${attr};
    report = current attr;
    via = lib.removePrefix "via " report.upstream;
    # A package verified for this very source (a member added since shares its verification).
    sibling = lib.findFirst (other:
      other
      != attr
      && current other != null
      && !(hasPrefix "via " (current other).upstream)
      && tree.${other}.source == facts.source // {subdirectory = null;})
    null (attrNames tree);
    shared = owner: {
      kind = "shared";
      text = "as ${code owner}: ${(sourceStatus owner).text}";
    };
  in
    if facts.source.kind == "local"
    then {
      kind = "local";
      text = "local: nothing to verify";
    }
    else if report == null && sibling != null
    then shared sibling
    else if report == null && recorded.packages ? ${attr}
    then {
      kind = "changed";
      text = "**not verified**: the source changed since the last verification";
    }
    else if report == null
    then {
      kind = "new";
      text = "**not verified**: not in the last verification";
    }
    else if report.error or null != null
    then {
      kind = "error";
      text = "error: ${report.error}";
    }
    else if hasPrefix "via " report.upstream && tree ? ${via}
    then shared via
    else {
      kind = report.sourceHash.state;
      text =
        if report.sourceHash.state == "mismatch"
        then "**${report.sourceHash.status}**"
        else report.sourceHash.status;
    };

  dependencies = attr: let
    report = current attr;
  in
    if report == null
    then null
    else report.dependencyHashes;

  dependencyCell = attr: let
    found = dependencies attr;
  in
    if found == null && recorded.packages ? ${attr}
    then "not recorded for this source"
    else if found == null
    then "not in the last verification"
    else if found == []
    then "—"
    else concatStringsSep "<br>" (map (dependency: "[${code dependency.name}](#${attr})") found);

  row = attr: let
    facts = tree.${attr};
    version =
      if facts.version == null
      then "—"
      else facts.version;
  in "| [${code attr}](../${facts.file}) | ${version} | ${upstream facts} | ${pinned facts} | ${pinDate facts} | ${cell (sourceStatus attr).text} | ${dependencyCell attr} |\n";

  # Source states in the order the summary names them, with the words it uses.
  summaryLabels = {
    verified = "verified";
    mismatch = "**mismatched**";
    unverifiable = "unverifiable";
    shared = "built from another package's source";
    local = "local";
    none = "with a source the report does not check";
    error = "unreadable by the report";
    changed = "**not verified since their source changed**";
    new = "**not in the last verification**";
  };
  summaryOrder = ["verified" "mismatch" "unverifiable" "shared" "local" "none" "error" "changed" "new"];
  counted = kind: length (filter (attr: (sourceStatus attr).kind == kind) (attrNames tree));
  summary = concatStringsSep ", " (lib.concatMap (kind:
    lib.optional (counted kind > 0) "${toString (counted kind)} ${summaryLabels.${kind}}")
  summaryOrder);

  withDependencies = filter (attr: dependencies attr != null && dependencies attr != []) (attrNames tree);

  lastVerification =
    if recorded.date == null
    then "No verification has been recorded yet."
    else "The last verification ran on ${recorded.date}: `${recorded.command}`.";

  markdown = ''
    <!-- Generated by tests/gen-docs (tests/docs/packages.nix); do not edit by hand. -->

    # Package inventory

    Every package of `pkgs.atproto` (`pkgs/<org>/<name>/package.nix`), with its pinned source and
    what is known of its hashes. How the pins move: [updating.md](updating.md).

    - **Version, upstream and pin** are the tree's, read by evaluating every package with the
      test harness. `tests/run` fails when this file no longer matches the tree, so they are
      current on every commit that passes.
    - **Pin date, source hash and dependency hashes** come from the last verification:
      `atpkgs-update report` reading git snapshots of the upstreams (the machines that run the
      tests have none). ${lastVerification} `tests/gen-docs --verify` records it in
      [packages-verification.json](packages-verification.json), together with the tree facts
      it saw; a package whose source (upstream, pin or hash) changed since then shows as not
      verified until the verification runs again.

    Source hash: **verified**: recomputed from the snapshot's tree at the pinned commit (as
    `fetchFromGitHub` or `fetchgit` would fetch it) and equal to the hash in the package;
    **unverifiable**: no snapshot of that upstream, or one lacking the commit or files;
    **MISMATCH**: recomputed and different; **as `X`**: built from the source of package `X`.
    Dependency hashes (`vendorHash`, crane's `outputHashes`, a committed `Cargo.lock`, a
    lockfile-exact `node-deps.json`) are listed with their provenance [below](#dependency-hashes).

    ${toString (length (attrNames tree))} packages: ${summary}.

    | package | version | upstream | pinned | pin date | source hash | dependency hashes |
    | --- | --- | --- | --- | --- | --- | --- |
    ${concatMapStrings row (attrNames tree)}
    ## Dependency hashes

    Hashes a build produces cannot be recomputed without nixpkgs; each says where it came from,
    as the comment above it in the package file says (read by `atpkgs-update report`).
    ${concatMapStrings (attr: ''

      ### ${code attr}

      ${concatMapStrings (dependency: "- ${code dependency.name}: ${dependency.status}\n") (dependencies attr)}'')
    withDependencies}'';
in {
  inherit tree markdown;
}
