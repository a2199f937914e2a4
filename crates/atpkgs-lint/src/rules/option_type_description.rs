use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "option-type-description",
    level: Level::Error,
    category: "modules",
    summary: "Every `mkOption` has a `type` and a `description`.",
    explanation: "Without a `type` the module system merges values in surprising ways and cannot reject a wrong value at the option; without a `description` the option is missing from the manual and from option search. Internal options (`internal = true` or `visible = false`) need no description.",
    bad: r#"{ lib, ... }:
{
  options.services.bluesky-pds.port = lib.mkOption {
    default = 3000;
  };
}"#,
    good: r#"{ lib, ... }:
{
  options.services.bluesky-pds.port = lib.mkOption {
    type = lib.types.port;
    default = 3000;
    description = "TCP port the PDS listens on.";
  };
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
    let Some((apply, set)) = syntax::option_call(node) else {
        return;
    };
    let present = syntax::set_has_which(&set, &["internal", "visible", "type", "description"]);
    let hidden = present & 0b11 != 0;
    let mut missing = Vec::new();
    if present & 0b100 == 0 {
        missing.push("`type`");
    }
    if !hidden && present & 0b1000 == 0 {
        missing.push("`description`");
    }
    if missing.is_empty() {
        return;
    }
    let range = syntax::declared_option(&apply)
        .and_then(|binding| binding.attrpath())
        .map_or(apply.syntax().text_range(), |path| {
            path.syntax().text_range()
        });
    sink.report(
        range,
        format!("option has no {}", missing.join(" and ")),
        "give every option a `type` (e.g. `lib.types.port`) and a one-sentence `description`",
    );
}
