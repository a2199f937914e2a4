# buildRustWorkspace: the binaries of several members of one Cargo workspace, built with
# crane on a single shared dependency build (`cargoArtifacts`).
#
# Returns one derivation joining every member's binaries, with
#   passthru.members.<name>   one package per member (each with passthru.cargoArtifacts)
#   passthru.cargoArtifacts   the shared dependency build
#   passthru.src              the workspace's source
#
#   buildRustWorkspace {
#     pname = "microcosm"; version = "0-unstable-2026-05-05"; src = fetchFromGitHub { … };
#     members = {
#       constellation = { };                              # package `constellation`, its binaries
#       tool = { package = null; binaries = [ "tool" ]; }  # a single-crate source: no `-p`
#       ufos = { binaries = [ "ufos" ]; features = [ "ufos/jemalloc" ]; };
#       slingshot = { args.nativeBuildInputs = [ protobuf ]; };   # crane arguments for one member
#     };
#     nativeBuildInputs = [ pkg-config ]; buildInputs = [ openssl ];
#     meta = { … };                                       # shared; mainProgram per member
#   }
#
# Cargo.lock is read from `src` by crane (no cargoHash); git dependencies need `outputHashes`
# keyed by the full Cargo.lock source string, as crane expects. `dummySrc` (crane's
# `mkDummySrc` of some tree) replaces `src` for the dependency build only, for a workspace whose
# crates are completed while building (e.g. a crate of generated code).
{
  lib,
  craneLib,
  symlinkJoin,
}: {
  pname ? throw "buildRustWorkspace: `pname` is required (crane would read it from Cargo.toml at evaluation)",
  version ? throw "buildRustWorkspace: `version` is required (crane would read it from Cargo.toml at evaluation)",
  src ? throw "buildRustWorkspace: `src` is required: the workspace's source tree",
  members ? throw "buildRustWorkspace: `members` is required: an attribute set of workspace member name -> { binaries ? …; features ? …; args ? …; }",
  features ? [],
  meta ? {},
  passthru ? {},
  ...
} @ args: let
  inherit (lib) concatMapStringsSep concatStringsSep optionalString;

  featureFlags = list: optionalString (list != []) " --features ${concatStringsSep "," list}";

  # Arguments every crane call shares; anything not consumed here reaches crane.
  common =
    removeAttrs args ["members" "features" "meta" "passthru" "dummySrc"]
    // {
      inherit pname version src;
      strictDeps = args.strictDeps or true;
    };

  # With `dummySrc`, crane builds the dependencies from it and ignores `src`.
  cargoArtifacts = craneLib.buildDepsOnly (removeAttrs common (lib.optional (args ? dummySrc) "src")
    // lib.optionalAttrs (args ? dummySrc) {inherit (args) dummySrc;}
    // {
      cargoExtraArgs = "--locked --workspace${featureFlags features}";
    });

  buildMember = name: member: let
    package = member.package or name;
    binaries = member.binaries or null;
    binaryFlags =
      if binaries == null
      then ""
      else concatMapStringsSep "" (binary: " --bin ${binary}") binaries;
    memberArgs = member.args or {};
  in
    craneLib.buildPackage (common
      // memberArgs
      // {
        inherit cargoArtifacts;
        pname = member.pname or name;
        cargoExtraArgs = "--locked${optionalString (package != null) " -p ${package}"}${binaryFlags}${featureFlags (features ++ member.features or [])}";
        nativeBuildInputs = (common.nativeBuildInputs or []) ++ (memberArgs.nativeBuildInputs or []);
        buildInputs = (common.buildInputs or []) ++ (memberArgs.buildInputs or []);
        passthru = (memberArgs.passthru or {}) // {inherit cargoArtifacts;};
        meta =
          meta
          // lib.optionalAttrs (binaries != null) {mainProgram = builtins.head binaries;}
          // lib.optionalAttrs (binaries == null && package != null) {mainProgram = package;}
          // (member.meta or {});
      });

  builtMembers = builtins.mapAttrs buildMember members;
in
  symlinkJoin {
    name = "${pname}-${version}";
    inherit pname version;
    paths = builtins.attrValues builtMembers;
    passthru =
      passthru
      // {
        members = builtMembers;
        inherit cargoArtifacts src;
      };
    # The main program of the whole only makes sense with one member.
    meta =
      removeAttrs meta ["mainProgram"]
      // lib.optionalAttrs (builtins.length (builtins.attrNames builtMembers) == 1) {
        inherit ((builtins.head (builtins.attrValues builtMembers)).meta) mainProgram;
      };
  }
