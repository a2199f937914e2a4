use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::{FileContext, Role};
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "endpoint-literal",
    level: Level::Error,
    category: "endpoints",
    summary: "No hard-coded http(s)/ws(s) URLs or ATproto hosts outside option defaults, `meta`, fetchers and the endpoint registry.",
    explanation: "Which PLC directory, relay, Jetstream or AppView a service talks to is a deployment decision. A literal `https://plc.directory` in `ExecStart` or the environment cannot be overridden, and a second copy drifts from the first. Endpoints live in the registry (configured as `endpoint-registry`, e.g. `lib/atproto-core.nix`) and reach modules as option defaults (`default = config.atproto.endpoints.plc;`). Accepted places: option `default`/`defaultText`/`example`/`description`, function argument defaults, `meta` (homepage, changelog), fetcher arguments, `mkEnableOption` text, flake `inputs`, and hosts listed in `allowed-hosts` (loopback addresses always are). In packages (`pkgs/`) only `meta` and fetcher arguments are accepted.",
    bad: r#"{ config, ... }:
{
  systemd.services.bluesky-feedgen.environment.FEEDGEN_PLC_URL = "https://plc.directory";
}"#,
    good: r#"{ config, lib, ... }:
{
  options.services.bluesky-feedgen.plcUrl = lib.mkOption {
    type = lib.types.str;
    default = config.atproto.endpoints.plc;
    defaultText = lib.literalExpression "config.atproto.endpoints.plc";
    example = "https://plc.directory";
    description = "PLC directory the feed generator resolves DIDs with.";
  };
  config.systemd.services.bluesky-feedgen.environment.FEEDGEN_PLC_URL =
    config.services.bluesky-feedgen.plcUrl;
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_STRING, SyntaxKind::NODE_LITERAL],
        triggers: &["://", "bsky.", "plc.directory", "tangled.", "atproto.com"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

/// Hosts (and their subdomains) of ATproto services.
const KNOWN_HOSTS: &[&str] = &[
    "bsky.social",
    "bsky.network",
    "bsky.app",
    "bsky.chat",
    "plc.directory",
    "tangled.sh",
    "tangled.org",
    "atproto.com",
];
const LOOPBACK: &[&str] = &["localhost", "127.0.0.1", "::1", "0.0.0.0", "::"];
const URL_SCHEMES: &[&str] = &["http", "https", "ws", "wss"];

fn check(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(found) = find_endpoint(node, &cx.config.allowed_hosts) else {
        return;
    };
    let accepted_place = match cx.role {
        Role::Package => syntax::in_meta_or_fetcher(node),
        _ => syntax::in_documentation_or_fetcher(node) || is_flake_input(cx, node),
    };
    if accepted_place || cx.config.is_endpoint_registry(cx.relative) {
        return;
    }
    sink.report(
        node.text_range(),
        format!("hard-coded endpoint `{found}`"),
        "take it from the endpoint registry (e.g. an option whose default is `config.atproto.endpoints.<name>`)",
    );
}

fn find_endpoint(node: &SyntaxNode, allowed: &[String]) -> Option<String> {
    let tokens = node
        .children_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| {
            matches!(
                token.kind(),
                SyntaxKind::TOKEN_STRING_CONTENT | SyntaxKind::TOKEN_URI
            )
        });
    for token in tokens {
        let text = token.text();
        if let Some(found) = find_url(text, allowed).or_else(|| find_known_host(text, allowed)) {
            return Some(found);
        }
    }
    None
}

fn is_host_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'.' || byte == b'-'
}

/// The first http(s)/ws(s) URL with a literal host that is not allowed.
fn find_url(text: &str, allowed: &[String]) -> Option<String> {
    let bytes = text.as_bytes();
    let mut search = 0;
    while let Some(found) = text[search..].find("://") {
        let at = search + found;
        search = at + 3;
        let scheme_start = bytes[..at]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'+' || b == b'.' || b == b'-'))
            .map_or(0, |p| p + 1);
        let scheme = text[scheme_start..at].to_ascii_lowercase();
        if !URL_SCHEMES.contains(&scheme.as_str()) {
            continue;
        }
        let host = url_host(&text[at + 3..]);
        if host.is_empty() || is_allowed(&host, allowed) {
            continue;
        }
        let end = text[at + 3..]
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '$')
            .map_or(text.len(), |len| at + 3 + len);
        return Some(text[scheme_start..end].to_owned());
    }
    None
}

/// The host of `rest` (what follows `://`); empty when it is interpolated.
fn url_host(rest: &str) -> String {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if let Some(bracketed) = authority.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or("").to_owned();
    }
    let host: String = authority
        .bytes()
        .take_while(|&b| is_host_char(b))
        .map(char::from)
        .collect();
    if authority[host.len()..].starts_with("${") {
        return String::new();
    }
    host.to_ascii_lowercase()
}

fn find_known_host(text: &str, allowed: &[String]) -> Option<String> {
    if !KNOWN_HOSTS.iter().any(|host| text.contains(host)) {
        return None;
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|word| word.trim_matches('.').to_ascii_lowercase())
        .find(|word| is_known_host(word) && !is_allowed(word, allowed))
}

fn is_known_host(host: &str) -> bool {
    KNOWN_HOSTS
        .iter()
        .any(|known| host == *known || host.ends_with(&format!(".{known}")))
}

fn is_allowed(host: &str, allowed: &[String]) -> bool {
    LOOPBACK.contains(&host)
        || allowed
            .iter()
            .any(|entry| host == entry || host.ends_with(&format!(".{entry}")))
}

fn is_flake_input(cx: &FileContext, node: &SyntaxNode) -> bool {
    cx.file_name() == "flake.nix"
        && syntax::enclosing_names(node)
            .first()
            .is_some_and(|name| name == "inputs")
}

#[cfg(test)]
mod tests {
    use super::{find_known_host, find_url};

    #[test]
    fn finds_urls_with_literal_hosts() {
        assert_eq!(
            find_url("--plc https://plc.directory/x", &[]).as_deref(),
            Some("https://plc.directory/x")
        );
        assert_eq!(
            find_url("wss://jetstream2.us-east.bsky.network/subscribe", &[]).as_deref(),
            Some("wss://jetstream2.us-east.bsky.network/subscribe")
        );
        assert_eq!(find_url("http://127.0.0.1:3000", &[]), None);
        assert_eq!(find_url("http://[::1]:3000", &[]), None);
        assert_eq!(find_url("https://${cfg.hostname}/xrpc", &[]), None);
        assert_eq!(find_url("git+ssh://example.org", &[]), None);
        assert_eq!(
            find_url("https://pds.example.org", &["example.org".to_owned()]),
            None
        );
    }

    #[test]
    fn finds_known_hosts_without_scheme() {
        assert_eq!(
            find_known_host("--relay=bsky.network", &[]).as_deref(),
            Some("bsky.network")
        );
        assert_eq!(
            find_known_host("jetstream1.us-west.bsky.network", &[]).as_deref(),
            Some("jetstream1.us-west.bsky.network")
        );
        assert_eq!(find_known_host("notbsky.social.example", &[]), None);
    }
}
