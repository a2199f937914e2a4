//! Small questions about rnix syntax trees that several rules ask.

use std::borrow::Cow;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

mod calls;
pub mod green;
pub use calls::*;

/// Whether a node's text is `text`. A node holding a single token (an identifier) is compared
/// through the token's own text, without walking the node or allocating.
pub fn node_text_is(node: &SyntaxNode, text: &str) -> bool {
    let green = node.green();
    let mut children = green.children();
    match (children.next(), children.next()) {
        (Some(rowan::NodeOrToken::Token(token)), None) => token.text() == text,
        _ => node.text() == text,
    }
}

/// A node's text as a `String` (through the token for single-token nodes).
pub fn node_text(node: &SyntaxNode) -> String {
    let green = node.green();
    let mut children = green.children();
    match (children.next(), children.next()) {
        (Some(rowan::NodeOrToken::Token(token)), None) => token.text().to_owned(),
        _ => node.text().to_string(),
    }
}

/// The text of an attribute name, as Nix reads it: identifiers, strings without
/// interpolation and `${"…"}`; `None` for a computed name.
pub fn attr_name(attr: &ast::Attr) -> Option<String> {
    green::attr_name(attr.syntax().green()).map(Cow::into_owned)
}

/// Whether an attribute is `name` (identifiers are compared without allocating).
pub fn attr_is(attr: &ast::Attr, name: &str) -> bool {
    green::attr_is(attr.syntax().green(), name)
}

/// Whether any part of a binding's name is one of `names` (`meta` in `meta.description = …`).
pub fn binding_mentions(binding: &ast::AttrpathValue, names: &[&str]) -> bool {
    green::binding_mentions(binding.syntax().green(), names)
}

/// The names of an attribute path; dynamic parts become `<dynamic>`.
pub fn attrpath_names(path: &ast::Attrpath) -> Vec<String> {
    path.attrs()
        .map(|attr| attr_name(&attr).unwrap_or_else(|| "<dynamic>".to_owned()))
        .collect()
}

/// The names bound by `a.b.c = …`.
pub fn binding_names(binding: &ast::AttrpathValue) -> Vec<String> {
    binding
        .attrpath()
        .map(|path| attrpath_names(&path))
        .unwrap_or_default()
}

/// The last name bound by `a.b.c = …` (`c`).
pub fn binding_name(binding: &ast::AttrpathValue) -> Option<String> {
    binding
        .attrpath()?
        .attrs()
        .last()
        .and_then(|attr| attr_name(&attr))
}

/// The unescaped parts of a string; `None` when the parser recovered it from an error, where
/// rnix's own `normalized_parts` would panic (found by fuzzing).
pub fn string_parts(string: &ast::Str) -> Option<Vec<ast::InterpolPart<String>>> {
    let well_formed = string
        .syntax()
        .children_with_tokens()
        .all(|child| match child {
            rowan::NodeOrToken::Token(token) => matches!(
                token.kind(),
                SyntaxKind::TOKEN_STRING_CONTENT
                    | SyntaxKind::TOKEN_STRING_START
                    | SyntaxKind::TOKEN_STRING_END
            ),
            rowan::NodeOrToken::Node(node) => node.kind() == SyntaxKind::NODE_INTERPOL,
        });
    well_formed.then(|| string.normalized_parts())
}

/// A string without interpolations, unescaped.
pub fn literal_string(string: &ast::Str) -> Option<String> {
    if let Some(text) = plain_string(string) {
        return Some(text);
    }
    let mut text = String::new();
    for part in string_parts(string)? {
        match part {
            ast::InterpolPart::Literal(literal) => text.push_str(&literal),
            ast::InterpolPart::Interpolation(_) => return None,
        }
    }
    Some(text)
}

/// The text of a `"…"` string without interpolation or escapes, which is what it says.
fn plain_string(string: &ast::Str) -> Option<String> {
    let kind = |kind: SyntaxKind| rowan::SyntaxKind(kind as u16);
    let green = string.syntax().green();
    let mut tokens = green.children().map(|child| child.into_token());
    let start = tokens.next()??;
    if start.kind() != kind(SyntaxKind::TOKEN_STRING_START) || start.text() != "\"" {
        return None;
    }
    let mut content = "";
    let mut end = tokens.next()??;
    if end.kind() == kind(SyntaxKind::TOKEN_STRING_CONTENT) {
        content = end.text();
        end = tokens.next()??;
    }
    let closed = end.kind() == kind(SyntaxKind::TOKEN_STRING_END) && tokens.next().is_none();
    (closed && !content.contains('\\')).then(|| content.to_owned())
}

