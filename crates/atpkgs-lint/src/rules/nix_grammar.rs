use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;

pub static RULE: Rule = Rule {
    id: "nix-grammar",
    level: Level::Error,
    category: "syntax",
    summary: "No construct that rnix parses and Nix 2.8's parser rejects: a computed name in `let`, an indented string as an attribute name, an integer beyond 64 bits, a malformed `<…>` path.",
    explanation: "rnix is more lenient than Nix in a few places, and a file that relies on one fails `nix-instantiate --parse` and every import: `let ${name} = …;` (\"dynamic attributes not allowed in let\"; `a.${name}` inside a `let` binding is fine), `''a'' = 1;` or `x.''a''` (an indented string is no attribute name; `${''a''}` is), `9223372036854775808` (\"invalid integer\"), and `<nixpkgs/>` or `<a//b>` (Nix's lexer reads `<…>` only as names joined by single slashes).",
    bad: r#"name: let
  ${name} = 1;
in
  <nixpkgs/>"#,
    good: r#"name: let
  values.${name} = 1;
in
  <nixpkgs>"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &[],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

/// The constructs are found by the scope analysis' walk of every node.
fn check(cx: &FileContext, _root: &SyntaxNode, sink: &mut Sink) {
    let Some(analysis) = cx.scope() else {
        return;
    };
    for &(range, reason) in &analysis.grammar {
        sink.report(range, format!("Nix 2.8 rejects this: {reason}"), "");
    }
}
