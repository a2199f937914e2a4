//! `atpkgs-update report`: for every package, its pin, where upstream is now, whether the
//! source hash is verified, and where each dependency hash comes from.

pub mod render;
pub mod snapshots;
mod upstream_state;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::package::{self, PackageFile, Source};
use crate::workspace;

pub use snapshots::Snapshots;

/// A commit with a name: a branch, a tag, or the pinned rev or tag.
#[derive(Clone, Debug, Serialize)]
pub struct Named {
    pub name: String,
    pub commit: Option<String>,
    pub date: Option<String>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum HashState {
    Verified,
    Mismatch,
    Unverifiable,
    /// No pinned source of its own.
    None,
}

#[derive(Clone, Debug, Serialize)]
pub struct SourceHash {
    pub state: HashState,
    pub pinned: Option<String>,
    pub computed: Option<String>,
    /// The status as the text and Markdown reports show it.
    pub status: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dependency {
    pub name: String,
    pub status: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub attr: String,
    pub file: String,
    pub version: Option<String>,
    /// `github:owner/repo`, `tangled:domain/@owner/repo`, `local`, `via <package>`.
    pub upstream: String,
    /// `rev` or `tag`, with the commit and its date when a snapshot has it.
    pub pin_kind: Option<String>,
    pub pinned: Option<Named>,
    pub snapshot: Option<String>,
    pub head: Option<Named>,
    pub newest_tag: Option<Named>,
    pub upstream_moved: Option<bool>,
    pub movement: Option<String>,
    pub source_hash: SourceHash,
    pub dependency_hashes: Vec<Dependency>,
    /// Why the package.nix could not be read, when it could not.
    pub error: Option<String>,
}

/// Hashes already computed, by (git dir, commit, fetcher kind): packages share sources.
pub type HashCache = HashMap<(String, String, bool), Result<String, String>>;

/// The rows of every package under `root`.
pub fn collect(root: &Path, snapshots: &Snapshots) -> Result<Vec<Row>> {
    let entries = workspace::packages(root).map_err(|error| Error::Read {
        path: root.join("pkgs").display().to_string(),
        error,
    })?;
    let mut cache = HashCache::new();
    Ok(entries
        .iter()
        .map(|entry| row(root, entry, snapshots, &mut cache))
        .collect())
}

fn row(root: &Path, entry: &workspace::Entry, snapshots: &Snapshots, cache: &mut HashCache) -> Row {
    let file = entry
        .path
        .strip_prefix(root)
        .unwrap_or(&entry.path)
        .display()
        .to_string();
    let mut row = Row {
        attr: entry.attr.clone(),
        file,
        version: None,
        upstream: "unrecognised".into(),
        pin_kind: None,
        pinned: None,
        snapshot: None,
        head: None,
        newest_tag: None,
        upstream_moved: None,
        movement: None,
        source_hash: no_hash("no source pin was recognised"),
        dependency_hashes: Vec::new(),
        error: None,
    };
    let package = match PackageFile::read(&entry.path) {
        Ok(package) => package,
        Err(error) => {
            row.upstream = "unknown".into();
            row.source_hash = no_hash("not checked: the file could not be read");
            row.error = Some(error.to_string());
            return row;
        }
    };
    row.version = package.version().map(str::to_owned);
    row.dependency_hashes = dependencies(&package, &entry.path);
    match &package.source {
        Source::Pinned(pin) => upstream_state::fill(&mut row, &package, pin, snapshots, cache),
        Source::Borrowed(from) => {
            row.upstream = format!("via {from}");
            row.source_hash = no_hash(&format!("see {from}"));
        }
        Source::Local => {
            row.upstream = "local".into();
            row.source_hash = no_hash("local source: nothing to verify");
        }
        Source::Unrecognised(Some(fetcher)) => {
            row.source_hash = no_hash(&format!(
                "`src` is fetched with `{fetcher}`, which is not checked"
            ));
        }
        Source::Unrecognised(None) => {}
    }
    row
}

fn no_hash(status: &str) -> SourceHash {
    SourceHash {
        state: HashState::None,
        pinned: None,
        computed: None,
        status: status.to_owned(),
    }
}

/// Produced hashes, a committed Cargo.lock, and node-deps.json.
fn dependencies(package: &PackageFile, path: &Path) -> Vec<Dependency> {
    let mut found: Vec<Dependency> = package
        .produced
        .iter()
        .map(|hash| {
            let mut status = String::from("produced by a build");
            if !hash.expression.starts_with('"') {
                status = format!("placeholder `{}`: a build tells the hash", hash.expression);
            }
            if let Some(provenance) = &hash.provenance {
                status.push_str("; provenance: ");
                status.push_str(provenance);
            }
            Dependency {
                name: hash.name(),
                status,
            }
        })
        .collect();
    if let Some(lock) = &package.cargo_lock {
        found.push(Dependency {
            name: "cargoLock".into(),
            status: format!("committed lockfile {lock}, generated for the pinned source"),
        });
    }
    if let Some(list) = package::node_deps_path(path) {
        let status = match atpkgs_lock::Document::read(&list) {
            Ok(document) => format!(
                "lockfile-exact ({} tarballs, {} unpinned)",
                document.tarballs.len(),
                document.unpinned.len()
            ),
            Err(error) => format!("unreadable: {error}"),
        };
        found.push(Dependency {
            name: "node-deps.json".into(),
            status,
        });
    }
    found
}
