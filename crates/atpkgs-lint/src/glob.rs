//! Path globs for `exclude` and friends (globset): `*` and `?` within a segment, `**` across
//! segments, matched against paths relative to the root with `/` separators.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// One set of the patterns of a configuration key; an invalid pattern is an error naming it.
pub fn set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|error| format!("invalid glob `{pattern}`: {}", error.kind()))?;
        builder.add(glob);
    }
    builder.build().map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::set;

    fn matches(pattern: &str, path: &str) -> bool {
        set(&[pattern.to_owned()]).unwrap().is_match(path)
    }

    #[test]
    fn double_star_crosses_folders() {
        assert!(matches(
            "crates/**/tests/fixtures/**",
            "crates/atpkgs-lint/tests/fixtures/syntax/bad.nix"
        ));
        assert!(!matches(
            "crates/**/tests/fixtures/**",
            "crates/atpkgs-lint/src/lib.rs"
        ));
        assert!(matches("tests/fixtures/**", "tests/fixtures/a.nix"));
        assert!(matches("./tests/**", "tests/a/b.nix"));
    }

    #[test]
    fn star_stays_in_one_segment() {
        assert!(matches("pkgs/*.nix", "pkgs/default.nix"));
        assert!(!matches("pkgs/*.nix", "pkgs/org/default.nix"));
        assert!(matches("lib/atproto-?ore.nix", "lib/atproto-core.nix"));
    }

    #[test]
    fn invalid_patterns_are_named() {
        let error = set(&["pkgs/[a.nix".to_owned()]).unwrap_err();
        assert!(error.contains("`pkgs/[a.nix`"), "{error}");
    }
}
