// Preloaded into the PDS by services.atproto-pds (NODE_OPTIONS=--require): @atproto/pds
// listens on every address (`app.listen(port)`); servers given only a port listen on
// ATPKGS_PDS_LISTEN_ADDRESS instead.
"use strict";
const net = require("node:net");

const address = process.env.ATPKGS_PDS_LISTEN_ADDRESS;
if (address) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const portOnly = typeof args[0] === "number" && (args.length === 1 || typeof args[1] === "function");
    return portOnly ? listen.call(this, args[0], address, ...args.slice(1)) : listen.apply(this, args);
  };
}
