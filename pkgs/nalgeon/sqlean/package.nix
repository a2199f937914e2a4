# sqlean: SQLite extensions (math, text, regexp, uuid, …), each a loadable library, built by
# upstream's Makefile (`compile-linux`). Frontpage's database loads `math` into sqld, as
# upstream's local infrastructure does.
{
  lib,
  stdenv,
  fetchFromGitHub,
  sqlite,
}:
stdenv.mkDerivation (finalAttrs: {
  pname = "sqlean";
  version = "0.27.1";

  src = fetchFromGitHub {
    owner = "nalgeon";
    repo = "sqlean";
    tag = finalAttrs.version;
    hash = "sha256-So4yUr9U1WCP1d6wJiJU1XkaCxmEaLMos6tlxQHmcxE=";
  };

  # sqlite3ext.h comes from nixpkgs' sqlite instead of the amalgamation the Makefile downloads.
  buildInputs = [sqlite];
  makeFlags = ["SQLEAN_VERSION='\"${finalAttrs.version}\"'"];
  buildFlags = ["prepare-dist" "compile-linux"];

  installPhase = ''
    runHook preInstall
    install -Dm555 -t $out/lib/sqlean dist/*.so
    runHook postInstall
  '';

  meta = {
    description = "SQLite extensions: math, text, regexp, crypto, uuid, time and more";
    homepage = "https://github.com/nalgeon/sqlean";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
  };
})
