//! `package-lock.json` and `npm-shrinkwrap.json`, lockfile versions 2 and 3 (npm 7 and later).
//!
//! Every entry of `packages` under a `node_modules/` path is a package, named by its `name`
//! field (an `npm:` alias installs a package under another folder name) or else by the path.
//! Workspaces and `link`s are the project's own, and bundled entries (`inBundle`) come inside
//! their parent's tarball. `resolved` is the tarball's address; npm leaves it out
//! (`omit-lockfile-registry-resolved`) for the registry's own, which `.npmrc` names.

use crate::error::{Error, Result};
use crate::model::{Collector, Tarball, Transcript, Unpinned};
use crate::registry::Registries;
use crate::source::Lockfile;
use crate::yaml::{entries, get, get_text, is_true, strings, Node};

pub const SUPPORTED: &str = "2, 3";
const MODULES: &str = "node_modules/";

pub fn transcribe(lockfile: &Lockfile, root: &Node, registries: &Registries) -> Result<Transcript> {
    let version = get_text(root, "lockfileVersion").unwrap_or_else(|| "none".into());
    if !matches!(version.as_str(), "2" | "3") {
        return Err(Error::Version {
            file: lockfile.name.clone(),
            kind: "npm",
            found: version,
            supported: SUPPORTED,
            help: "update the lockfile with npm 7 or later (`npm install --package-lock-only`)",
        });
    }
    let packages = get(root, "packages")
        .ok_or_else(|| lockfile.error(root, "the lockfile has no `packages`".into()))?;
    let mut collector = Collector::new(lockfile);
    for (path, key_node, entry) in entries(packages) {
        let Some(folder) = path.rfind(MODULES) else {
            continue;
        };
        if is_true(entry, "link") || is_true(entry, "inBundle") {
            continue;
        }
        let error =
            |problem: &str| lockfile.error(key_node, format!("packages entry `{path}`: {problem}"));
        let name =
            get_text(entry, "name").unwrap_or_else(|| path[folder + MODULES.len()..].to_string());
        let version = get_text(entry, "version").ok_or_else(|| error("has no `version`"))?;
        match (get_text(entry, "resolved"), get_text(entry, "integrity")) {
            (Some(resolved), _) if resolved.starts_with("file:") => {}
            (Some(resolved), _) if resolved.starts_with("git") => {
                let (url, rev) = git_source(&resolved).ok_or_else(|| {
                    error(&format!(
                        "`resolved` `{resolved}` names no commit after `#`"
                    ))
                })?;
                collector.unpinned(&path, Unpinned::git(name, version, url, rev));
            }
            (resolved, Some(integrity)) => {
                let url = resolved.unwrap_or_else(|| registries.tarball_url(&name, &version));
                let tarball = Tarball {
                    name,
                    version,
                    url,
                    integrity,
                    hash: None,
                    os: strings(entry, "os"),
                    cpu: strings(entry, "cpu"),
                    libc: strings(entry, "libc"),
                };
                collector.tarball(&path, entry, tarball)?;
            }
            (Some(resolved), None) => {
                collector.unpinned(&path, Unpinned::tarball(name, version, resolved))
            }
            (None, None) => return Err(error("has neither `resolved` nor `integrity`")),
        }
    }
    Ok(collector.finish(version))
}

/// `git+ssh://git@github.com/o/r.git#<commit>` → (`https://github.com/o/r.git`, commit): the
/// address a fetcher without keys can clone.
fn git_source(resolved: &str) -> Option<(String, String)> {
    let (url, rev) = resolved.split_once('#')?;
    let url = url.strip_prefix("git+").unwrap_or(url);
    let url = match url.strip_prefix("ssh://git@") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_string(),
    };
    (!rev.is_empty()).then(|| (url, rev.to_string()))
}

#[cfg(test)]
mod tests {
    use super::git_source;

    #[test]
    fn git_sources_become_https() {
        assert_eq!(
            git_source("git+ssh://git@github.com/o/r.git#0123abc"),
            Some(("https://github.com/o/r.git".into(), "0123abc".into()))
        );
        assert_eq!(
            git_source("git+https://example.org/r.git#0123abc"),
            Some(("https://example.org/r.git".into(), "0123abc".into()))
        );
        assert_eq!(git_source("git+https://example.org/r.git"), None);
    }
}
