//! The before/after of a rewritten file that `--dry-run` prints.

use similar::TextDiff;

/// A unified diff of `before` and `after` without context lines; empty when they are equal.
pub fn unified(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(0)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}
