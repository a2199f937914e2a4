use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::{FileContext, Role};
use crate::hash::{self, HashValue};
use crate::syntax::{self, green};

pub static RULE: Rule = Rule {
    id: "source-hash",
    level: Level::Error,
    category: "packages",
    summary: "Fetchers carry a real SRI hash: no `lib.fakeHash`, empty, all-zero or malformed hashes.",
    explanation: "A fixed-output derivation is only reproducible with the right hash. `lib.fakeHash`, `\"\"`, `sha256-AAAA…` and base32 digests behind an `sha256-` prefix are placeholders or typos that fail the build (or, for empty hashes, make Nix trust whatever it downloads). Checked: every fetcher call has `hash` (or `sha256`/`sha512`/`outputHash`), and every `hash`-like attribute (`hash`, `vendorHash`, `cargoHash`, `npmDepsHash`, …) in `pkgs/` or in a fetcher call holds a valid SRI value: known algorithm, base64 digest of the right length. `vendorHash = null` (vendored Go modules) is fine.",
    bad: r#"fetchFromGitHub {
  owner = "bluesky-social";
  repo = "pds";
  rev = "8f1d6a2b9c0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a";
  hash = lib.fakeHash;
}"#,
    good: r#"fetchFromGitHub {
  owner = "bluesky-social";
  repo = "pds";
  rev = "8f1d6a2b9c0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a";
  hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_APPLY, SyntaxKind::NODE_ATTRPATH_VALUE],
        triggers: &["fetch", "hash", "Hash", "sha256", "sha512"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

/// Attributes that hold an SRI hash.
const SRI_ATTRS: &[&str] = &[
    "hash",
    "outputHash",
    "vendorHash",
    "cargoHash",
    "npmDepsHash",
    "pnpmDepsHash",
    "yarnHash",
    "denoDepsHash",
];
/// Attributes that hold a hash in any format (legacy formats are `legacy-hash`'s business).
const LEGACY_ATTRS: &[&str] = &["sha256", "sha512"];
/// Fetchers pinned by `rev` alone, where a hash is optional.
const HASH_OPTIONAL: &[&str] = &["fetchGit", "fetchTarball"];
const FAKE_HASHES: &[&str] = &["fakeHash", "fakeSha256", "fakeSha512"];

fn check(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    match node.kind() {
        SyntaxKind::NODE_APPLY => check_fetcher_has_hash(node, sink),
        _ => check_hash_value(cx, node, sink),
    }
}

fn check_fetcher_has_hash(node: &SyntaxNode, sink: &mut Sink) {
    let Some(apply) = ast::Apply::cast(node.clone()) else {
        return;
    };
    let Some((name, Some(set))) = syntax::fetcher_call(&apply) else {
        return;
    };
    let call = apply.syntax().green();
    let head = green::called_function(call).and_then(green::dotted_head);
    let builtin = head == Some("builtins");
    if builtin || HASH_OPTIONAL.contains(&name) {
        return; // `builtins.fetch*` are unpinned-fetch's business.
    }
    let has_hash = syntax::set_has_any(&set, SRI_ATTRS)
        || syntax::set_has_any(&set, LEGACY_ATTRS)
        || syntax::set_has_any(&set, &["sha1", "md5"]);
    let spreads = set
        .syntax()
        .parent()
        .is_some_and(|p| p.kind() == SyntaxKind::NODE_BIN_OP);
    // A builtin under another name (`b = builtins;`) is looked for last: it walks the file.
    if !has_hash && !spreads && !head.is_some_and(|head| names_builtins(node, head)) {
        sink.report(
            apply.syntax().text_range(),
            format!("`{name}` has no `hash`"),
            "add `hash = \"\";`, build once, and copy the hash Nix reports",
        );
    }
}

/// Whether `name` is bound to `builtins` in the file (`b = builtins;`).
fn names_builtins(node: &SyntaxNode, name: &str) -> bool {
    node.ancestors().last().is_some_and(|root| {
        root.descendants()
            .filter_map(ast::AttrpathValue::cast)
            .any(|binding| {
                syntax::binding_name(&binding).as_deref() == Some(name)
                    && binding
                        .value()
                        .is_some_and(|value| syntax::node_text(value.syntax()) == "builtins")
            })
    })
}

fn check_hash_value(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(binding) = ast::AttrpathValue::cast(node.clone()) else {
        return;
    };
    let Some(name) = syntax::binding_name(&binding) else {
        return;
    };
    let is_sri_attr = SRI_ATTRS.contains(&name.as_str());
    if !is_sri_attr && !LEGACY_ATTRS.contains(&name.as_str()) {
        return;
    }
    if cx.role != Role::Package && !in_fetcher(node) {
        return;
    }
    let Some(value) = binding.value().map(syntax::unparen) else {
        return;
    };
    let range = value.syntax().text_range();
    if let Some(fake) = fake_hash(&value) {
        sink.report(
            range,
            format!("`{name}` is the placeholder `{fake}`"),
            "build once and copy the hash Nix reports; a package that cannot be built honestly is not added",
        );
        return;
    }
    let ast::Expr::Str(string) = &value else {
        return;
    };
    let Some(text) = syntax::literal_string(string) else {
        return;
    };
    match hash::classify(&text) {
        HashValue::Sri => {}
        HashValue::Placeholder => sink.report(
            range,
            format!("`{name}` is a placeholder (empty or all zeros)"),
            "build once and copy the hash Nix reports",
        ),
        HashValue::Legacy { sri } if is_sri_attr => sink.report(
            range,
            format!("`{name}` is not an SRI hash"),
            format!("write `{name} = \"{sri}\";`"),
        ),
        HashValue::Legacy { .. } => {} // `sha256 = "<base32>"`: reported by legacy-hash.
        HashValue::Invalid { reason, sri } => sink.report(
            range,
            format!("`{name}` is not a valid hash: {reason}"),
            match sri {
                Some(sri) => format!("the digest as SRI is `{sri}`"),
                None => "write an SRI hash: `sha256-` followed by 44 base64 characters".to_owned(),
            },
        ),
    }
}

fn fake_hash(value: &ast::Expr) -> Option<String> {
    let path = syntax::dotted_path(value)?;
    let last = path.last()?;
    FAKE_HASHES.contains(&last.as_str()).then(|| path.join("."))
}

fn in_fetcher(node: &SyntaxNode) -> bool {
    node.ancestors()
        .filter_map(ast::Apply::cast)
        .any(|apply| syntax::fetcher_name(&apply).is_some())
}
