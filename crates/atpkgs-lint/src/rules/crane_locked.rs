use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::finding::Fix;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "crane-locked",
    level: Level::Error,
    category: "packages",
    summary: "A crane `cargoExtraArgs` keeps `--locked` (or `--frozen`).",
    explanation: "crane's builders default `cargoExtraArgs` to `--locked`, so that Cargo builds exactly what `Cargo.lock` pins and fails when the lockfile is out of date. Setting `cargoExtraArgs` replaces that default: `cargoExtraArgs = \"-p server\";` lets Cargo resolve the dependencies anew, the build no longer matches the vendored lockfile, and an outdated `Cargo.lock` goes unnoticed. Write the flag back: `cargoExtraArgs = \"--locked -p server\";`. A string that names no flag of its own (only `${…}`) is not checked: the flags come from elsewhere.",
    bad: r#"craneLib.buildPackage {
  inherit src;
  cargoExtraArgs = "-p appview --bin appview";
}"#,
    good: r#"craneLib.buildPackage {
  inherit src;
  cargoExtraArgs = "--locked -p appview --bin appview";
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_ATTRPATH_VALUE],
        triggers: &["cargoExtraArgs"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(binding) = ast::AttrpathValue::cast(node.clone()) else {
        return;
    };
    if syntax::binding_name(&binding).as_deref() != Some("cargoExtraArgs") {
        return;
    }
    let Some(ast::Expr::Str(string)) = binding.value().map(syntax::unparen) else {
        return;
    };
    let Some(parts) = syntax::string_parts(&string) else {
        return;
    };
    let literal: String = parts
        .iter()
        .filter_map(|part| match part {
            ast::InterpolPart::Literal(text) => Some(text.as_str()),
            ast::InterpolPart::Interpolation(_) => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let flags: Vec<&str> = literal.split_whitespace().collect();
    let locked = flags
        .iter()
        .any(|flag| matches!(*flag, "--locked" | "--frozen"));
    let names_flags = flags.iter().any(|flag| flag.starts_with('-'));
    let interpolated = parts
        .iter()
        .any(|part| matches!(part, ast::InterpolPart::Interpolation(_)));
    if !locked && (names_flags || !interpolated) {
        // The fix puts `--locked` first, right after the opening quote.
        let quote = if string.syntax().text().to_string().starts_with("''") {
            2
        } else {
            1
        };
        let start = string.syntax().text_range().start() + rnix::TextSize::from(quote);
        let empty = parts.is_empty();
        sink.report_with_fix(
            binding.syntax().text_range(),
            "`cargoExtraArgs` drops crane's default `--locked`: Cargo may resolve the dependencies anew",
            "start it with `--locked` (or `--frozen`)",
            Some(Fix {
                range: rnix::TextRange::empty(start),
                replacement: if empty { "--locked" } else { "--locked " }.to_owned(),
            }),
        );
    }
}
