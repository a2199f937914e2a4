//! Inputs that once crashed the linter (mostly found by `cargo fuzz run lint`). Each file in
//! `tests/regressions/` is fed to every rule in every role, as the fuzz target does: the first
//! byte picks the role, the rest is the text.

use atpkgs_lint::{lint_text, Config};

const ROLES: &[&str] = &[
    "pkgs/org/name/package.nix",
    "modules/org/name.nix",
    "lib/x.nix",
    "pkgs/org/default.nix",
];

#[test]
fn former_crashes_lint_without_panicking() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let Some((_, rest)) = bytes.split_first() else {
            continue;
        };
        let text = String::from_utf8_lossy(rest);
        for relative in ROLES {
            lint_text(&text, relative, None, &Config::default());
        }
        count += 1;
    }
    assert!(count > 0);
}
