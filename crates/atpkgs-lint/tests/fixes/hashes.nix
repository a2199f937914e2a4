{
  fetchurl,
  fetchFromGitHub,
  stdenv,
}: {
  base32 = fetchurl {
    url = "https://example.org/a.tar.gz";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
  sriInTheOldAttribute = fetchFromGitHub {
    owner = "example";
    repo = "b";
    rev = "0123456789abcdef0123456789abcdef01234567";
    sha256 = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };
  fixedOutput = stdenv.mkDerivation {
    name = "c";
    outputHashMode = "recursive";
    outputHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  };
  # Evaluation-time fetchers only accept `sha256`: left alone.
  builtin = builtins.fetchTarball {
    url = "https://example.org/d.tar.gz";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
  suppressed = fetchurl {
    url = "https://example.org/e.tar.gz";
    # atpkgs-lint: allow(legacy-hash): kept to match the upstream recipe
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
  # The fix would define `hash` twice: left for a person.
  both = fetchurl {
    url = "https://example.org/f.tar.gz";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
}
