//! Git repositories made by the tests (fixed names and dates, so commit ids are stable), and
//! the command line run on them.

#![allow(dead_code)] // Each test file uses part of this.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A folder removed when the test ends; messages name it `[TMP]`.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `text` with this folder's path replaced by `[TMP]`.
    pub fn redact(&self, text: &str) -> String {
        let path = self.dir.path().display().to_string();
        let canonical = self
            .dir
            .path()
            .canonicalize()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.clone());
        text.replace(&canonical, "[TMP]").replace(&path, "[TMP]")
    }
}

/// Runs git in `dir` with no user or system configuration and fixed identities.
pub fn git_at(dir: &Path, args: &[&str], date: &str) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Tester")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada Tester")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// What a file in a test commit is.
pub enum Content<'a> {
    Text(&'a str),
    Executable(&'a str),
    Symlink(&'a str),
    Bytes(&'a [u8]),
}

/// A checkout the tests commit to; `bare()` makes the bare copy commands are given.
pub struct Upstream {
    pub work: PathBuf,
}

impl Upstream {
    pub fn new(dir: PathBuf) -> Upstream {
        std::fs::create_dir_all(&dir).unwrap();
        git_at(&dir, &["init", "--quiet", "--initial-branch=main"], "");
        Upstream { work: dir }
    }

    pub fn write(&self, path: &str, content: Content) {
        let full = self.work.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&full);
        match content {
            Content::Text(text) => std::fs::write(&full, text).unwrap(),
            Content::Bytes(bytes) => std::fs::write(&full, bytes).unwrap(),
            Content::Executable(text) => {
                std::fs::write(&full, text).unwrap();
                std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            Content::Symlink(target) => std::os::unix::fs::symlink(target, &full).unwrap(),
        }
    }

    /// Commits everything with `date` (author and committer) and returns the commit id.
    pub fn commit(&self, message: &str, date: &str) -> String {
        git_at(&self.work, &["add", "--all"], date);
        git_at(&self.work, &["commit", "--quiet", "-m", message], date);
        git_at(&self.work, &["rev-parse", "HEAD"], date)
    }

    pub fn tag(&self, name: &str, date: &str) {
        git_at(&self.work, &["tag", "-a", "-m", name, name], date);
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_at(&self.work, args, "2025-01-01T00:00:00+00:00")
    }

    /// A bare clone at `dir` (as a snapshot is).
    pub fn bare(&self, dir: &Path) -> PathBuf {
        let parent = dir.parent().unwrap();
        std::fs::create_dir_all(parent).unwrap();
        let output = Command::new("git")
            .args(["clone", "--quiet", "--bare"])
            .arg(&self.work)
            .arg(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(output.status.success());
        dir.to_owned()
    }
}

/// The tree most tests use: an executable, a symlink, nested folders and an empty file.
pub fn first_tree(upstream: &Upstream) {
    upstream.write("README.md", Content::Text("# demo\n"));
    upstream.write("bin/run.sh", Content::Executable("#!/bin/sh\necho run\n"));
    upstream.write("docs/link-to-readme", Content::Symlink("../README.md"));
    upstream.write("src/a/b/deep.txt", Content::Text("deep\n"));
    upstream.write("src/empty", Content::Text(""));
}

pub const DATE_1: &str = "2025-03-04T10:00:00+00:00";
pub const DATE_2: &str = "2025-05-06T23:30:00-02:00";
pub const DATE_3: &str = "2025-07-08T12:00:00+00:00";

pub fn run(args: &[&str], cwd: &Path) -> Output {
    run_with_env(args, cwd, &[])
}

pub fn run_with_env(args: &[&str], cwd: &Path, env: &[(&str, &Path)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atpkgs-update"))
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().map(|(key, value)| (*key, *value)))
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR")
        .output()
        .expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `nix hash path DIR`, when Nix is installed.
pub fn nix_hash_path(dir: &Path) -> Option<String> {
    let output = Command::new("nix")
        .args([
            "--extra-experimental-features",
            "nix-command",
            "hash",
            "path",
        ])
        .arg(dir)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// `git archive REV | tar -x` into a new folder `dest` with the system's tar.
pub fn extract_with_tar(git_dir: &Path, rev: &str, dest: &Path) {
    std::fs::create_dir_all(dest).unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg("git --git-dir=\"$1\" archive --format=tar \"$2\" | tar -x -C \"$3\"")
        .arg("sh")
        .arg(git_dir)
        .arg(rev)
        .arg(dest)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap();
    assert!(status.success());
}

/// `tests/fixtures/<relative>`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// Writes the fixture package `name` as `ROOT/pkgs/<org>/<pkg>/package.nix` with `@KEY@`
/// placeholders replaced; returns the path relative to ROOT.
pub fn write_package(
    root: &Path,
    org_and_name: &str,
    fixture_name: &str,
    replacements: &[(&str, &str)],
) -> String {
    let mut text = std::fs::read_to_string(fixture(&format!("packages/{fixture_name}"))).unwrap();
    for (key, value) in replacements {
        text = text.replace(&format!("@{key}@"), value);
    }
    let relative = format!("pkgs/{org_and_name}/package.nix");
    let path = root.join(&relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    relative
}

/// `scratch/tree` with the fixture package `fixture_name` as `example/<name>`, pinned to `rev`
/// of `git_dir` (its `@REV@` and `@HASH@` filled in); returns the tree and the package's path
/// in it.
pub fn pinned_package(
    scratch: &Scratch,
    git_dir: &Path,
    rev: &str,
    name: &str,
    fixture_name: &str,
) -> (PathBuf, String) {
    let root = scratch.join("tree");
    let hash = hash_of(git_dir, rev);
    let replacements = [("REV", rev), ("HASH", hash.as_str())];
    let package = write_package(
        &root,
        &format!("example/{name}"),
        fixture_name,
        &replacements,
    );
    (root, package)
}

/// The hash the command line computes for `rev` of `git_dir`.
pub fn hash_of(git_dir: &Path, rev: &str) -> String {
    let output = run(
        &["hash", "--git", git_dir.to_str().unwrap(), rev],
        Path::new("/"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output).trim().to_owned()
}

/// An upstream with three commits on main (`first_tree`, then changes) and tags v1.0.0 on
/// the first and v1.1.0 on the second; returns it with the commits' ids.
pub fn three_commits(scratch: &Scratch) -> (Upstream, [String; 3]) {
    let upstream = Upstream::new(scratch.join("upstream"));
    first_tree(&upstream);
    let first = upstream.commit("first", DATE_1);
    upstream.tag("v1.0.0", DATE_1);
    upstream.write("src/a/b/deep.txt", Content::Text("deeper\n"));
    upstream.write("src/new.txt", Content::Text("new\n"));
    let second = upstream.commit("second", DATE_2);
    upstream.tag("v1.1.0", DATE_2);
    upstream.write("README.md", Content::Text("# demo, third\n"));
    let third = upstream.commit("third", DATE_3);
    (upstream, [first, second, third])
}
