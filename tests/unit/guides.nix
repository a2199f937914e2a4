# The guides (docs/guides/*.md) show tested files verbatim: a `nix` block right after a
# `<!-- file: PATH -->` line must equal that file of the repository, and every block holding
# a whole file (one starting with `{`) must be such a block.
{lib, ...}: let
  root = ../..;
  guideDirectory = root + "/docs/guides";
  guides = lib.filter (lib.hasSuffix ".md") (builtins.attrNames (builtins.readDir guideDirectory));

  # A marker (optional) and the opening fence of a `nix` block.
  blockStart = "(<!-- file: ([^ ]+) -->\n)?```nix\n";

  # The blocks of a Markdown text: [ { path (or null); text; } ].
  blocksOf = text: let
    parts = builtins.split blockStart text;
    indices = lib.filter (index: builtins.isList (builtins.elemAt parts index)) (lib.range 0 (builtins.length parts - 1));
  in
    map (index: {
      path = builtins.elemAt (builtins.elemAt parts index) 1;
      text = builtins.head (builtins.split "\n```" (builtins.elemAt parts (index + 1)));
    })
    indices;

  # What is wrong with the blocks of a guide, one sentence each; `readFile` reads a path of the
  # repository, or returns null when there is none.
  problemsOf = readFile: name: text:
    lib.concatMap (block:
      if block.path == null
      then lib.optional (lib.hasPrefix "{" block.text) "${name}: a block holding a whole file has no <!-- file: PATH --> line"
      else if readFile block.path == null
      then ["${name}: ${block.path} does not exist"]
      else lib.optional (readFile block.path != "${block.text}\n") "${name}: the block differs from ${block.path}")
    (blocksOf text);

  readRepositoryFile = path:
    if builtins.pathExists (root + "/${path}")
    then builtins.readFile (root + "/${path}")
    else null;

  guideText = name: builtins.readFile (guideDirectory + "/${name}");

  # Files a test can stand for: one file of one line.
  fakeFiles = path:
    if path == "tests/configurations/a.nix"
    then "{ a = 1; }\n"
    else null;
in {
  theGuides = {
    expr = guides;
    expected = ["bring-your-own-service.md" "pds.md" "plc-mirror.md" "sovereign-network.md" "tangled-knot.md"];
  };

  guidesShowTheTestedFiles = {
    expr = lib.concatMap (name: problemsOf readRepositoryFile name (guideText name)) guides;
    expected = [];
  };

  # Each guide shows its configuration, a file of tests/configurations/.
  everyGuideShowsATestedConfiguration = {
    expr = lib.filter (name: !lib.any (block: block.path != null && lib.hasPrefix "tests/configurations/" block.path) (blocksOf (guideText name))) guides;
    expected = [];
  };

  guidesAreLinked = {
    expr = let
      readme = builtins.readFile (root + "/README.md");
      services = builtins.readFile (root + "/docs/services.md");
    in
      lib.filter (name: !(lib.hasInfix "(docs/guides/${name})" readme && lib.hasInfix "(guides/${name})" services)) guides;
    expected = [];
  };

  # The check itself, on texts with each fault.
  checkFindsEachFault = {
    expr = map (problemsOf fakeFiles "guide.md") [
      "<!-- file: tests/configurations/a.nix -->\n```nix\n{ a = 1; }\n```\n"
      "<!-- file: tests/configurations/a.nix -->\n```nix\n{ a = 2; }\n```\n"
      "text\n\n```nix\n{ a = 1; }\n```\n\n```nix\natproto.endpoints.relay = \"https://relay.example.test\";\n```\n"
      "<!-- file: tests/configurations/b.nix -->\n```nix\n{ }\n```\n"
    ];
    expected = [
      []
      ["guide.md: the block differs from tests/configurations/a.nix"]
      ["guide.md: a block holding a whole file has no <!-- file: PATH --> line"]
      ["guide.md: tests/configurations/b.nix does not exist"]
    ];
  };
}
