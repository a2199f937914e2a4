//! Errors that say which lockfile, line and entry they concern.

use miette::{Diagnostic, NamedSource, SourceSpan};

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error("{path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: cannot be written: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    #[diagnostic(transparent)]
    At(Box<Located>),

    #[error("cannot serve the tarballs on 127.0.0.1: {source}")]
    Serve {
        #[source]
        source: std::io::Error,
    },

    #[error("cannot run `{command}`: {source}")]
    Run {
        command: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{file}: {kind} lockfile version `{found}` is not supported (supported: {supported})")]
    #[diagnostic(help("{help}"))]
    Version {
        file: String,
        kind: &'static str,
        found: String,
        supported: &'static str,
        help: &'static str,
    },

    #[error("{file}: cannot tell the kind of lockfile from its name")]
    #[diagnostic(help(
        "expected pnpm-lock.yaml, package-lock.json, npm-shrinkwrap.json or deno.lock; or pass --kind"
    ))]
    UnknownKind { file: String },

    #[error("{path}: not a dependency list of atpkgs-lock: {message}")]
    #[diagnostic(help("write it with `atpkgs-lock write LOCKFILE`"))]
    List { path: String, message: String },

    #[error("{lockfile} and {list} disagree:\n{details}")]
    #[diagnostic(help("{help}"))]
    Mismatch {
        lockfile: String,
        list: String,
        details: String,
        help: String,
    },
}

/// A problem at a place in a lockfile, shown with the lines around it.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{file}:{line}: {message}")]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: SourceSpan,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
