//! Which commit (and tag) a bump moves the pin to.

use crate::error::{Error, Result};
use crate::git::Repo;
use crate::package::Pin;

/// What the command line asks for.
#[derive(Clone, Debug)]
pub enum Target {
    Rev(String),
    Tag(String),
    /// The newest version tag when the package pins a tag, else the default branch's commit.
    Latest,
}

/// The commit to pin, and the tag when the target is one.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub commit: String,
    pub tag: Option<String>,
    /// How the target was found, when that is worth saying (a branch resolved to a commit).
    pub note: Option<String>,
}

pub fn resolve(repo: &Repo, pin: &Pin, target: &Target, package: &str) -> Result<Resolved> {
    match target {
        Target::Rev(rev) => {
            if pin.reference.is_tag() {
                return Err(Error::Usage {
                    message: format!("{package} pins a tag, and --rev names a commit"),
                    help: "bump it with --tag TAG or --latest; to pin a commit instead, change `tag = …` to `rev = …` first".into(),
                });
            }
            let commit = repo.require_commit(rev)?;
            let note = if repo.is_branch(rev)? {
                Some(format!("branch `{rev}` resolved to commit {commit}"))
            } else {
                (rev != &commit).then(|| format!("`{rev}` resolved to commit {commit}"))
            };
            Ok(Resolved {
                commit,
                tag: None,
                note,
            })
        }
        Target::Tag(tag) => Ok(Resolved {
            commit: repo.require_tag(tag)?,
            tag: Some(tag.clone()),
            note: None,
        }),
        Target::Latest if pin.reference.is_tag() => {
            let (tag, commit) = repo.newest_tag()?.ok_or_else(|| Error::NoVersionTag {
                dir: repo.name().to_owned(),
            })?;
            Ok(Resolved {
                commit,
                note: Some(format!("newest tag {tag}")),
                tag: Some(tag),
            })
        }
        Target::Latest => {
            let head = repo.head()?.ok_or_else(|| Error::NotACommit {
                rev: "HEAD".into(),
                dir: repo.name().to_owned(),
                help: "the repository has no commits on its default branch".into(),
            })?;
            let branch = head.branch.unwrap_or_else(|| "HEAD".into());
            Ok(Resolved {
                note: Some(format!("newest commit of {branch}")),
                commit: head.commit,
                tag: None,
            })
        }
    }
}
