# Node dependencies fetched entry by entry from the list that `atpkgs-lock write` transcribes
# from a lockfile (committed as node-deps.json beside package.nix). Each tarball is a
# `fetchurl` with the integrity the lockfile records; an entry recorded without one needs its
# hash in `nodeDepsHashes`, under the id the list gives it (like crane's `outputHashes`).
# Evaluation reads only the committed list, never the source (no import-from-derivation).
# At build time the hook (node-deps-hook.sh) has `atpkgs-lock offline` check that the
# source's lockfile agrees with the list and point it at the fetched tarballs, then pnpm or
# npm installs offline with the frozen lockfile.
#
#   deps = nodeDepsFrom { nodeDeps = ./node-deps.json; nodeDepsHashes = { }; };
#   deps.fetches    # [ { id; dep; src; } ] for this platform (dep: the list's entry)
#   deps.manifest   # the list plus the store path of each fetch: the hook's input
#   deps.hook       # the setup hook that installs them (node-deps-hook.sh, with atpkgs-lock)
{
  lib,
  stdenv,
  fetchurl,
  fetchgit,
  runCommand,
  makeSetupHook,
  atpkgs-lock,
}: {
  nodeDeps,
  nodeDepsHashes ? {},
}: let
  inherit (lib) all any elem filter hasPrefix removePrefix;
  inherit (stdenv) hostPlatform;

  list = lib.importJSON nodeDeps;
  listName = baseNameOf (toString nodeDeps);

  # The platform as npm's `os`, `cpu` and `libc` fields name it.
  nodeOs =
    if hostPlatform.isDarwin
    then "darwin"
    else "linux";
  nodeCpu =
    {
      x86_64 = "x64";
      aarch64 = "arm64";
      i686 = "ia32";
      armv7l = "arm";
      riscv64 = "riscv64";
    }
    .${
      hostPlatform.parsed.cpu.name
      or (
        if hostPlatform.isAarch64
        then "aarch64"
        else "x86_64"
      )
    }
    or "unknown";
  nodeLibc =
    if hostPlatform.isMusl or false
    then "musl"
    else "glibc";

  # npm's rule: `!x` excludes x; any plain value restricts to the plain values.
  allows = values: value: let
    excluded = map (removePrefix "!") (filter (hasPrefix "!") values);
    included = filter (v: !(hasPrefix "!" v)) values;
  in
    !(elem value excluded) && (included == [] || elem value included);

  forThisPlatform = tarball:
    allows (tarball.os or []) nodeOs
    && allows (tarball.cpu or []) nodeCpu
    && (nodeOs != "linux" || allows (tarball.libc or []) nodeLibc);

  # `npm pack`'s file name: `@types/node` 20.1.0 -> types-node-20.1.0.tgz.
  tarballName = name: version:
    lib.strings.sanitizeDerivationName "${lib.replaceStrings ["@" "/"] ["" "-"] name}-${version}.tgz";

  fetchTarball = tarball: {
    id = "${tarball.url} ${tarball.integrity}";
    dep = tarball;
    src = fetchurl {
      name = tarballName tarball.name tarball.version;
      inherit (tarball) url;
      hash = tarball.hash or tarball.integrity;
    };
  };

  hashOf = dep:
    nodeDepsHashes.${dep.id}
    or (throw "node dependencies: the lockfile records ${dep.name}@${dep.version} without an integrity; give its hash (of ${
      if dep.kind == "git"
      then "fetchgit { url = \"${dep.url}\"; rev = \"${dep.rev}\"; }"
      else "fetchurl { url = \"${dep.url}\"; }"
    }) as nodeDepsHashes.\"${dep.id}\" = \"sha256-…\";");

  # A git checkout packed the way npm packs a package: files under `package/`.
  packCheckout = dep: checkout:
    runCommand (tarballName dep.name dep.version) {} ''
      tar --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner \
        -czf $out -C ${checkout} --transform 's,^\.,package,' .
    '';

  fetchUnpinned = dep: {
    inherit (dep) id;
    inherit dep;
    src =
      if dep.kind == "git"
      then
        packCheckout dep (fetchgit {
          inherit (dep) url rev;
          hash = hashOf dep;
        })
      else
        fetchurl {
          name = tarballName dep.name dep.version;
          inherit (dep) url;
          hash = hashOf dep;
        };
  };

  fetches = map fetchTarball (filter forThisPlatform list.tarballs) ++ map fetchUnpinned list.unpinned;

  lockfileMajor = lib.head (lib.splitString "." list.lockfileVersion);
in
  assert lib.assertMsg (list.generatedBy or null == "atpkgs-lock")
  "node dependencies: ${listName} was not written by `atpkgs-lock write`";
  assert lib.assertMsg (all (name: any (dep: dep.id == name) list.unpinned) (lib.attrNames nodeDepsHashes))
  "node dependencies: nodeDepsHashes names ${lib.concatStringsSep ", " (filter (name: !(any (dep: dep.id == name) list.unpinned)) (lib.attrNames nodeDepsHashes))}, which ${listName} does not list as unpinned"; {
    inherit list listName lockfileMajor fetches;
    inherit (list) kind;

    hook =
      makeSetupHook {
        name = "atpkgs-node-deps-hook";
        propagatedBuildInputs = [atpkgs-lock];
      }
      ./node-deps-hook.sh;

    # The hook's input: the list, its file name (for messages) and each fetch's store path.
    manifest = builtins.toJSON (list
      // {
        list = listName;
        fetched = lib.listToAttrs (map (fetch: lib.nameValuePair fetch.id "${fetch.src}") fetches);
      });
  }
