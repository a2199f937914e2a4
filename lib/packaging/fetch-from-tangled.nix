# fetchFromTangled: a repository on a Tangled knot, addressed through the appview as
# https://tangled.org/<owner>/<repo>. The hash is the NAR hash of the checkout without .git,
# the same kind of value as fetchFromGitHub's.
#
#   fetchFromTangled {
#     owner = "@smokesignal.events";    # handle (with or without @) or DID
#     repo = "quickdid";
#     rev = "eaebd066cf27ad6671a21652c5d7c66e8a2885be";   # or tag = "v1.0.0";
#     hash = "sha256-…";
#   }
{
  lib,
  fetchgit,
}: {
  owner ? throw "fetchFromTangled: `owner` is required: the repository owner's handle or DID",
  repo ? throw "fetchFromTangled: `repo` is required",
  rev ? null,
  tag ? null,
  hash ? throw "fetchFromTangled: `hash` is required",
  domain ? "tangled.org",
  fetchSubmodules ? false,
  ...
} @ args: let
  ownerPath =
    if lib.hasPrefix "did:" owner || lib.hasPrefix "@" owner
    then owner
    else "@${owner}";
in
  assert lib.assertMsg ((rev == null) != (tag == null)) "fetchFromTangled requires one of either `rev` or `tag` to be provided (not both).";
    (fetchgit (removeAttrs args ["owner" "repo" "domain"]
      // {
        url = "https://${domain}/${ownerPath}/${repo}";
        inherit hash fetchSubmodules;
      }))
    // {
      inherit owner repo domain;
    }
