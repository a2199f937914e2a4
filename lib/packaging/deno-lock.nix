# What a `deno.lock` (version 4 or 5) asks to fetch, each entry with the hash the lock records:
# npm tarballs (their `integrity`), JSR version manifests (`<version>_meta.json`, whose sha256
# is the lock's `integrity`) and remote modules (sha256 of the file).
# The registries are Deno's defaults, which its `vendor/` and npm cache layouts are named after.
{
  lib,
  npmRegistry ? "https://registry.npmjs.org",
  jsrRegistry ? "https://jsr.io",
}: let
  inherit (lib) head tail last splitString concatStringsSep hasPrefix removePrefix;

  supportedVersions = ["4" "5"];

  # "@types/a@1.0.0_@types+b@2.0.0" -> { name = "@types/a"; version = "1.0.0"; }: the part
  # after `_` names peer dependencies, which do not change what is fetched.
  splitKey = key: let
    scoped = hasPrefix "@" key;
    parts = splitString "@" (removePrefix "@" key);
    name = lib.optionalString scoped "@" + head parts;
  in {
    inherit name;
    version = head (splitString "_" (concatStringsSep "@" (tail parts)));
  };

  npmPackage = key: entry: let
    inherit (splitKey key) name version;
  in {
    inherit name version;
    inherit (entry) integrity;
    url = entry.tarball or "${npmRegistry}/${name}/-/${last (splitString "/" name)}-${version}.tgz";
  };

  jsrPackage = key: entry: let
    inherit (splitKey key) name version;
  in {
    inherit name version;
    inherit (entry) integrity;
    metaUrl = "${jsrRegistry}/${name}/${version}_meta.json";
    fileUrl = path: "${jsrRegistry}/${name}/${version}${path}";
  };

  # Where Deno's `--vendor` folder keeps a remote module: `vendor/<host>/<path>`. Ports,
  # queries and fragments are mangled by Deno in ways not reproduced here.
  remoteModule = url: sha256: let
    path = removePrefix "https://" url;
  in
    if !(hasPrefix "https://" url) || lib.hasInfix "?" url || lib.hasInfix "#" url || lib.hasInfix ":" path
    then throw "buildDenoApp: the remote module `${url}` cannot be vendored: only https URLs without a port, query or fragment are supported"
    else {inherit url sha256 path;};

  uniqueBy = id: list: lib.attrValues (lib.listToAttrs (map (item: lib.nameValuePair (id item) item) list));
in {
  inherit splitKey;

  # The lock's entries: { npm = [ … ]; jsr = [ … ]; remote = [ … ]; }.
  entries = lock:
    if !(lib.elem (lock.version or "") supportedVersions)
    then throw "buildDenoApp: deno.lock version `${lock.version or "none"}` is not supported (supported: ${concatStringsSep ", " supportedVersions}); run `deno install` with Deno 2 to update it"
    else {
      npm = uniqueBy (p: "${p.name}@${p.version}") (lib.mapAttrsToList npmPackage (lock.npm or {}));
      jsr = lib.mapAttrsToList jsrPackage (lock.jsr or {});
      remote = lib.mapAttrsToList remoteModule (lock.remote or {});
    };

  # The files of a JSR package version as its manifest lists them: `"/mod.ts"` with
  # `checksum = "sha256-<hex>"`.
  jsrFiles = meta:
    lib.mapAttrsToList (path: file: {
      inherit path;
      sha256 = removePrefix "sha256-" file.checksum;
    })
    meta.manifest;
}
