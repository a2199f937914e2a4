use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::finding::Fix;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "enable-option",
    level: Level::Error,
    category: "modules",
    summary: "`enable` options are declared with `mkEnableOption`.",
    explanation: "`lib.mkEnableOption \"the Bluesky PDS\"` gives every service the same type, default and description wording (\"Whether to enable the Bluesky PDS.\"). A hand-written `mkOption` for `enable` drifts: other defaults, other types, other wording. A service that is on by default can still use `lib.mkEnableOption \"…\" // { default = true; }`.",
    bad: r#"{ lib, ... }:
{
  options.services.bluesky-pds.enable = lib.mkOption {
    type = lib.types.bool;
    default = false;
    description = "Enable the PDS.";
  };
}"#,
    good: r#"{ lib, ... }:
{
  options.services.bluesky-pds.enable = lib.mkEnableOption "the Bluesky PDS";
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["mkOption"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    if let Some(range) = syntax::option_declared_by_hand(node, "enable") {
        sink.report_with_fix(
            range,
            "`enable` is declared with `mkOption`",
            "use `lib.mkEnableOption \"<noun phrase>\"`",
            enable_option_fix(node),
        );
    }
}

/// `mkOption { type = types.bool; default = false; description = "Whether to enable X."; }`
/// as `mkEnableOption "X"` (with `// { default = true; }` when it was on by default). Only
/// declarations that say nothing else, with a description in one of mkEnableOption's own
/// wordings, are rewritten; the rest are left to a person.
fn enable_option_fix(node: &SyntaxNode) -> Option<Fix> {
    let (apply, set) = syntax::option_call(node)?;
    let only_known = set.attrpath_values().all(|binding| {
        matches!(
            syntax::binding_name(&binding).as_deref(),
            Some("type" | "default" | "description")
        )
    }) && set.inherits().next().is_none();
    let type_text = syntax::node_text(syntax::set_value(&set, "type")?.syntax());
    let is_bool = matches!(type_text.as_str(), "lib.types.bool" | "types.bool" | "bool");
    let default_on = match syntax::set_value(&set, "default").map(|v| syntax::node_text(v.syntax()))
    {
        None => false,
        Some(text) if text == "false" => false,
        Some(text) if text == "true" => true,
        Some(_) => return None,
    };
    let ast::Expr::Str(description) = syntax::unparen(syntax::set_value(&set, "description")?)
    else {
        return None;
    };
    let description = syntax::literal_string(&description)?;
    let noun = ["Whether to enable ", "Enable "]
        .iter()
        .find_map(|prefix| description.trim().strip_prefix(prefix))?
        .trim_end_matches('.');
    if !only_known || !is_bool || noun.is_empty() || noun.contains(['"', '\\', '\n', '$']) {
        return None;
    }
    let mut function = syntax::called_path(&apply)?;
    *function.last_mut()? = "mkEnableOption".to_owned();
    let default = if default_on {
        " // {default = true;}"
    } else {
        ""
    };
    Some(Fix {
        range: apply.syntax().text_range(),
        replacement: format!("{} \"{noun}\"{default}", function.join(".")),
    })
}
