//! atpkgs-update: keeps the source pins of the atpkgs packages fresh. It computes the hash of
//! a pinned commit as fetchFromGitHub sees it, reports where every package stands against its
//! upstream, and bumps a package.nix (rev or tag, hash, version, node-deps.json) in place.

pub mod bump;
pub mod diff;
pub mod edit;
pub mod error;
pub mod git;
pub mod nar;
pub mod package;
pub mod report;
pub mod source_hash;
pub mod upstream;
pub mod version;
pub mod workspace;

pub use error::{Error, Result};
