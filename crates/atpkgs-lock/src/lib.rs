//! atpkgs-lock: what a Node lockfile (pnpm, npm or the npm part of Deno's) fetches, one
//! tarball per entry with the integrity the lockfile records, so that Nix can fetch each with
//! `fetchurl` and the package manager can install offline from them.

pub mod deno;
pub mod document;
pub mod error;
pub mod integrity;
pub mod model;
pub mod npm;
pub mod offline;
pub mod pnpm;
pub mod registry;
pub mod serve;
pub mod source;
mod yaml;

pub use document::{check_agreement, Document, Manifest};
pub use error::{Error, Result};
pub use model::{Tarball, Transcript, Unpinned};
pub use registry::Registries;
pub use source::{Kind, Lockfile};

/// Reads what `lockfile` fetches, with tarball addresses from `registries`.
pub fn transcribe(lockfile: &Lockfile, registries: &Registries) -> Result<Transcript> {
    let root = lockfile.parse()?;
    transcribe_parsed(lockfile, &root, registries)
}

fn transcribe_parsed(
    lockfile: &Lockfile,
    root: &yaml::Node,
    registries: &Registries,
) -> Result<Transcript> {
    match lockfile.kind {
        Kind::Pnpm => pnpm::transcribe(lockfile, root, registries),
        Kind::Npm => npm::transcribe(lockfile, root, registries),
        Kind::Deno => deno::transcribe(lockfile, root, registries),
    }
}

/// Where `offline` points the lockfile's entries.
pub enum Local<'a> {
    /// `file:` the fetched paths.
    Files,
    /// `file:` links to them in a folder (nothing then names the store paths).
    Links(&'a std::path::Path),
    /// A loopback server's URLs for them.
    Server(&'a serve::TarballServer),
}

/// Checks `lockfile` against the builder's `manifest` and returns the lockfile's text with its
/// entries pointing at the fetched tarballs.
pub fn point_offline(
    lockfile: &Lockfile,
    registries: &Registries,
    manifest: &Manifest,
    local: Local,
) -> Result<(String, offline::Pointed)> {
    let root = lockfile.parse()?;
    let transcript = transcribe_parsed(lockfile, &root, registries)?;
    let list_name = manifest.list.as_deref().unwrap_or("the dependency list");
    check_agreement(&transcript, &manifest.document, &lockfile.name, list_name)?;
    let locations = match local {
        Local::Files => offline::files(&manifest.fetched),
        Local::Links(dir) => offline::link(&manifest.fetched, dir)?,
        Local::Server(server) => server.urls(),
    };
    Ok(offline::rewrite(&root, &transcript, &locations))
}
