use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "package-naming",
    level: Level::Error,
    category: "packages",
    summary: "Packages in `pkgs/default.nix` and `pkgs/<org>/default.nix` are named `<org>-<name>`.",
    explanation: "The path is the name: `pkgs/<org>/<name>.nix` is exported as `pkgs.atproto.<org>-<name>`, and modules, the README inventory and users rely on that. A package set file binds every package with `callPackage`; the binding must start with the folder's organisation (for `pkgs/default.nix`, the folder the called file sits in) followed by a lower-case kebab-case name.",
    bad: r#"# pkgs/bluesky/default.nix
{ self }:
{
  pds = self.callPackage ./pds.nix { };
}"#,
    good: r#"# pkgs/bluesky/default.nix
{ self }:
{
  bluesky-pds = self.callPackage ./pds.nix { };
}"#,
    check: Check::Node {
        scope: Scope::Packages,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["callPackage"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

fn check(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    if cx.file_name() != "default.nix" {
        return;
    }
    let depth = cx.relative.matches('/').count();
    if depth > 2 {
        return;
    }
    let Some(apply) = ast::Apply::cast(node.clone()) else {
        return;
    };
    if !syntax::is_outermost_apply(&apply)
        || syntax::called_name(&apply).as_deref() != Some("callPackage")
    {
        return;
    }
    let Some(binding) = syntax::declared_option(&apply) else {
        return;
    };
    let Some(name) = syntax::binding_name(&binding) else {
        return;
    };
    let Some(org) = organisation(cx, &apply, depth) else {
        return;
    };
    let valid = name
        .strip_prefix(&format!("{org}-"))
        .is_some_and(|rest| !rest.is_empty() && is_kebab(rest));
    if !valid {
        let range = binding
            .attrpath()
            .map_or(binding.syntax().text_range(), |p| p.syntax().text_range());
        sink.report(
            range,
            format!("package `{name}` is not named `{org}-<name>`"),
            format!(
                "rename it to `{org}-{}`",
                name.trim_start_matches(&format!("{org}-")).to_lowercase()
            ),
        );
    }
}

/// The organisation: the folder of `pkgs/<org>/default.nix`, or for `pkgs/default.nix` the
/// first folder of the called path (`./org/name.nix`).
fn organisation(cx: &FileContext, apply: &ast::Apply, depth: usize) -> Option<String> {
    if depth == 2 {
        return cx.relative_dir().strip_prefix("pkgs/").map(str::to_owned);
    }
    let (_, arguments) = syntax::call_parts(apply)?;
    let ast::Expr::PathRel(path) = arguments.first()? else {
        return None;
    };
    let text = path.syntax().text().to_string();
    let mut parts = text.trim_start_matches("./").split('/');
    let first = parts.next()?;
    parts.next().map(|_| first.to_owned())
}

fn is_kebab(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}
