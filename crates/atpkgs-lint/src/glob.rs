//! Path globs for `exclude` and friends: `*` and `?` within a segment, `**` across segments.

#[derive(Clone, Debug)]
pub struct Glob {
    segments: Vec<String>,
}

impl Glob {
    pub fn new(pattern: &str) -> Self {
        let segments = pattern
            .trim_start_matches("./")
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(str::to_owned)
            .collect();
        Self { segments }
    }

    /// Matches a relative path with `/` separators.
    pub fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        match_segments(&self.segments, &parts)
    }
}

fn match_segments(pattern: &[String], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=path.len()).any(|skip| match_segments(rest, &path[skip..]))
        }
        Some((first, rest)) => match path.split_first() {
            Some((part, others)) => {
                match_segment(first.as_bytes(), part.as_bytes()) && match_segments(rest, others)
            }
            None => false,
        },
    }
}

/// Iterative wildcard match with single-star backtracking (linear for `*`-only patterns).
fn match_segment(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&byte| byte == b'*')
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn double_star_crosses_folders() {
        let glob = Glob::new("crates/**/tests/fixtures/**");
        assert!(glob.matches("crates/atpkgs-lint/tests/fixtures/syntax/bad.nix"));
        assert!(!glob.matches("crates/atpkgs-lint/src/lib.rs"));
        assert!(Glob::new("tests/fixtures/**").matches("tests/fixtures/a.nix"));
    }

    #[test]
    fn star_stays_in_one_segment() {
        assert!(Glob::new("pkgs/*.nix").matches("pkgs/default.nix"));
        assert!(!Glob::new("pkgs/*.nix").matches("pkgs/org/default.nix"));
        assert!(Glob::new("lib/atproto-?ore.nix").matches("lib/atproto-core.nix"));
    }
}
