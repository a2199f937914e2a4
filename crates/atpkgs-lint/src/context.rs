//! What a rule gets to know about the file it is looking at.

use std::path::{Path, PathBuf};

use rnix::{SyntaxNode, TextRange};

use crate::config::Config;
use crate::engine::Listed;
use crate::rules::Scope;
use crate::scope::Analysis;

/// Where a file sits in the tree, which decides the rules that apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Under `pkgs/`.
    Package,
    /// Under `modules/`.
    Module,
    Other,
}

impl Role {
    pub fn of(relative: &str) -> Self {
        if relative.starts_with("pkgs/") {
            Role::Package
        } else if relative.starts_with("modules/") {
            Role::Module
        } else {
            Role::Other
        }
    }

    pub fn in_scope(self, scope: Scope) -> bool {
        match scope {
            Scope::All => true,
            Scope::Packages => self == Role::Package,
            Scope::Modules => self == Role::Module,
        }
    }
}

pub struct FileContext<'a> {
    /// The path relative to the root, with `/` separators.
    pub relative: &'a str,
    pub role: Role,
    pub text: &'a str,
    pub root: SyntaxNode,
    /// The file on disk, when there is one (rules that look at the file system need it).
    pub path: Option<&'a Path>,
    pub config: &'a Config,
    /// Whether the file parsed without errors (Nix's static checks only apply then).
    pub parsed: bool,
    /// The scope analysis, made for the first rule that asks (see [`FileContext::scope`]).
    pub scope: std::cell::OnceCell<Option<Analysis>>,
}

impl FileContext<'_> {
    /// Undefined variables and duplicate names, when the file parsed (Nix stops at the first
    /// parse error, so it never gets to these).
    pub fn scope(&self) -> Option<&Analysis> {
        self.scope
            .get_or_init(|| {
                self.parsed
                    .then(|| crate::scope::analyze(self.root.green(), self.text))
            })
            .as_ref()
    }

    /// The folder the file sits in, relative to the root (`pkgs/org` for `pkgs/org/a.nix`).
    pub fn relative_dir(&self) -> &str {
        self.relative.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    pub fn file_name(&self) -> &str {
        self.relative
            .rsplit_once('/')
            .map_or(self.relative, |(_, name)| name)
    }
}

/// A relative path literal (`./x.nix`), as the engine's walk found it.
pub struct PathLiteral<'a> {
    pub text: &'a str,
    pub range: TextRange,
    /// The path it names, when the file is on disk and the literal is not interpolated.
    pub target: Option<PathBuf>,
    listed: &'a Listed,
}

impl<'a> PathLiteral<'a> {
    pub fn new(text: &'a str, range: TextRange, file: Option<&Path>, listed: &'a Listed) -> Self {
        let text = &text[std::ops::Range::<usize>::from(range)];
        let target = file.and_then(|file| crate::project::resolve_literal(file, text));
        Self {
            text,
            range,
            target,
            listed,
        }
    }

    /// Whether it names a path on disk where nothing is (a symlink, even dangling, is
    /// something).
    pub fn is_missing(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|target| !self.listed.exists(target))
    }
}
