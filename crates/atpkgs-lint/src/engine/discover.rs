//! Finding the `.nix` files of a tree, and the paths findings and rules name them by.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::listed::Listed;

use crate::config::Config;
use crate::Error;

/// Folders never walked into.
pub(super) const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];

/// The `.nix` files under `paths`, sorted, without excluded and skipped ones.
pub(super) fn collect_files(
    paths: &[PathBuf],
    root: &Path,
    config: &Config,
    listed: &Listed,
    errors: &mut Vec<Error>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        let path = absolute(path);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => files.push(path),
            Ok(_) => walk(
                &path,
                root,
                config,
                listed,
                &mut |file| files.push(file),
                errors,
            ),
            Err(source) => errors.push(Error::Io { path, source }),
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Hands each `.nix` file under `dir` that is not excluded to `on_file`, in path order, and
/// records every entry it lists in `listed` (in batches, so that the threads reading it are
/// rarely held up).
pub(super) fn walk(
    dir: &Path,
    root: &Path,
    config: &Config,
    listed: &Listed,
    on_file: &mut dyn FnMut(PathBuf),
    errors: &mut Vec<Error>,
) {
    const BATCH: usize = 64;
    let mut seen = Vec::with_capacity(BATCH);
    // Sorted by name, the walk yields the files in path order, so sorting them after is cheap.
    let entries = WalkDir::new(dir)
        .follow_links(false)
        // Entries of one folder share its path, so comparing whole paths orders them by name
        // (and is cheaper than taking each name apart again).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped_dir(entry));
    for entry in entries {
        match entry {
            Ok(entry) => {
                seen.push(entry.path().as_os_str().to_owned());
                if seen.len() == BATCH {
                    listed.add(&mut seen);
                }
                let is_nix = entry.file_type().is_file() && has_nix_extension(entry.path());
                let excluded = || config.is_excluded(&relative_to(entry.path(), root));
                if is_nix && !(config.has_excludes() && excluded()) {
                    on_file(entry.into_path());
                }
            }
            Err(error) => errors.push(Error::Walk {
                path: error.path().unwrap_or(dir).to_owned(),
                message: error.to_string(),
            }),
        }
    }
    listed.add(&mut seen);
}

/// `path.extension() == Some("nix")`, without splitting the path into components.
pub(super) fn has_nix_extension(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.ends_with(b".nix") && !bytes.ends_with(b"/.nix") && bytes != b".nix"
}

pub(super) fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir()
        && (SKIPPED_DIRS.contains(&name.as_ref()) || name.starts_with("result"))
}

/// An absolute, lexically normalised path (symlinks are kept as they are).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::project::normalize(&joined)
}

/// `path` relative to `root` with `/` separators (the path itself when outside the root).
pub fn relative_to(path: &Path, root: &Path) -> String {
    if let Some(text) = plain_suffix(path, root) {
        return text.to_owned(); // The common case, without splitting into components.
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    if let Some(text) = relative.to_str().filter(|text| is_plain(text)) {
        return text.to_owned(); // What joining the components would give.
    }
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a relative path's text is already `/`-joined normal components: not empty, no
/// root, no empty or `.` component (which `Path::components` would drop).
pub(super) fn is_plain(text: &str) -> bool {
    let mut parts = text.as_bytes().split(|&byte| byte == b'/');
    std::path::MAIN_SEPARATOR == '/' && parts.all(|part| !part.is_empty() && part != b".")
}

/// The text of `path` after `root/`, when both are UTF-8 and the rest is plain.
pub(super) fn plain_suffix<'p>(path: &'p Path, root: &Path) -> Option<&'p str> {
    let rest = path.to_str()?.strip_prefix(root.to_str()?)?;
    rest.strip_prefix('/')
        .filter(|rest| is_plain(rest) && !rest.is_empty())
}

pub(super) fn display_path(path: &Path, cwd: &Path) -> String {
    if let Some(text) = plain_suffix(path, cwd) {
        return text.to_owned();
    }
    match path.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative_to(path, cwd),
        // A UTF-8 path is its own display (without `display`'s check of every byte).
        _ => path
            .to_str()
            .map_or_else(|| path.display().to_string(), str::to_owned),
    }
}
