//! The dependency list a package commits beside its `package.nix` (JSON, read with
//! `builtins.fromJSON`), and the check that a lockfile still agrees with it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{Tarball, Transcript, Unpinned};
use crate::source::Kind;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub generated_by: String,
    /// The lockfile's path in the package's source (its file name unless `write` was told).
    pub lockfile: String,
    pub kind: Kind,
    pub lockfile_version: String,
    pub tarballs: Vec<Tarball>,
    pub unpinned: Vec<Unpinned>,
}

/// What a builder hands to `atpkgs-lock offline`: the document, and the store path of each
/// fetch by its id (`Tarball::id`, `Unpinned::id`). Fetches skipped for another platform have
/// no path.
#[derive(Debug, Deserialize)]
pub struct Manifest {
    #[serde(flatten)]
    pub document: Document,
    /// The committed list's file name, for messages.
    #[serde(default)]
    pub list: Option<String>,
    #[serde(default)]
    pub fetched: BTreeMap<String, String>,
}

pub const GENERATED_BY: &str = "atpkgs-lock";

impl Document {
    pub fn new(lockfile: &str, transcript: Transcript) -> Document {
        Document {
            generated_by: GENERATED_BY.into(),
            lockfile: lockfile.into(),
            kind: transcript.kind,
            lockfile_version: transcript.lockfile_version,
            tarballs: transcript.tarballs,
            unpinned: transcript.unpinned,
        }
    }

    /// JSON with one tarball per line, so that a bump reads as a diff of the entries it changes.
    pub fn to_text(&self) -> String {
        let mut out = String::from("{\n");
        for (key, value) in [
            ("generatedBy", json(&self.generated_by)),
            ("lockfile", json(&self.lockfile)),
            ("kind", json(&self.kind)),
            ("lockfileVersion", json(&self.lockfile_version)),
        ] {
            let _ = writeln!(out, "  \"{key}\": {value},");
        }
        out += &list("tarballs", &self.tarballs, ",");
        out += &list("unpinned", &self.unpinned, "");
        out += "}\n";
        out
    }

    pub fn read(path: &Path) -> Result<Document> {
        Ok(Manifest::read(path)?.document)
    }
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|error| Error::List {
            path: path.display().to_string(),
            message: error.to_string(),
        })
    }
}

fn list<T: Serialize>(key: &str, items: &[T], comma: &str) -> String {
    if items.is_empty() {
        return format!("  \"{key}\": []{comma}\n");
    }
    let lines: Vec<String> = items
        .iter()
        .map(|item| format!("    {}", json(item)))
        .collect();
    format!("  \"{key}\": [\n{}\n  ]{comma}\n", lines.join(",\n"))
}

/// One value as compact JSON (plain data: serializing cannot fail).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// How many differences a mismatch lists of each kind.
const SHOWN: usize = 20;

/// Checks that `transcript` (of the lockfile) has exactly the fetches of `document`.
pub fn check_agreement(
    transcript: &Transcript,
    document: &Document,
    lockfile: &str,
    list: &str,
) -> Result<()> {
    let mut details = String::new();
    differences(
        &mut details,
        ["tarball", "tarballs"],
        &transcript.tarballs,
        &document.tarballs,
        describe_tarball,
    );
    differences(
        &mut details,
        [
            "dependency without integrity",
            "dependencies without integrity",
        ],
        &transcript.unpinned,
        &document.unpinned,
        describe_unpinned,
    );
    if details.is_empty() {
        return Ok(());
    }
    Err(Error::Mismatch {
        lockfile: lockfile.into(),
        list: list.into(),
        details,
        help: format!(
            "the source's lockfile changed since the list was written: regenerate it with \
             `atpkgs-lock write <source>/{path} --path-in-source {path} -o {list}` (or the \
             package's update script)",
            path = document.lockfile
        ),
    })
}

fn differences<T: Ord>(
    out: &mut String,
    what: [&str; 2],
    lock: &[T],
    list: &[T],
    describe: fn(&T) -> String,
) {
    let lock: BTreeSet<&T> = lock.iter().collect();
    let list: BTreeSet<&T> = list.iter().collect();
    for (items, side) in [
        (lock.difference(&list), "in the lockfile, not in the list"),
        (list.difference(&lock), "in the list, not in the lockfile"),
    ] {
        let items: Vec<&&T> = items.collect();
        if items.is_empty() {
            continue;
        }
        let noun = what[usize::from(items.len() != 1)];
        let _ = writeln!(out, "  {} {noun} {side}:", items.len());
        for item in items.iter().take(SHOWN) {
            let _ = writeln!(out, "    {}", describe(item));
        }
        if items.len() > SHOWN {
            let _ = writeln!(out, "    … and {} more", items.len() - SHOWN);
        }
    }
}

fn describe_tarball(tarball: &Tarball) -> String {
    let integrity: String = tarball.integrity.chars().take(24).collect();
    format!(
        "{}@{} ({}, {integrity}…)",
        tarball.name, tarball.version, tarball.url
    )
}

fn describe_unpinned(unpinned: &Unpinned) -> String {
    format!("{}@{} ({})", unpinned.name, unpinned.version, unpinned.id)
}
