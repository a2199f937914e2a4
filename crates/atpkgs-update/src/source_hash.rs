//! The `hash` of a source pin: the NAR hash of the tree `git archive COMMIT` yields.
//!
//! The archive is made by a temporary repository that borrows the objects (git alternates)
//! and reads no configuration: neither the user's nor the snapshot's own config (filters,
//! `core.autocrlf`, `tar.umask`) can change what is hashed.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::git::{self, Repo};
use crate::nar;

/// How the fetcher treats the `export-ignore` and `export-subst` attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportAttributes {
    /// GitHub's tarballs (fetchFromGitHub) are `git archive` output: the attributes apply.
    Honoured,
    /// fetchgit (and fetchFromTangled) hashes a checkout: they do not.
    Ignored,
}

/// The SRI hash of `commit`'s tree as the fetcher sees it.
pub fn source_hash(repo: &Repo, commit: &str, attributes: ExportAttributes) -> Result<String> {
    let missing = repo.missing_files(commit)?;
    if !missing.is_empty() {
        let mut examples: Vec<String> = missing.iter().take(3).cloned().collect();
        if missing.len() > 3 {
            examples.push("…".into());
        }
        return Err(Error::SnapshotLacksFiles {
            dir: repo.name().to_owned(),
            rev: commit.to_owned(),
            count: missing.len(),
            examples: examples.join(", "),
        });
    }
    let failed = |message: String| Error::Hash {
        rev: commit.to_owned(),
        dir: repo.name().to_owned(),
        message,
    };
    let scratch = tempfile::tempdir().map_err(|error| failed(error.to_string()))?;
    let borrower = scratch.path().join("git");
    let source = scratch.path().join("source");
    borrow_objects(repo, &borrower, attributes).map_err(failed)?;
    extract_archive(&borrower, commit, &source).map_err(failed)?;
    nar::sri_hash(&source).map_err(failed)
}

/// A configuration-free git command.
fn isolated_git() -> Command {
    let mut command = git::command();
    command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// Makes `borrower` a bare repository whose objects are those of `repo`.
fn borrow_objects(
    repo: &Repo,
    borrower: &Path,
    attributes: ExportAttributes,
) -> Result<(), String> {
    let objects = repo.objects_dir().map_err(|error| error.to_string())?;
    let format = repo.object_format().map_err(|error| error.to_string())?;
    let output = git::run(
        isolated_git()
            .args(["init", "--quiet", "--bare", "--object-format", &format])
            .arg(borrower),
    )
    .map_err(|error| error.to_string())?;
    if !output.status.success() {
        return Err(format!("git init: {}", git::first_error_line(&output)));
    }
    let write = |relative: &str, text: String| {
        let path = borrower.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
        }
        std::fs::write(&path, text).map_err(|error| format!("{}: {error}", path.display()))
    };
    write(
        "objects/info/alternates",
        format!("{}\n", objects.display()),
    )?;
    if attributes == ExportAttributes::Ignored {
        // info/attributes outranks every .gitattributes of the tree.
        write("info/attributes", "* -export-ignore -export-subst\n".into())?;
    }
    Ok(())
}

/// Streams `git archive COMMIT` into `dest`.
fn extract_archive(borrower: &Path, commit: &str, dest: &Path) -> Result<(), String> {
    let mut child = isolated_git()
        .arg("--git-dir")
        .arg(borrower)
        .args(["-c", "tar.umask=0022", "archive", "--format=tar", commit])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run git: {error}"))?;
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    });
    let unpacked = match child.stdout.take() {
        Some(stdout) => {
            let mut archive = tar::Archive::new(stdout);
            archive.set_preserve_permissions(false);
            archive.set_preserve_mtime(false);
            archive.set_unpack_xattrs(false);
            let unpacked = archive.unpack(dest).map_err(|error| error.to_string());
            // The archive ends before git's last padding: read it, or git dies of SIGPIPE.
            let _ = std::io::copy(&mut archive.into_inner(), &mut std::io::sink());
            unpacked
        }
        None => Err("git archive has no output".into()),
    };
    let status = child.wait().map_err(|error| error.to_string())?;
    let stderr = stderr
        .and_then(|thread| thread.join().ok())
        .unwrap_or_default();
    if !status.success() {
        let line = stderr
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("no message");
        return Err(format!("git archive failed ({status}): {line}"));
    }
    unpacked.map_err(|error| format!("the archive cannot be extracted: {error}"))
}
