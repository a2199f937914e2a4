//! Names read from the green tree: what a call calls, what an attribute is named. The place
//! checks ask this of every ancestor of every node a rule looks at; read from the green tree
//! it costs no red node (one allocation each). Attribute names are compared as Nix compares
//! them (the scope analysis reads them the same way).

use std::borrow::Cow;

use rnix::{NixLanguage, SyntaxKind};
use rowan::{GreenNodeData, Language, NodeOrToken};

pub fn kind(node: &GreenNodeData) -> SyntaxKind {
    NixLanguage::kind_from_raw(node.kind())
}

pub fn child_nodes(node: &GreenNodeData) -> impl Iterator<Item = &GreenNodeData> {
    node.children().filter_map(NodeOrToken::into_node)
}

/// The expression inside any parentheses.
pub fn unparen(mut node: &GreenNodeData) -> &GreenNodeData {
    while kind(node) == SyntaxKind::NODE_PAREN {
        match child_nodes(node).next() {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The name of an identifier node (`NODE_IDENT`).
pub fn ident_text(node: &GreenNodeData) -> &str {
    node.children()
        .find_map(|child| child.into_token().map(|token| token.text()))
        .unwrap_or("")
}

/// The function a curried call `f a b` calls (`f`), through parentheses.
pub fn called_function(apply: &GreenNodeData) -> Option<&GreenNodeData> {
    let mut function = unparen(child_nodes(apply).next()?);
    while kind(function) == SyntaxKind::NODE_APPLY {
        function = unparen(child_nodes(function).next()?);
    }
    Some(function)
}

/// A selection's parts: the expression, the attribute path, and whether it has an `or`
/// default; `None` for anything but a selection.
fn select_parts(select: &GreenNodeData) -> Option<(&GreenNodeData, &GreenNodeData, bool)> {
    if kind(select) != SyntaxKind::NODE_SELECT {
        return None;
    }
    let mut parts = child_nodes(select);
    let expr = parts.next()?;
    let path = parts.find(|part| kind(part) == SyntaxKind::NODE_ATTRPATH)?;
    Some((expr, path, parts.next().is_some()))
}

/// The parts of an attribute path (or the names of an `inherit`): identifiers, strings and
/// `${…}`, without the error nodes of a path the parser recovered.
pub fn attrs(path: &GreenNodeData) -> impl Iterator<Item = &GreenNodeData> {
    child_nodes(path).filter(|part| {
        matches!(
            kind(part),
            SyntaxKind::NODE_IDENT | SyntaxKind::NODE_STRING | SyntaxKind::NODE_DYNAMIC
        )
    })
}

/// The name an expression ends in: an identifier's, or a selection's last (`lib.mkOption` →
/// `mkOption`); none for a selection with an `or` default or a computed name.
pub fn last_name(expr: &GreenNodeData) -> Option<Cow<'_, str>> {
    match kind(expr) {
        SyntaxKind::NODE_IDENT => Some(Cow::Borrowed(ident_text(expr))),
        SyntaxKind::NODE_SELECT => match select_parts(expr)? {
            (_, _, true) => None,
            (_, path, false) => attr_name(attrs(path).last()?),
        },
        _ => None,
    }
}

/// Which of `names` the function a call calls ends in (`lib.mkOption { … }` and
/// `mkOption { … }` both call `mkOption`).
pub fn called_one_of<'n>(apply: &GreenNodeData, names: &[&'n str]) -> Option<&'n str> {
    let name = last_name(called_function(apply)?)?;
    names.iter().find(|known| **known == name).copied()
}

/// Whether an expression is a dotted name: an identifier or a selection of one, without `or`.
pub fn is_dotted(expr: &GreenNodeData) -> bool {
    match kind(expr) {
        SyntaxKind::NODE_IDENT => true,
        SyntaxKind::NODE_SELECT => select_parts(expr)
            .is_some_and(|(inner, _, has_default)| !has_default && is_dotted(unparen(inner))),
        _ => false,
    }
}

/// The first name of a dotted name (`builtins` in `builtins.fetchGit`), if it is one.
pub fn dotted_head(mut expr: &GreenNodeData) -> Option<&str> {
    loop {
        match kind(expr) {
            SyntaxKind::NODE_IDENT => return Some(ident_text(expr)),
            _ => match select_parts(expr)? {
                (_, _, true) => return None,
                (inner, _, false) => expr = unparen(inner),
            },
        }
    }
}

