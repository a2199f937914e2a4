use super::{Check, Rule};
use crate::config::Level;

pub static RULE: Rule = Rule {
    id: "syntax",
    level: Level::Error,
    category: "syntax",
    summary: "Every file parses; each rnix parse error is reported with its position.",
    explanation: "A file that does not parse breaks every evaluation that imports it, and the other rules can only look at the part the parser recovered. Errors at the end of the file (an unclosed `{`) are reported at the end, where the parser gave up. Files that are not UTF-8 or nest deeper than the parser's 512-level limit are reported here too.",
    bad: r#"{
  nodes.machine = { pkgs, ... }: {
    environment.systemPackages = [ pkgs.curl ];
"#,
    good: r#"{
  nodes.machine = { pkgs, ... }: {
    environment.systemPackages = [ pkgs.curl ];
  };
}"#,
    check: Check::Engine,
};
