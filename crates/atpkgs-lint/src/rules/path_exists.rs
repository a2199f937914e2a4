use super::{Check, Rule, Sink};
use crate::config::Level;
use crate::context::{FileContext, PathLiteral};

pub static RULE: Rule = Rule {
    id: "path-exists",
    level: Level::Error,
    category: "structure",
    summary: "Relative path literals (`./foo.nix`) point to files or folders that exist.",
    explanation: "A path literal to a missing file fails evaluation only when that branch is evaluated, which may be never in CI and always on a user's machine. Checked for every relative path without interpolation, against the folder of the file it is written in.",
    bad: r#"{
  imports = [ ./does-not-exist.nix ];
}"#,
    good: r#"{
  imports = [ ./good.nix ];
}"#,
    check: Check::PathLiteral(check),
};

fn check(_cx: &FileContext, literal: &PathLiteral, sink: &mut Sink) {
    if literal.is_missing() {
        sink.report(
            literal.range,
            format!("`{}` does not exist", literal.text),
            "fix the path, or add the file it names",
        );
    }
}
