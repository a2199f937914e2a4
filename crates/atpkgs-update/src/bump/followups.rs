//! What a bump cannot do itself: dependency hashes that only a build tells, each with the
//! command that makes the build tell it.

use crate::package::{PackageFile, ProducedHash};

/// What Nix reports for a hash when the given one is a placeholder.
const ALL_ZERO_HASH: &str = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

/// One hash to recompute and how.
pub struct Followup {
    pub name: String,
    pub provenance: Option<String>,
    pub command: String,
}

/// The commands for every produced hash of `package` (at `path`, built as `.#attr`).
pub fn produced_hash_commands(package: &PackageFile, path: &str, attr: &str) -> Vec<Followup> {
    let placeholder = if package.formals.iter().any(|formal| formal == "lib") {
        "lib.fakeHash".to_owned()
    } else {
        format!("\"{ALL_ZERO_HASH}\"")
    };
    package
        .produced
        .iter()
        .map(|hash| Followup {
            name: hash.name(),
            provenance: hash.provenance.clone(),
            command: command(hash, &placeholder, path, attr),
        })
        .collect()
}

/// `sed` puts the placeholder in, the build fails with `got: <hash>`, and the last `sed`
/// prints that hash.
fn command(hash: &ProducedHash, placeholder: &str, path: &str, attr: &str) -> String {
    let left = match &hash.key {
        Some(key) => format!("\"{key}\""),
        None => hash.attribute.clone(),
    };
    let script = format!(
        "s|{} = \"[^\"]*\";|{} = {};|",
        pattern_literal(&left),
        replacement_literal(&left),
        replacement_literal(placeholder)
    );
    format!(
        "sed -i {} {} && nix build {} 2>&1 | sed -n 's/.*got: *//p'",
        shell_quote(&script),
        shell_quote(path),
        shell_quote(&format!(".#{attr}"))
    )
}

/// Text matched literally by a basic regular expression between `|` delimiters.
fn pattern_literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '.' | '[' | ']' | '*' | '^' | '$' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inserted literally by a `sed` replacement between `|` delimiters.
fn replacement_literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '\\' | '&' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A word for a POSIX shell: as it is when that is safe, else in single quotes.
pub fn shell_quote(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+=:@,#".contains(c));
    if safe {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vendor_hash_command() {
        let hash = ProducedHash {
            attribute: "vendorHash".into(),
            key: None,
            expression: "\"sha256-x\"".into(),
            provenance: None,
        };
        assert_eq!(
            command(&hash, "lib.fakeHash", "pkgs/bluesky/indigo/package.nix", "bluesky-indigo"),
            "sed -i 's|vendorHash = \"[^\"]*\";|vendorHash = lib.fakeHash;|' pkgs/bluesky/indigo/package.nix && nix build .#bluesky-indigo 2>&1 | sed -n 's/.*got: *//p'"
        );
    }

    #[test]
    fn an_output_hash_key_is_matched_literally() {
        let hash = ProducedHash {
            attribute: "outputHashes".into(),
            key: Some("git+https://example.org/a.git#0123".into()),
            expression: "\"sha256-x\"".into(),
            provenance: None,
        };
        let command = command(&hash, "lib.fakeHash", "p/package.nix", "org-name");
        assert!(
            command.starts_with(
                "sed -i 's|\"git+https://example\\.org/a\\.git#0123\" = \"[^\"]*\";|\"git+https://example.org/a.git#0123\" = lib.fakeHash;|'"
            ),
            "{command}"
        );
    }

    #[test]
    fn shell_words_are_quoted_when_needed() {
        assert_eq!(shell_quote("pkgs/a/b/package.nix"), "pkgs/a/b/package.nix");
        assert_eq!(shell_quote("it's here"), "'it'\\''s here'");
    }
}
