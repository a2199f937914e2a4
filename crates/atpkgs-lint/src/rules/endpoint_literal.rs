use std::borrow::Cow;

use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::{FileContext, Role};
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "endpoint-literal",
    level: Level::Error,
    category: "endpoints",
    summary: "No hard-coded http(s)/ws(s) URLs or ATproto hosts outside option defaults, `meta`, fetchers and the endpoint registry.",
    explanation: "Which PLC directory, relay, Jetstream or AppView a service talks to is a deployment decision. A literal `https://plc.directory` in `ExecStart` or the environment cannot be overridden, and a second copy drifts from the first. Endpoints live in the registry (configured as `endpoint-registry`, e.g. `lib/atproto-core.nix`) and reach modules as option defaults (`default = config.atproto.endpoints.plc;`). Accepted places: option `default`/`defaultText`/`example`/`description`, function argument defaults, `meta` (homepage, changelog), fetcher arguments, `mkEnableOption` text, flake `inputs`, messages (`throw`, `abort`, `lib.warn`), files in a `tests` or `test` folder, bindings whose name says they describe something (`longDescription`, `package-description-override`), and hosts listed in `allowed-hosts` (loopback addresses and the names reserved for examples, `example.com`, `*.test`, `*.invalid`, …, always are). In packages (`pkgs/`) only `meta` and fetcher arguments are accepted.",
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

/// Calls whose string arguments are messages to a person (`throw "see https://…"`).
const MESSAGE_CALLS: &[&str] = &[
    "throw",
    "abort",
    "warn",
    "warnIf",
    "warnIfNot",
    "trace",
    "throwIf",
    "throwIfNot",
];

fn check(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    if in_tests(cx.relative) {
        return; // Tests spell out the values they check.
    }
    let Some(found) = find_endpoint(node, &cx.config.allowed_hosts) else {
        return;
    };
    let accepted_place = match cx.role {
        Role::Package => {
            syntax::in_meta_or_fetcher(node) || in_description(node) || in_message(node)
        }
        _ => {
            syntax::in_documentation_or_fetcher(node)
                || is_flake_input(cx, node)
                || in_description(node)
                || in_message(node)
        }
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
    // The green tokens: no red token is built for each part of the string.
    let green = node.green();
    let tokens = green.children().filter_map(rowan::NodeOrToken::into_token);
    let tokens = tokens.filter(|token| {
        matches!(
            <rnix::NixLanguage as rowan::Language>::kind_from_raw(token.kind()),
            SyntaxKind::TOKEN_STRING_CONTENT | SyntaxKind::TOKEN_URI
        )
    });
    for token in tokens {
        let text = without_comment_lines(token.text());
        let text = text.as_ref();
        if let Some(found) = find_url(text, allowed).or_else(|| find_known_host(text, allowed)) {
            return Some(found);
        }
    }
    None
}

/// A script's text without its `#` comment lines (a link in a comment is no address).
fn without_comment_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('#') {
        return std::borrow::Cow::Borrowed(text);
    }
    let kept: Vec<&str> = text
        .split('\n')
        .filter(|line| !line.trim_start().starts_with('#'))
        .collect();
    std::borrow::Cow::Owned(kept.join("\n"))
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
        let scheme = &text[scheme_start..at];
        if !URL_SCHEMES
            .iter()
            .any(|known| known.eq_ignore_ascii_case(scheme))
        {
            continue;
        }
        let host = url_host(&text[at + 3..]);
        if host.is_empty() || is_allowed(&host, allowed) {
            continue;
        }
        let end = text[at + 3..]
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '$' | '\\'))
            .map_or(text.len(), |len| at + 3 + len);
        return Some(text[scheme_start..end].to_owned());
    }
    None
}

