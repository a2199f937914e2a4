use rnix::{SyntaxKind, SyntaxNode};

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;

pub static RULE: Rule = Rule {
    id: "undefined-variable",
    level: Level::Error,
    category: "syntax",
    summary: "Every variable is bound: by `let`, `rec`, a function's arguments, `inherit` or a global name (under `with`, any name may be).",
    explanation: "Nix resolves variables before it evaluates anything: `nix-instantiate --parse` and every import of the file fail with `undefined variable` when no `let`, `rec` set, function argument or global name (`builtins`, `import`, `toString`, …; those of Nix 2.8) binds a name. A name under a `with` is never undefined, since the `with` may provide it. `inherit a;` takes `a` from the scope around the set. Set literals merged by name are scoped as Nix 2.8 merges them, by the set the first definition made: `{ a = rec { c = 1; }; a.b = c; }` is fine, and a later literal's own `rec` counts for nothing. The existing ATproto NUR shipped files that failed this way, which no evaluation of the code that did not import them noticed. Files that do not parse are left to the `syntax` rule: Nix stops at the first parse error.",
    bad: r#"{ lib, ... }:
{
  options.services.example.enable = mkEnableOption "example";
}"#,
    good: r#"{ lib, ... }:
{
  options.services.example.enable = lib.mkEnableOption "example";
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
    for undefined in &analysis.undefined {
        sink.report(
            undefined.range,
            format!("undefined variable `{}`", undefined.name),
            "bind it (a function argument, `let`, `inherit`) or qualify it (`lib.…`, `builtins.…`)",
        );
    }
}
