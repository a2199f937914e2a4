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
        SyntaxKind::NODE_DYNAMIC => match child_nodes(part, start).next() {
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

/// The value of a string without interpolation.
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
    Some(value.unwrap_or(Cow::Borrowed("")))
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
