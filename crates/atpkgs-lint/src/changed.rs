//! `check --changed-since REV`: the files that differ from a git revision, for linting only
//! what a change touches (before a commit, in review) while the cross-file rules still see the
//! whole tree.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::engine::{absolute, Outcome};
use crate::Error;

/// The files under `root` that differ from `rev` (committed since, staged or not) or are
/// untracked and not ignored, as absolute paths. Deleted files are left out.
pub fn files_since(root: &Path, rev: &str) -> Result<HashSet<PathBuf>, Error> {
    let differing = git(
        root,
        &[
            "diff",
            "--name-only",
            "--relative",
            "--no-renames",
            "-z",
            rev,
            "--",
        ],
    )?;
    let untracked = git(root, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    Ok(differing
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|name| !name.is_empty())
        .map(|name| absolute(&root.join(name)))
        .filter(|path| path.exists())
        .collect())
}

/// Keeps the findings in `changed` (their files are relative to the working directory) and
/// counts the changed `.nix` files as the files linted.
pub fn keep_changed(outcome: &mut Outcome, changed: &HashSet<PathBuf>) {
    outcome
        .findings
        .retain(|finding| changed.contains(&absolute(Path::new(&finding.file))));
    outcome.files = changed
        .iter()
        .filter(|path| path.extension().is_some_and(|extension| extension == "nix"))
        .count();
}

fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    let failed = |message: String| Error::Git {
        command: format!("git {}", args.join(" ")),
        message,
    };
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|error| failed(error.to_string()))?;
    if !output.status.success() {
        return Err(failed(
            String::from_utf8_lossy(&output.stderr).trim().to_owned(),
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| failed("a path is not UTF-8".to_owned()))
}
