//! `docs/lint-rules.md` and `atpkgs-lint explain`, generated from the registry.

use std::fmt::Write;

use crate::rules::{Check, Rule, Scope, RULES};

pub const HEADER: &str = "<!-- Generated from crates/atpkgs-lint/src/rules by `cargo run -p atpkgs-lint -- docs > docs/lint-rules.md` (or `UPDATE_LINT_DOCS=1 cargo test -p atpkgs-lint`). Do not edit by hand: a test fails when this file is stale. -->\n";

/// Where a rule applies, in words.
pub fn applies_to(rule: &Rule) -> &'static str {
    match rule.check {
        Check::Node {
            scope: Scope::All, ..
        } => "every `.nix` file",
        Check::Node {
            scope: Scope::Packages,
            ..
        } => "files under `pkgs/`",
        Check::Node {
            scope: Scope::Modules,
            ..
        } => "files under `modules/`",
        Check::PathLiteral(_) => "every `.nix` file",
        Check::Project(_) => "the whole tree, after every file is read",
        Check::Engine => "every `.nix` file",
    }
}

/// One rule's documentation in Markdown (also what `explain` prints).
pub fn explain(rule: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## `{}`\n", rule.id);
    let _ = writeln!(
        out,
        "Default level: **{}**. Category: {}. Applies to {}.\n",
        rule.level.as_str(),
        rule.category,
        applies_to(rule)
    );
    let _ = writeln!(out, "{}\n", rule.summary);
    let _ = writeln!(out, "{}\n", rule.explanation.trim());
    let _ = writeln!(out, "Bad:\n\n```nix\n{}\n```\n", rule.bad.trim());
    let _ = writeln!(out, "Good:\n\n```nix\n{}\n```", rule.good.trim());
    out
}

/// The whole `docs/lint-rules.md`.
pub fn rules_markdown() -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n# atpkgs-lint rules\n\n");
    out.push_str("Levels can be changed per rule in `atpkgs-lint.toml` (`[rules] id = \"off\" | \"warn\" | \"error\"`); a single place is silenced with `# atpkgs-lint: allow(id): reason` on the line before it. See [lint.md](lint.md) for usage.\n\n");
    out.push_str(
        "| rule | level | category | applies to | summary |\n| --- | --- | --- | --- | --- |\n",
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} | {} |",
            rule.level.as_str(),
            rule.category,
            applies_to(rule),
            rule.summary,
            id = rule.id
        );
    }
    for rule in RULES {
        out.push('\n');
        out.push_str(&explain(rule));
    }
    out
}
