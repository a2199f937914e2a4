//! Errors that name the file, repository, revision or option they concern.

use miette::{Diagnostic, NamedSource, SourceSpan};

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("{path}: {error}")]
    Read { path: String, error: std::io::Error },

    #[error("{path}: cannot be written: {error}")]
    Write { path: String, error: std::io::Error },

    #[error("cannot run git: {error}")]
    #[diagnostic(help("install git; atpkgs-update runs the `git` command"))]
    GitMissing { error: std::io::Error },

    #[error("{dir}: not a git repository: {reason}")]
    #[diagnostic(help(
        "pass a bare git directory (as `fetch` or `git clone --bare` makes) or the top of a checkout"
    ))]
    NotARepository { dir: String, reason: String },

    #[error("`{command}` failed in {dir}: {message}")]
    Git {
        command: String,
        dir: String,
        message: String,
    },

    #[error("{rev} is not a commit in {dir}")]
    #[diagnostic(help("{help}"))]
    NotACommit {
        rev: String,
        dir: String,
        help: String,
    },

    #[error("tag {tag} is not in {dir}")]
    #[diagnostic(help("list the tags with `git --git-dir {dir} tag --list`"))]
    NoSuchTag { tag: String, dir: String },

    #[error("{dir} has no tag that names a version")]
    NoVersionTag { dir: String },

    #[error("{dir} is a checkout with uncommitted changes (dirty):\n{changes}")]
    #[diagnostic(help(
        "the hash is computed from the committed tree, which these changes are not part of: commit or stash them first"
    ))]
    Dirty { dir: String, changes: String },

    #[error(
        "the snapshot {dir} lacks {count} file{plural} of {rev} ({examples}), so the hash cannot be computed", plural = if *count == 1 { "" } else { "s" }
    )]
    #[diagnostic(help(
        "snapshots leave out large files; compute the hash from a complete clone (`--from-upstream`, or `git clone --bare`)"
    ))]
    SnapshotLacksFiles {
        dir: String,
        rev: String,
        count: usize,
        examples: String,
    },

    #[error("cannot compute the source hash of {rev} in {dir}: {message}")]
    Hash {
        rev: String,
        dir: String,
        message: String,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    At(Box<Located>),

    #[error("{path}: {message}")]
    #[diagnostic(help("{help}"))]
    Package {
        path: String,
        message: String,
        help: String,
    },

    #[error("{message}")]
    #[diagnostic(help("{help}"))]
    Usage { message: String, help: String },

    #[error("cannot bring {url} into {dir}: {message}")]
    #[diagnostic(help("--from-upstream needs network access; elsewhere pass a copy with --git"))]
    Upstream {
        url: String,
        dir: String,
        message: String,
    },

    #[error("{list}: cannot be regenerated from {lockfile} at {rev}: {message}")]
    NodeDeps {
        list: String,
        lockfile: String,
        rev: String,
        message: String,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Lock(#[from] atpkgs_lock::Error),
}

/// A problem at a place in a package.nix, shown with the lines around it.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{path}: {message}")]
#[diagnostic(help("{help}"))]
pub struct Located {
    pub path: String,
    pub message: String,
    pub help: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: SourceSpan,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
