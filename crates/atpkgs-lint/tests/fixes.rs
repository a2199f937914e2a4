//! `check --fix`: each file in `tests/fixes/` is fixed as if it sat under `modules/` (where
//! every fixable rule applies); the result is snapshotted, must parse, must be what alejandra
//! makes of it (the inputs are formatted), and fixing it again changes nothing.

use std::path::{Path, PathBuf};

use atpkgs_lint::fix::fix_text;
use atpkgs_lint::Config;

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixes");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn fix(text: &str, name: &str) -> atpkgs_lint::fix::Fixed {
    fix_text(
        text,
        &format!("modules/example/{name}"),
        None,
        &Config::default(),
    )
}

#[test]
fn fixes_are_snapshotted_reparsed_formatted_and_idempotent() {
    for input in inputs() {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&input).unwrap();
        let fixed = fix(&text, &name);
        let output = fixed.text.clone().unwrap_or_else(|| text.clone());
        let summary = format!(
            "applied: {}, left out: {}\n\n{output}",
            fixed.applied, fixed.rejected
        );
        insta::assert_snapshot!(name.trim_end_matches(".nix"), summary);

        assert!(
            rnix::Root::parse(&output).errors().is_empty(),
            "{name} no longer parses"
        );
        let (_, formatted) = alejandra::format::in_memory(name.clone(), output.clone());
        assert_eq!(
            formatted, output,
            "{name}: the fix is not alejandra-formatted"
        );
        assert_eq!(
            fix(&output, &name).text,
            None,
            "{name}: a second fix changed it again"
        );
    }
}
