//! Dependency hashes a package gives besides its source hash: the ones a build produces
//! (`vendorHash`, crane's `outputHashes`, …) and committed lockfiles (`cargoLock`).

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::syntax;

/// Hashes of fixed-output derivations that only a build can tell.
pub const PRODUCED_NAMES: &[&str] = &[
    "vendorHash",
    "pnpmDepsHash",
    "npmDepsHash",
    "cargoHash",
    "denoDepsHash",
];

/// crane's hashes of git dependencies, keyed by the Cargo.lock source.
const OUTPUT_HASHES: &str = "outputHashes";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducedHash {
    /// The attribute (`vendorHash`, `outputHashes`).
    pub attribute: String,
    /// The entry of `outputHashes`.
    pub key: Option<String>,
    /// The source text of the value (`"sha256-…"`, `lib.fakeHash`).
    pub expression: String,
    /// The comment above it: where the value came from.
    pub provenance: Option<String>,
}

impl ProducedHash {
    /// `vendorHash`, or `outputHashes."git+https://…"`.
    pub fn name(&self) -> String {
        match &self.key {
            Some(key) => format!("{}.\"{key}\"", self.attribute),
            None => self.attribute.clone(),
        }
    }
}

/// Every produced hash of the file, in file order.
pub fn produced_hashes(root: &SyntaxNode) -> Vec<ProducedHash> {
    let mut found = Vec::new();
    for binding in root.descendants().filter_map(ast::AttrpathValue::cast) {
        let Some(Some(name)) = syntax::binding_path(&binding).last().cloned() else {
            continue;
        };
        let Some(value) = binding.value() else {
            continue;
        };
        let provenance = syntax::comment_above(binding.syntax());
        if PRODUCED_NAMES.contains(&name.as_str()) {
            if value.syntax().text() == "null" {
                continue; // vendored dependencies: nothing to hash.
            }
            found.push(ProducedHash {
                attribute: name,
                key: None,
                expression: value.syntax().text().to_string(),
                provenance,
            });
        } else if name == OUTPUT_HASHES {
            let ast::Expr::AttrSet(set) = syntax::unparen(value) else {
                continue;
            };
            found.extend(output_hashes(&set, provenance));
        }
    }
    found
}

fn output_hashes(set: &ast::AttrSet, provenance: Option<String>) -> Vec<ProducedHash> {
    use rnix::ast::HasEntry;
    set.attrpath_values()
        .filter_map(|entry| {
            let key = syntax::binding_path(&entry).into_iter().next()??;
            let value = entry.value()?;
            Some(ProducedHash {
                attribute: OUTPUT_HASHES.into(),
                key: Some(key),
                expression: value.syntax().text().to_string(),
                provenance: syntax::comment_above(entry.syntax()).or_else(|| provenance.clone()),
            })
        })
        .collect()
}

/// The committed Cargo.lock of `cargoLock = ./Cargo.lock` (or `cargoLock.lockFile = …`).
pub fn cargo_lock(root: &SyntaxNode) -> Option<String> {
    root.descendants()
        .filter_map(ast::AttrpathValue::cast)
        .find_map(|binding| {
            let path = syntax::binding_path(&binding);
            let names: Vec<&str> = path.iter().map(|n| n.as_deref().unwrap_or("")).collect();
            let is_lockfile = matches!(names.as_slice(), [.., "cargoLock"])
                || matches!(names.as_slice(), [.., "cargoLock", "lockFile"]);
            let value = binding.value()?;
            (is_lockfile && value.syntax().kind() == SyntaxKind::NODE_PATH_REL)
                .then(|| value.syntax().text().to_string())
        })
}
