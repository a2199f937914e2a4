{
  fetchurl,
  stdenv,
}: let
  # Data read as `.sha256` by the fetch below: renaming it would break the read.
  sources.a = {
    url = "https://example.org/a.tar.gz";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
  # A set given to a builtin fetcher by name keeps `sha256` too.
  tarball = {
    url = "https://example.org/b.tar.gz";
    sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
in {
  a = fetchurl {inherit (sources.a) url sha256;};
  b = builtins.fetchTarball tarball;
  # A path (`src.sha256`) is not rewritten.
  c = stdenv.mkDerivation {
    name = "c";
    src.sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
  };
}
