//! `check --fix`: applies the edits of the mechanical rules (legacy hashes to SRI `hash`,
//! hand-written `enable` options to `mkEnableOption`, `--locked` back into crane's
//! `cargoExtraArgs`). Every edited text is parsed and linted again before it is kept: an
//! edit that would leave the file with a Nix error it did not have (a syntax error, an
//! undefined variable such as a `mkEnableOption` not in scope, a duplicate attribute) is
//! dropped, and the finding stays for a person.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::engine::lint_text;
use crate::finding::{Fix, RawFinding};

/// Rules whose findings Nix itself would reject: a fix must not add any.
const NIX_ERRORS: &[&str] = &[
    "syntax",
    "undefined-variable",
    "duplicate-attribute",
    "pipe-operator",
];

/// What fixing one file did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// The new text, when at least one edit was kept.
    pub text: Option<String>,
    pub applied: usize,
    /// Edits dropped because the result did not pass the checks.
    pub rejected: usize,
}

/// Applies the fixes of every finding of `text` (a file at `relative` under the root) that no
/// suppression comment covers.
pub fn fix_text(text: &str, relative: &str, path: Option<&Path>, config: &Config) -> Fixed {
    let outcome = lint_text(text, relative, path, config);
    let suppressed = |finding: &RawFinding| {
        let line = outcome.lines.span(text, finding.range).start.line;
        outcome.suppressions.iter().any(|suppression| {
            (suppression.line == line || suppression.line + 1 == line)
                && suppression.rules.iter().any(|rule| rule == finding.rule)
        })
    };
    let fixes: Vec<Fix> = without_overlaps(
        outcome
            .findings
            .iter()
            .filter(|finding| !suppressed(finding))
            .filter_map(|finding| finding.fix.clone())
            .collect(),
    );
    if fixes.is_empty() {
        return Fixed::default();
    }
    let baseline = nix_errors(text, relative, path, config);
    let keeps = |candidate: &str| nix_errors(candidate, relative, path, config) == baseline;
    // All at once when that passes (the common case), else one at a time.
    let all = apply(text, &fixes);
    if keeps(&all) {
        return Fixed {
            text: Some(all),
            applied: fixes.len(),
            rejected: 0,
        };
    }
    let mut current = text.to_owned();
    let (mut applied, mut rejected) = (0, 0);
    // From the end of the file, so that the ranges before each edit stay valid.
    for fix in fixes.iter().rev() {
        let candidate = apply(&current, std::slice::from_ref(fix));
        if keeps(&candidate) {
            current = candidate;
            applied += 1;
        } else {
            rejected += 1;
        }
    }
    Fixed {
        text: (applied > 0).then_some(current),
        applied,
        rejected,
    }
}

/// The fixes sorted by position, without any that overlaps an earlier one.
fn without_overlaps(mut fixes: Vec<Fix>) -> Vec<Fix> {
    fixes.sort_by_key(|fix| (fix.range.start(), fix.range.end()));
    fixes.dedup();
    let mut kept: Vec<Fix> = Vec::with_capacity(fixes.len());
    for fix in fixes {
        if kept
            .last()
            .is_none_or(|last| last.range.end() <= fix.range.start())
        {
            kept.push(fix);
        }
    }
    kept
}

/// `text` with the (sorted, disjoint) fixes applied.
fn apply(text: &str, fixes: &[Fix]) -> String {
    let mut result = text.to_owned();
    for fix in fixes.iter().rev() {
        result.replace_range(std::ops::Range::<usize>::from(fix.range), &fix.replacement);
    }
    result
}

/// How many findings of each Nix-error rule a text has.
fn nix_errors(
    text: &str,
    relative: &str,
    path: Option<&Path>,
    config: &Config,
) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for finding in lint_text(text, relative, path, config).findings {
        if NIX_ERRORS.contains(&finding.rule) {
            *counts.entry(finding.rule).or_insert(0) += 1;
        }
    }
    counts
}
