# The nixpkgs packages atpkgs references. Versions are those of the 2026 files named beside
# them (NixOS/nixpkgs commit, path); the others were not read at a 2026 commit and keep their
# 25.11 versions: only their names and main programs matter to the tests.
{
  package,
  self,
}: let
  plain = name: version: package name version {};
in {
  bash = plain "bash" "5.3";
  bashInteractive = plain "bash-interactive" "5.3";
  coreutils = plain "coreutils" "9.8";
  findutils = plain "findutils" "4.10.0";
  gnugrep = plain "gnugrep" "3.12";
  gnused = plain "gnused" "4.9";
  gnutar = plain "gnutar" "1.35";
  gzip = plain "gzip" "1.14";
  systemd = plain "systemd" "258";
  cacert = plain "nss-cacert" "3.117";
  git = plain "git" "2.51.0";
  gitMinimal = plain "git-minimal" "2.51.0";
  openssh = package "openssh" "10.2p1" {meta.mainProgram = "ssh";};
  openssl = plain "openssl" "3.6.0";
  pkg-config = plain "pkg-config-wrapper" "0.29.2";
  sqlite = plain "sqlite" "3.50.4";
  zstd = plain "zstd" "1.5.7";
  rsync = plain "rsync" "3.4.1";
  protobuf = package "protobuf" "32.1" {meta.mainProgram = "protoc";};
  cmake = plain "cmake" "4.1.2";
  clang = plain "clang-wrapper" "21.1.2";
  rocksdb = plain "rocksdb" "10.5.1";
  jq = plain "jq" "1.8.1";
  # nixpkgs' own PDS (pkgs/by-name/bl/bluesky-pds/package.nix at
  # 149500a610fbac38fafd896d3d746be89bd556e8).
  bluesky-pds = package "pds" "0.4.208" {meta.mainProgram = "pds";};
  removeReferencesTo = package "remove-references-to" "0" {meta.mainProgram = "remove-references-to";};
  tailwindcss_3 = package "tailwindcss" "3.4.17" {};
  tailwindcss_4 = package "tailwindcss" "4.1.14" {};
  docker = plain "docker" "28.5.1";
  curl = plain "curl" "8.16.0";
  # 17 stays the default for NixOS 26.05; 18 for stateVersion >= 26.11
  # (nixos/doc/manual/release-notes/rl-2611.section.md at 00018e3d34bb8ceb28d13b82c7118137aa9bf1b7).
  postgresql = package "postgresql" "17.6" {meta.mainProgram = "postgres";};
  postgresql_16 = package "postgresql" "16.10" {meta.mainProgram = "postgres";};
  postgresql_17 = self.postgresql;
  postgresql_18 = package "postgresql" "18.1" {meta.mainProgram = "postgres";};
  redis = package "redis" "8.2.2" {meta.mainProgram = "redis-server";};
  nginx = plain "nginx" "1.28.0";
  # Node 24 is the default and nodejs_latest is 26 (doc/release-notes/rl-2605.section.md at
  # 00cb67b49b78eb52db2e445a965f6f5edfa7ac44); v26.nix at 02f06e665d079f83af61f9614e23170e6c9b87d5.
  nodejs = self.nodejs_24;
  nodejs_20 = package "nodejs" "20.19.5" {meta.mainProgram = "node";};
  nodejs_22 = package "nodejs" "22.21.1" {meta.mainProgram = "node";};
  nodejs_24 = package "nodejs" "24.11.0" {meta.mainProgram = "node";};
  nodejs_26 = package "nodejs" "26.0.0-rc.2" {meta.mainProgram = "node";};
  nodejs_latest = self.nodejs_26;
  # pkgs/by-name/de/deno/package.nix at 00a9185e3cf0dfe193f94e48f2fa782aef8e3209.
  deno = plain "deno" "2.8.3";
  # go/1.26.nix at 181cc43ccd0e585499a05eff87a6dd38ce600fd9: CGO_ENABLED lives in `env`.
  go = package "go" "1.26.0" {
    __structuredAttrs = true;
    env.CGO_ENABLED = 1;
  };
  # rust/1_95.nix at fc3f2e72c142be53877d3f728f949330811bc7dd.
  rustc = plain "rustc" "1.95.0";
  cargo = plain "cargo" "1.95.0";
  alejandra = plain "alejandra" "4.0.0";
  python3 =
    package "python3" "3.13.8" {meta.mainProgram = "python3";}
    // {
      pkgs.requests = package "python3.13-requests" "2.32.5" {};
      pkgs.setuptools = package "python3.13-setuptools" "80.9.0" {};
      withPackages = select:
        package "python3-env" "3.13.8" {
          packages = select self.python3.pkgs;
          meta.mainProgram = "python3";
        };
    };
  diesel-cli = package "diesel-cli" "2.3.2" {meta.mainProgram = "diesel";};
  # Fonts with their variable faces in share/fonts/variable (pkgs/by-name/so/source-sans at
  # 1dff0f9cc59c9f10b49a1d338cb09b546be88b71, source-serif at 48a28d2173f19b83924fa4e7b7499ae61d0ba703).
  source-sans = plain "source-sans" "3.052";
  source-serif = plain "source-serif" "4.005";
  # pkgs/by-name/ib/ibm-plex/package.nix at 066e2231a9c27cda49ecb2156c7753f6d359588b (every
  # family, installFonts), version.nix at f36b38ce3b1afa4bf206b85cbc296ac6f82ee5f7.
  ibm-plex = plain "ibm-plex" "1.1.0";
  # pkgs/by-name/sq/sqld/package.nix at 14f16e1bd657f0e7102d002c64d549581b75aeca.
  sqld = package "sqld" "0.24.32" {meta.mainProgram = "sqld";};
  # pkgs/by-name/sq/sqlx-cli/package.nix at 1e377fedf7c63e229b3c86ea46116123b8048332.
  sqlx-cli = package "sqlx-cli" "0.8.6" {meta.mainProgram = "sqlx";};
  ffmpeg-headless = package "ffmpeg-headless" "8.0" {meta.mainProgram = "ffmpeg";};
}
