//! Small questions about the rnix syntax tree of a package.nix.

use std::ops::Range;

use miette::NamedSource;
use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use crate::error::{Error, Located};

/// The syntax tree of `text`, or an error at the first place it does not parse.
pub fn parse(path: &str, text: &str) -> Result<SyntaxNode, Error> {
    let parse = rnix::Root::parse(text);
    if let Some(error) = parse.errors().first() {
        let range = match error {
            rnix::ParseError::Unexpected(range)
            | rnix::ParseError::UnexpectedExtra(range)
            | rnix::ParseError::UnexpectedWanted(_, range, _)
            | rnix::ParseError::UnexpectedDoubleBind(range)
            | rnix::ParseError::DuplicatedArgs(range, _) => {
                usize::from(range.start())..usize::from(range.end())
            }
            _ => text.len()..text.len(),
        };
        return Err(located(
            path,
            text,
            range,
            format!("not valid Nix: {error}"),
            "`nix-instantiate --parse FILE` shows Nix's own view of the file",
        ));
    }
    Ok(parse.syntax())
}

/// An error at `range` of the file, shown with the lines around it.
pub fn located(path: &str, text: &str, range: Range<usize>, message: String, help: &str) -> Error {
    let start = range.start.min(text.len());
    let length = range.end.min(text.len()).saturating_sub(start);
    Error::At(Box::new(Located {
        path: path.to_owned(),
        message,
        help: help.to_owned(),
        src: NamedSource::new(path, text.to_owned()),
        span: (start, length).into(),
    }))
}

pub fn range_of(node: &SyntaxNode) -> Range<usize> {
    let range = node.text_range();
    usize::from(range.start())..usize::from(range.end())
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

/// One part of a string: literal text or the source text of an interpolated expression.
pub enum Part {
    Text(String),
    Interpolation(ast::Expr),
}

/// The parts of a `"…"` or `''…''` string, unescaped; `None` when the parser recovered the
/// string from an error (rnix's own `normalized_parts` would panic on it).
pub fn string_parts(string: &ast::Str) -> Option<Vec<Part>> {
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
            rowan::NodeOrToken::Node(node) => {
                node.kind() == SyntaxKind::NODE_INTERPOL
                    && ast::Interpol::cast(node).and_then(|i| i.expr()).is_some()
            }
        });
    if !well_formed {
        return None;
    }
    let parts = string
        .normalized_parts()
        .into_iter()
        .map(|part| match part {
            ast::InterpolPart::Literal(text) => Some(Part::Text(text)),
            ast::InterpolPart::Interpolation(interpol) => interpol.expr().map(Part::Interpolation),
        });
    parts.collect()
}

/// The value of a string expression without interpolation.
pub fn literal(expr: &ast::Expr) -> Option<String> {
    let ast::Expr::Str(string) = unparen(expr.clone()) else {
        return None;
    };
    let mut text = String::new();
    for part in string_parts(&string)? {
        match part {
            Part::Text(literal) => text.push_str(&literal),
            Part::Interpolation(_) => return None,
        }
    }
    Some(text)
}

/// Whether an expression is `version` or `<something>.version` (`finalAttrs.version`).
pub fn is_version_reference(expr: &ast::Expr) -> bool {
    match unparen(expr.clone()) {
        ast::Expr::Ident(ident) => ident.syntax().text() == "version",
        ast::Expr::Select(select) => {
            select.default_expr().is_none()
                && select
                    .attrpath()
                    .and_then(|path| path.attrs().last())
                    .is_some_and(|attr| attr_name(&attr).as_deref() == Some("version"))
        }
        _ => false,
    }
}

