use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "pinned-source",
    level: Level::Error,
    category: "packages",
    summary: "Fetcher `rev`/`tag` is a 40-hex commit or derived from `version`, never a branch.",
    explanation: "A branch name (`main`, `master`, `HEAD`, …) moves: the hash stops matching the day upstream pushes, and nobody can tell which code a build contains. Pin a full commit hash, or a tag written from the package version (`\"v${version}\"`, `finalAttrs.version`) so that `version` and the source cannot disagree.",
    bad: r#"fetchFromGitHub {
  owner = "bluesky-social";
  repo = "pds";
  rev = "main";
  hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
}"#,
    good: r#"fetchFromGitHub {
  owner = "bluesky-social";
  repo = "pds";
  tag = "v${finalAttrs.version}";
  hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["fetch"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

const BRANCHES: &[&str] = &[
    "main",
    "master",
    "HEAD",
    "trunk",
    "dev",
    "develop",
    "development",
    "latest",
    "stable",
    "nightly",
    "next",
    "unstable",
    "release",
];

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(apply) = ast::Apply::cast(node.clone()) else {
        return;
    };
    let Some((_, Some(set))) = syntax::fetcher_call(&apply) else {
        return;
    };
    for name in ["rev", "tag"] {
        if let Some(value) = syntax::set_value(&set, name) {
            check_ref(name, &value, sink);
        }
    }
}

fn check_ref(name: &str, value: &ast::Expr, sink: &mut Sink) {
    let ast::Expr::Str(string) = syntax::unparen(value.clone()) else {
        return; // `rev = version;` and other expressions are fine or unknowable.
    };
    let range = string.syntax().text_range();
    let Some(text) = syntax::literal_string(&string) else {
        if !syntax::mentions(string.syntax(), "version") {
            sink.report(
                range,
                format!("`{name}` is interpolated from something other than `version`"),
                "derive the tag from the package version, e.g. `\"v${finalAttrs.version}\"`",
            );
        }
        return;
    };
    let bare = text.trim_start_matches("refs/heads/");
    if BRANCHES.contains(&bare) || text.starts_with("refs/heads/") {
        sink.report(
            range,
            format!("`{name} = \"{text}\"` is a branch name, which moves"),
            "pin a 40-hex commit hash, or a tag derived from `version`",
        );
    } else if !is_commit(&text) {
        sink.report(
            range,
            format!("`{name} = \"{text}\"` is neither a 40-hex commit nor derived from `version`"),
            format!("write the commit hash, or `{name} = \"…${{finalAttrs.version}}\"` so version and source agree"),
        );
    }
}

fn is_commit(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}
