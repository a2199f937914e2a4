use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;

pub static RULE: Rule = Rule {
    id: "duplicate-attribute",
    level: Level::Error,
    category: "syntax",
    summary: "No attribute of a set or `let`, and no function argument, is defined twice (by Nix's rules for paths and merged set literals).",
    explanation: "Nix rejects a file whose set or `let` defines a name twice (`attribute 'a' already defined`), or whose function names an argument twice. Attribute paths build nested sets, so `a.b = 1; a.c = 2;` is fine, and two set literals for one name merge (`a = { b = 1; }; a = { c = 2; };`); but a path into a value that is not a set literal (`a = f x; a.b = 1;`), the same path twice, `inherit a;` beside `a = …`, or a name the merged literals both define is an error. Names written as strings (`\"a\"`, `${\"a\"}`) count as the same name; computed ones (`${x}`) cannot be checked before evaluation.",
    bad: r#"{
  services.example.enable = true;
  services.example = { enable = false; };
}"#,
    good: r#"{
  services.example.enable = true;
  services.example.port = 8080;
}"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &[],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

fn check(cx: &FileContext, _root: &SyntaxNode, sink: &mut Sink) {
    let Some(analysis) = cx.scope() else {
        return;
    };
    for duplicate in &analysis.duplicates {
        let what = if duplicate.argument {
            "argument"
        } else {
            "attribute"
        };
        let line = cx.text[..usize::from(duplicate.first.start())]
            .matches('\n')
            .count()
            + 1;
        sink.report(
            duplicate.range,
            format!("{what} `{}` is defined twice", duplicate.name),
            format!("the first definition is on line {line}; keep one"),
        );
    }
}
