// Ozone's API server, as upstream's services/ozone/api.ts starts it (without its Datadog tracer
// and the Bunny/CloudFront invalidators of Bluesky's image CDN): the OZONE_* environment
// (packages/ozone/src/config/env.ts), the database migrated first when OZONE_DB_MIGRATE=1.
import { versionOf } from './listen.mjs'
import {
  Database,
  OzoneService,
  envToCfg,
  envToSecrets,
  httpLogger,
  readEnv,
} from '@atproto/ozone'

const main = async () => {
  const env = readEnv()
  env.version ??= await versionOf('@atproto/ozone')
  const cfg = envToCfg(env)
  const secrets = envToSecrets(env)

  if (process.env.OZONE_DB_MIGRATE === '1') {
    const db = new Database({
      url: cfg.db.postgresUrl,
      schema: cfg.db.postgresSchema,
    })
    await db.migrateToLatestOrThrow()
    await db.close()
  }

  const ozone = await OzoneService.create(cfg, secrets)
  await ozone.start()
  httpLogger.info('ozone is running')

  process.on('SIGTERM', async () => {
    httpLogger.info('ozone is stopping')
    await ozone.destroy()
    httpLogger.info('ozone is stopped')
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