/// Whether the called function is `builtins.<name>` for any one name, spelt out.
pub fn calls_a_builtin(apply: &GreenNodeData) -> bool {
    let Some((inner, path, has_default)) = called_function(apply).and_then(select_parts) else {
        return false;
    };
    let inner = unparen(inner);
    !has_default
        && attrs(path).count() == 1
        && kind(inner) == SyntaxKind::NODE_IDENT
        && ident_text(inner) == "builtins"
}

/// The builtins that are also global names.
const GLOBAL_FETCHERS: &[&str] = &["fetchGit", "fetchTarball"];

/// Whether a call calls a builtin: `builtins.<name>`, or `fetchGit` or `fetchTarball`, which
/// Nix also binds globally (a bare `fetchurl` is nixpkgs').
pub fn calls_builtin(apply: &GreenNodeData) -> bool {
    calls_a_builtin(apply)
        || called_function(apply).is_some_and(|function| {
            kind(function) == SyntaxKind::NODE_IDENT
                && GLOBAL_FETCHERS.contains(&ident_text(function))
        })
}

/// An attribute's name: an identifier, a string without interpolation, or `${"…"}`; `None`
/// for a computed one.
pub fn attr_name(attr: &GreenNodeData) -> Option<Cow<'_, str>> {
    match kind(attr) {
        SyntaxKind::NODE_IDENT => Some(Cow::Borrowed(ident_text(attr))),
        SyntaxKind::NODE_STRING => string_value(attr),
        // `${"a"}`, also through parentheses (Nix's parser keeps none).
        SyntaxKind::NODE_DYNAMIC => {
            let inner = unparen(child_nodes(attr).next()?);
            (kind(inner) == SyntaxKind::NODE_STRING)
                .then(|| string_value(inner))
                .flatten()
        }
        _ => None,
    }
}

/// Whether an attribute is named `name` (an identifier is compared without allocating).
pub fn attr_is(attr: &GreenNodeData, name: &str) -> bool {
    attr_name(attr).is_some_and(|attr| attr == name)
}

/// Whether any part of a binding's attribute path is one of `names` (`meta` in
/// `meta.description = …`).
pub fn binding_mentions(binding: &GreenNodeData, names: &[&str]) -> bool {
    attrpath(binding)
        .is_some_and(|path| attrs(path).any(|attr| names.iter().any(|name| attr_is(attr, name))))
}

/// The names a set binds: the first part of each binding's path, and each inherited name.
pub fn bound_names(set: &GreenNodeData) -> impl Iterator<Item = &GreenNodeData> {
    child_nodes(set).flat_map(|entry| {
        let (first_part, inherited) = match kind(entry) {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                (attrpath(entry).and_then(|path| attrs(path).next()), None)
            }
            SyntaxKind::NODE_INHERIT => (None, Some(attrs(entry))),
            _ => (None, None),
        };
        first_part
            .into_iter()
            .chain(inherited.into_iter().flatten())
    })
}

/// A binding's attribute path.
fn attrpath(binding: &GreenNodeData) -> Option<&GreenNodeData> {
    child_nodes(binding).find(|part| kind(part) == SyntaxKind::NODE_ATTRPATH)
}

/// The value of a string without interpolation. An indented string's indentation is
/// stripped as Nix strips it; one with an escape (`''$`, `'''`, `''\n`) is, to Nix's parser,
/// a concatenation: computed.
pub fn string_value(string: &GreenNodeData) -> Option<Cow<'_, str>> {
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

