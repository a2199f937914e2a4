//! The `npm` section of `deno.lock`, lockfile versions 4 and 5 (Deno 2): keys `name@version`,
//! with peers after `_` (`react-dom@18.3.1_react@18.3.1`), each with its `integrity`.

use crate::error::{Error, Result};
use crate::model::{split_name_version, Collector, Tarball, Transcript};
use crate::registry::Registries;
use crate::source::Lockfile;
use crate::yaml::{entries, get, get_text, strings, Node};

pub const SUPPORTED: &str = "4, 5";

pub fn transcribe(lockfile: &Lockfile, root: &Node, registries: &Registries) -> Result<Transcript> {
    let version = get_text(root, "version").unwrap_or_else(|| "none".into());
    if !matches!(version.as_str(), "4" | "5") {
        return Err(Error::Version {
            file: lockfile.name.clone(),
            kind: "deno",
            found: version,
            supported: SUPPORTED,
            help: "update the lockfile with Deno 2 (`deno install`)",
        });
    }
    let mut collector = Collector::new(lockfile);
    for (key, key_node, entry) in get(root, "npm").into_iter().flat_map(entries) {
        let error =
            |problem: &str| lockfile.error(key_node, format!("npm entry `{key}`: {problem}"));
        let (name, version) =
            split_name_version(&key).ok_or_else(|| error("has no package name and version"))?;
        let version = version.split('_').next().unwrap_or(version);
        let integrity = get_text(entry, "integrity").ok_or_else(|| error("has no `integrity`"))?;
        let tarball = Tarball {
            name: name.to_string(),
            version: version.to_string(),
            url: get_text(entry, "tarball")
                .unwrap_or_else(|| registries.tarball_url(name, version)),
            integrity,
            hash: None,
            os: strings(entry, "os"),
            cpu: strings(entry, "cpu"),
            libc: Vec::new(),
        };
        collector.tarball(&key, entry, tarball)?;
    }
    Ok(collector.finish(version))
}
