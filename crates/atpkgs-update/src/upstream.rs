//! `--from-upstream`: a bare clone of the package's upstream, kept in the user's cache and
//! brought up to date on each use.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::{self, Repo};
use crate::package::Fetcher;

/// `${XDG_CACHE_HOME:-$HOME/.cache}/atpkgs-update`.
pub fn cache_root() -> Result<PathBuf> {
    let from = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    from("XDG_CACHE_HOME")
        .or_else(|| from("HOME").map(|home| home.join(".cache")))
        .map(|cache| cache.join("atpkgs-update"))
        .ok_or_else(|| Error::Usage {
            message:
                "--from-upstream needs a cache folder, and neither XDG_CACHE_HOME nor HOME is set"
                    .into(),
            help: "set XDG_CACHE_HOME, or pass a clone with --git".into(),
        })
}

/// The up-to-date clone of the fetcher's upstream, as a repository to bump from.
pub fn open(fetcher: &Fetcher) -> Result<Repo> {
    let dir = cache_root()?.join(fetcher.folder_name());
    let url = fetcher.clone_url();
    eprintln!("atpkgs-update: bringing {url} into {}", dir.display());
    sync_bare_clone(&url, &dir)?;
    Repo::open(&dir)
}

/// Clones `url` bare into `dir`, or, when `dir` exists, fetches its branches and tags and
/// points HEAD at the upstream's default branch.
pub fn sync_bare_clone(url: &str, dir: &Path) -> Result<()> {
    let failed = |message: String| Error::Upstream {
        url: url.to_owned(),
        dir: dir.display().to_string(),
        message,
    };
    if !dir.exists() {
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(|error| failed(error.to_string()))?;
        }
        let output = git::run(
            git::command()
                .args(["clone", "--bare", "--quiet", "--", url])
                .arg(dir),
        )?;
        return match output.status.success() {
            true => Ok(()),
            false => Err(failed(git::first_error_line(&output))),
        };
    }
    let in_clone = |args: &[&str]| git::run(git::command().arg("--git-dir").arg(dir).args(args));
    let output = in_clone(&[
        "fetch",
        "--quiet",
        "--prune",
        "--force",
        "--update-head-ok",
        "--",
        url,
        "+refs/heads/*:refs/heads/*",
        "+refs/tags/*:refs/tags/*",
    ])?;
    if !output.status.success() {
        return Err(failed(git::first_error_line(&output)));
    }
    let remote_head = in_clone(&["ls-remote", "--symref", "--", url, "HEAD"])?;
    let listing = String::from_utf8_lossy(&remote_head.stdout);
    let branch = listing
        .lines()
        .find_map(|line| line.strip_prefix("ref: ")?.strip_suffix("\tHEAD"));
    if let Some(branch) = branch {
        let output = in_clone(&["symbolic-ref", "HEAD", branch])?;
        if !output.status.success() {
            return Err(failed(git::first_error_line(&output)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// The clone step with a local upstream: cloned once, then fetched, HEAD following
    /// the upstream's default branch.
    #[test]
    fn a_clone_is_made_then_kept_up_to_date() {
        let scratch = tempfile::tempdir().unwrap();
        let upstream = scratch.path().join("upstream");
        std::fs::create_dir(&upstream).unwrap();
        git(&upstream, &["init", "--quiet", "--initial-branch=main"]);
        git(
            &upstream,
            &["commit", "--quiet", "--allow-empty", "-m", "one"],
        );
        let clone = scratch.path().join("cache/owner+repo");
        let url = upstream.display().to_string();
        sync_bare_clone(&url, &clone).unwrap();
        let repo = Repo::open(&clone).unwrap();
        let first = repo.head().unwrap().unwrap().commit;

        git(&upstream, &["checkout", "--quiet", "-b", "trunk"]);
        git(
            &upstream,
            &["commit", "--quiet", "--allow-empty", "-m", "two"],
        );
        git(&upstream, &["tag", "v2.0"]);
        sync_bare_clone(&url, &clone).unwrap();
        let head = repo.head().unwrap().unwrap();
        assert_ne!(head.commit, first);
        assert_eq!(head.branch.as_deref(), Some("trunk"));
        assert_eq!(repo.tag_commit("v2.0").unwrap(), Some(head.commit));
    }

    #[test]
    fn an_unreachable_upstream_is_an_error() {
        let scratch = tempfile::tempdir().unwrap();
        let missing = scratch.path().join("nothing-here").display().to_string();
        let error = sync_bare_clone(&missing, &scratch.path().join("clone")).unwrap_err();
        assert!(error.to_string().starts_with("cannot bring "), "{error}");
    }
}
