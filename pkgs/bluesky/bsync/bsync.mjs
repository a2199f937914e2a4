// bsync, the AppView's store of mutes, notification preferences and other private state, as
// upstream's services/bsync/index.ts starts it (without its Datadog tracer): the BSYNC_*
// environment (packages/bsync/src/config.ts).
import { versionOf } from './listen.mjs'
import { BsyncService, envToCfg, httpLogger, readEnv } from '@atproto/bsync'

const main = async () => {
  const env = readEnv()
  env.version ??= await versionOf('@atproto/bsync')
  const cfg = envToCfg(env)
  const bsync = await BsyncService.create(cfg)
  if (bsync.ctx.cfg.db.migrate) {
    httpLogger.info('bsync db is migrating')
    await bsync.ctx.db.migrateToLatestOrThrow()
    httpLogger.info('bsync db migration complete')
  }
  await bsync.start()
  httpLogger.info('bsync is running')
  process.on('SIGTERM', async () => {
    httpLogger.info('bsync is stopping')
    await bsync.destroy()
    httpLogger.info('bsync is stopped')
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
