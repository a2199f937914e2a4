#!/usr/bin/env python3
"""A stand-in for the PLC directory and a relay on loopback, for tests/integration.

PLC: `POST /<did>` stores an operation (signatures are not checked), `GET /<did>` answers the
DID document built from the last one, `GET /<did>/data` the operation's data. Relay:
`POST /xrpc/com.atproto.sync.requestCrawl` is recorded. As an upstream directory and a
wrapped did-method-plc server (for a PLC mirror): `GET /export` pages through two fixed
operations and `GET /_health` answers. Every request is logged, one JSON line each, to the
file given as second argument.

Usage: plc-stub.py PORT LOG
"""
import json
import sys
from datetime import datetime
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

operations = {}

# What `/export` serves: two operations, as the directory lists them (JSON lines).
EXPORTED = [
    {"did": "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", "cid": "bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     "nullified": False, "createdAt": "2026-01-01T00:00:00.000Z",
     "operation": {"type": "plc_operation", "prev": None, "sig": "stub", "rotationKeys": [],
                   "verificationMethods": {}, "alsoKnownAs": ["at://a.example.test"], "services": {}}},
    {"did": "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", "cid": "bafyreibbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
     "nullified": False, "createdAt": "2026-01-02T00:00:00.000Z",
     "operation": {"type": "plc_operation", "prev": None, "sig": "stub", "rotationKeys": [],
                   "verificationMethods": {}, "alsoKnownAs": ["at://b.example.test"], "services": {}}},
]


def did_document(did, operation):
    verification = operation.get("verificationMethods", {}).get("atproto", "")
    service = operation.get("services", {}).get("atproto_pds", {})
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
                     "https://w3id.org/security/suites/secp256k1-2019/v1"],
        "id": did,
        "alsoKnownAs": operation.get("alsoKnownAs", []),
        "verificationMethod": [{
            "id": did + "#atproto",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": verification.removeprefix("did:key:"),
        }],
        "service": [{
            "id": "#atproto_pds",
            "type": "AtprotoPersonalDataServer",
            "serviceEndpoint": service.get("endpoint", ""),
        }],
    }


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def record(self, body):
        with open(sys.argv[2], "a") as log:
            log.write(json.dumps({"method": self.command, "path": self.path, "body": body}) + "\n")

    def answer(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.record(body)
        path = urllib.parse.unquote(self.path)
        if path.startswith("/did:"):
            operations[path[1:]] = body
            self.answer(200, {})
        elif path == "/xrpc/com.atproto.sync.requestCrawl":
            self.answer(200, {})
        else:
            self.answer(404, {"message": "not found"})

    def do_GET(self):
        self.record(None)
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_health":
            return self.answer(200, {"version": "plc-stub"})
        if url.path == "/export":
            after = urllib.parse.parse_qs(url.query).get("after", [None])[0]
            since = datetime.fromisoformat(after) if after else None
            lines = [json.dumps(op) for op in EXPORTED
                     if since is None or datetime.fromisoformat(op["createdAt"]) > since]
            data = "\n".join(lines).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/jsonlines")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return self.wfile.write(data)
        parts = urllib.parse.unquote(url.path).lstrip("/").split("/")
        operation = operations.get(parts[0])
        if operation is None:
            self.answer(404, {"message": "DID not registered: " + parts[0]})
        elif len(parts) == 1:
            self.answer(200, did_document(parts[0], operation))
        elif parts[1:] == ["data"]:
            self.answer(200, {key: value for key, value in operation.items() if key not in ("sig", "prev", "type")})
        else:
            self.answer(404, {"message": "not found"})


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