fn unescape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use rnix::SyntaxKind;

    use super::{
        attr_name, binding_mentions, bound_names, called_one_of, calls_a_builtin, is_dotted,
    };

    /// The green node of the first node of `kind` in `source`, as a closure's argument.
    fn with_first<T>(source: &str, kind: SyntaxKind, f: impl Fn(&rowan::GreenNodeData) -> T) -> T {
        let root = rnix::Root::parse(source).syntax();
        let node = root.descendants().find(|node| node.kind() == kind);
        f(node.expect("the source has such a node").green())
    }

    #[test]
    fn a_call_calls_the_last_name_of_its_function() {
        let names = ["mkOption", "fetchurl"];
        let called = |source| {
            with_first(source, SyntaxKind::NODE_APPLY, |apply| {
                called_one_of(apply, &names)
            })
        };
        assert_eq!(called("lib.mkOption { }"), Some("mkOption"));
        assert_eq!(called("(mkOption) { }"), Some("mkOption"));
        assert_eq!(called("pkgs.fetchurl a b"), Some("fetchurl"));
        assert_eq!(called("x.\"fetchurl\" { }"), Some("fetchurl"));
        assert_eq!(called("x.${\"fetchurl\"} { }"), Some("fetchurl"));
        assert_eq!(called("x.fetchurl or y { }"), None, "a default: not a name");
        assert_eq!(
            called("(f mkOption) { }"),
            None,
            "an argument, not the function"
        );
        assert_eq!(called("mkOptions { }"), None);
    }

    #[test]
    fn dotted_names_and_builtins() {
        let dotted = |source| {
            with_first(source, SyntaxKind::NODE_APPLY, |apply| {
                is_dotted(super::called_function(apply).unwrap())
            })
        };
        assert!(dotted("a.b.c x"));
        assert!(dotted("(a).b x"));
        let head = |source| {
            with_first(source, SyntaxKind::NODE_APPLY, |apply| {
                super::dotted_head(super::called_function(apply).unwrap()).map(str::to_owned)
            })
        };
        assert_eq!(head("(builtins).fetchGit x").as_deref(), Some("builtins"));
        assert_eq!(head("f x").as_deref(), Some("f"));
        assert_eq!(head("a.b or c x"), None);
        assert!(!dotted("a.b or c x"));
        assert!(!dotted("(f x).b y"));
        let builtin = |source| with_first(source, SyntaxKind::NODE_APPLY, calls_a_builtin);
        assert!(builtin("builtins.fetchTarball { }"));
        assert!(builtin("(builtins).fetchGit x"));
        assert!(!builtin("builtins.a.b x"));
        assert!(!builtin("lib.fetchTarball x"));
    }

    #[test]
    fn attribute_names_as_nix_reads_them() {
        let name = |source| {
            with_first(source, SyntaxKind::NODE_ATTRPATH, |path| {
                let attr = super::child_nodes(path).next().unwrap();
                attr_name(attr).map(|name| name.into_owned())
            })
        };
        assert_eq!(name("{ a = 1; }").as_deref(), Some("a"));
        assert_eq!(name("{ \"a\\tb\" = 1; }").as_deref(), Some("a\tb"));
        assert_eq!(name("{ ${\"a\"} = 1; }").as_deref(), Some("a"));
        assert_eq!(name("{ ${x} = 1; }"), None);
        assert_eq!(name("{ \"a${x}\" = 1; }"), None);
        let mentions = |source| {
            with_first(source, SyntaxKind::NODE_ATTRPATH_VALUE, |binding| {
                binding_mentions(binding, &["meta"])
            })
        };
        assert!(mentions("{ meta.homepage = 1; }"));
        assert!(mentions("{ x.\"meta\" = 1; }"));
        assert!(!mentions("{ metadata = 1; }"));
    }

    /// The names the first set in `source` binds ([`bound_names`]), `None` for computed ones.
    fn set_names(source: &str) -> Vec<Option<String>> {
        with_first(source, SyntaxKind::NODE_ATTR_SET, |set| {
            let names = bound_names(set).map(|attr| attr_name(attr).map(|name| name.into_owned()));
            names.collect()
        })
    }

    #[test]
    fn a_set_binds_first_parts_and_inherited_names() {
        let source = "{ inherit a; inherit (x) b \"c\"; d.e = 1; ${\"f\"} = 2; ${g} = 3; }";
        let names = set_names(source);
        let expected = [Some("a"), Some("b"), Some("c"), Some("d"), Some("f"), None];
        assert_eq!(names, expected.map(|name| name.map(str::to_owned)));
    }

    #[test]
    fn a_recovered_path_names_no_error_node() {
        // A stray comma before `hash` leaves an error node in that binding's path.
        let source = "fetchurl { url = \"u\";\n  , hash = \"h\"; }";
        let names = set_names(source);
        assert_eq!(names, [Some("url".to_owned()), Some("hash".to_owned())]);
        let builtin = |source| with_first(source, SyntaxKind::NODE_APPLY, calls_a_builtin);
        assert!(builtin("builtins.fetchurl \"u\""));
    }
}
