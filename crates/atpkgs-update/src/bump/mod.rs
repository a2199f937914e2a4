//! `atpkgs-update bump`: moves a package's source pin to another commit or tag, with the
//! hash recomputed, the version following, and node-deps.json written again.

pub mod followups;
pub mod node_deps;
pub mod output;
pub mod target;

use std::path::{Path, PathBuf};

use crate::edit::{self, Edit};
use crate::error::{Error, Result};
use crate::git::Repo;
use crate::package::{self, PackageFile, Pin, Reference};
use crate::source_hash::source_hash;
use crate::version::{self, CommitFacts};
use crate::{upstream, workspace};

pub use target::Target;

/// Where the upstream's history comes from.
#[derive(Clone, Debug)]
pub enum History {
    /// A bare git directory or a clean checkout.
    Git(PathBuf),
    /// A clone of the fetcher's address in the user's cache.
    Upstream,
}

pub struct Request {
    pub package: PathBuf,
    pub history: History,
    pub target: Target,
    pub version: Option<String>,
}

/// What a bump changes; nothing is written until `write`.
pub struct Plan {
    /// The package.nix as the command line named it, and as messages name it.
    pub path: PathBuf,
    pub display: String,
    pub attr: String,
    /// The commit the pin names after the bump, and its tag when it pins one.
    pub commit: String,
    pub tag: Option<String>,
    pub before: String,
    pub after: String,
    pub node_deps: Option<(PathBuf, String, node_deps::Regenerated)>,
    pub changes: Vec<String>,
    pub notes: Vec<String>,
    /// Whether the pin moved to another commit (the dependency hashes then follow).
    pub moved: bool,
    pub followups: Vec<followups::Followup>,
    /// Packages built from this source that have something to redo.
    pub borrowers: Vec<String>,
}

