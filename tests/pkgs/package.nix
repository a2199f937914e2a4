# A stand-in for a nixpkgs package: a derivation with the pname, version and meta the real
# one has, so `lib.getExe`, `meta.mainProgram` and store paths work in rendered units.
{
  lib,
  stdenv,
}: pname: version: extra:
stdenv.mkDerivation ({
    inherit pname version;
    meta =
      {
        mainProgram = pname;
        platforms = lib.platforms.linux;
      }
      // (extra.meta or {});
  }
  // removeAttrs extra ["meta"])
