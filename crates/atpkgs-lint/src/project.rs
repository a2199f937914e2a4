//! Facts a file declares or references, gathered during the walk for the cross-file rules.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use crate::config::Config;
use crate::context::{FileContext, Role};
use crate::finding::{Finding, LineIndex, Span};
use crate::rules::TriggerIn;
use crate::syntax;

/// A place in a file, kept after the tree is gone.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// What one file contributes to the cross-file rules.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// Absolute path on disk (lexically normalised).
    pub path: PathBuf,
    /// Path relative to the root, `/`-separated.
    pub relative: String,
    /// Path as printed to the user.
    pub display: String,
    /// Targets of relative path literals (`./x.nix`), resolved against the file's folder.
    pub path_literals: Vec<PathBuf>,
    /// Folders whose contents the file discovers (`readDir ./.`), so all of them are reachable.
    pub discovered_dirs: Vec<PathBuf>,
    /// Whether the file calls `readDir` (or a wrapper) at all: then every folder it names by a
    /// path literal counts as discovered, as in `directories = path: readDir path; … ./.`.
    pub discovers: bool,
    /// `mkPackageOption pkgs [ "atproto" "org-name" ] { }` → `["atproto", "org-name"]`.
    pub package_options: Vec<Located<Vec<String>>>,
    /// Names selected from an `atproto` package set (`pkgs.atproto.org-name`).
    pub atproto_references: BTreeSet<String>,
    /// `name = callPackage ./file.nix { };` bindings.
    pub call_package_bindings: Vec<(String, Option<PathBuf>)>,
    /// Where the file marks its package as a service (`passthru.atproto.service = true`).
    pub service_marker: Option<Span>,
}

