//! A pinned package's row: what its snapshot says of the pin, the default branch, the newest
//! tag, and the recomputed source hash.

use super::{HashCache, HashState, Named, Row, Snapshots, SourceHash};
use crate::error::Error;
use crate::git::Repo;
use crate::package::{PackageFile, Pin, Reference};
use crate::source_hash::{source_hash, ExportAttributes};

pub fn fill(
    row: &mut Row,
    package: &PackageFile,
    pin: &Pin,
    snapshots: &Snapshots,
    cache: &mut HashCache,
) {
    row.upstream = pin.fetcher.display();
    let (kind, name) = match &pin.reference {
        Reference::Rev(field) => ("rev", field.value.clone()),
        reference => ("tag", reference.tag(package.version())),
    };
    row.pin_kind = Some(kind.into());
    let pinned_hash = pin.hash.value.clone();
    let unverifiable = |why: String| SourceHash {
        state: HashState::Unverifiable,
        pinned: pinned_hash.clone(),
        computed: None,
        status: format!("unverifiable: {why}"),
    };
    let Some(name) = name else {
        row.source_hash = unverifiable(format!("the {kind} is not a plain string"));
        return;
    };
    row.pinned = Some(Named {
        name: name.clone(),
        commit: None,
        date: None,
    });
    let dir = match snapshots.find(&pin.fetcher) {
        Ok(dir) => dir,
        Err(why) => {
            row.source_hash = unverifiable(why);
            return;
        }
    };
    row.snapshot = Some(dir.display().to_string());
    let repo = match Repo::open(&dir) {
        Ok(repo) => repo,
        Err(error) => {
            row.source_hash = unverifiable(format!("the snapshot is unusable: {error}"));
            return;
        }
    };
    let facts = Facts::read(&repo, kind, &name);
    row.head = facts.head.clone();
    row.newest_tag = facts.newest_tag.clone();
    let Some(commit) = facts.pinned_commit.clone() else {
        row.source_hash = unverifiable(format!("{kind} {name} is not in the snapshot"));
        return;
    };
    row.pinned = Some(Named {
        name,
        commit: Some(commit.clone()),
        date: repo.commit_date(&commit).ok(),
    });
    let (moved, movement) = facts.movement(&repo, &commit, &pin.reference);
    row.upstream_moved = Some(moved);
    row.movement = Some(movement);
    row.source_hash = match computed(&repo, &commit, pin, cache) {
        Err(why) => unverifiable(why),
        Ok(hash) if Some(&hash) == pinned_hash.as_ref() => SourceHash {
            state: HashState::Verified,
            pinned: pinned_hash,
            computed: Some(hash),
            status: "verified".into(),
        },
        Ok(hash) => SourceHash {
            state: HashState::Mismatch,
            pinned: pinned_hash,
            status: format!("MISMATCH (computed {hash})"),
            computed: Some(hash),
        },
    };
}

/// The recomputed hash, or why there is none.
fn computed(repo: &Repo, commit: &str, pin: &Pin, cache: &mut HashCache) -> Result<String, String> {
    match pin.obstacle(repo, commit) {
        Ok(None) => {}
        Ok(Some(why)) => return Err(why),
        Err(error) => return Err(error.to_string()),
    }
    let attributes = pin.export_attributes();
    let key = (
        repo.name().to_owned(),
        commit.to_owned(),
        attributes == ExportAttributes::Honoured,
    );
    cache
        .entry(key)
        .or_insert_with(|| {
            source_hash(repo, commit, attributes).map_err(|error| match error {
                Error::SnapshotLacksFiles {
                    count, examples, ..
                } => {
                    format!(
                        "the snapshot lacks {} of the commit ({examples})",
                        counted(count, "file")
                    )
                }
                other => other.to_string(),
            })
        })
        .clone()
}

/// What the snapshot says about the pin and the upstream.
struct Facts {
    pinned_commit: Option<String>,
    head: Option<Named>,
    newest_tag: Option<Named>,
}

impl Facts {
    fn read(repo: &Repo, kind: &str, name: &str) -> Facts {
        let pinned_commit = match kind {
            "rev" => repo.commit(name),
            _ => repo.tag_commit(name),
        }
        .ok()
        .flatten();
        let dated = |name: String, commit: String| Named {
            date: repo.commit_date(&commit).ok(),
            name,
            commit: Some(commit),
        };
        let head = repo
            .head()
            .ok()
            .flatten()
            .map(|head| dated(head.branch.unwrap_or_else(|| "HEAD".into()), head.commit));
        let newest_tag = repo
            .newest_tag()
            .ok()
            .flatten()
            .map(|(tag, commit)| dated(tag, commit));
        Facts {
            pinned_commit,
            head,
            newest_tag,
        }
    }

    /// Whether upstream has moved past the pin, and how.
    fn movement(&self, repo: &Repo, pinned: &str, reference: &Reference) -> (bool, String) {
        if reference.is_tag() {
            return match &self.newest_tag {
                Some(tag) if tag.commit.as_deref() != Some(pinned) => {
                    (true, format!("newer tag {}", tag.name))
                }
                Some(_) => (false, "pins the newest tag".into()),
                None => (false, "no version tags".into()),
            };
        }
        let mut said = Vec::new();
        let mut moved = false;
        match &self.head {
            Some(head) if head.commit.as_deref() == Some(pinned) => {
                said.push(format!("up to date with {}", head.name));
            }
            Some(head) => {
                moved = true;
                let commit = head.commit.as_deref().unwrap_or("HEAD");
                let ahead = repo.commits_ahead(pinned, commit).ok().flatten();
                said.push(match (repo.is_ancestor(pinned, commit), ahead) {
                    (Ok(true), Some(count)) => {
                        format!("{} is {} ahead", head.name, counted(count, "commit"))
                    }
                    _ => format!("{} has moved on; the pinned commit is not on it", head.name),
                });
            }
            None => said.push("the snapshot has no default branch".into()),
        }
        if let Some(tag) = &self.newest_tag {
            let commit = tag.commit.as_deref().unwrap_or_default();
            if commit != pinned && !repo.is_ancestor(commit, pinned).unwrap_or(true) {
                moved = true;
                said.push(format!("newer tag {}", tag.name));
            }
        }
        (moved, said.join("; "))
    }
}

/// `1 commit`, `2 commits`.
fn counted(count: impl TryInto<u64>, noun: &str) -> String {
    match count.try_into().unwrap_or(u64::MAX) {
        1 => format!("1 {noun}"),
        count => format!("{count} {noun}s"),
    }
}
