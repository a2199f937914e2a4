//! The paths the walk has listed. A path literal naming one of them exists without asking the
//! file system again: a `stat` per literal was the costliest part of checking them.

use std::ffi::OsString;
use std::path::Path;
use std::sync::RwLock;

use rustc_hash::FxHashSet;

/// Every entry (file, folder or symlink) the walk has seen so far, as an absolute path.
#[derive(Default)]
pub struct Listed(RwLock<FxHashSet<OsString>>);

impl Listed {
    pub(super) fn add(&self, paths: &mut Vec<OsString>) {
        if let Ok(mut listed) = self.0.write() {
            listed.extend(paths.drain(..));
        }
    }

    /// Whether something is at `path` (a symlink counts, as `symlink_metadata` sees it). The
    /// walk may not have reached it yet, or it lies outside the tree: then the file system
    /// is asked.
    pub fn exists(&self, path: &Path) -> bool {
        let listed = self
            .0
            .read()
            .is_ok_and(|listed| listed.contains(path.as_os_str()));
        listed || std::fs::symlink_metadata(path).is_ok()
    }
}
