//! Questions about calls: which function a call names, its arguments, fetchers, and the
//! calls and bindings whose contents are documentation.

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{binding_name, dotted_path, green, unparen};

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
    green::called_one_of(apply.syntax().green(), names)
}

/// Whether this `Apply` is the head of a call, not a partial application inside another: not
/// the first expression (the function) of an `Apply` around it.
pub fn is_outermost_apply(apply: &ast::Apply) -> bool {
    let node = apply.syntax();
    let Some(parent) = node.parent() else {
        return true;
    };
    if parent.kind() != SyntaxKind::NODE_APPLY {
        return true;
    }
    let mut before = parent.green().children().take(node.index());
    before.any(|child| child.as_node().is_some())
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
    let name = fetcher_name(apply)?;
    Some((name, call_attrset(apply)))
}

/// The fetcher a call calls, when it is the head of a call of one, by a dotted name.
pub fn fetcher_name(apply: &ast::Apply) -> Option<&'static str> {
    let call = apply.syntax().green();
    let name = green::called_one_of(call, FETCHERS)?;
    let dotted = green::called_function(call).is_some_and(green::is_dotted);
    (dotted && is_outermost_apply(apply)).then_some(name)
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
        SyntaxKind::NODE_ATTRPATH_VALUE => {
            green::binding_mentions(ancestor.green(), DOCUMENTATION_NAMES)
        }
        SyntaxKind::NODE_APPLY => green::called_function(ancestor.green())
            .and_then(green::last_name)
            .is_some_and(|name| {
                DOCUMENTATION_CALLS.contains(&&*name) || FETCHERS.contains(&&*name)
            }),
        _ => false,
    })
}

/// Whether `node` sits in a package's `meta` or in the arguments of a fetcher: the only places a
/// package may spell out a URL.
pub fn in_meta_or_fetcher(node: &SyntaxNode) -> bool {
    node.ancestors().any(|ancestor| match ancestor.kind() {
        SyntaxKind::NODE_ATTRPATH_VALUE => green::binding_mentions(ancestor.green(), &["meta"]),
        SyntaxKind::NODE_APPLY => green::called_one_of(ancestor.green(), FETCHERS).is_some(),
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
    node.ancestors().any(|ancestor| {
        ancestor.kind() == SyntaxKind::NODE_APPLY && green::calls_builtin(ancestor.green())
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
