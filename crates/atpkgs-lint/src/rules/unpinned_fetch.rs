use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax::{self, green};

pub static RULE: Rule = Rule {
    id: "unpinned-fetch",
    level: Level::Error,
    category: "packages",
    summary: "`builtins.fetchGit`/`fetchTarball`/`fetchurl` are pinned by `rev` or a hash.",
    explanation: "The evaluation-time fetchers download whatever the URL serves today. Without a `rev` (fetchGit) or a `sha256`/`hash`/`narHash` they are not reproducible, break pure evaluation, and hide a network dependency in the evaluation of the flake. Pin them, or use a flake input or a nixpkgs fetcher with a hash.",
    bad: r#"import (builtins.fetchTarball "https://github.com/ipetkov/crane/archive/master.tar.gz")"#,
    good: r#"import (builtins.fetchTarball {
  url = "https://github.com/ipetkov/crane/archive/8f1d6a2b9c0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a.tar.gz";
  sha256 = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
})"#,
    check: Check::Node {
        scope: Scope::All,
        kinds: &[SyntaxKind::NODE_APPLY],
        triggers: &["fetch"],
        trigger_in: TriggerIn::Head,
        run: check,
    },
};

/// Attributes that pin an evaluation-time fetch.
const PINS: &[&str] = &["rev", "hash", "sha256", "narHash"];

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(apply) = ast::Apply::cast(node.clone()) else {
        return;
    };
    if !syntax::is_outermost_apply(&apply) {
        return;
    }
    let call = apply.syntax().green();
    let Some(name) = green::called_function(call).and_then(green::last_name) else {
        return;
    };
    if !green::calls_builtin(call) || !matches!(&*name, "fetchGit" | "fetchTarball" | "fetchurl") {
        return;
    }
    let Some(argument) = apply.argument().map(syntax::unparen) else {
        return;
    };
    let pinned = match &argument {
        ast::Expr::AttrSet(set) => PINS.iter().any(|pin| syntax::set_has(set, pin)),
        ast::Expr::Str(_) | ast::Expr::PathAbs(_) => false,
        _ => true, // A variable: cannot tell.
    };
    if !pinned {
        sink.report(
            apply.syntax().text_range(),
            format!("`builtins.{name}` without a `rev` or hash is not reproducible"),
            "pass `{ url = …; sha256 = …; }` (or `rev` for fetchGit), or make it a flake input",
        );
    }
}
