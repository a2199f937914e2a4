use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode, TextRange};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "package-meta",
    level: Level::Error,
    category: "packages",
    summary: "A package's `meta` has description, homepage, license, platforms (and mainProgram for binaries).",
    explanation: "`meta` is how users, `nix search`, the README inventory and `lib.getExe` learn what a package is. `description`, `homepage`, `license` and `platforms` are required on every package; `mainProgram` is required when the package installs a program, guessed from the builder (Go, Rust/Cargo, crane's `buildPackage`) or from `subPackages`/`binaries`. A workspace derivation with `members` (each member is its own package with its own `mainProgram`) is exempt from `mainProgram`. The rule looks at the first derivation of each file under `pkgs/`; a `meta` built with `//` from another value is trusted.",
    bad: r#"buildGoModule (finalAttrs: {
  pname = "bluesky-indigo-relay";
  version = "0.1.0";
  subPackages = [ "cmd/relay" ];
  meta.description = "ATproto relay";
})"#,
    good: r#"buildGoModule (finalAttrs: {
  pname = "bluesky-indigo-relay";
  version = "0.1.0";
  subPackages = [ "cmd/relay" ];
  meta = {
    description = "ATproto relay";
    homepage = "https://github.com/bluesky-social/indigo";
    license = lib.licenses.mit;
    platforms = lib.platforms.linux;
    mainProgram = "relay";
  };
})"#,
    check: Check::Node {
        scope: Scope::Packages,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &[],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

const REQUIRED: &[&str] = &["description", "homepage", "license", "platforms"];
const BINARY_HINTS: &[&str] = &["subPackages", "binaries", "bins", "cargoBuildFlags"];

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some((apply, set)) = first_derivation(node) else {
        return;
    };
    let builder = syntax::called_name(&apply).unwrap_or_default();
    // A workspace with `members` installs its programs through the member packages.
    let workspace = syntax::set_has(&set, "members");
    let installs_binary = !workspace
        && ["Go", "Rust", "Cargo"]
            .iter()
            .any(|hint| builder.contains(hint))
        || builder == "buildPackage"
        || BINARY_HINTS.iter().any(|hint| syntax::set_has(&set, hint));
    let head = apply
        .lambda()
        .map_or(apply.syntax().text_range(), |f| f.syntax().text_range());
    let Some(keys) = meta_keys(&set) else {
        return; // `meta = common // { … }`: trusted.
    };
    let Some((keys, range)) = keys else {
        sink.report(
            head,
            "the package has no `meta`",
            "add `meta = { description; homepage; license; platforms; };`",
        );
        return;
    };
    let mut missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|key| !keys.iter().any(|k| k == key))
        .collect();
    if installs_binary && !keys.iter().any(|k| k == "mainProgram") {
        missing.push("mainProgram");
    }
    if !missing.is_empty() {
        sink.report(
            range,
            format!(
                "`meta` lacks {}",
                missing
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            if missing.contains(&"mainProgram") {
                "add the missing keys; `mainProgram` is the installed program `lib.getExe` runs"
            } else {
                "add the missing keys"
            },
        );
    }
}

/// The first call in the file whose argument looks like a derivation (`pname`, or `name` + `src`).
fn first_derivation(root: &SyntaxNode) -> Option<(ast::Apply, ast::AttrSet)> {
    root.descendants()
        .filter_map(ast::Apply::cast)
        .find_map(|apply| {
            if !syntax::is_outermost_apply(&apply) {
                return None;
            }
            let set = syntax::call_attrset(&apply)?;
            let derivation = syntax::set_has(&set, "pname")
                || (syntax::set_has(&set, "name") && syntax::set_has(&set, "src"));
            derivation.then_some((apply, set))
        })
}

/// `None` when `meta` is not a literal set (trusted); `Some(None)` when there is no `meta`;
/// otherwise the keys it sets and where it is.
#[allow(clippy::type_complexity, reason = "three states, documented above")]
fn meta_keys(set: &ast::AttrSet) -> Option<Option<(Vec<String>, TextRange)>> {
    let mut keys = Vec::new();
    let mut range = None;
    for binding in set.attrpath_values() {
        let names = syntax::binding_names(&binding);
        if names.first().map(String::as_str) != Some("meta") {
            continue;
        }
        range.get_or_insert(binding.syntax().text_range());
        if let Some(key) = names.get(1) {
            keys.push(key.clone());
            continue;
        }
        let value = binding.value().map(syntax::unparen)?;
        let literal = match value {
            ast::Expr::AttrSet(meta) => meta,
            ast::Expr::With(with) => match with.body().map(syntax::unparen) {
                Some(ast::Expr::AttrSet(meta)) => meta,
                _ => return None,
            },
            _ => return None,
        };
        keys.extend(
            literal
                .attrpath_values()
                .filter_map(|b| syntax::binding_names(&b).into_iter().next()),
        );
        keys.extend(literal.inherits().flat_map(|inherit| {
            inherit
                .attrs()
                .filter_map(|a| syntax::attr_name(&a))
                .collect::<Vec<_>>()
        }));
    }
    Some(range.map(|range| (keys, range)))
}
