# Runs the test suites in tests/unit/: each file is `harness: { testName = { expr; expected; }; }`
# (the shape of lib.debug.runTests and nix-unit). Yields one result per test; a test whose
# expression throws fails instead of stopping the run.
{files ? null}: let
  harness = import ./harness.nix {};
  inherit (harness) lib;
  suiteFiles =
    if files != null
    then files
    else map (name: ./unit + "/${name}") (builtins.attrNames (builtins.readDir ./unit));

  show = value: let
    shown = builtins.tryEval (lib.generators.toPretty {} value);
  in
    if shown.success
    then shown.value
    else "<throws>";

  runTest = file: name: test: let
    outcome = builtins.tryEval (builtins.deepSeq test.expr (test.expr == test.expected));
  in {
    name = "${baseNameOf (toString file)}: ${name}";
    passed = outcome.success && outcome.value;
    detail =
      if !outcome.success
      then "expression throws"
      else if outcome.value
      then ""
      else "expected ${show test.expected}\n     got ${show test.expr}";
  };

  runSuite = file: lib.mapAttrsToList (runTest file) (import file harness);
in
  lib.concatMap runSuite suiteFiles
