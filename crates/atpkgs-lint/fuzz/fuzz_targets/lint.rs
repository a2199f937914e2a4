//! Parse + every per-file rule on arbitrary bytes, in each role (package, module, other), as a
//! file on disk (under a folder that does not exist) so that path literals and the facts for the
//! cross-file rules are worked out too.
#![no_main]

use std::path::Path;

use atpkgs_lint::{lint_text, Config};
use libfuzzer_sys::fuzz_target;

const ROLES: &[&str] = &["pkgs/org/name/package.nix", "modules/org/name.nix", "lib/x.nix", "pkgs/org/default.nix"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    let relative = ROLES[selector as usize % ROLES.len()];
    let path = Path::new("/atpkgs-lint-fuzz/tree").join(relative);
    let outcome = lint_text(&text, relative, Some(&path), &Config::default());
    // Positions must be computable for every finding.
    let _ = atpkgs_lint::engine::place(&outcome.findings, &outcome.lines, &text, relative);
});
