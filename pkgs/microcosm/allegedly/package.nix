{
  lib,
  buildRustWorkspace,
  fetchFromGitHub,
  cmake,
  pkg-config,
  openssl,
}:
buildRustWorkspace {
  pname = "allegedly";
  version = "0.3.2";

  src = fetchFromGitHub {
    owner = "at-microcosm";
    repo = "allegedly";
    rev = "0a986b17d3ed8f3c0f0e115199f938e41edca1bf";
    hash = "sha256-0dpC2YLneoj9ylb+jkzzhvKH4ZbbBpLy0326pOeS2Qs=";
  };

  # src/bin/ also holds the subcommands' modules, which cargo sees as binaries.
  members.allegedly.binaries = ["allegedly"];

  nativeBuildInputs = [cmake pkg-config];
  buildInputs = [openssl];

  meta = {
    description = "PLC directory tools: mirror, wrap, backfill, bundle and tail the public ledger";
    homepage = "https://github.com/at-microcosm/allegedly";
    license = with lib.licenses; [mit asl20];
    platforms = lib.platforms.linux;
  };
}
