//! A `pkgs/<org>/<name>/package.nix` read for what an update changes: its source pin, its
//! version, and the dependency hashes that follow from the source.

pub mod deps;
pub mod pin;
pub mod syntax;

use std::ops::Range;
use std::path::{Path, PathBuf};

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

pub use deps::ProducedHash;
pub use pin::{Fetcher, Pin, Reference};

use crate::error::{Error, Result};

/// A value in the file: where it is, and what it says when it is a plain string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub range: Range<usize>,
    pub value: Option<String>,
}

impl Field {
    pub fn of(expr: &ast::Expr) -> Field {
        Field {
            range: syntax::range_of(expr.syntax()),
            value: syntax::literal(expr),
        }
    }
}

/// Where a package's source comes from.
#[derive(Clone, Debug)]
pub enum Source {
    Pinned(Pin),
    /// Another package's source or build (`blacksky-rsky.src`, `microcosm-rs.members.…`).
    Borrowed(String),
    /// Files of this repository.
    Local,
    /// Nothing this tool recognises; the fetcher `src` is given by, if any.
    Unrecognised(Option<String>),
}

pub struct PackageFile {
    /// The path as given, for messages.
    pub path: String,
    pub text: String,
    pub formals: Vec<String>,
    pub source: Source,
    pub version: Option<Field>,
    pub produced: Vec<ProducedHash>,
    pub cargo_lock: Option<String>,
}

impl PackageFile {
    pub fn read(path: &Path) -> Result<PackageFile> {
        let text = std::fs::read_to_string(path).map_err(|error| Error::Read {
            path: path.display().to_string(),
            error,
        })?;
        PackageFile::parse(&path.display().to_string(), text)
    }

    pub fn parse(path: &str, text: String) -> Result<PackageFile> {
        let root = syntax::parse(path, &text)?;
        let formals = syntax::formals(&root);
        let pin = pin::find(&root, path, &text)?;
        let version = version_field(&root, pin.is_some());
        let source = match pin {
            Some(pin) => Source::Pinned(pin),
            None => match borrowed_from(&root, &formals) {
                Some(package) => Source::Borrowed(package),
                None if has_relative_path(&root) => Source::Local,
                None => Source::Unrecognised(src_fetcher(&root)),
            },
        };
        Ok(PackageFile {
            path: path.to_owned(),
            produced: deps::produced_hashes(&root),
            cargo_lock: deps::cargo_lock(&root),
            text,
            formals,
            source,
            version,
        })
    }

    pub fn pin(&self) -> Option<&Pin> {
        match &self.source {
            Source::Pinned(pin) => Some(pin),
            _ => None,
        }
    }

    /// The package's version when it is a plain string.
    pub fn version(&self) -> Option<&str> {
        self.version.as_ref().and_then(|v| v.value.as_deref())
    }

    /// The pin, or an error that says what the file has instead and what was expected.
    pub fn require_pin(&self) -> Result<&Pin> {
        let found = match &self.source {
            Source::Pinned(pin) => return Ok(pin),
            Source::Borrowed(package) => {
                format!("its source is that of `{package}`: bump that package's package.nix")
            }
            Source::Local => "its source is this repository's own files (local)".into(),
            Source::Unrecognised(Some(fetcher)) => {
                format!("`src` is fetched with `{fetcher}`, which atpkgs-update does not handle")
            }
            Source::Unrecognised(None) => {
                "no `src = fetchFromGitHub { … }` or `fetchFromTangled { … }` was found".into()
            }
        };
        Err(Error::Package {
            path: self.path.clone(),
            message: format!("no source pin to bump: {found}"),
            help: "expected `src = fetchFromGitHub { owner = \"…\"; repo = \"…\"; rev = \"<40-hex commit>\"; hash = \"sha256-…\"; }` (or `tag = \"v${finalAttrs.version}\"`), or the same with fetchFromTangled".into(),
        })
    }
}

/// `version = "…"` of the attribute set around the pin, else the first one in the file.
fn version_field(root: &SyntaxNode, pinned: bool) -> Option<Field> {
    let binding = root
        .descendants()
        .filter(|node| pinned && node.kind() == SyntaxKind::NODE_APPLY)
        .find(|node| syntax::bound_name(node).as_deref() == Some("src"))
        .and_then(|src| {
            src.ancestors()
                .find_map(|a| syntax::direct_binding(&a, "version"))
        })
        .or_else(|| {
            root.descendants()
                .find_map(|node| syntax::direct_binding(&node, "version"))
        })?;
    binding.value().map(|value| Field::of(&value))
}

/// The argument whose `src` or `members` the package uses: another package of the set.
fn borrowed_from(root: &SyntaxNode, formals: &[String]) -> Option<String> {
    root.descendants()
        .filter_map(ast::Select::cast)
        .find_map(|select| {
            let ast::Expr::Ident(base) = select.expr()? else {
                return None;
            };
            let base = base.syntax().text().to_string();
            let first = select.attrpath()?.attrs().next()?;
            let field = syntax::attr_name(&first)?;
            (formals.contains(&base) && matches!(field.as_str(), "src" | "members")).then_some(base)
        })
}

/// The function `src = <function> { … }` calls, when its name is a fetcher's (`fetch…`).
fn src_fetcher(root: &SyntaxNode) -> Option<String> {
    root.descendants()
        .filter_map(ast::Apply::cast)
        .filter(|apply| syntax::bound_name(apply.syntax()).as_deref() == Some("src"))
        .find_map(|apply| {
            let name = match syntax::unparen(apply.lambda()?) {
                ast::Expr::Ident(ident) => ident.syntax().text().to_string(),
                ast::Expr::Select(select) => {
                    syntax::attr_name(&select.attrpath()?.attrs().last()?)?
                }
                _ => return None,
            };
            name.starts_with("fetch").then_some(name)
        })
}

fn has_relative_path(root: &SyntaxNode) -> bool {
    root.descendants()
        .any(|node| node.kind() == SyntaxKind::NODE_PATH_REL)
}

/// `node-deps.json` beside the package.nix, if any.
pub fn node_deps_path(package: &Path) -> Option<PathBuf> {
    let path = package.with_file_name("node-deps.json");
    path.is_file().then_some(path)
}

/// The attribute name of `pkgs/<org>/<name>/package.nix`: `<org>-<name>`.
pub fn attr_name(package: &Path) -> Option<String> {
    let name = package.parent()?;
    let org = name.parent()?;
    Some(format!(
        "{}-{}",
        org.file_name()?.to_string_lossy(),
        name.file_name()?.to_string_lossy()
    ))
}
