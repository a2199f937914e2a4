# expect: invalid SRI hash
{pkgs, ...}:
(pkgs.fetchFromGitHub {
  owner = "o";
  repo = "r";
  rev = "0123456789abcdef0123456789abcdef01234567";
  hash = "sha256-notbase64";
})
.drvPath