/// Removes parentheses around an expression.
pub fn unparen(mut expr: ast::Expr) -> ast::Expr {
    while let ast::Expr::Paren(paren) = &expr {
        match paren.expr() {
            Some(inner) => expr = inner,
            None => break,
        }
    }
    expr
}

/// `a.b.c` as `["a", "b", "c"]`; `None` for anything but identifiers and selections.
pub fn dotted_path(expr: &ast::Expr) -> Option<Vec<String>> {
    match expr {
        ast::Expr::Ident(ident) => Some(vec![node_text(ident.syntax())]),
        ast::Expr::Select(select) if select.default_expr().is_none() => {
            let mut path = dotted_path(&unparen(select.expr()?))?;
            path.extend(attrpath_names(&select.attrpath()?));
            Some(path)
        }
        _ => None,
    }
}

/// The value bound to `name` directly in a set (`name = …;`), if written that way.
pub fn set_value(set: &ast::AttrSet, name: &str) -> Option<ast::Expr> {
    set.attrpath_values().find_map(|binding| {
        let mut attrs = binding.attrpath()?.attrs();
        match (attrs.next(), attrs.next()) {
            (Some(attr), None) if attr_is(&attr, name) => binding.value(),
            _ => None,
        }
    })
}

/// The binding of `name` in a set, also `inherit name;` (then without a value).
pub fn set_has(set: &ast::AttrSet, name: &str) -> bool {
    set_has_any(set, &[name])
}

/// Whether a set binds one of `names` as [`set_has`] decides it, in one pass over the set.
pub fn set_has_any(set: &ast::AttrSet, names: &[&str]) -> bool {
    let set = set.syntax().green();
    green::bound_names(set).any(|attr| names.iter().any(|name| green::attr_is(attr, name)))
}

/// Which of `names` (at most 32) a set binds as [`set_has`] decides it, one bit per name, in one
/// pass over the set instead of one per name.
pub fn set_has_which(set: &ast::AttrSet, names: &[&str]) -> u32 {
    assert!(names.len() <= 32, "one bit per name");
    let set = set.syntax().green();
    let mut found = 0u32;
    for attr in green::bound_names(set) {
        for (index, name) in names.iter().enumerate() {
            if green::attr_is(attr, name) {
                found |= 1 << index;
            }
        }
    }
    found
}

/// Functions that pass their (last) argument's value through to the module system.
const TRANSPARENT_CALLS: &[&str] = &[
    "mkIf",
    "mkMerge",
    "mkDefault",
    "mkForce",
    "mkOverride",
    "mkBefore",
    "mkAfter",
    "mkOrder",
    "optionalAttrs",
];

/// How the bindings around `parent` carry on to its child `child`, for [`enclosing_bindings`].
pub enum Enclosing {
    /// `parent` is a binding and `child` its value: the binding encloses the child too.
    Binding(ast::AttrpathValue),
    /// `parent` passes the bindings around it through (a set, parentheses, a list, `//`, or
    /// a transparent call such as `mkIf`).
    Through,
    /// Nothing around `parent` encloses `child` (it is a binding's name, or `parent` is any
    /// other expression).
    Stop,
}

/// One step of [`enclosing_bindings`], from `child` up to its `parent`.
pub fn enclosing_step(parent: &SyntaxNode, child: &SyntaxNode) -> Enclosing {
    match parent.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => {
            let binding = ast::AttrpathValue::cast(parent.clone()).expect("kind checked");
            if binding
                .attrpath()
                .is_some_and(|path| path.syntax() == child)
            {
                Enclosing::Stop
            } else {
                Enclosing::Binding(binding)
            }
        }
        SyntaxKind::NODE_ATTR_SET | SyntaxKind::NODE_PAREN | SyntaxKind::NODE_LIST => {
            Enclosing::Through
        }
        SyntaxKind::NODE_BIN_OP => {
            let op = ast::BinOp::cast(parent.clone()).expect("kind checked");
            match op.operator() {
                Some(ast::BinOpKind::Update) => Enclosing::Through,
                _ => Enclosing::Stop,
            }
        }
        SyntaxKind::NODE_APPLY => {
            let apply = ast::Apply::cast(parent.clone()).expect("kind checked");
            if calls_one_of(&apply, TRANSPARENT_CALLS) {
                Enclosing::Through
            } else {
                Enclosing::Stop
            }
        }
        _ => Enclosing::Stop,
    }
}

