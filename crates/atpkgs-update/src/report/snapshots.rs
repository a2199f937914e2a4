//! Where the report finds a copy of each upstream: `--git OWNER/REPO=GITDIR`, else
//! `MIRRORS/<owner>+<repo>/repo` (the layout of the snapshots `fetch` brings).

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::package::Fetcher;

#[derive(Default)]
pub struct Snapshots {
    pub mirrors: Option<PathBuf>,
    /// `(owner/repo, git dir)`, the owner without Tangled's `@`.
    pub given: Vec<(String, PathBuf)>,
}

/// `OWNER/REPO=GITDIR` of the command line.
pub fn parse_given(text: &str) -> Result<(String, PathBuf)> {
    let invalid = || Error::Usage {
        message: format!("--git expects OWNER/REPO=GITDIR, got `{text}`"),
        help: "e.g. --git bluesky-social/indigo=PATH/TO/indigo.git".into(),
    };
    let (key, dir) = text.split_once('=').ok_or_else(invalid)?;
    let (owner, repo) = key.split_once('/').ok_or_else(invalid)?;
    let owner = owner.trim_start_matches('@');
    if owner.is_empty() || repo.is_empty() || repo.contains('/') || dir.is_empty() {
        return Err(invalid());
    }
    Ok((format!("{owner}/{repo}"), PathBuf::from(dir)))
}

impl Snapshots {
    /// The copy of the fetcher's upstream, or why there is none.
    pub fn find(&self, fetcher: &Fetcher) -> Result<PathBuf, String> {
        let key = fetcher.key();
        if let Some((_, dir)) = self
            .given
            .iter()
            .find(|(given, _)| given.eq_ignore_ascii_case(&key))
        {
            return Ok(dir.clone());
        }
        let Some(mirrors) = &self.mirrors else {
            return Err(format!(
                "no snapshot of {key} (pass --mirrors or --git {key}=GITDIR)"
            ));
        };
        let folder = format!("{}/repo", fetcher.folder_name());
        let dir = mirrors.join(&folder);
        if dir.is_dir() {
            Ok(dir)
        } else {
            Err(format!(
                "no snapshot of {key} (the mirrors have no {folder})"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_snapshots_are_owner_repo_and_a_dir() {
        let (key, dir) = parse_given("@tangled.org/core=/m/core").unwrap();
        assert_eq!(
            (key.as_str(), dir),
            ("tangled.org/core", PathBuf::from("/m/core"))
        );
        for bad in ["indigo=/x", "a/b", "a/b=", "/b=/x", "a/b/c=/x"] {
            assert!(parse_given(bad).is_err(), "{bad}");
        }
    }
}
