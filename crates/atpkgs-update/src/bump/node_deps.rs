//! The `node-deps.json` beside a package.nix, written again from the lockfile of the new
//! source exactly as `atpkgs-lock write LOCKFILE --path-in-source PATH` writes it.

use std::path::{Component, Path};

use atpkgs_lock::{transcribe, Document, Lockfile, Registries};

use crate::error::{Error, Result};
use crate::git::Repo;

/// The list's new text and what it holds.
pub struct Regenerated {
    pub text: String,
    /// The lockfile's path in the source.
    pub lockfile: String,
    pub tarballs: usize,
    pub unpinned: usize,
}

/// Transcribes the lockfile that `list` names, as it is in `commit`.
pub fn regenerate(list: &Path, repo: &Repo, commit: &str) -> Result<Regenerated> {
    let document = Document::read(list)?;
    let failed = |message: String| Error::NodeDeps {
        list: list.display().to_string(),
        lockfile: document.lockfile.clone(),
        rev: commit.to_owned(),
        message,
    };
    let relative = Path::new(&document.lockfile);
    let inside = relative
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    if !inside || document.lockfile.is_empty() {
        return Err(failed(
            "its `lockfile` is not a relative path inside the source".into(),
        ));
    }
    let scratch = tempfile::tempdir().map_err(|error| failed(error.to_string()))?;
    let lockfile_path = scratch.path().join(relative);
    let Some(content) = repo.file_at(commit, &document.lockfile)? else {
        return Err(failed("the source has no such file".into()));
    };
    write_file(&lockfile_path, &content).map_err(&failed)?;
    // The `.npmrc` beside the lockfile names the registries of scoped packages.
    let npmrc = match relative.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => format!("{}/.npmrc", dir.display()),
        None => ".npmrc".into(),
    };
    if let Some(content) = repo.file_at(commit, &npmrc)? {
        write_file(&lockfile_path.with_file_name(".npmrc"), &content).map_err(&failed)?;
    }
    let lockfile = Lockfile::read(&lockfile_path, Some(document.kind))?;
    let registries = Registries::for_lockfile(&lockfile_path, None)?;
    let transcript = transcribe(&lockfile, &registries)?;
    let regenerated = Document::new(&document.lockfile, transcript);
    Ok(Regenerated {
        text: regenerated.to_text(),
        lockfile: document.lockfile.clone(),
        tarballs: regenerated.tarballs.len(),
        unpinned: regenerated.unpinned.len(),
    })
}

fn write_file(path: &Path, content: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
    }
    std::fs::write(path, content).map_err(|error| format!("{}: {error}", path.display()))
}