/// The bindings around `node`, outermost first: for the `1` in `{ a = mkIf c { b.c = 1; }; }`
/// these are `a = …` and `b.c = 1`. Stops at anything that is not an attribute set, a binding,
/// parentheses, a list, or a transparent call such as `mkIf`; empty when `node` is a
/// binding's name.
pub fn enclosing_bindings(node: &SyntaxNode) -> Vec<ast::AttrpathValue> {
    let mut bindings: Vec<_> = bindings_outward(node).collect();
    bindings.reverse();
    bindings
}

/// The bindings around `node`, innermost first: [`enclosing_bindings`] in the other order,
/// found one at a time.
pub fn bindings_outward(node: &SyntaxNode) -> impl Iterator<Item = ast::AttrpathValue> {
    let mut current = Some(node.clone());
    std::iter::from_fn(move || loop {
        let child = current.take()?;
        let parent = child.parent()?;
        match enclosing_step(&parent, &child) {
            Enclosing::Binding(binding) => {
                current = Some(parent);
                return Some(binding);
            }
            Enclosing::Through => current = Some(parent),
            Enclosing::Stop => return None,
        }
    })
}

/// The names of [`enclosing_bindings`], outermost first (`["a", "b", "c"]` in the example).
pub fn enclosing_names(node: &SyntaxNode) -> Vec<String> {
    enclosing_bindings(node)
        .iter()
        .flat_map(binding_names)
        .collect()
}

/// The expression that makes up the file: the body after the file's function head(s) and
/// `let … in`, as with `{ lib, ... }: let … in { … }`.
pub fn file_body(root: &SyntaxNode) -> Option<ast::Expr> {
    let mut expr = unparen(ast::Root::cast(root.clone())?.expr()?);
    for _ in 0..16 {
        expr = match expr {
            ast::Expr::Lambda(lambda) => unparen(lambda.body()?),
            ast::Expr::LetIn(let_in) => unparen(let_in.body()?),
            ast::Expr::With(with) => unparen(with.body()?),
            other => return Some(other),
        };
    }
    Some(expr)
}

/// Splits `camelCase`, `kebab-case` and `snake_case` names into lower-case words.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in name.chars() {
        if ch == '-' || ch == '_' || ch == '.' {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if ch.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = ch.is_lowercase() || ch.is_ascii_digit();
        current.extend(ch.to_lowercase());
    }
    words.push(current);
    words.retain(|word| !word.is_empty());
    words
}

/// Whether an expression mentions a name as an identifier or as the last part of a selection
/// (`version`, `finalAttrs.version`).
pub fn mentions(node: &SyntaxNode, name: &str) -> bool {
    node.descendants().any(|child| match child.kind() {
        SyntaxKind::NODE_IDENT => node_text_is(&child, name),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use rnix::ast;
    use rowan::ast::AstNode;

    use super::{is_outermost_apply, literal_string, plain_string, words};

    #[test]
    fn plain_strings_read_as_rnix_reads_them() {
        // Nix source, the string it means, and whether the fast path reads it.
        let cases = [
            (r#""sha256-abc=""#, Some("sha256-abc="), true),
            (r#""""#, Some(""), true),
            (r#""$${x}""#, Some("$${x}"), true),
            (r#""a\nb""#, Some("a\nb"), false),
            (r#""${x}""#, None, false),
            ("''\n  indented\n''", Some("indented\n"), false),
        ];
        for (source, expected, fast) in cases {
            let root = rnix::Root::parse(source).syntax();
            let string = root.descendants().find_map(ast::Str::cast).unwrap();
            let expected = expected.map(str::to_owned);
            assert_eq!(literal_string(&string), expected, "{source}");
            let plain = plain_string(&string);
            assert!(plain.is_none() || plain == expected, "{source}");
            assert_eq!(plain.is_some(), fast, "{source}");
        }
    }

    #[test]
    fn splits_names_into_words() {
        assert_eq!(words("privateKeyFile"), ["private", "key", "file"]);
        assert_eq!(words("admin-password"), ["admin", "password"]);
        assert_eq!(words("PDS_JWT_SECRET"), ["pds", "jwt", "secret"]);
    }

    #[test]
    fn only_the_head_of_a_curried_call_is_outermost() {
        let root = rnix::Root::parse("f a (g b)").syntax();
        let applies: Vec<_> = root
            .descendants()
            .filter_map(<rnix::ast::Apply as rowan::ast::AstNode>::cast)
            .map(|apply| (apply.to_string(), is_outermost_apply(&apply)))
            .collect();
        let expected = [("f a (g b)", true), ("f a", false), ("g b", true)];
        let expected: Vec<_> = expected
            .iter()
            .map(|(text, outer)| (text.to_string(), *outer))
            .collect();
        assert_eq!(applies, expected);
    }
}
