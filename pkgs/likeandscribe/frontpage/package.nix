# Frontpage (likeandscribe/frontpage): a federated link aggregator, the Next.js app of the
# pnpm workspace, built as a standalone server. Its database is libSQL: a local SQLite file
# (`file:` URL) or a Turso/sqld server; `frontpage-migrate` applies the drizzle migrations.
# Dependencies are lockfile-exact (node-deps.json, from the workspace's pnpm-lock.yaml; one
# tarball comes from JSR's npm registry, as upstream's .npmrc says).
#
# The source is a sparse checkout of the commit without one file,
# packages/frontpage/app/opengraph-image.png (the site's default Open Graph image): its blob
# is in no copy of the repository this hash could be computed from, while the checkout without
# it was (the NAR hash of the commit's tree minus that file). The app then has no default
# `og:image`.
{
  lib,
  buildPnpmWorkspace,
  fetchFromGitHub,
  nodejs_22,
  source-sans,
  source-serif,
  defaultPdsHost ? null,
}: let
  nodejs = nodejs_22;
in
  buildPnpmWorkspace {
    pname = "frontpage";
    version = "0-unstable-2025-12-04";

    src = fetchFromGitHub {
      owner = "likeandscribe";
      repo = "frontpage";
      rev = "2a8a984e7801ba980a3942cef363269637257f9b";
      sparseCheckout = ["/*" "!/packages/frontpage/app/opengraph-image.png"];
      nonConeMode = true;
      hash = "sha256-SjjR42KhStRpQ/Y1x47aKobFA6PRFkRlFlKjrcALmY0=";
    };

    nodeDeps = ./node-deps.json;
    inherit nodejs;
    workspace = "frontpage";
    appDir = "packages/frontpage";
    nextStandalone = true;

    # `output: "standalone"`; the fonts from files instead of Google Fonts (next/font/google
    # downloads them while building); /blog rendered on request instead of while building (its
    # posts come from the Frontpage team's PDS).
    patches = [./self-hosted.patch];
    postPatch = ''
      install -Dm444 ${source-serif}/share/fonts/variable/SourceSerif4Variable-Roman.otf packages/frontpage/app/fonts/source-serif-4.otf
      install -Dm444 ${source-sans}/share/fonts/variable/SourceSans3VF-Upright.otf packages/frontpage/app/fonts/source-sans-3.otf
    '';

    env =
      {
        NEXT_TELEMETRY_DISABLED = "1";
        # lib/db.ts opens its client when a route's module is loaded, which the build does to
        # collect page data; no page is rendered from the database while building.
        TURSO_CONNECTION_URL = "file::memory:";
      }
      # The login form's default PDS (upstream: bsky.social), compiled into the client.
      // lib.optionalAttrs (defaultPdsHost != null) {NEXT_PUBLIC_DEFAULT_PDS_HOST = defaultPdsHost;};

    binaryName = "frontpage";
    environment.NEXT_TELEMETRY_DISABLED = 1;

    # The migrations and their runner. The app's bundles hold drizzle-orm, so the standalone
    # node_modules lacks it: its package (with the links to its peers, @libsql/client among
    # them) is copied there for the runner.
    postInstall = ''
      app=$out/share/frontpage/packages/frontpage
      cp -r packages/frontpage/drizzle $app/drizzle
      install -Dm444 ${./migrate.mjs} $app/migrate.mjs
      drizzle=$(realpath packages/frontpage/node_modules/drizzle-orm)
      store=''${drizzle%/node_modules/drizzle-orm}
      cp -a "$store" $out/share/frontpage/node_modules/.pnpm/
      ln -s "../../../node_modules/.pnpm/$(basename "$store")/node_modules/drizzle-orm" $app/node_modules/drizzle-orm
      makeWrapper ${lib.getExe nodejs} $out/bin/frontpage-migrate --add-flags $app/migrate.mjs
      makeWrapper ${lib.getExe nodejs} $out/bin/frontpage-generate-jwk --add-flags ${./generate-jwk.mjs}
    '';

    meta = {
      description = "Federated link aggregator on ATproto (Frontpage's Next.js app)";
      homepage = "https://github.com/likeandscribe/frontpage";
      license = lib.licenses.mit;
      platforms = lib.platforms.linux;
    };
  }
