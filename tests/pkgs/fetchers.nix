# Source fetchers as fixed-output derivations with the given hash: Nix itself rejects a
# malformed SRI hash when the derivation is instantiated. Arguments and assertions follow
# nixpkgs at our pin.
{
  lib,
  system,
  mkDerivation,
}: let
  fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  # nixpkgs accepts `hash` (SRI) or the legacy `sha256`; an empty hash becomes the fake
  # hash, to be replaced by the one a build reports.
  outputHashOf = fetcher: args:
    if args ? hash && args ? sha256
    then throw "${fetcher}: only one of `hash` and `sha256` may be set"
    else if (args.hash or args.sha256 or "") == ""
    then lib.warn "${fetcher}: empty hash, using the fake hash ${fakeHash}" fakeHash
    else if args ? hash
    then args.hash
    else "sha256:${args.sha256}";

  fixedOutput = {
    fetcher,
    name,
    recursive,
    args,
    passthru ? {},
  }: let
    hash = outputHashOf fetcher args;
    sri = builtins.match "([a-z0-9]+)-.*" hash != null;
    drv = builtins.derivation ({
        inherit name system;
        builder = "/bin/sh";
        args = ["-c" "echo 'atpkgs test double: never fetched' >&2; exit 1"];
        outputHashMode =
          if recursive
          then "recursive"
          else "flat";
        outputHash = hash;
      }
      // lib.optionalAttrs (!sri) {outputHashAlgo = "sha256";}
      // lib.optionalAttrs (args ? url) {inherit (args) url;}
      // lib.optionalAttrs (args ? rev) {inherit (args) rev;});
  in
    drv // passthru // {inherit passthru;} // {meta = args.meta or {};};

  fetchgit = lib.makeOverridable ({
      url,
      rev ? null,
      tag ? null,
      name ? "source",
      fetchSubmodules ? true,
      leaveDotGit ? false,
      deepClone ? false,
      fetchLFS ? false,
      sparseCheckout ? [],
      ...
    } @ args:
      assert lib.assertMsg ((rev == null) != (tag == null)) "fetchgit requires one of either `rev` or `tag` to be provided (not both).";
        fixedOutput {
          fetcher = "fetchgit";
          inherit name args;
          recursive = true;
          passthru = {
            gitRepoUrl = url;
            inherit url;
            rev =
              if rev != null
              then rev
              else "refs/tags/${tag}";
            inherit tag;
          };
        });
in {
  inherit fetchgit;

  fetchurl = lib.makeOverridable ({
      url ? null,
      urls ? [],
      name ?
        baseNameOf (toString (
          if url != null
          then url
          else builtins.head urls
        )),
      ...
    } @ args:
      fixedOutput {
        fetcher = "fetchurl";
        inherit name args;
        recursive = false;
      });

  fetchzip = lib.makeOverridable ({
      url,
      name ? "source",
      stripRoot ? true,
      ...
    } @ args:
      fixedOutput {
        fetcher = "fetchzip";
        inherit name args;
        recursive = true;
      });

  # pkgs/build-support/rust/fetchcrate.nix: the crate's tarball from crates.io, unpacked
  # (fetchzip) unless `unpack = false`.
  fetchCrate = {
    crateName ? args.pname,
    pname ? null,
    version,
    unpack ? true,
    registryDl ? "https://crates.io/api/v1/crates",
    ...
  } @ args:
    assert pname == null || pname == crateName;
      fixedOutput {
        fetcher = "fetchCrate";
        name = "${crateName}-${version}.tar.gz";
        args = removeAttrs args ["crateName" "pname" "registryDl" "version" "unpack"] // {url = "${registryDl}/${crateName}/${version}/download";};
        recursive = unpack;
      };

  fetchFromGitHub = lib.makeOverridable ({
      owner,
      repo,
      rev ? null,
      tag ? null,
      name ? "source",
      fetchSubmodules ? false,
      leaveDotGit ? false,
      deepClone ? false,
      fetchLFS ? false,
      sparseCheckout ? [],
      githubBase ? "github.com",
      private ? false,
      ...
    } @ args:
      assert lib.assertMsg ((rev == null) != (tag == null)) "fetchFromGitHub requires one of either `rev` or `tag` to be provided (not both).";
        fixedOutput {
          fetcher = "fetchFromGitHub";
          inherit name;
          args =
            args
            // {
              url = "https://${githubBase}/${owner}/${repo}/archive/${toString (
                if rev != null
                then rev
                else tag
              )}.tar.gz";
            };
          recursive = true;
          # With a sparse checkout nixpkgs fetches with fetchgit (git sparse-checkout, cone or
          # not), whose arguments the derivation keeps.
          passthru = {
            inherit owner repo tag sparseCheckout;
            nonConeMode = args.nonConeMode or false;
            rev =
              if rev != null
              then rev
              else "refs/tags/${tag}";
            gitRepoUrl = "https://${githubBase}/${owner}/${repo}.git";
          };
        });
}
