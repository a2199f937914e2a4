# ATproto identifiers as option types, the public network's endpoint registry and the
# package conventions of atpkgs.
{lib}: let
  inherit
    (lib)
    all
    any
    concatStringsSep
    elemAt
    hasPrefix
    length
    mkOptionType
    removePrefix
    splitString
    stringLength
    types
    ;

  matches = regex: value: builtins.match regex value != null;

  # Domain-name labels shared by handles and hostnames (RFC 1123).
  labelRegex = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?";
  labels = value: splitString "." value;
  allLabelsValid = value: all (matches labelRegex) (labels value);

  isIPv4 = matches "([0-9]{1,3}\\.){3}[0-9]{1,3}";

  # Why a URL is not an endpoint with one of `schemes`, or null.
  explainUrl = explainHostname: schemes: value: let
    parsed = builtins.match "([a-z]+)://([^/?#]*)([/?#].*)?" value;
    scheme = elemAt parsed 0;
    hostPort = elemAt parsed 1;
    rest = elemAt parsed 2;
    ipv6 = builtins.match "[[][0-9a-fA-F:.]+[]](:[0-9]{1,5})?" hostPort;
    hostAndPort = builtins.match "([^:]*)(:[0-9]{1,5})?" hostPort;
    schemeList = concatStringsSep " or " (map (s: "${s}://") schemes);
  in
    if !builtins.isString value
    then "an endpoint URL must be a string"
    else if parsed == null || !builtins.elem scheme schemes
    then "an endpoint URL starts with ${schemeList}"
    else if matches ".*[[:space:]].*" value
    then "an endpoint URL contains no whitespace"
    else if ipv6 != null
    then null
    else if hostAndPort == null
    then "the port of an endpoint URL is 1 to 5 digits"
    else if explainHostname (elemAt hostAndPort 0) != null && !isIPv4 (elemAt hostAndPort 0)
    then "the host of an endpoint URL is a hostname, an IPv4 address or a bracketed IPv6 address"
    else if rest != null && lib.hasSuffix "/" value
    then "an endpoint URL has no trailing slash (services append their own paths)"
    else null;

  # Why a string is not a valid value of one identifier kind: a sentence naming the rule
  # broken, or `null` when the value is valid. Every `explain.*` function backs the option
  # type of the same name.
  #
  #   explain.handle "alice"  => "a handle needs at least two dot-separated labels"
  explain = rec {
    hostname = value:
      if !builtins.isString value
      then "a hostname must be a string"
      else if value == "" || stringLength value > 253
      then "a hostname has 1 to 253 characters"
      else if !allLabelsValid value
      then "each dot-separated label of a hostname has 1 to 63 letters, digits or hyphens and neither starts nor ends with a hyphen"
      else null;

    handle = value:
      if !builtins.isString value
      then "a handle must be a string"
      else if stringLength value > 253
      then "a handle has at most 253 characters"
      else if length (labels value) < 2
      then "a handle needs at least two dot-separated labels"
      else if !allLabelsValid value
      then "each label of a handle has 1 to 63 ASCII letters, digits or hyphens and neither starts nor ends with a hyphen"
      else if !matches "[a-zA-Z].*" (lib.last (labels value))
      then "the last label (top-level domain) of a handle starts with a letter"
      else null;

    did = value: let
      plcId = removePrefix "did:plc:" value;
      webHost = builtins.replaceStrings ["%3A"] [":"] (removePrefix "did:web:" value);
      webParts = splitString ":" webHost;
    in
      if !builtins.isString value
      then "a DID must be a string"
      else if stringLength value > 2048
      then "a DID has at most 2048 characters"
      else if hasPrefix "did:plc:" value
      then
        if matches "[a-z2-7]{24}" plcId
        then null
        else "a did:plc identifier is 24 characters of lowercase base32 (a-z, 2-7) after did:plc:"
      else if hasPrefix "did:web:" value
      then
        if
          hostname (elemAt webParts 0)
          == null
          && length webParts <= 2
          && (length webParts == 1 || matches "[0-9]{1,5}" (elemAt webParts 1))
        then null
        else "a did:web identifier is a hostname, optionally with a port written as %3A<port>, after did:web: (no paths)"
      else if matches "did:[a-z]+:.+" value
      then "ATproto supports only the did:plc and did:web methods"
      else "a DID has the form did:<method>:<identifier>";

    nsid = value: let
      segments = labels value;
      name = lib.last segments;
      authority = lib.init segments;
    in
      if !builtins.isString value
      then "an NSID must be a string"
      else if stringLength value > 317
      then "an NSID has at most 317 characters"
      else if length segments < 3
      then "an NSID has at least three dot-separated segments (reversed domain authority, then a name)"
      else if !all (matches labelRegex) authority
      then "each domain-authority segment of an NSID has 1 to 63 letters, digits or hyphens and neither starts nor ends with a hyphen"
      else if !matches "[a-zA-Z].*" (builtins.head authority)
      then "the first segment of an NSID starts with a letter"
      else if !matches "[a-zA-Z][a-zA-Z0-9]{0,62}" name
      then "the name segment of an NSID is 1 to 63 letters or digits and starts with a letter"
      else null;

    recordKey = value:
      if matches "[A-Za-z0-9._:~-]{1,512}" value && value != "." && value != ".."
      then null
      else "a record key is 1 to 512 characters of letters, digits and . _ : ~ -, and is neither . nor ..";

    atUri = value: let
      path = removePrefix "at://" value;
      parts = splitString "/" path;
      authority = elemAt parts 0;
      authorityError =
        if hasPrefix "did:" authority
        then did authority
        else handle authority;
    in
      if !builtins.isString value
      then "an AT URI must be a string"
      else if !hasPrefix "at://" value
      then "an AT URI starts with at://"
      else if matches ".*[?#].*" value
      then "an AT URI in atpkgs has no query or fragment"
      else if length parts > 3
      then "an AT URI has at most an authority, a collection and a record key"
      else if authorityError != null
      then "the authority of an AT URI is a DID or a handle: ${authorityError}"
      else if length parts >= 2 && nsid (elemAt parts 1) != null
      then "the collection of an AT URI is an NSID: ${nsid (elemAt parts 1)}"
      else if length parts == 3 && recordKey (elemAt parts 2) != null
      then recordKey (elemAt parts 2)
      else null;

    endpoint = explainUrl hostname ["http" "https"];
    websocketEndpoint = explainUrl hostname ["ws" "wss"];
  };

  # Option type of an ATproto identifier kind: accepts exactly the strings for which
  # `explain.<kind>` returns `null`. Its `description` names the rules, so the module
  # system's "is not of type" error says what was expected.
  mkIdentifierType = kind: description:
    mkOptionType {
      name = kind;
      inherit description;
      descriptionClass = "noun";
      check = value: builtins.isString value && explain.${kind} value == null;
      merge = lib.mergeEqualOption;
    };

  # Defaults of the public ATproto network. Modules never write these URLs themselves:
  # they take their defaults from the `atproto.endpoints` options, whose defaults are these.
  publicEndpoints = {
    plcDirectory = "https://plc.directory";
    plcBundles = "https://plc.t3.storage.dev/plc.directory";
    relay = "https://bsky.network";
    jetstream = "wss://jetstream2.us-east.bsky.network";
    appview = "https://api.bsky.app";
    appviewDid = "did:web:api.bsky.app";
    publicAppview = "https://public.api.bsky.app";
    entryway = "https://bsky.social";
    chat = "https://api.bsky.chat";
    chatDid = "did:web:api.bsky.chat";
    moderation = "https://mod.bsky.app";
    moderationDid = "did:plc:ar7c4by46qjdydhdevvrndac";
    tangledAppview = "https://tangled.org";
    tangledNixery = "https://nixery.tangled.sh";
    tangledPds = "https://tngl.sh";
    tangledCamo = "https://camo.tangled.sh";
    tangledAvatar = "https://avatar.tangled.sh";
  };

  # The host an endpoint value names: the host of a URL (without port or brackets), the host
  # of a did:web DID, or null (a did:plc DID names none).
  #   hostOf "wss://jetstream2.us-east.bsky.network"  => "jetstream2.us-east.bsky.network"
  #   hostOf "did:web:api.bsky.app"                   => "api.bsky.app"
  hostOf = value: let
    authority = builtins.match "[a-z]+://([^/?#]*).*" value;
    host = authority: builtins.head (builtins.match "([[][^]]*[]]|[^:]*).*" authority);
    webHost = builtins.match "did:web:([^:%]*).*" value;
  in
    if authority != null
    then lib.toLower (host (builtins.head authority))
    else if webHost != null
    then lib.toLower (builtins.head webHost)
    else null;

  # Bluesky's public network: its domains (each with every name under it) and the DIDs of its
  # services that name no host.
  publicNetwork = {
    domains = ["plc.directory" "bsky.network" "bsky.app" "bsky.social"];
    dids = [publicEndpoints.moderationDid];
  };

  # Whether an endpoint value (URL or DID) names a service of the public network.
  #   namesPublicNetwork "https://relay1.us-east.bsky.network"  => true
  #   namesPublicNetwork "https://relay.example.com"            => false
  namesPublicNetwork = value: let
    host = hostOf value;
  in
    builtins.elem value publicNetwork.dids
    || host != null && any (domain: host == domain || lib.hasSuffix ".${domain}" host) publicNetwork.domains;