impl FileFacts {
    /// Records what `node` contributes; called for the kinds of [`wanted_facts`] (path
    /// literals come from the engine's walk).
    pub fn collect(&mut self, cx: &FileContext, lines: &LineIndex, node: &SyntaxNode) {
        match node.kind() {
            SyntaxKind::NODE_APPLY => {
                if let Some(apply) = ast::Apply::cast(node.clone()) {
                    self.collect_call(cx, lines, &apply);
                }
            }
            SyntaxKind::NODE_ATTRPATH_VALUE if cx.role == Role::Package => {
                if let Some(binding) = ast::AttrpathValue::cast(node.clone()) {
                    self.collect_service_marker(cx, lines, &binding);
                }
            }
            SyntaxKind::NODE_SELECT if cx.role == Role::Module => {
                let path = ast::Select::cast(node.clone())
                    .and_then(|select| syntax::dotted_path(&ast::Expr::Select(select)));
                if let Some(path) = path {
                    if let Some(at) = path.iter().position(|name| name == "atproto") {
                        if let Some(name) = path.get(at + 1) {
                            self.atproto_references.insert(name.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn collect_call(&mut self, cx: &FileContext, lines: &LineIndex, apply: &ast::Apply) {
        if !syntax::is_outermost_apply(apply) {
            return;
        }
        let Some((function, arguments)) = syntax::call_parts(apply) else {
            return;
        };
        let Some(name) = syntax::dotted_path(&function).and_then(|mut path| path.pop()) else {
            return;
        };
        match name.as_str() {
            "readDir" | "packagesFromDirectoryRecursive" | "listFilesRecursive" => {
                self.discovers = true;
                let first_path = arguments
                    .iter()
                    .flat_map(|argument| argument.syntax().descendants())
                    .find(|node| node.kind() == SyntaxKind::NODE_PATH_REL);
                let dir = first_path
                    .and_then(|node| resolve_literal(&self.path, &node.text().to_string()));
                if let Some(dir) = dir {
                    self.discovered_dirs.push(dir);
                }
            }
            "mkPackageOption" => {
                if let Some(path) = arguments.get(1).and_then(package_path) {
                    let span = lines.span(cx.text, apply.syntax().text_range());
                    self.package_options.push(Located { value: path, span });
                }
            }
            "callPackage" => {
                let Some(binding) = apply.syntax().parent().and_then(ast::AttrpathValue::cast)
                else {
                    return;
                };
                let target = arguments.first().and_then(|argument| match argument {
                    ast::Expr::PathRel(path) => {
                        resolve_literal(&self.path, &path.syntax().text().to_string())
                    }
                    _ => None,
                });
                if let Some(name) = syntax::binding_name(&binding) {
                    self.call_package_bindings.push((name, target));
                }
            }
            _ => {}
        }
    }

    fn collect_service_marker(
        &mut self,
        cx: &FileContext,
        lines: &LineIndex,
        binding: &ast::AttrpathValue,
    ) {
        let Some(value) = binding.value() else { return };
        if value.syntax().text() != "true" {
            return;
        }
        let mut names = syntax::enclosing_names(binding.syntax());
        names.extend(syntax::binding_names(binding));
        if names.ends_with(&["atproto".to_owned(), "service".to_owned()])
            && names.iter().any(|name| name == "passthru")
        {
            self.service_marker = Some(lines.span(cx.text, binding.syntax().text_range()));
        }
    }
}

/// A node kind [`FileFacts::collect`] needs, with the substrings one of which such a node
/// must contain, and where.
pub struct WantedFact {
    pub kind: SyntaxKind,
    pub triggers: &'static [&'static str],
    pub trigger_in: TriggerIn,
}

/// What [`FileFacts::collect`] needs in a file of this role (path literals are handled apart).
pub fn wanted_facts(role: Role) -> Vec<WantedFact> {
    let fact = |kind, triggers, trigger_in| WantedFact {
        kind,
        triggers,
        trigger_in,
    };
    let mut kinds = vec![fact(SyntaxKind::NODE_APPLY, CALLS, TriggerIn::Head)];
    if role == Role::Package {
        // `service` in `passthru.atproto.service = true;`.
        kinds.push(fact(
            SyntaxKind::NODE_ATTRPATH_VALUE,
            SERVICE,
            TriggerIn::Head,
        ));
    }
    if role == Role::Module {
        // `atproto` anywhere in `pkgs.atproto.name`.
        kinds.push(fact(SyntaxKind::NODE_SELECT, ATPROTO, TriggerIn::Node));
    }
    kinds
}

const CALLS: &[&str] = &[
    "readDir",
    "packagesFromDirectoryRecursive",
    "listFilesRecursive",
    "mkPackageOption",
    "callPackage",
];
const SERVICE: &[&str] = &["service"];
const ATPROTO: &[&str] = &["atproto"];

/// `[ "atproto" "name" ]` or `"name"` as a list of names.
fn package_path(expr: &ast::Expr) -> Option<Vec<String>> {
    match syntax::unparen(expr.clone()) {
        ast::Expr::Str(string) => Some(vec![syntax::literal_string(&string)?]),
        ast::Expr::List(list) => list
            .items()
            .map(|item| match item {
                ast::Expr::Str(string) => syntax::literal_string(&string),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// The path a relative path literal in `file` names, normalised; `None` when it is
/// interpolated (`./${name}.nix`) or the file has no folder.
pub fn resolve_literal(file: &Path, literal: &str) -> Option<PathBuf> {
    if literal.contains("${") {
        return None;
    }
    let dir = file.parent()?;
    Some(join_normalized(dir, literal))
}

/// `normalize(&dir.join(relative))`, by string operations when `dir` is an absolute UTF-8 path.
fn join_normalized(dir: &Path, relative: &str) -> PathBuf {
    let Some(dir) = dir.to_str().filter(|dir| dir.starts_with('/')) else {
        return normalize(&dir.join(relative));
    };
    let mut out = String::with_capacity(dir.len() + relative.len() + 1);
    // A folder already in normal form (as the walk gives them) is taken whole.
    let dir_parts = if is_normal(dir) {
        out.push_str(dir.trim_end_matches('/'));
        ""
    } else {
        dir
    };
    if out.is_empty() {
        out.push('/');
    }
    for part in dir_parts.split('/').chain(relative.split('/')) {
        match part {
            "" | "." => {}
            ".." => out.truncate(out.rfind('/').map_or(1, |slash| slash.max(1))),
            part => {
                if !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(part);
            }
        }
    }
    PathBuf::from(out)
}

/// Whether an absolute path's text has no empty, `.` or `..` component.
fn is_normal(dir: &str) -> bool {
    let odd = ["//", "/./", "/../"].iter().any(|part| dir.contains(part));
    !(odd || dir.ends_with("/.") || dir.ends_with("/.."))
}

/// Removes `.` and resolves `..` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Everything the cross-file rules see.
pub struct Project<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub files: &'a [FileFacts],
}

impl Project<'_> {
    pub fn file(&self, relative: &str) -> Option<&FileFacts> {
        self.files.iter().find(|file| file.relative == relative)
    }

    /// Package names defined by the package set: `callPackage` bindings in `pkgs/`, and the
    /// names a `readDir`-discovered layout gives (`pkgs/<org>/<name>{.nix,/package.nix}`).
    pub fn package_names(&self) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let packages = || {
            self.files
                .iter()
                .filter(|file| file.relative.starts_with("pkgs/"))
        };
        for file in packages() {
            names.extend(
                file.call_package_bindings
                    .iter()
                    .map(|(name, _)| name.clone()),
            );
        }
        if packages().any(|file| file.discovers) {
            names.extend(packages().filter_map(|file| discovered_package_name(&file.relative)));
        }
        names
    }

    /// The package name of a file under `pkgs/`: the binding that calls it, else its path.
    pub fn package_name_of(&self, file: &FileFacts) -> Option<String> {
        self.files
            .iter()
            .flat_map(|other| other.call_package_bindings.iter())
            .find(|(_, target)| target.as_deref() == Some(file.path.as_path()))
            .map(|(name, _)| name.clone())
            .or_else(|| discovered_package_name(&file.relative))
    }
}

/// `pkgs/org/name.nix`, `pkgs/org/name/package.nix` or `pkgs/org/name/default.nix` → `org-name`.
pub fn discovered_package_name(relative: &str) -> Option<String> {
    let parts: Vec<&str> = relative.strip_prefix("pkgs/")?.split('/').collect();
    match parts.as_slice() {
        [org, file] if *file != "default.nix" => {
            Some(format!("{org}-{}", file.strip_suffix(".nix")?))
        }
        [org, name, "package.nix" | "default.nix"] => Some(format!("{org}-{name}")),
        _ => None,
    }
}

/// Collects the findings of a cross-file rule, at the level the config gives each file.
pub struct ProjectSink<'a> {
    pub(crate) rule: &'static crate::rules::Rule,
    pub(crate) config: &'a Config,
    pub(crate) findings: Vec<Finding>,
}

impl ProjectSink<'_> {
    /// Reports a finding in `file` (`relative` decides the level, `display` is printed).
    pub fn report(
        &mut self,
        relative: &str,
        display: &str,
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let level = self
            .config
            .level_for(self.rule.id, self.rule.level, relative);
        let Some(severity) = level.severity() else {
            return;
        };
        let help = help.into();
        self.findings.push(Finding {
            rule: self.rule.id,
            severity,
            file: display.to_owned(),
            span,
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }
}

/// Convenience for rules: a zero-length span at the start of a file.
pub fn file_start() -> Span {
    let start = crate::finding::Position { line: 1, column: 1 };
    Span {
        start,
        end: start,
        offset: 0,
        len: 0,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{join_normalized, normalize};

    #[test]
    fn joins_like_normalize() {
        let cases = [
            ("/repo/pkgs", "./a.nix"),
            ("/repo/pkgs", "../modules/b.nix"),
            ("/repo/pkgs", "../../../../x"),
            ("/repo/pkgs", "./dir/"),
            ("/repo/pkgs", "./."),
            ("/repo/pkgs", "a//b/./c/../d"),
            ("/", "../x"),
            ("/repo/./pkgs/../lib", "./y.nix"),
            ("relative/dir", "../z.nix"),
            ("/repo/pkgs/", "./a.nix"),
            ("//repo", "./a.nix"),
            ("/repo/..", "./a.nix"),
            ("/repo/.", "../a.nix"),
            ("/", "./a.nix"),
        ];
        for (dir, literal) in cases {
            let dir = Path::new(dir);
            assert_eq!(
                join_normalized(dir, literal),
                normalize(&dir.join(literal)),
                "{dir:?} + {literal}"
            );
        }
    }
}
