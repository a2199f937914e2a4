//! What a lockfile asks to fetch: tarballs with the integrity the lockfile records, and
//! dependencies recorded without one, whose hashes the package must supply.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::integrity;
use crate::source::{Kind, Lockfile};
use crate::yaml::Node;

/// One tarball: a `fetchurl { url; hash = integrity; }`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tarball {
    pub name: String,
    pub version: String,
    pub url: String,
    /// The lockfile's own integrity string.
    pub integrity: String,
    /// The strongest hash of `integrity` when it lists several (fetchurl takes one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    /// The platforms the package is for (`os`, `cpu`, `libc` as npm writes them); a builder
    /// skips the tarballs of other platforms, as the package manager does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub os: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpu: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub libc: Vec<String>,
}

impl Tarball {
    /// How the builder's manifest names this tarball's fetch: `<url> <integrity>`.
    pub fn id(&self) -> String {
        format!("{} {}", self.url, self.integrity)
    }
}

/// A dependency the lockfile records without an integrity (a git checkout or a plain tarball
/// address): the package gives its hash under `id`, as crane's `outputHashes` do.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Unpinned {
    pub id: String,
    pub name: String,
    pub version: String,
    pub kind: UnpinnedKind,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnpinnedKind {
    /// `fetchurl { url; hash; }`
    Tarball,
    /// `fetchgit { url; rev; hash; }`, packed into a tarball at build time.
    Git,
}

impl Unpinned {
    pub fn git(name: String, version: String, url: String, rev: String) -> Unpinned {
        Unpinned {
            id: format!("git+{url}#{rev}"),
            name,
            version,
            kind: UnpinnedKind::Git,
            url,
            rev: Some(rev),
        }
    }

    pub fn tarball(name: String, version: String, url: String) -> Unpinned {
        Unpinned {
            id: url.clone(),
            name,
            version,
            kind: UnpinnedKind::Tarball,
            url,
            rev: None,
        }
    }
}

/// Everything a lockfile fetches.
#[derive(Debug)]
pub struct Transcript {
    pub kind: Kind,
    pub lockfile_version: String,
    /// Sorted and without duplicates.
    pub tarballs: Vec<Tarball>,
    pub unpinned: Vec<Unpinned>,
    /// Each lockfile entry that fetches something (its key in `packages`, or `npm` for Deno)
    /// with the id of its fetch (`Tarball::id` or `Unpinned::id`).
    pub entries: Vec<(String, String)>,
}

/// Gathers the entries of one lockfile, checking each integrity where the entry is.
pub(crate) struct Collector<'l> {
    lockfile: &'l Lockfile,
    tarballs: BTreeMap<String, Tarball>,
    unpinned: BTreeMap<String, Unpinned>,
    entries: Vec<(String, String)>,
}

impl<'l> Collector<'l> {
    pub fn new(lockfile: &'l Lockfile) -> Self {
        Collector {
            lockfile,
            tarballs: BTreeMap::new(),
            unpinned: BTreeMap::new(),
            entries: Vec::new(),
        }
    }

    /// Adds the tarball of the entry `key`; `at` is where an integrity error is reported.
    pub fn tarball(&mut self, key: &str, at: &Node, mut tarball: Tarball) -> Result<()> {
        tarball.hash = integrity::nix_hash(&tarball.integrity)
            .map_err(|problem| self.lockfile.error(at, format!("entry `{key}`: {problem}")))?;
        let id = tarball.id();
        self.entries.push((key.to_string(), id.clone()));
        self.tarballs.entry(id).or_insert(tarball);
        Ok(())
    }

    pub fn unpinned(&mut self, key: &str, unpinned: Unpinned) {
        self.entries.push((key.to_string(), unpinned.id.clone()));
        self.unpinned.entry(unpinned.id.clone()).or_insert(unpinned);
    }

    pub fn finish(self, lockfile_version: String) -> Transcript {
        let mut tarballs: Vec<Tarball> = self.tarballs.into_values().collect();
        tarballs.sort();
        let mut unpinned: Vec<Unpinned> = self.unpinned.into_values().collect();
        unpinned.sort();
        Transcript {
            kind: self.lockfile.kind,
            lockfile_version,
            tarballs,
            unpinned,
            entries: self.entries,
        }
    }
}

/// `@scope/name@version` or `name@version` split at the `@` after the name.
pub fn split_name_version(spec: &str) -> Option<(&str, &str)> {
    let at = match spec.strip_prefix('@') {
        Some(rest) => rest.find('@')? + 1,
        None => spec.find('@')?,
    };
    let (name, version) = (&spec[..at], &spec[at + 1..]);
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

#[cfg(test)]
mod tests {
    use super::split_name_version;

    #[test]
    fn names_and_versions() {
        assert_eq!(split_name_version("chalk@4.1.2"), Some(("chalk", "4.1.2")));
        assert_eq!(
            split_name_version("@types/node@20.1.0"),
            Some(("@types/node", "20.1.0"))
        );
        assert_eq!(
            split_name_version("foo@https://codeload.github.com/a/b/tar.gz/abc"),
            Some(("foo", "https://codeload.github.com/a/b/tar.gz/abc"))
        );
        assert_eq!(split_name_version("@types/node"), None);
        assert_eq!(split_name_version("chalk@"), None);
        assert_eq!(split_name_version("@"), None);
    }
}
