use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;

pub static RULE: Rule = Rule {
    id: "pipe-operator",
    level: Level::Error,
    category: "syntax",
    summary: "No pipe operators (`|>`, `<|`): Nix 2.8 and every Nix without the experimental `pipe-operators` feature reject them.",
    explanation: "rnix parses the pipe operators, but they are an experimental feature of Nix 2.24 and later (and of Lix): every other Nix stops with `syntax error, unexpected invalid token`, and the files atpkgs ships must evaluate on the Nix its users have (Debian's 2.8 among them). Write the call the pipe stood for: `lib.pipe x [ f g ]` or `g (f x)`.",
    bad: r#"{ lib, names }:
names |> map lib.toUpper |> lib.concatStringsSep ", ""#,
    good: r#"{ lib, names }:
lib.pipe names [
  (map lib.toUpper)
  (lib.concatStringsSep ", ")
]"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &[],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

/// The pipes are found by the scope analysis' walk (two-byte triggers would slow down the
/// trigger search of every file).
fn check(cx: &FileContext, _root: &SyntaxNode, sink: &mut Sink) {
    let Some(analysis) = cx.scope() else {
        return;
    };
    for &pipe in &analysis.pipes {
        let operator = &cx.text[pipe];
        sink.report(
            pipe,
            format!("`{operator}` needs the experimental `pipe-operators` feature"),
            "write `lib.pipe value [ f g ]` or the call itself",
        );
    }
}
