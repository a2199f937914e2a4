use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::finding::Fix;
use crate::hash::{self, HashValue};
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "legacy-hash",
    level: Level::Warn,
    category: "packages",
    summary: "Hashes are written as SRI `hash = \"sha256-…\"`, not `sha256 = \"<base32>\"` (builtin fetchers excepted).",
    explanation: "`sha256`/`sha512` attributes and base32 or hex `outputHash` values are the old spelling. nixpkgs moved to SRI `hash` attributes: one attribute for every algorithm, the same text `nix hash` and error messages print. The help line gives the SRI form of the digest, converted from Nix base32, hex or plain base64 (all three are digests Nix accepts without the prefix). The evaluation-time `builtins.fetchTarball`/`fetchurl`/`fetchGit` only accept `sha256`, so they are left alone.",
    bad: r#"fetchurl {
  url = "https://example.org/source.tar.gz";
  sha256 = "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73";
}"#,
    good: r#"fetchurl {
  url = "https://example.org/source.tar.gz";
  hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_ATTRPATH_VALUE],
        triggers: &["sha256", "sha512", "Hash"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(binding) = ast::AttrpathValue::cast(node.clone()) else {
        return;
    };
    let Some(name) = syntax::binding_name(&binding) else {
        return;
    };
    if !matches!(name.as_str(), "sha256" | "sha512" | "outputHash") {
        return;
    }
    if syntax::in_builtin_fetcher(node) {
        return; // `builtins.fetchTarball` and friends only accept `sha256`.
    }
    let Some(ast::Expr::Str(string)) = binding.value().map(syntax::unparen) else {
        return;
    };
    let Some(text) = syntax::literal_string(&string) else {
        return;
    };
    let range = binding.syntax().text_range();
    // The fix writes the SRI value in a `hash` attribute (`outputHash` keeps its name). A
    // `sha256` is renamed only where a fetcher reads it: in the set written as a fetcher's
    // argument, as a single name (elsewhere it may be data read as `.sha256`).
    let renamable = binding
        .attrpath()
        .is_some_and(|path| path.attrs().count() == 1)
        && is_fetcher_argument(&binding);
    let fix = |sri: &str| {
        if name == "outputHash" {
            Some(Fix {
                range: string.syntax().text_range(),
                replacement: format!("\"{sri}\""),
            })
        } else {
            renamable.then(|| Fix {
                range,
                replacement: format!("hash = \"{sri}\";"),
            })
        }
    };
    match hash::classify(&text) {
        HashValue::Legacy { sri } => sink.report_with_fix(
            range,
            format!("`{name}` uses a legacy (not SRI) digest"),
            format!(
                "write `{} = \"{sri}\";`",
                if name == "outputHash" {
                    "outputHash"
                } else {
                    "hash"
                }
            ),
            fix(&sri),
        ),
        HashValue::Sri if name != "outputHash" => sink.report_with_fix(
            range,
            format!("an SRI hash in `{name}`"),
            format!("rename the attribute: `hash = \"{text}\";`"),
            fix(&text),
        ),
        _ => {}
    }
}

/// Whether the binding sits in the set a fetcher call takes (`fetchurl { sha256 = …; }`).
fn is_fetcher_argument(binding: &ast::AttrpathValue) -> bool {
    let Some(set) = binding.syntax().parent() else {
        return false;
    };
    set.ancestors()
        .filter_map(ast::Apply::cast)
        .find(|apply| syntax::fetcher_name(apply).is_some())
        .and_then(|apply| syntax::call_attrset(&apply))
        .is_some_and(|arguments| arguments.syntax() == &set)
}
