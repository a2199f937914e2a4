//! Rewriting values of a file in place: each edit replaces the text range of one expression,
//! so the rest of the file (layout, comments) stays as it was.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    /// Replaces the expression at `range` with the Nix string `value`.
    pub fn string(range: Range<usize>, value: &str) -> Edit {
        Edit {
            range,
            replacement: nix_string(value),
        }
    }
}

/// `text` with `edits` applied; edits that overlap another or lie outside the text are
/// skipped (they cannot come from one parse of `text`).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| edit.range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        let Range { start, end } = edit.range;
        if start < at
            || end < start
            || text.get(at..start).is_none()
            || text.get(start..end).is_none()
        {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// A double-quoted Nix string whose value is `value`.
pub fn nix_string(value: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_replace_ranges_and_keep_the_rest() {
        let text = r#"{ rev = "a"; hash = "b"; }"#;
        let edits = [Edit::string(20..23, "sha256-x"), Edit::string(8..11, "c")];
        assert_eq!(apply(text, &edits), r#"{ rev = "c"; hash = "sha256-x"; }"#);
    }

    #[test]
    fn overlapping_or_outside_edits_are_skipped() {
        let edits = [
            Edit::string(0..3, "x"),
            Edit::string(2..4, "y"),
            Edit::string(9..20, "z"),
        ];
        assert_eq!(apply("abcdef", &edits), "\"x\"def");
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(nix_string(r#"a"b\c${d}$e"#), r#""a\"b\\c\${d}$e""#);
    }
}
