# ATproto identifier types accept the spec's valid examples and reject the invalid ones
# (atproto.com/specs: did, handle, nsid, at-uri-scheme).
{
  lib,
  atprotoLib,
  ...
}: let
  inherit (atprotoLib) types;

  accepts = type: values: {
    expr = builtins.filter (value: !type.check value) values;
    expected = [];
  };
  rejects = type: values: {
    expr = builtins.filter type.check values;
    expected = [];
  };
in {
  didValid = accepts types.did [
    "did:plc:z72i7hdynmk6r22z27h6tvur"
    "did:plc:ar7c4by46qjdydhdevvrndac"
    "did:web:blueskyweb.xyz"
    "did:web:localhost%3A8080"
  ];
  didInvalid = rejects types.did [
    "did:plc:z72i7hdynmk6r22z27h6tvu"
    "did:plc:Z72I7HDYNMK6R22Z27H6TVUR"
    "did:plc:z72i7hdynmk6r22z27h6tvu0"
    "did:web:example.com/path"
    "did:web:-example.com"
    "did:key:zQ3shunBKsXixLxKtC5qeSG9E4J5RkGN57im31pcTzbNQnm5w"
    "DID:plc:z72i7hdynmk6r22z27h6tvur"
    "plc:z72i7hdynmk6r22z27h6tvur"
    ""
    42
  ];

  handleValid = accepts types.handle [
    "jay.bsky.social"
    "8.cn"
    "name.t--t"
    "XX.LCS.MIT.EDU"
    "a.co"
    "xn--notarealidn.com"
    "xn--fiqa61au8b7zsevnm8ak20mc4a87e.xn--fiqs8s"
    "example.t"
  ];
  handleInvalid = rejects types.handle [
    "jo@hn.test"
    "john..test"
    "xn--bcher-.tld"
    "john.0"
    "cn.8"
    "org"
    "name.org."
    "-john.test"
    "${lib.strings.replicate 64 "a"}.test"
  ];

  nsidValid = accepts types.nsid [
    "com.example.fooBar"
    "net.users.bob.ping"
    "a-0.b-1.c"
    "a.b.c"
    "com.example.fooBarV2"
    "cn.8.lex.stuff"
    "app.bsky.feed.post"
  ];
  nsidInvalid = rejects types.nsid [
    "com.example"
    "com.example.3"
    "com.example.foo-bar"
    "com..example.foo"
    "com.example.foo*"
    "8.example.foo"
  ];

  atUriValid = accepts types.atUri [
    "at://did:plc:z72i7hdynmk6r22z27h6tvur"
    "at://alice.bsky.social"
    "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.generator/whats-hot"
    "at://alice.bsky.social/app.bsky.feed.post/3jwdwj2ctlk26"
    "at://did:web:example.com/app.bsky.actor.profile/self"
  ];
  atUriInvalid = rejects types.atUri [
    "https://bsky.app/profile/alice.bsky.social"
    "at://alice"
    "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/a/b"
    "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/.."
    "at://did:plc:z72i7hdynmk6r22z27h6tvur/notansid"
    "at://alice.bsky.social?query=1"
  ];

  endpointValid = accepts types.endpoint [
    "https://plc.directory"
    "http://127.0.0.1:2582"
    "http://[::1]:8080"
    "https://pds.example.com/xrpc"
    "http://localhost:3000"
  ];
  endpointInvalid = rejects types.endpoint [
    "plc.directory"
    "https://plc.directory/"
    "wss://jetstream2.us-east.bsky.network"
    "https://exa mple.com"
    "ftp://example.com"
    "https://-bad.example.com"
    "https://example.com:123456"
  ];

  websocketEndpointValid = accepts types.websocketEndpoint [
    "wss://jetstream2.us-east.bsky.network"
    "ws://127.0.0.1:6008/subscribe"
  ];
  websocketEndpointInvalid = rejects types.websocketEndpoint ["https://bsky.network" "wss://"];

  hostnameValid = accepts types.hostname ["example.com" "localhost" "pds-1.example.org"];
  hostnameInvalid = rejects types.hostname ["" "exa_mple.com" "example..com" "-x.com"];

  explainNamesTheBrokenRule = {
    expr = map (kind: atprotoLib.explain.${kind} "x") ["did" "handle" "nsid" "endpoint"];
    expected = [
      "a DID has the form did:<method>:<identifier>"
      "a handle needs at least two dot-separated labels"
      "an NSID has at least three dot-separated segments (reversed domain authority, then a name)"
      "an endpoint URL starts with http:// or https://"
    ];
  };

  explainAcceptsValid = {
    expr = atprotoLib.explain.atUri "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3jwdwj2ctlk26";
    expected = null;
  };

  registryValuesHaveTheirTypes = {
    expr = lib.filterAttrs (_: valid: !valid) (lib.mapAttrs (name: value:
      if lib.hasSuffix "Did" name
      then types.did.check value
      else if name == "jetstream"
      then types.websocketEndpoint.check value
      else types.endpoint.check value)
    atprotoLib.publicEndpoints);
    expected = {};
  };

  packageAttrNames = {
    expr = map atprotoLib.isPackageAttrName ["microcosm-constellation" "rsky-pds" "Rsky-pds" "pds" "rsky--pds" "rsky_pds"];
    expected = [true true false false false false];
  };
}
