//! Findings are values: what a rule says about one place in one file.

use std::fmt;

use rnix::TextRange;
use serde::Serialize;

/// How a finding counts: errors fail the run, warnings are printed only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where a finding sits: byte offsets for snippets, positions for people and tools.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Position,
    pub end: Position,
    pub offset: u32,
    pub len: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// The file as the user should read it: relative to the working directory when possible.
    pub file: String,
    #[serde(skip)]
    pub span: Span,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    /// The order of the output: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, Position, &str) {
        (&self.file, self.span.start, self.rule)
    }
}

/// A finding before it is placed in a file: what the rule gave the sink.
#[derive(Clone, Debug)]
pub struct RawFinding {
    pub rule: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    pub help: Option<String>,
    /// The edit that resolves it, for the mechanical rules (`check --fix`).
    pub fix: Option<Fix>,
}

/// Replace `range` of the file with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub range: TextRange,
    pub replacement: String,
}

/// Line starts of one file, to turn byte offsets into positions. A file's first few
/// positions are counted out (most files with findings have one or two); the line starts are
/// listed once more are asked for. Every call must pass the same text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: std::cell::OnceCell<Vec<u32>>,
    counted: std::cell::Cell<u8>,
    /// The start and number of the line last counted to: the next count goes on from there
    /// when it can (positions mostly come in the file's order).
    last_counted: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    /// How many positions are counted out before the line starts are listed.
    const COUNTED: u8 = 8;

    pub fn new() -> Self {
        Self::default()
    }

    fn starts(&self, text: &str) -> &[u32] {
        self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|index| index as u32 + 1))
                .collect()
        })
    }

    /// The 0-based line of `offset` and the offset that line starts at.
    fn line_of(&self, text: &str, offset: usize) -> (usize, usize) {
        if self.starts.get().is_none() && self.counted.get() < Self::COUNTED {
            self.counted.set(self.counted.get() + 1);
            let before = &text.as_bytes()[..offset];
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |at| at + 1);
            let (from, line) = match self.last_counted.get() {
                (from, line) if from <= line_start => (from, line),
                _ => (0, 0),
            };
            let line = line + count_newlines(&before[from..line_start]);
            self.last_counted.set((line_start, line));
            return (line, line_start);
        }
        let starts = self.starts(text);
        let line = starts.partition_point(|&start| start as usize <= offset) - 1;
        (line, starts[line] as usize)
    }

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = (offset as usize).min(text.len());
        let (line, line_start) = self.line_of(text, offset);
        let column = text
            .get(line_start..offset)
            .map_or(offset - line_start, |prefix| prefix.chars().count());
        Position {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    pub fn span(&self, text: &str, range: TextRange) -> Span {
        Span {
            start: self.position(text, range.start().into()),
            end: self.position(text, range.end().into()),
            offset: range.start().into(),
            len: range.len().into(),
        }
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: u32) -> Option<(usize, usize)> {
        let starts = self.starts(text);
        let start = *starts.get(line.checked_sub(1)? as usize)? as usize;
        let end = starts
            .get(line as usize)
            .map_or(text.len(), |&next| next as usize - 1);
        Some((start, end.max(start)))
    }
}

/// How many line breaks `bytes` holds, counted 32 bytes at a time (which compiles to vector
/// instructions).
fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(32);
    let whole: usize = (&mut chunks)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&byte| u8::from(byte == b'\n'))
                .sum::<u8>() as usize
        })
        .sum();
    whole
        + chunks
            .remainder()
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count()
}

#[cfg(test)]
mod tests {
    use super::{count_newlines, LineIndex, Position};

    #[test]
    fn counted_and_listed_positions_agree() {
        let line = "a = \"é\"; # ünïcode\n";
        let text = format!("{}\n\nlast", line.repeat(40));
        let expected = |offset: usize| {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            Position {
                line: before.matches('\n').count() as u32 + 1,
                column: text[line_start..offset].chars().count() as u32 + 1,
            }
        };
        let offsets = (0..=text.len()).filter(|&offset| text.is_char_boundary(offset));
        // One index per offset counts it; the shared one lists the line starts after eight.
        let shared = LineIndex::new();
        for offset in offsets {
            let counted = LineIndex::new().position(&text, offset as u32);
            assert_eq!(counted, expected(offset), "counted, at {offset}");
            assert_eq!(
                shared.position(&text, offset as u32),
                expected(offset),
                "at {offset}"
            );
        }
        assert!(shared.starts.get().is_some());
        // Counted from where the last count ended, or from the start when going back.
        let counted = LineIndex::new();
        let l = line.len();
        for offset in [
            l + 2,
            3 * l,
            3 * l + 5,
            20 * l,
            10,
            15 * l,
            15 * l,
            text.len(),
        ] {
            assert_eq!(
                counted.position(&text, offset as u32),
                expected(offset),
                "at {offset}"
            );
        }
    }

    #[test]
    fn counts_newlines_in_whole_chunks_and_the_rest() {
        let text = "\n".repeat(70) + &"x\n".repeat(20);
        assert_eq!(count_newlines(text.as_bytes()), 90);
        assert_eq!(
            count_newlines(&text.as_bytes()[..31]),
            31,
            "a part chunk only"
        );
    }
}
