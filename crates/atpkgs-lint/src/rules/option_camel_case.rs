use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "option-camel-case",
    level: Level::Error,
    category: "modules",
    summary: "Option names are camelCase (the service name after `services.` may be kebab-case).",
    explanation: "NixOS options are camelCase (`dataDir`, `openFirewall`); a module mixing `data_dir` and `data-dir` makes users guess. The one exception is the service name in `services.<org>-<name>`, which follows the package name. Options under `settings` or `environment` mirror the program's own keys (`PDS_HOSTNAME`) and are left alone, as RFC 42 recommends.",
    bad: r#"{ lib, ... }:
{
  options.services.bluesky-pds.data_dir = lib.mkOption {
    type = lib.types.str;
    description = "Where the PDS keeps its data.";
  };
}"#,
    good: r#"{ lib, ... }:
{
  options.services.bluesky-pds.dataDir = lib.mkOption {
    type = lib.types.str;
    description = "Where the PDS keeps its data.";
  };
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["mkOption", "mkEnableOption", "mkPackageOption"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

const OPTION_CALLS: &[&str] = &["mkOption", "mkEnableOption", "mkPackageOption"];
/// Options below these mirror upstream configuration keys.
const FREEFORM: &[&str] = &[
    "settings",
    "environment",
    "extraConfig",
    "extraEnvironment",
    "env",
];

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(apply) = ast::Apply::cast(node.clone()) else {
        return;
    };
    let is_option =
        syntax::calls_one_of(&apply, OPTION_CALLS) && syntax::is_outermost_apply(&apply);
    if !is_option || syntax::declared_option(&apply).is_none() {
        return;
    }
    if below_freeform(apply.syntax()) {
        return;
    }
    let bindings = syntax::enclosing_bindings(apply.syntax());
    let names: Vec<(usize, String)> = bindings
        .iter()
        .enumerate()
        .flat_map(|(index, binding)| {
            syntax::binding_names(binding)
                .into_iter()
                .map(move |name| (index, name))
        })
        .collect();
    if names.is_empty() {
        return;
    }
    let start = names
        .iter()
        .rposition(|(_, name)| name == "options")
        .map_or(names.len() - 1, |at| at + 1);
    let mut previous = names
        .get(start.wrapping_sub(1))
        .map(|(_, name)| name.as_str());
    for (index, name) in &names[start..] {
        let service_name = previous == Some("services");
        previous = Some(name);
        if service_name || name == "<dynamic>" || is_camel_case(name) {
            continue;
        }
        let binding = &bindings[*index];
        let range = binding
            .attrpath()
            .map_or(binding.syntax().text_range(), |p| p.syntax().text_range());
        sink.report(
            range,
            format!("option name `{name}` is not camelCase"),
            format!("rename it to `{}`", to_camel_case(name)),
        );
    }
}

/// Whether an option sits (through submodules too) below `settings`, `environment`, ….
fn below_freeform(node: &SyntaxNode) -> bool {
    node.ancestors()
        .filter_map(ast::AttrpathValue::cast)
        .any(|binding| syntax::binding_mentions(&binding, FREEFORM))
}

fn is_camel_case(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_lowercase()) && bytes.all(|b| b.is_ascii_alphanumeric())
}

fn to_camel_case(name: &str) -> String {
    syntax::words(name)
        .iter()
        .enumerate()
        .map(|(index, word)| {
            if index == 0 {
                word.clone()
            } else {
                let mut chars = word.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
        })
        .collect()
}
