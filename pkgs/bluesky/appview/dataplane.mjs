// The AppView's data plane: @atproto/bsky's PostgreSQL data plane server (the one upstream's
// dev-env runs; upstream ships no program for it and Bluesky's own data plane is not public),
// with the indexer of the firehose and the subscription to bsync, wired as dev-env wires
// them (packages/dev-env/src/bsky.ts). It reads the AppView's BSKY_* environment (for bsync)
// and these variables of its own:
//   BSKY_DATAPLANE_PORT                 port of the data plane's API (default 2586)
//   BSKY_DATAPLANE_DB_POSTGRES_URL      PostgreSQL URL (required)
//   BSKY_DATAPLANE_DB_POSTGRES_SCHEMA   schema (default: the role's search path)
//   BSKY_DATAPLANE_DB_POOL_SIZE         connections (default 10)
//   BSKY_DATAPLANE_DB_MIGRATE           `true`: migrate the database at start
//   BSKY_DATAPLANE_REPO_PROVIDER        relay or PDS whose firehose is indexed (none: no indexing)
import './listen.mjs'
import assert from 'node:assert'
import {
  BsyncSubscription,
  DataPlaneServer,
  Database,
  RepoSubscription,
  ServerConfig,
} from '@atproto/bsky'

const env = process.env

const main = async () => {
  const url = env.BSKY_DATAPLANE_DB_POSTGRES_URL || undefined
  assert(url, 'must set BSKY_DATAPLANE_DB_POSTGRES_URL')
  const schema = env.BSKY_DATAPLANE_DB_POSTGRES_SCHEMA || undefined
  const port = parseInt(env.BSKY_DATAPLANE_PORT || '2586', 10)
  const poolSize = parseInt(env.BSKY_DATAPLANE_DB_POOL_SIZE || '10', 10)

  if (env.BSKY_DATAPLANE_DB_MIGRATE === 'true') {
    const migrationDb = new Database({ url, schema })
    await migrationDb.migrateToLatestOrThrow()
    await migrationDb.close()
  }

  const config = ServerConfig.readEnv()
  const db = new Database({ url, schema, poolSize })
  const dataplane = await DataPlaneServer.create(db, port, config.didPlcUrl)
  const bsyncSub = new BsyncSubscription({ config, db })
  bsyncSub.start()
  const repoProvider = env.BSKY_DATAPLANE_REPO_PROVIDER || undefined
  const sub = repoProvider
    ? new RepoSubscription({
        service: repoProvider,
        db,
        idResolver: dataplane.idResolver,
      })
    : undefined
  void sub?.start()

  process.on('SIGTERM', async () => {
    try {
      await dataplane.destroy()
      await bsyncSub.destroy()
      await sub?.destroy()
    } finally {
      await db.close()
    }
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
