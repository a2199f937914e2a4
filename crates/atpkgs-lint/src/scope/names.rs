//! Attribute names as Nix compares them: identifiers, strings without interpolation, `${"…"}`.

use std::borrow::Cow;

use rnix::{NixLanguage, SyntaxKind};
use rowan::{GreenNodeData, Language, NodeOrToken};

use super::{child_nodes, ident_text, kind, range, Offset, Part};

/// An attribute name: an identifier, a string without interpolation, or `${"…"}`; anything
/// else is computed.
pub(super) fn attr_name<O: Offset>(part: &GreenNodeData, start: O) -> Part<'_> {
    match kind(part) {
        SyntaxKind::NODE_IDENT => Part::Static(Cow::Borrowed(ident_text(part)), range(part, start)),
        SyntaxKind::NODE_STRING => match string_value(part) {
            Some(value) => Part::Static(value, range(part, start)),
            None => Part::Dynamic,
        },
        // `${"a"}`, also through parentheses (Nix's parser keeps none).
        SyntaxKind::NODE_DYNAMIC => match child_nodes(part, start)
            .next()
            .map(|(inner, at)| unparen(inner, at))
        {
            Some((inner, _)) if kind(inner) == SyntaxKind::NODE_STRING => match string_value(inner)
            {
                Some(value) => Part::Static(value, range(part, start)),
                None => Part::Dynamic,
            },
            _ => Part::Dynamic,
        },
        _ => Part::Dynamic,
    }
}

fn unparen<O: Offset>(mut node: &GreenNodeData, mut at: O) -> (&GreenNodeData, O) {
    while kind(node) == SyntaxKind::NODE_PAREN {
        match child_nodes(node, at).next() {
            Some((inner, inner_at)) => (node, at) = (inner, inner_at),
            None => break,
        }
    }
    (node, at)
}

/// The value of a string without interpolation. An indented string's indentation is
/// stripped as Nix strips it; one with an escape (`''$`, `'''`, `''\n`) is, to Nix's parser,
/// a concatenation: computed.
pub(super) fn string_value(string: &GreenNodeData) -> Option<Cow<'_, str>> {
    let mut value: Option<Cow<'_, str>> = None;
    let indented = string
        .children()
        .next()
        .and_then(NodeOrToken::into_token)
        .is_some_and(|token| token.text() == "''");
    for child in string.children() {
        match child {
            NodeOrToken::Node(_) => return None,
            NodeOrToken::Token(token)
                if NixLanguage::kind_from_raw(token.kind()) == SyntaxKind::TOKEN_STRING_CONTENT =>
            {
                let text = token.text();
                let piece = if indented || !text.contains('\\') {
                    Cow::Borrowed(text)
                } else {
                    Cow::Owned(unescape(text))
                };
                value = Some(match value {
                    None => piece,
                    Some(before) => Cow::Owned(before.into_owned() + &piece),
                });
            }
            NodeOrToken::Token(_) => {}
        }
    }
    let value = value.unwrap_or(Cow::Borrowed(""));
    if !indented {
        return Some(value);
    }
    if value.contains("''") {
        return None;
    }
    Some(Cow::Owned(strip_indentation(&value)))
}

/// An indented string's text as Nix reads it: the smallest indentation of the lines that hold
/// more than spaces removed from every line, a first line of only spaces dropped, and a last
/// line of only spaces emptied.
fn strip_indentation(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let indentation = lines
        .iter()
        .filter(|line| !line.trim_start_matches(' ').is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut stripped: Vec<&str> = lines
        .iter()
        .map(|line| {
            line.get(indentation..)
                .unwrap_or(line.trim_start_matches(' '))
        })
        .collect();
    if stripped.len() > 1 && lines[0].trim_start_matches(' ').is_empty() {
        stripped.remove(0);
    }
    if let Some(last) = stripped.last_mut() {
        if last.trim_start_matches(' ').is_empty() {
            *last = "";
        }
    }
    stripped.join("\n")
}

pub(super) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
