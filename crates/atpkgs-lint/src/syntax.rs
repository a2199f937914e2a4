//! Small questions about rnix syntax trees that several rules ask.

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

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

/// The text of an attribute name: identifiers and plain strings; `None` for `${…}`.
pub fn attr_name(attr: &ast::Attr) -> Option<String> {
    match attr {
        ast::Attr::Ident(ident) => Some(node_text(ident.syntax())),
        ast::Attr::Str(string) => literal_string(string),
        ast::Attr::Dynamic(dynamic) => match dynamic.expr()? {
            ast::Expr::Str(string) => literal_string(&string),
            _ => None,
        },
    }
}

/// Whether an attribute is `name` (identifiers are compared without allocating).
pub fn attr_is(attr: &ast::Attr, name: &str) -> bool {
    match attr {
        ast::Attr::Ident(ident) => node_text_is(ident.syntax(), name),
        other => attr_name(other).as_deref() == Some(name),
    }
}

/// Whether any part of a binding's name is one of `names` (`meta` in `meta.description = …`).
pub fn binding_mentions(binding: &ast::AttrpathValue, names: &[&str]) -> bool {
    binding.attrpath().is_some_and(|path| {
        path.attrs()
            .any(|attr| names.iter().any(|name| attr_is(&attr, name)))
    })
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

/// A curried call `f a b` split into the function and its arguments in order.
pub fn call_parts(apply: &ast::Apply) -> Option<(ast::Expr, Vec<ast::Expr>)> {
    let mut arguments = vec![apply.argument()?];
    let mut function = unparen(apply.lambda()?);
    while let ast::Expr::Apply(inner) = &function {
        arguments.push(inner.argument()?);
        function = unparen(inner.lambda()?);
    }
    arguments.reverse();
    Some((function, arguments))
}

/// The function a curried call `f a b` calls (`f`), through parentheses.
fn called_function(apply: &ast::Apply) -> Option<ast::Expr> {
    let mut function = unparen(apply.lambda()?);
    while let ast::Expr::Apply(inner) = &function {
        function = unparen(inner.lambda()?);
    }
    Some(function)
}

/// The called function's dotted name, for the outermost `Apply` of a call.
pub fn called_path(apply: &ast::Apply) -> Option<Vec<String>> {
    dotted_path(&called_function(apply)?)
}

/// The last component of the called function's name (`lib.mkOption` → `mkOption`).
pub fn called_name(apply: &ast::Apply) -> Option<String> {
    called_path(apply)?.pop()
}

/// Whether the called function's last name part is one of `names`, without allocating:
/// `lib.mkOption { … }` and `mkOption { … }` both call `mkOption`.
pub fn calls_one_of(apply: &ast::Apply, names: &[&str]) -> bool {
    called_one_of(apply, names).is_some()
}

/// Which of `names` the called function's last name part is, without allocating.
pub fn called_one_of<'n>(apply: &ast::Apply, names: &[&'n str]) -> Option<&'n str> {
    last_name_one_of(&called_function(apply)?, names)
}

/// Which of `names` an identifier, or the last name of a selection, is.
fn last_name_one_of<'n>(function: &ast::Expr, names: &[&'n str]) -> Option<&'n str> {
    match function {
        ast::Expr::Ident(ident) => names
            .iter()
            .find(|name| node_text_is(ident.syntax(), name))
            .copied(),
        ast::Expr::Select(select) if select.default_expr().is_none() => {
            let last = select.attrpath()?.attrs().last()?;
            names.iter().find(|name| attr_is(&last, name)).copied()
        }
        _ => None,
    }
}

/// Whether the called function is `builtins.<name>` for any name, spelt out.
fn calls_a_builtin(apply: &ast::Apply) -> bool {
    let Some(ast::Expr::Select(select)) = called_function(apply) else {
        return false;
    };
    let one_part = select
        .attrpath()
        .is_some_and(|path| path.attrs().count() == 1);
    let on_builtins = match select.expr().map(unparen) {
        Some(ast::Expr::Ident(ident)) => node_text_is(ident.syntax(), "builtins"),
        _ => false,
    };
    select.default_expr().is_none() && one_part && on_builtins
}

/// Whether this `Apply` is the head of a call, not a partial application inside another.
pub fn is_outermost_apply(apply: &ast::Apply) -> bool {
    apply
        .syntax()
        .parent()
        .and_then(ast::Apply::cast)
        .is_none_or(|parent| {
            parent.lambda().map(|lambda| lambda.syntax().clone()) != Some(apply.syntax().clone())
        })
}

