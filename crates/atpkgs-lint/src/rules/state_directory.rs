use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "state-directory",
    level: Level::Error,
    category: "modules",
    summary: "No hard-coded `/var/lib/…` paths; use `StateDirectory` and `$STATE_DIRECTORY`.",
    explanation: "With `DynamicUser` and the hardening baseline (`ProtectSystem = \"strict\"`), a service can only write where systemd makes room for it: `StateDirectory = \"bluesky-pds\"` creates `/var/lib/bluesky-pds` with the right owner and exports `$STATE_DIRECTORY`. A literal `/var/lib/…` elsewhere (in `ExecStart`, the environment, `ReadWritePaths`) duplicates that name and breaks silently when it changes. Option defaults and examples (`dataDir = mkOption { default = \"/var/lib/…\"; }`) and a system user's `home` are fine.",
    bad: r#"{
  systemd.services.bluesky-pds.environment.PDS_DATA_DIRECTORY = "/var/lib/bluesky-pds";
}"#,
    good: r#"{
  systemd.services.bluesky-pds = {
    serviceConfig.StateDirectory = "bluesky-pds";
    environment.PDS_DATA_DIRECTORY = "%S/bluesky-pds";
  };
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_STRING, SyntaxKind::NODE_PATH_ABS],
        triggers: &["/var/lib/"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let starts_with_var_lib = match node.kind() {
        SyntaxKind::NODE_PATH_ABS => node.text().to_string().starts_with("/var/lib/"),
        _ => ast::Str::cast(node.clone())
            .is_some_and(|string| first_literal(&string).starts_with("/var/lib/")),
    };
    if !starts_with_var_lib || syntax::in_documentation_or_fetcher(node) {
        return;
    }
    if syntax::enclosing_names(node)
        .last()
        .is_some_and(|name| name == "home")
    {
        return;
    }
    sink.report(
        node.text_range(),
        "hard-coded `/var/lib/…` path",
        "set `serviceConfig.StateDirectory = \"<name>\"` and use `$STATE_DIRECTORY` (or `%S/<name>` in unit settings)",
    );
}

fn first_literal(string: &ast::Str) -> String {
    match syntax::string_parts(string)
        .unwrap_or_default()
        .into_iter()
        .next()
    {
        Some(ast::InterpolPart::Literal(text)) => text.trim_start().to_owned(),
        _ => String::new(),
    }
}