/// The host of `rest` (what follows `://`), in lower case; empty when it is interpolated.
fn url_host(rest: &str) -> Cow<'_, str> {
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if let Some(bracketed) = authority.strip_prefix('[') {
        return Cow::Borrowed(bracketed.split(']').next().unwrap_or(""));
    }
    let length = authority.bytes().take_while(|&b| is_host_char(b)).count();
    if authority[length..].starts_with("${") {
        return Cow::Borrowed("");
    }
    lower_case(&authority[..length])
}

/// `text` in lower case, borrowed when it already is.
fn lower_case(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn find_known_host(text: &str, allowed: &[String]) -> Option<String> {
    if !KNOWN_HOSTS.iter().any(|host| text.contains(host)) {
        return None;
    }
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .map(|word| lower_case(word.trim_matches('.')))
        .find(|word| is_known_host(word) && !is_allowed(word, allowed))
        .map(Cow::into_owned)
}

fn is_known_host(host: &str) -> bool {
    KNOWN_HOSTS.iter().any(|known| is_within(host, known))
}

/// Whether `host` is `domain` or one of its subdomains.
fn is_within(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

/// Binding names whose values point people somewhere or configure Nix itself, not a service.
const NOT_SERVICE_ADDRESSES: &[&str] = &[
    "message",
    "website",
    "documentation",
    "repository",
    "maintainer",
    "remotes",
    "$schema",
    "substituters",
    "extra-substituters",
    "trusted-substituters",
];

/// Whether `node` is the value of a binding that describes something or points people to it
/// (`longDescription`, `package-description-override`, systemd's `Documentation`, an
/// assertion's `message`): text about a program, not an address it uses. Only the name the
/// value is bound to counts (`website` in `virtualHosts.website.locations` does not).
fn in_description(node: &SyntaxNode) -> bool {
    let Some(innermost) = syntax::bindings_outward(node).next() else {
        return false;
    };
    syntax::binding_name(&innermost).is_some_and(|name| {
        let name = name.to_ascii_lowercase();
        name.contains("description") || NOT_SERVICE_ADDRESSES.contains(&name.as_str())
    })
}

fn in_tests(relative: &str) -> bool {
    // Asked for every string with an address: most paths are told apart by the first test.
    relative.contains("test")
        && relative
            .split('/')
            .rev()
            .skip(1) // the file name
            .any(|folder| matches!(folder, "tests" | "test"))
}

/// Whether `node` is the message of `throw`, `abort`, `lib.warn` and the like: an argument
/// of such a call, through parentheses and string concatenation (not the value `warnIf`
/// passes on).
fn in_message(node: &SyntaxNode) -> bool {
    let mut current = node.clone();
    while let Some(parent) = current.parent() {
        match parent.kind() {
            SyntaxKind::NODE_PAREN => {}
            SyntaxKind::NODE_BIN_OP
                if <rnix::ast::BinOp as AstNode>::cast(parent.clone())
                    .is_some_and(|op| op.operator() == Some(rnix::ast::BinOpKind::Add)) => {}
            SyntaxKind::NODE_APPLY => {
                let Some(apply) = <rnix::ast::Apply as AstNode>::cast(parent.clone()) else {
                    return false;
                };
                let is_argument = apply
                    .argument()
                    .is_some_and(|argument| argument.syntax() == &current);
                return is_argument && syntax::calls_one_of(&apply, MESSAGE_CALLS);
            }
            _ => return false,
        }
        current = parent;
    }
    false
}

/// Names reserved for examples and tests (RFC 2606, RFC 6761): never a real endpoint.
fn is_reserved_example(host: &str) -> bool {
    ["example.com", "example.org", "example.net"]
        .iter()
        .any(|domain| is_within(host, domain))
        || [".example", ".test", ".invalid", ".localhost"]
            .iter()
            .any(|tld| host.ends_with(tld))
}

fn is_allowed(host: &str, allowed: &[String]) -> bool {
    LOOPBACK.contains(&host)
        || is_reserved_example(host)
        || allowed.iter().any(|entry| is_within(host, entry))
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
