use super::{Check, Rule};
use crate::config::Level;

pub static RULE: Rule = Rule {
    id: "suppression",
    level: Level::Error,
    category: "meta",
    summary: "Inline suppressions name known rules and give a reason.",
    explanation: "`# atpkgs-lint: allow(RULE): reason` on the line before a finding (or at the end of its line) silences that finding. The reason is what a reviewer reads, so a suppression without one does not count: it is reported here and the finding it meant to silence stays. Several rules can be listed, separated by commas. A suppression that no longer covers any finding of a rule that is on is reported too, so that exceptions do not outlive their reason.",
    bad: r#"{
  # atpkgs-lint: allow(endpoint-literal)
  environment.PLC_URL = "https://plc.directory";
}"#,
    good: r#"{
  # atpkgs-lint: allow(endpoint-literal): the migration script only talks to the public PLC
  environment.PLC_URL = "https://plc.directory";
}"#,
    check: Check::Engine,
};
