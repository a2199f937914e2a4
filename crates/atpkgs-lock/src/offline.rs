//! Points a lockfile at the fetched tarballs, so that the package manager installs without
//! the network: pnpm's `resolution` becomes `{integrity, tarball: <location>}` and npm's
//! `resolved` becomes `<location>`, where a location is `file:<path>` or a loopback URL
//! (serve.rs). The lockfile is written back as JSON, which YAML includes: pnpm reads it as it
//! reads its own YAML.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::Transcript;
use crate::source::Kind;
use crate::yaml::{self, Node};

/// How many entries now point at a local tarball, and how many were left as they were (the
/// builder fetched nothing for them: packages for other platforms).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pointed {
    pub local: usize,
    pub left: usize,
}

/// The lockfile's text with each entry whose fetch is in `locations` (fetch id → location)
/// pointing there. Deno needs no rewriting: buildDenoApp lays the tarballs out in Deno's cache.
pub fn rewrite(
    root: &Node,
    transcript: &Transcript,
    locations: &BTreeMap<String, String>,
) -> (String, Pointed) {
    let mut lock = yaml::to_json(root);
    let mut pointed = Pointed::default();
    let Some(packages) = lock.get_mut("packages").and_then(Value::as_object_mut) else {
        return (text(&lock), pointed);
    };
    for (key, id) in &transcript.entries {
        let (Some(path), Some(entry)) = (
            locations.get(id),
            packages.get_mut(key).and_then(Value::as_object_mut),
        ) else {
            pointed.left += 1;
            continue;
        };
        let local = Value::String(path.clone());
        match transcript.kind {
            Kind::Pnpm => {
                let mut resolution = Map::new();
                if let Some(integrity) = entry.get("resolution").and_then(|r| r.get("integrity")) {
                    resolution.insert("integrity".into(), integrity.clone());
                }
                resolution.insert("tarball".into(), local);
                entry.insert("resolution".into(), Value::Object(resolution));
            }
            Kind::Npm | Kind::Deno => {
                entry.insert("resolved".into(), local);
            }
        }
        pointed.local += 1;
    }
    (text(&lock), pointed)
}

fn text(lock: &Value) -> String {
    serde_json::to_string_pretty(lock).unwrap_or_default() + "\n"
}

/// `file:` locations of the fetched paths.
pub fn files(fetched: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    fetched
        .iter()
        .map(|(id, path)| (id.clone(), format!("file:{path}")))
        .collect()
}

/// Links each fetched path into `dir` (named by the path's own file name, which the store
/// makes unique) and returns the links' `file:` locations.
pub fn link(fetched: &BTreeMap<String, String>, dir: &Path) -> Result<BTreeMap<String, String>> {
    let failed = |path: &Path, source| Error::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|source| failed(dir, source))?;
    fetched
        .iter()
        .map(|(id, target)| {
            let target = Path::new(target);
            let link = dir.join(target.file_name().unwrap_or(target.as_os_str()));
            if !link.exists() {
                std::os::unix::fs::symlink(target, &link)
                    .map_err(|source| failed(&link, source))?;
            }
            Ok((id.clone(), format!("file:{}", link.display())))
        })
        .collect()
}
