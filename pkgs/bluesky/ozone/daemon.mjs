// Ozone's daemon (scheduled actions, event reversal, materialized views, team profiles, …), as
// upstream's services/ozone/daemon.ts starts it: the same OZONE_* environment as the API.
import { versionOf } from './listen.mjs'
import { OzoneDaemon, envToCfg, envToSecrets, readEnv } from '@atproto/ozone'

const main = async () => {
  const env = readEnv()
  env.version ??= await versionOf('@atproto/ozone')
  const cfg = envToCfg(env)
  const secrets = envToSecrets(env)
  const daemon = await OzoneDaemon.create(cfg, secrets)
  await daemon.start()
  process.on('SIGTERM', async () => {
    await daemon.destroy()
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
