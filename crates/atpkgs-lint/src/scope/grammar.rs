//! What rnix parses and Nix 2.8's parser does not: its lexer's rules for integers and `<…>`
//! paths, and its grammar's for attribute names.

use rnix::{NixLanguage, SyntaxKind};
use rowan::{GreenNodeData, Language, NodeOrToken};

use super::kind;

/// An integer Nix cannot hold, or a `<…>` path its lexer does not read.
pub(super) fn constant(node: &GreenNodeData) -> Option<&'static str> {
    // Every integer of up to 18 digits fits in 64 bits: most literals need no closer look.
    let may_overflow = u32::from(node.text_len()) > 18;
    if !(may_overflow || kind(node) == SyntaxKind::NODE_PATH_SEARCH) {
        return None;
    }
    let token = node.children().find_map(NodeOrToken::into_token)?;
    match NixLanguage::kind_from_raw(token.kind()) {
        SyntaxKind::TOKEN_INTEGER if token.text().parse::<i64>().is_err() => {
            Some("invalid integer")
        }
        SyntaxKind::TOKEN_PATH_SEARCH if !is_search_path(token.text()) => {
            Some("a search path is `<name/…>`: no empty part, no trailing slash")
        }
        _ => None,
    }
}

/// `<a/b.c>` as Nix's lexer reads it: `[a-zA-Z0-9._-+]+` parts joined by single slashes.
fn is_search_path(text: &str) -> bool {
    let Some(inner) = text
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return false;
    };
    inner.split('/').all(|part| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
    })
}

/// An indented string as an attribute name (`''a'' = 1;`, `x.''a''`), which Nix's grammar
/// does not allow (inside `${…}` it may stand).
pub(super) fn attribute_name(part: &GreenNodeData) -> Option<&'static str> {
    let indented = kind(part) == SyntaxKind::NODE_STRING
        && part
            .children()
            .next()
            .and_then(NodeOrToken::into_token)
            .is_some_and(|token| token.text() == "''");
    indented.then_some("an indented string cannot name an attribute")
}