/// The attribute set a call takes as its last argument: `f { … }`, `f (finalAttrs: { … })`,
/// `f rec { … }` and `f ({ … } // x)` (the literal part).
pub fn call_attrset(apply: &ast::Apply) -> Option<ast::AttrSet> {
    attrset_of(apply.argument()?)
}

/// The literal attribute set an expression evaluates to, looking through parentheses,
/// `finalAttrs:` lambdas, `let … in`, `with …;` and the right side of `//`.
pub fn attrset_of(expr: ast::Expr) -> Option<ast::AttrSet> {
    let mut expr = unparen(expr);
    for _ in 0..64 {
        expr = match expr {
            ast::Expr::AttrSet(set) => return Some(set),
            ast::Expr::Lambda(lambda) => unparen(lambda.body()?),
            ast::Expr::LetIn(let_in) => unparen(let_in.body()?),
            ast::Expr::With(with) => unparen(with.body()?),
            ast::Expr::BinOp(op) if op.operator() == Some(ast::BinOpKind::Update) => {
                unparen(op.rhs()?)
            }
            _ => return None,
        };
    }
    None
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
    bound_names(set).any(|attr| names.iter().any(|name| attr_is(&attr, name)))
}

/// Which of `names` (at most 32) a set binds as [`set_has`] decides it, one bit per name, in one
/// pass over the set instead of one per name.
pub fn set_has_which(set: &ast::AttrSet, names: &[&str]) -> u32 {
    assert!(names.len() <= 32, "one bit per name");
    let mut found = 0u32;
    for attr in bound_names(set) {
        for (index, name) in names.iter().enumerate() {
            if attr_is(&attr, name) {
                found |= 1 << index;
            }
        }
    }
    found
}

/// The names a set binds: the first part of each binding's name, and each inherited name.
fn bound_names(set: &ast::AttrSet) -> impl Iterator<Item = ast::Attr> {
    let first_parts = set
        .attrpath_values()
        .filter_map(|binding| binding.attrpath()?.attrs().next());
    let inherited = set.inherits().flat_map(|inherit| inherit.attrs());
    first_parts.chain(inherited)
}