pub fn plan(request: &Request) -> Result<Plan> {
    let package = PackageFile::read(&request.package)?;
    let pin = package.require_pin()?.clone();
    let repo = open_history(&request.history, &pin)?;
    let resolved = target::resolve(&repo, &pin, &request.target, &package.path)?;
    let old_commit = old_commit(&repo, &pin, package.version())?;
    let moved = old_commit.as_deref() != Some(resolved.commit.as_str());
    let new_version = next_version(&package, &pin, &repo, &resolved, moved, request)?;
    let hash = new_hash(&package, &pin, &repo, &resolved.commit)?;
    let (edits, changes) = edits(&package, &pin, &resolved, new_version.as_deref(), &hash);

    let display = workspace::display_path(&request.package);
    let attr = package::attr_name(&request.package).unwrap_or_else(|| "PACKAGE".into());
    let node_deps = match package::node_deps_path(&request.package) {
        Some(list) => {
            let regenerated = node_deps::regenerate(&list, &repo, &resolved.commit)?;
            let before = std::fs::read_to_string(&list).map_err(|error| Error::Read {
                path: list.display().to_string(),
                error,
            })?;
            Some((list, before, regenerated))
        }
        None => None,
    };
    let mut notes: Vec<String> = resolved.note.iter().cloned().collect();
    if new_version.is_none() && moved {
        notes.push("the package has no plain `version = \"…\"`; it was left as it is".into());
    }
    let (followups, borrowers) = if moved {
        (
            followups::produced_hash_commands(&package, &display, &attr),
            workspace::borrowers(&request.package, &attr),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(Plan {
        path: request.package.clone(),
        after: edit::apply(&package.text, &edits),
        before: package.text,
        commit: resolved.commit,
        tag: resolved.tag,
        display,
        attr,
        node_deps,
        changes,
        notes,
        moved,
        followups,
        borrowers,
    })
}

/// The repository to read the upstream's history from.
fn open_history(history: &History, pin: &Pin) -> Result<Repo> {
    match history {
        History::Git(dir) => {
            let repo = Repo::open(dir)?;
            repo.ensure_clean()?;
            Ok(repo)
        }
        History::Upstream => upstream::open(&pin.fetcher),
    }
}

/// The source hash of `commit`, or why it cannot be computed here.
fn new_hash(package: &PackageFile, pin: &Pin, repo: &Repo, commit: &str) -> Result<String> {
    if let Some(why) = pin.obstacle(repo, commit)? {
        return Err(Error::Package {
            path: package.path.clone(),
            message: format!("cannot compute the hash of {commit}: {why}"),
            help: "bump rev or tag by hand and let a build tell the hash (`hash = lib.fakeHash;`)"
                .into(),
        });
    }
    source_hash(repo, commit, pin.export_attributes())
}

/// The edits of rev or tag, version and hash, and a line for each.
fn edits(
    package: &PackageFile,
    pin: &Pin,
    resolved: &target::Resolved,
    version: Option<&str>,
    hash: &str,
) -> (Vec<Edit>, Vec<String>) {
    let mut edits = Vec::new();
    let mut changes = Vec::new();
    let mut change = |what: &str, field: &package::Field, new: &str| {
        let old = field.value.as_deref().unwrap_or("(not a plain string)");
        if old != new {
            edits.push(Edit::string(field.range.clone(), new));
            changes.push(format!("{what}: {old} → {new}"));
        }
    };
    match &pin.reference {
        Reference::Rev(field) => change("rev", field, &resolved.commit),
        Reference::Tag(field) => change("tag", field, resolved.tag.as_deref().unwrap_or_default()),
        Reference::VersionTag { .. } => {}
    }
    if let (Some(field), Some(new)) = (&package.version, version) {
        change("version", field, new);
    }
    change("hash", &pin.hash, hash);
    (edits, changes)
}

/// The commit the package pins now, if the repository has it.
fn old_commit(repo: &Repo, pin: &Pin, version: Option<&str>) -> Result<Option<String>> {
    match &pin.reference {
        Reference::Rev(field) => match &field.value {
            Some(rev) => repo.commit(rev),
            None => Ok(None),
        },
        reference => match reference.tag(version) {
            Some(tag) => repo.tag_commit(&tag),
            None => Ok(None),
        },
    }
}

/// The version after the bump; `None` when the package has none to change.
fn next_version(
    package: &PackageFile,
    pin: &Pin,
    repo: &Repo,
    resolved: &target::Resolved,
    moved: bool,
    request: &Request,
) -> Result<Option<String>> {
    let old = package.version();
    if package.version.as_ref().is_some_and(|v| v.value.is_none())
        && (moved || request.version.is_some())
    {
        return Err(Error::Package {
            path: package.path.clone(),
            message: "`version` is not a plain string, so it cannot be bumped".into(),
            help: "write `version = \"…\";`, or bump by hand".into(),
        });
    }
    let derived = match (&pin.reference, &resolved.tag) {
        (
            Reference::VersionTag {
                prefix,
                suffix,
                attribute,
            },
            Some(tag),
        ) => {
            let Some(version) = version::from_template(prefix, suffix, tag) else {
                return Err(Error::Usage {
                    message: format!(
                        "{}: tag {tag} does not fit `{attribute} = \"{prefix}${{version}}{suffix}\"`",
                        package.path
                    ),
                    help: "pass a tag of that form".into(),
                });
            };
            if package.version.as_ref().is_some_and(|v| v.value.is_none()) {
                return Err(Error::Package {
                    path: package.path.clone(),
                    message: format!(
                        "`{attribute}` is derived from `version`, which is not a plain string"
                    ),
                    help: "write `version = \"…\";` as a plain string".into(),
                });
            }
            if let Some(given) = request.version.as_ref().filter(|given| **given != version) {
                return Err(Error::Usage {
                    message: format!("--version {given} disagrees with tag {tag}, which makes the version {version}"),
                    help: "leave out --version: the tag decides it".into(),
                });
            }
            version
        }
        _ if request.version.is_some() => return Ok(request.version.clone()),
        (_, Some(tag)) => version::from_tag(tag),
        (_, None) if !moved => return Ok(old.map(str::to_owned)),
        (_, None) => {
            let date = repo.commit_date(&resolved.commit)?;
            let tags = repo.tags_at(&resolved.commit)?;
            let nearest = repo.nearest_tag(&resolved.commit)?;
            version::for_commit(
                old,
                &CommitFacts {
                    date: &date,
                    tags: &tags,
                    nearest_tag: nearest.as_deref(),
                },
            )
        }
    };
    Ok(package.version.as_ref().map(|_| derived))
}

impl Plan {
    pub fn changed(&self) -> bool {
        self.before != self.after
            || self
                .node_deps
                .as_ref()
                .is_some_and(|(_, before, new)| *before != new.text)
    }

    /// Writes package.nix and node-deps.json.
    pub fn write(&self) -> Result<()> {
        write(&self.path, &self.after)?;
        if let Some((path, _, regenerated)) = &self.node_deps {
            write(path, &regenerated.text)?;
        }
        Ok(())
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|error| Error::Write {
        path: path.display().to_string(),
        error,
    })
}
