// Imported first by atpkgs' entrypoints of the monorepo's servers: upstream starts each server
// with a port only (`app.listen(port)`, every address); with ATPKGS_LISTEN_ADDRESS set,
// servers given only a port listen on that address instead.
import net from 'node:net'

const address = process.env.ATPKGS_LISTEN_ADDRESS
if (address) {
  const listen = net.Server.prototype.listen
  net.Server.prototype.listen = function (...args) {
    const portOnly =
      typeof args[0] === 'number' &&
      (args.length === 1 || typeof args[1] === 'function')
    return portOnly
      ? listen.call(this, args[0], address, ...args.slice(1))
      : listen.apply(this, args)
  }
}

// The version of an installed package, for the servers' health endpoints.
export const versionOf = async (name) => {
  const { readFile } = await import('node:fs/promises')
  const manifest = new URL('../package.json', import.meta.resolve(name))
  return JSON.parse(await readFile(manifest, 'utf8')).version
}
