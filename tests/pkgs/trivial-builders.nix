# nixpkgs' trivial builders (build-support/trivial-builders) with their argument names.
{
  lib,
  runtimeShell,
  mkDerivation,
}: let
  writeTextFile = {
    name,
    text,
    executable ? false,
    destination ? "",
    checkPhase ? "",
    meta ? {},
    passthru ? {},
    ...
  }:
    mkDerivation {
      inherit name text executable destination checkPhase meta passthru;
      passAsFile = ["text"];
    };

  writeText = name: text: writeTextFile {inherit name text;};

  writeShellScript = name: text:
    writeTextFile {
      inherit name;
      executable = true;
      text = ''
        #!${runtimeShell}
        ${text}
      '';
    };

  runCommand = name: env: buildCommand:
    mkDerivation (env
      // {
        inherit name buildCommand;
        passAsFile = ["buildCommand"] ++ (env.passAsFile or []);
      });

  makeSetupHook = {
    name,
    propagatedBuildInputs ? [],
    substitutions ? {},
    passthru ? {},
    meta ? {},
  }: script:
    mkDerivation {
      inherit name propagatedBuildInputs passthru meta;
      script = toString script;
    };
in {
  inherit writeTextFile writeText writeShellScript runCommand makeSetupHook;

  runCommandLocal = runCommand;

  # A package's unpacked and patched source (pkgs/build-support/src-only).
  srcOnly = package:
    mkDerivation {
      name = "${package.name or "source"}-source";
      src = package.src or package;
    };

  writeShellScriptBin = name: text:
    writeTextFile {
      inherit name;
      executable = true;
      destination = "/bin/${name}";
      text = ''
        #!${runtimeShell}
        ${text}
      '';
      meta.mainProgram = name;
    };

  writeShellApplication = {
    name,
    text,
    runtimeInputs ? [],
    runtimeEnv ? null,
    meta ? {},
    passthru ? {},
    checkPhase ? null,
    excludeShellChecks ? [],
    bashOptions ? ["errexit" "nounset" "pipefail"],
    ...
  }:
    writeTextFile {
      inherit name passthru;
      executable = true;
      destination = "/bin/${name}";
      meta = {mainProgram = name;} // meta;
      text = ''
        #!${runtimeShell}
        ${lib.concatMapStringsSep "\n" (option: "set -o ${option}") bashOptions}
        export PATH="${lib.makeBinPath runtimeInputs}:$PATH"
        ${text}
      '';
    };

  symlinkJoin = {
    name ? "${args.pname}-${args.version}",
    paths,
    postBuild ? "",
    ...
  } @ args:
    mkDerivation (removeAttrs args ["name"]
      // {
        inherit name postBuild;
        paths = map toString paths;
      });

  linkFarm = name: entries:
    mkDerivation {
      inherit name;
      entries = builtins.toJSON entries;
    };
}
