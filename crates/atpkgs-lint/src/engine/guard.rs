//! What keeps a file from being linted as a whole: nesting too deep to parse, parse errors.

use std::path::Path;

use rnix::{SyntaxKind, TextRange, TextSize};

use super::file::{severity_of, FileOutcome};
use crate::finding::{LineIndex, Severity};
use crate::project::FileFacts;
use crate::rules::Sink;

/// Nesting (brackets, braces, parentheses) beyond which a file is not parsed: rnix stops at 512
/// nested expressions, but a list inside a list recurses without that count, and a deep enough
/// file would overflow any stack. Brackets do not bound the tree's depth (`1 + 1 + …` nests
/// without any): code that walks a tree keeps its own stack instead of recursing.
pub(super) const MAX_NESTING: usize = 2_000;

/// The offset where nesting first exceeds [`MAX_NESTING`], if it does. Brackets inside strings
/// count too; at this limit that does not matter.
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Counted in chunks of byte-sized counters, which the compiler turns into vector code.
    let openers: usize = bytes
        .chunks(u8::MAX as usize)
        .map(|chunk| {
            let is_opener = |byte: u8| u8::from(matches!(byte, b'(' | b'[' | b'{'));
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |count, &byte| count + is_opener(byte)),
            )
        })
        .sum();
    if openers <= MAX_NESTING {
        return None; // Cannot nest deeper than the number of openers.
    }
    let mut closers = memchr::memchr3_iter(b')', b']', b'}', bytes).peekable();
    let mut depth = 0usize;
    for opener in memchr::memchr3_iter(b'(', b'[', b'{', bytes) {
        while closers.next_if(|&closer| closer < opener).is_some() {
            depth = depth.saturating_sub(1);
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Some(opener);
        }
    }
    None
}

pub(super) fn too_deep_outcome(
    levels: &[Option<Severity>],
    offset: usize,
    relative: &str,
    path: Option<&Path>,
    lines: LineIndex,
) -> FileOutcome {
    let mut sink = Sink::new();
    if let Some(severity) = severity_of(levels, "syntax") {
        sink.rule = "syntax";
        sink.severity = severity;
        sink.report(
            TextRange::empty(TextSize::from(offset as u32)),
            format!("the expression nests too deeply to parse (more than {MAX_NESTING} levels)"),
            "split the expression; no other rule ran on this file",
        );
    }
    FileOutcome {
        findings: sink.findings,
        facts: FileFacts {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            relative: relative.to_owned(),
            ..FileFacts::default()
        },
        suppressions: Vec::new(),
        lines,
    }
}

pub(super) fn report_parse_errors(
    sink: &mut Sink,
    severity: Severity,
    text: &str,
    errors: &[rnix::ParseError],
) {
    use rnix::ParseError as E;
    sink.rule = "syntax";
    sink.severity = severity;
    let end = TextRange::empty(TextSize::of(text));
    let mut seen = Vec::new();
    for error in errors {
        let (range, message) = match error {
            E::Unexpected(range) => (*range, "unexpected input".to_owned()),
            E::UnexpectedExtra(range) => {
                (*range, "unexpected input after the expression".to_owned())
            }
            E::UnexpectedWanted(got, range, wanted) => (
                *range,
                format!(
                    "unexpected {}, expected {}",
                    kind_name(*got),
                    kinds_list(wanted)
                ),
            ),
            E::UnexpectedDoubleBind(range) => (*range, "the pattern is bound twice".to_owned()),
            E::UnexpectedEOF => (end, "unexpected end of file".to_owned()),
            E::UnexpectedEOFWanted(wanted) => (
                end,
                format!("unexpected end of file, expected {}", kinds_list(wanted)),
            ),
            E::DuplicatedArgs(range, name) => {
                (*range, format!("argument `{name}` is declared twice"))
            }
            E::RecursionLimitExceeded => (
                TextRange::empty(0.into()),
                "the expression nests too deeply to parse (more than 512 levels)".to_owned(),
            ),
            other => (end, other.to_string()),
        };
        if seen.contains(&range) {
            continue;
        }
        seen.push(range);
        sink.report(
            range,
            message,
            "the file does not parse; `nix-instantiate --parse FILE` shows Nix's own view",
        );
    }
}

pub(super) fn kind_name(kind: SyntaxKind) -> String {
    let name = format!("{kind:?}");
    let name = name
        .trim_start_matches("TOKEN_")
        .trim_start_matches("NODE_");
    name.to_lowercase().replace('_', " ")
}

pub(super) fn kinds_list(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|&kind| kind_name(kind)).collect();
    match names.len() {
        0 => "something else".to_owned(),
        1 => names[0].clone(),
        _ => format!("one of: {}", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::{too_deep, MAX_NESTING};

    #[test]
    pub(super) fn nesting_guard_counts_depth_not_brackets() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(too_deep(&nested(MAX_NESTING)), None);
        assert_eq!(too_deep(&nested(MAX_NESTING + 1)), Some(MAX_NESTING));
        assert_eq!(too_deep(&"{ a = [ (1) ]; }".repeat(MAX_NESTING)), None);
        // Closers that come first do not make room for more openers.
        let text = format!("{}{}", ")".repeat(10), "(".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep(&text), Some(10 + MAX_NESTING));
    }
}
