//! `pnpm-lock.yaml`, lockfile versions 6 (pnpm 8) and 9 (pnpm 9, 10 and 11; pnpm 11's env
//! document before the project's is checked and skipped in source.rs).
//!
//! The tarballs are the entries of `packages`: keyed `/name@version(peer@1)…` in version 6
//! (one entry per set of peers) and `name@version` in version 9 (peers moved to `snapshots`).
//! An entry's `resolution` is `{integrity}` (the registry's tarball), `{integrity, tarball}`,
//! `{tarball}` (no integrity: the package gives the hash), `{type: git, repo, commit}`, or
//! `{directory}` (a folder of the project: nothing to fetch). Importers, catalogs and `npm:`
//! aliases only point at these entries.

use crate::error::{Error, Result};
use crate::model::{split_name_version, Collector, Tarball, Transcript, Unpinned};
use crate::registry::Registries;
use crate::source::Lockfile;
use crate::yaml::{entries, get, get_text, is_mapping, strings, text, Node};

pub const SUPPORTED: &str = "6.0, 9.0";

pub fn transcribe(lockfile: &Lockfile, root: &Node, registries: &Registries) -> Result<Transcript> {
    let version = get(root, "lockfileVersion")
        .and_then(text)
        .unwrap_or_else(|| "none".into());
    let keys_start_with_slash = match version.split('.').next() {
        Some("6") => true,
        Some("9") => false,
        _ => {
            return Err(Error::Version {
                file: lockfile.name.clone(),
                kind: "pnpm",
                found: version,
                supported: SUPPORTED,
                help: "install once with pnpm 8, 9 or 10 to update the lockfile",
            })
        }
    };
    let mut collector = Collector::new(lockfile);
    if let Some(packages) = get(root, "packages") {
        for (key, key_node, entry) in entries(packages) {
            let package = Package {
                lockfile,
                key: &key,
                key_node,
                entry,
                keys_start_with_slash,
            };
            package.collect(&mut collector, registries)?;
        }
    }
    Ok(collector.finish(version))
}

struct Package<'p, 'a> {
    lockfile: &'p Lockfile,
    key: &'p str,
    key_node: &'p Node<'a>,
    entry: &'p Node<'a>,
    keys_start_with_slash: bool,
}

impl Package<'_, '_> {
    fn collect(&self, collector: &mut Collector, registries: &Registries) -> Result<()> {
        let (name, version) = self.name_and_version()?;
        let resolution = get(self.entry, "resolution")
            .filter(|node| is_mapping(node))
            .ok_or_else(|| self.error(self.key_node, "has no `resolution` mapping"))?;
        if get(resolution, "directory").is_some() {
            return Ok(());
        }
        if get_text(resolution, "type").as_deref() == Some("git") {
            let field = |name| {
                get_text(resolution, name).ok_or_else(|| {
                    self.error(resolution, &format!("git `resolution` has no `{name}`"))
                })
            };
            collector.unpinned(
                self.key,
                Unpinned::git(name, version, field("repo")?, field("commit")?),
            );
            return Ok(());
        }
        match (
            get_text(resolution, "integrity"),
            get_text(resolution, "tarball"),
        ) {
            // A tarball inside the project.
            (_, Some(url)) if url.starts_with("file:") => Ok(()),
            (Some(integrity), url) => {
                let url = url.unwrap_or_else(|| registries.tarball_url(&name, &version));
                let tarball = Tarball {
                    name,
                    version,
                    url,
                    integrity,
                    hash: None,
                    os: strings(self.entry, "os"),
                    cpu: strings(self.entry, "cpu"),
                    libc: strings(self.entry, "libc"),
                };
                collector.tarball(self.key, resolution, tarball)
            }
            (None, Some(url)) => {
                collector.unpinned(self.key, Unpinned::tarball(name, version, url));
                Ok(())
            }
            (None, None) => Err(self.error(
                resolution,
                "`resolution` has neither `integrity` nor `tarball`",
            )),
        }
    }

    /// From the entry's `name`/`version` fields (written for packages not from a registry),
    /// else from the key.
    fn name_and_version(&self) -> Result<(String, String)> {
        let spec = if self.keys_start_with_slash {
            self.key.strip_prefix('/').unwrap_or(self.key)
        } else {
            self.key
        };
        let without_peers = spec.split('(').next().unwrap_or(spec);
        let parsed = split_name_version(without_peers);
        let name =
            get_text(self.entry, "name").or_else(|| parsed.map(|(name, _)| name.to_string()));
        let version = get_text(self.entry, "version")
            .or_else(|| parsed.map(|(_, version)| version.to_string()));
        name.zip(version).ok_or_else(|| {
            self.error(
                self.key_node,
                "has no package name and version in its key or fields",
            )
        })
    }

    fn error(&self, at: &Node, problem: &str) -> Error {
        self.lockfile
            .error(at, format!("packages entry `{}`: {problem}", self.key))
    }
}
