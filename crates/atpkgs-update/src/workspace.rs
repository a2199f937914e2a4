//! The package tree: every `pkgs/<org>/<name>/package.nix` under a repository root.

use std::path::{Path, PathBuf};

use crate::package::{self, PackageFile, Source};

/// One package file and its attribute name.
pub struct Entry {
    pub attr: String,
    pub path: PathBuf,
}

/// Every `pkgs/<org>/<name>/package.nix` under `root`, by attribute name.
pub fn packages(root: &Path) -> std::io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for org in sorted_dirs(&root.join("pkgs"))? {
        for name in sorted_dirs(&org)? {
            let path = name.join("package.nix");
            if !path.is_file() {
                continue;
            }
            if let Some(attr) = package::attr_name(&path) {
                entries.push(Entry { attr, path });
            }
        }
    }
    entries.sort_by(|a, b| a.attr.cmp(&b.attr));
    Ok(entries)
}

fn sorted_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The repository root of `…/pkgs/<org>/<name>/package.nix`.
pub fn root_of(package: &Path) -> Option<PathBuf> {
    let pkgs = package.parent()?.parent()?.parent()?;
    (pkgs.file_name()? == "pkgs").then(|| pkgs.parent().map(Path::to_owned))?
}

/// `pkgs/<org>/<name>/package.nix` for a package under a root, else the path as given.
pub fn display_path(package: &Path) -> String {
    let relative: Option<PathBuf> = (|| {
        let name = package.parent()?;
        let org = name.parent()?;
        let pkgs = org.parent()?;
        (pkgs.file_name()? == "pkgs").then(|| {
            Path::new("pkgs")
                .join(org.file_name().unwrap_or_default())
                .join(name.file_name().unwrap_or_default())
                .join(package.file_name().unwrap_or_default())
        })
    })();
    relative
        .unwrap_or_else(|| package.to_owned())
        .display()
        .to_string()
}

/// Packages of the same tree built from `attr`'s source that have something of their own to
/// redo when it moves: produced hashes, a committed Cargo.lock, a node-deps.json.
pub fn borrowers(package: &Path, attr: &str) -> Vec<String> {
    let Some(root) = root_of(package) else {
        return Vec::new();
    };
    let Ok(entries) = packages(&root) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|entry| {
            let other = PackageFile::read(&entry.path).ok()?;
            let Source::Borrowed(from) = &other.source else {
                return None;
            };
            if from != attr {
                return None;
            }
            let mut what: Vec<String> = other.produced.iter().map(|h| h.name()).collect();
            if let Some(lock) = &other.cargo_lock {
                what.push(format!("its committed Cargo.lock ({lock}), to regenerate"));
            }
            if package::node_deps_path(&entry.path).is_some() {
                what.push("node-deps.json".into());
            }
            (!what.is_empty())
                .then(|| format!("{} ({})", display_path(&entry.path), what.join(", ")))
        })
        .collect()
}
