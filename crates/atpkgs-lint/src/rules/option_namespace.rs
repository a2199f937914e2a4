use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "option-namespace",
    level: Level::Error,
    category: "modules",
    summary: "Modules declare options only under `services.<name>` or `atproto.*`.",
    explanation: "Every option a module declares lives in one of two places: `services.<org>-<name>` for a service, `atproto.*` for the shared settings (endpoint registry, library). Options elsewhere (`blacksky.pds`, top-level `myService`) collide with other modules, cannot be found in the option search, and break the naming the README and tests rely on.",
    bad: r#"{ lib, ... }:
{
  options.blacksky.pds.enable = lib.mkEnableOption "the rsky PDS";
}"#,
    good: r#"{ lib, ... }:
{
  options.services.blacksky-pds.enable = lib.mkEnableOption "the rsky PDS";
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &["options"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(body) = syntax::file_body(node).and_then(syntax::attrset_of) else {
        return;
    };
    for binding in body.attrpath_values() {
        let names = syntax::binding_names(&binding);
        if names.first().map(String::as_str) != Some("options") {
            continue;
        }
        if names.len() > 1 {
            check_path(&binding, &names[1..], sink);
        } else if let Some(ast::Expr::AttrSet(options)) = binding.value().map(syntax::unparen) {
            for inner in options.attrpath_values() {
                check_path(&inner, &syntax::binding_names(&inner), sink);
            }
        }
    }
}

fn check_path(binding: &ast::AttrpathValue, path: &[String], sink: &mut Sink) {
    let allowed = match path.first().map(String::as_str) {
        Some("atproto") => true,
        Some("services") => {
            path.len() > 1
                || binding
                    .value()
                    .is_some_and(|v| matches!(syntax::unparen(v), ast::Expr::AttrSet(_)))
        }
        _ => false,
    };
    if !allowed {
        let range = binding
            .attrpath()
            .map_or(binding.syntax().text_range(), |p| p.syntax().text_range());
        sink.report(
            range,
            format!(
                "option `{}` is outside `services.<name>` and `atproto.*`",
                path.join(".")
            ),
            "declare service options under `services.<org>-<name>`, shared ones under `atproto`",
        );
    }
}
