//! After every file: the cross-file rules, and the suppression comments applied to all findings.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::project::{FileFacts, Project, ProjectSink};
use crate::rules::{Check, RULES};
use crate::suppress::Suppression;

pub(super) fn run_project_rules(root: &Path, config: &Config, files: &[FileFacts]) -> Vec<Finding> {
    let project = Project {
        root,
        config,
        files,
    };
    let mut findings = Vec::new();
    for rule in RULES {
        let Check::Project(run) = &rule.check else {
            continue;
        };
        let mut sink = ProjectSink {
            rule,
            config,
            findings: Vec::new(),
        };
        run(&project, &mut sink);
        findings.append(&mut sink.findings);
    }
    findings
}

/// Drops findings covered by a suppression on their line or the line before, and reports
/// suppressions that cover nothing (for rules that are on), so that none outlives its reason.
pub(super) fn apply_suppressions(
    findings: &mut Vec<Finding>,
    suppressions: &HashMap<String, (String, Vec<Suppression>)>,
    config: &Config,
) {
    let mut used: HashSet<(String, usize, &'static str)> = HashSet::new();
    findings.retain(|finding| {
        let Some((_, list)) = suppressions.get(&finding.file) else {
            return true;
        };
        let line = finding.span.start.line;
        let covering = list.iter().position(|suppression| {
            (suppression.line == line || suppression.line + 1 == line)
                && suppression.rules.iter().any(|rule| rule == finding.rule)
        });
        if let Some(index) = covering {
            used.insert((finding.file.clone(), index, finding.rule));
        }
        covering.is_none()
    });
    let mut unused = Vec::new();
    for (display, (relative, list)) in suppressions {
        let Some(severity) = level_of(config, "suppression", relative) else {
            continue;
        };
        for (index, suppression) in list.iter().enumerate() {
            for rule in &suppression.rules {
                let on = level_of(config, rule, relative).is_some();
                let key = (display.clone(), index, rule_id(rule));
                if on && !used.contains(&key) {
                    unused.push(Finding {
                        rule: "suppression",
                        severity,
                        file: display.clone(),
                        span: suppression.span,
                        message: format!("the suppression of `{rule}` covers no finding"),
                        help: Some("remove it: the code it excused has changed".to_owned()),
                    });
                }
            }
        }
    }
    findings.append(&mut unused);
}

/// The `'static` id of a known rule (suppressions only hold known rules).
pub(super) fn rule_id(name: &str) -> &'static str {
    crate::rules::find(name).map_or("", |rule| rule.id)
}

pub(super) fn level_of(config: &Config, id: &str, relative: &str) -> Option<Severity> {
    let rule = crate::rules::find(id)?;
    config.level_for(rule.id, rule.level, relative).severity()
}
