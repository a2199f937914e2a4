//! atpkgs-lint: an ATproto-aware linter for the Nix files of the atpkgs tree.
//!
//! [`engine::check`] walks a tree and returns findings; [`output`] renders them;
//! [`rules::RULES`] is the registry every command, test and document is generated from.

pub mod changed;
pub mod config;
pub mod context;
pub mod docs;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod glob;
pub mod hash;
pub mod output;
pub mod project;
pub mod rules;
pub mod scope;
pub mod suppress;
pub mod syntax;

use std::path::PathBuf;

pub use config::{Config, Level};
pub use engine::{check, lint_text, Outcome, Settings};
pub use finding::{Finding, Severity};

/// Failures of the tool itself (exit code 2), as opposed to findings.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    #[diagnostic(code(atpkgs_lint::io))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot walk {path}: {message}")]
    #[diagnostic(code(atpkgs_lint::walk))]
    Walk { path: PathBuf, message: String },
    #[error("invalid configuration in {path}: {message}")]
    #[diagnostic(
        code(atpkgs_lint::config),
        help("see docs/lint.md for the keys atpkgs-lint.toml accepts")
    )]
    Config { path: PathBuf, message: String },
    #[error("`{command}` failed: {message}")]
    #[diagnostic(
        code(atpkgs_lint::git),
        help("--changed-since needs the tree to be in a git repository and REV to name a commit there")
    )]
    Git { command: String, message: String },
    #[error("unknown rule `{0}`")]
    #[diagnostic(
        code(atpkgs_lint::unknown_rule),
        help("`atpkgs-lint rules` lists every rule")
    )]
    UnknownRule(String),
}