/// The binding node of `name` in a set (`name = …;` or `name.x = …;`).
pub fn set_binding(set: &ast::AttrSet, name: &str) -> Option<ast::AttrpathValue> {
    set.attrpath_values()
        .find(|binding| binding_names(binding).first().map(String::as_str) == Some(name))
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
    let mut bindings = Vec::new();
    let mut current = node.clone();
    while let Some(parent) = current.parent() {
        match enclosing_step(&parent, &current) {
            Enclosing::Binding(binding) => bindings.push(binding),
            Enclosing::Through => {}
            Enclosing::Stop => break,
        }
        current = parent;
    }
    bindings.reverse();
    bindings
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

/// Functions that fetch sources (matched on the last part of the called name).
pub const FETCHERS: &[&str] = &[
    "fetchFromGitHub",
    "fetchFromGitLab",
    "fetchFromGitea",
    "fetchFromForgejo",
    "fetchFromCodeberg",
    "fetchFromSourcehut",
    "fetchFromBitbucket",
    "fetchFromTangled",
    "fetchgit",
    "fetchGit",
    "fetchurl",
    "fetchzip",
    "fetchTarball",
    "fetchpatch",
    "fetchpatch2",
    "fetchCrate",
    "fetchPypi",
    "fetchNpmDeps",
    "fetchYarnDeps",
    "fetchPnpmDeps",
    "fetchCargoVendor",
    "fetchCargoTarball",
    "fetchDeps",
];

/// A call of a fetcher: its name and the literal attribute set it takes, if any.
pub fn fetcher_call(apply: &ast::Apply) -> Option<(&'static str, Option<ast::AttrSet>)> {
    let function = called_function(apply)?;
    let name = last_name_one_of(&function, FETCHERS)?;
    (is_dotted(&function) && is_outermost_apply(apply)).then(|| (name, call_attrset(apply)))
}

/// Whether [`dotted_path`] reads an expression (without building the path).
fn is_dotted(expr: &ast::Expr) -> bool {
    match expr {
        ast::Expr::Ident(_) => true,
        ast::Expr::Select(select) => {
            select.default_expr().is_none()
                && select.attrpath().is_some()
                && select
                    .expr()
                    .is_some_and(|inner| is_dotted(&unparen(inner)))
        }
        _ => false,
    }
}

/// Binding names under which documentation and examples live, where literal URLs are fine.
const DOCUMENTATION_NAMES: &[&str] = &[
    "default",
    "defaultText",
    "example",
    "description",
    "longDescription",
    "meta",
    "homepage",
    "changelog",
    "downloadPage",
    "documentation",
];

/// Calls whose arguments are documentation or fetched sources.
const DOCUMENTATION_CALLS: &[&str] = &[
    "mkEnableOption",
    "literalExpression",
    "literalMD",
    "mdDoc",
    "mkRenamedOptionModule",
    "mkRemovedOptionModule",
];

/// Whether `node` sits in an option's default/example/description, a function argument's
/// default, `meta`, or the arguments of a fetcher (`url = …`): places where literal URLs and
/// paths are expected.
pub fn in_documentation_or_fetcher(node: &SyntaxNode) -> bool {
    node.ancestors().any(|ancestor| match ancestor.kind() {
        // A function argument's default (`{ domain ? "tangled.org" }:`) is a default too.
        SyntaxKind::NODE_PAT_ENTRY => true,
        SyntaxKind::NODE_ATTRPATH_VALUE => ast::AttrpathValue::cast(ancestor)
            .is_some_and(|binding| binding_mentions(&binding, DOCUMENTATION_NAMES)),
        SyntaxKind::NODE_APPLY => ast::Apply::cast(ancestor).is_some_and(|apply| {
            calls_one_of(&apply, DOCUMENTATION_CALLS) || calls_one_of(&apply, FETCHERS)
        }),
        _ => false,
    })
}

/// Whether `node` sits in a package's `meta` or in the arguments of a fetcher: the only places a
/// package may spell out a URL.
pub fn in_meta_or_fetcher(node: &SyntaxNode) -> bool {
    node.ancestors().any(|ancestor| match ancestor.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => ast::AttrpathValue::cast(ancestor)
            .is_some_and(|binding| binding_mentions(&binding, &["meta"])),
        SyntaxKind::NODE_APPLY => {
            ast::Apply::cast(ancestor).is_some_and(|apply| calls_one_of(&apply, FETCHERS))
        }
        _ => false,
    })
}

/// The option declared by a `mkOption`-like call: the binding it is the value of.
pub fn declared_option(apply: &ast::Apply) -> Option<ast::AttrpathValue> {
    let parent = apply.syntax().parent()?;
    let binding = ast::AttrpathValue::cast(parent)?;
    (binding.value()?.syntax() == apply.syntax()).then_some(binding)
}

/// The literal set of a `mkOption { … }` call.
pub fn option_call(node: &SyntaxNode) -> Option<(ast::Apply, ast::AttrSet)> {
    let apply = ast::Apply::cast(node.clone())?;
    if !calls_one_of(&apply, &["mkOption"]) || !is_outermost_apply(&apply) {
        return None;
    }
    let set = call_attrset(&apply)?;
    Some((apply, set))
}

/// Whether `node` is inside a call of an evaluation-time builtin fetcher, which only accepts
/// `sha256` (`builtins.fetchTarball { url; sha256; }`).
pub fn in_builtin_fetcher(node: &SyntaxNode) -> bool {
    node.ancestors().filter_map(ast::Apply::cast).any(|apply| {
        calls_a_builtin(&apply)
            || matches!(called_function(&apply), Some(ast::Expr::Ident(ident))
                if node_text_is(ident.syntax(), "fetchTarball")
                    || node_text_is(ident.syntax(), "fetchGit"))
    })
}

/// The range to report when `node` is an `mkOption { … }` call declaring an option named
/// `name` (its attribute path, or the call itself): for rules that want a dedicated helper
/// (`mkEnableOption`, `mkPackageOption`) instead.
pub fn option_declared_by_hand(node: &SyntaxNode, name: &str) -> Option<rnix::TextRange> {
    let (apply, _) = option_call(node)?;
    let binding = declared_option(&apply)?;
    (binding_name(&binding).as_deref() == Some(name)).then(|| {
        binding
            .attrpath()
            .map_or(apply.syntax().text_range(), |path| {
                path.syntax().text_range()
            })
    })
}

#[cfg(test)]
mod tests {
    use rnix::ast;
    use rowan::ast::AstNode;

    use super::{literal_string, plain_string, words};

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
}
