use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "package-option",
    level: Level::Error,
    category: "modules",
    summary: "`package` options are declared with `mkPackageOption`.",
    explanation: "`lib.mkPackageOption pkgs [ \"atproto\" \"bluesky-pds\" ] { }` writes the type, the default, the `defaultText` the manual needs (without evaluating `pkgs`) and the description in one line. A hand-written `mkOption { type = types.package; default = pkgs.x; }` usually forgets `defaultText`, and its default escapes the `package-default-exists` check.",
    bad: r#"{ lib, pkgs, ... }:
{
  options.services.bluesky-pds.package = lib.mkOption {
    type = lib.types.package;
    default = pkgs.atproto.bluesky-pds;
    description = "The PDS package.";
  };
}"#,
    good: r#"{ lib, pkgs, ... }:
{
  options.services.bluesky-pds.package = lib.mkPackageOption pkgs [ "atproto" "bluesky-pds" ] { };
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
    if let Some(range) = syntax::option_declared_by_hand(node, "package") {
        sink.report(
            range,
            "`package` is declared with `mkOption`",
            "use `lib.mkPackageOption pkgs [ \"atproto\" \"<org>-<name>\" ] { }`",
        );
    }
}