/// `"v${finalAttrs.version}"` as its text around the version: `("v", "")`.
pub fn version_template(expr: &ast::Expr) -> Option<(String, String)> {
    let expr = unparen(expr.clone());
    if is_version_reference(&expr) {
        return Some((String::new(), String::new()));
    }
    let ast::Expr::Str(string) = expr else {
        return None;
    };
    let (mut prefix, mut suffix, mut seen) = (String::new(), String::new(), false);
    for part in string_parts(&string)? {
        match part {
            Part::Text(text) if seen => suffix.push_str(&text),
            Part::Text(text) => prefix.push_str(&text),
            Part::Interpolation(inner) if !seen && is_version_reference(&inner) => seen = true,
            Part::Interpolation(_) => return None,
        }
    }
    seen.then_some((prefix, suffix))
}

/// The text of an attribute name: identifiers and plain strings.
pub fn attr_name(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(ident) => Some(ident.syntax().text().to_string()),
        ast::Attr::Str(string) => literal(&ast::Expr::Str(string.clone())),
        ast::Attr::Dynamic(_) => None,
    }
}

/// The names of `a.b.c = …`.
pub fn binding_path(binding: &ast::AttrpathValue) -> Vec<Option<String>> {
    binding
        .attrpath()
        .map(|path| path.attrs().map(|attr| attr_name(&attr)).collect())
        .unwrap_or_default()
}

/// The value bound to the single name `name` directly in `node` (an attribute set or let).
pub fn direct_binding(node: &SyntaxNode, name: &str) -> Option<ast::AttrpathValue> {
    let bindings: Box<dyn Iterator<Item = ast::AttrpathValue>> = match node.kind() {
        SyntaxKind::NODE_ATTR_SET => Box::new(ast::AttrSet::cast(node.clone())?.attrpath_values()),
        SyntaxKind::NODE_LET_IN => Box::new(ast::LetIn::cast(node.clone())?.attrpath_values()),
        _ => return None,
    };
    let wanted = [Some(name.to_owned())];
    bindings.into_iter().find(|b| binding_path(b) == wanted)
}

/// The name of the binding a value is bound to (through parentheses): `src` for the fetcher
/// call in `src = fetchFromGitHub { … };`.
pub fn bound_name(node: &SyntaxNode) -> Option<String> {
    let mut current = node.clone();
    loop {
        let parent = current.parent()?;
        match parent.kind() {
            SyntaxKind::NODE_PAREN => current = parent,
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let binding = ast::AttrpathValue::cast(parent)?;
                return binding_path(&binding).last().cloned().flatten();
            }
            _ => return None,
        }
    }
}

/// The `#` comment lines directly above a node (no blank line between), without the `#`;
/// atpkgs-lint's suppression comments are left out.
pub fn comment_above(node: &SyntaxNode) -> Option<String> {
    let mut lines = Vec::new();
    let mut current = node.prev_sibling_or_token();
    while let Some(element) = current {
        match element.kind() {
            SyntaxKind::TOKEN_WHITESPACE => {
                let text = element.as_token().map(|t| t.text().to_owned());
                if text.is_some_and(|t| t.matches('\n').count() > 1) {
                    break;
                }
            }
            SyntaxKind::TOKEN_COMMENT => {
                if let Some(token) = element.as_token() {
                    lines.push(comment_text(token.text()));
                }
            }
            _ => break,
        }
        current = element.prev_sibling_or_token();
    }
    lines.reverse();
    let text = lines
        .into_iter()
        .filter(|line| !line.is_empty() && !line.starts_with("atpkgs-lint:"))
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

fn comment_text(comment: &str) -> String {
    let text = comment
        .strip_prefix("/*")
        .and_then(|c| c.strip_suffix("*/"))
        .unwrap_or(comment);
    text.trim_start_matches('#')
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

/// The names of the file's function arguments (`{ lib, fetchFromGitHub }:`).
pub fn formals(root: &SyntaxNode) -> Vec<String> {
    let Some(ast::Expr::Lambda(lambda)) = ast::Root::cast(root.clone()).and_then(|r| r.expr())
    else {
        return Vec::new();
    };
    let Some(ast::Param::Pattern(pattern)) = lambda.param() else {
        return Vec::new();
    };
    pattern
        .pat_entries()
        .filter_map(|entry| entry.ident())
        .map(|ident| ident.syntax().text().to_string())
        .collect()
}
