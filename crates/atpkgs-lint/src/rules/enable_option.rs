use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
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
        sink.report(
            range,
            "`enable` is declared with `mkOption`",
            "use `lib.mkEnableOption \"<noun phrase>\"`",
        );
    }
}