in {
  inherit explain publicEndpoints publicNetwork namesPublicNetwork;

  types = {
    did = mkIdentifierType "did" "DID (did:plc: and 24 base32 characters, or did:web: and a hostname)";
    handle = mkIdentifierType "handle" "ATproto handle (a domain name of at least two labels)";
    nsid = mkIdentifierType "nsid" "NSID (reversed domain authority and a name, e.g. app.bsky.feed.post)";
    atUri = mkIdentifierType "atUri" "AT URI (at://<DID or handle>[/<NSID>[/<record key>]])";
    endpoint = mkIdentifierType "endpoint" "HTTP(S) endpoint URL without a trailing slash";
    websocketEndpoint = mkIdentifierType "websocketEndpoint" "WebSocket (ws:// or wss://) endpoint URL without a trailing slash";
    hostname = mkIdentifierType "hostname" "hostname (dot-separated labels of letters, digits and hyphens)";
  };

  # The flat attribute name of a package in `pkgs.atproto`: `<org>-<name>`.
  #   packageAttrName "microcosm" "constellation"  => "microcosm-constellation"
  packageAttrName = org: name: "${org}-${name}";

  # Whether an attribute name follows the `<org>-<name>` convention of lowercase
  # kebab-case words.
  isPackageAttrName = name: matches "[a-z0-9]+(-[a-z0-9]+)+" name && !any (s: s == "") (splitString "-" name);
}
