// The Bluesky AppView's API server, as upstream's services/bsky/api.ts starts it (without its
// Datadog tracer): the BSKY_* environment (packages/bsky/src/config.ts) and the service
// signing key in BSKY_SERVICE_SIGNING_KEY; CLUSTER_WORKER_COUNT forks that many workers.
import { versionOf } from './listen.mjs'
import assert from 'node:assert'
import cluster from 'node:cluster'
import { BskyAppView, ServerConfig } from '@atproto/bsky'
import { Secp256k1Keypair } from '@atproto/crypto'

const main = async () => {
  process.env.BSKY_VERSION ||= await versionOf('@atproto/bsky')
  const config = ServerConfig.readEnv()
  const signingKeyHex = process.env.BSKY_SERVICE_SIGNING_KEY || undefined
  assert(signingKeyHex, 'must set BSKY_SERVICE_SIGNING_KEY')
  const signingKey = await Secp256k1Keypair.import(signingKeyHex)
  const bsky = BskyAppView.create({ config, signingKey })
  await bsky.start()
  const shutdown = async () => {
    await bsky.destroy()
  }
  process.on('SIGTERM', shutdown)
  process.on('disconnect', shutdown) // when clustering
}

const workerCount = parseInt(process.env.CLUSTER_WORKER_COUNT || '', 10)

if (workerCount > 0 && cluster.isPrimary) {
  console.log(`primary ${process.pid} is running`)
  const workers = new Set()
  for (let i = 0; i < workerCount; ++i) {
    workers.add(cluster.fork())
  }
  let teardown = false
  cluster.on('exit', (worker) => {
    workers.delete(worker)
    if (!teardown) {
      workers.add(cluster.fork()) // restart on crash
    }
  })
  process.on('SIGTERM', () => {
    teardown = true
    console.log('disconnecting workers')
    workers.forEach((w) => w.disconnect())
  })
} else {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
