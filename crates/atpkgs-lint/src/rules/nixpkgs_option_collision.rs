use std::collections::HashSet;
use std::sync::LazyLock;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "nixpkgs-option-collision",
    level: Level::Error,
    category: "modules",
    summary: "No module declares a `services.*` or `programs.*` option that one of nixpkgs' own NixOS modules declares.",
    explanation: "Our modules are imported next to nixpkgs' modules, so an option path both declare is declared twice, and NixOS refuses the evaluation (`The option 'services.bluesky-pds.enable' in … is already declared in …`) for every user, even those who enable neither. nixpkgs has its own `services.bluesky-pds`, `services.cocoon`, `services.tranquil-pds` and `services.porxie`, among some 1,700 others: name ours `services.<org>-<name>` (`services.atproto-pds`, `services.haileyok-cocoon`). The rule compares the first two names: a new sub-option under a nixpkgs service (`services.nginx.myOption`) does not collide in NixOS, but is reported too, since atpkgs keeps its options in its own namespaces; where extending nixpkgs' module is the point, say so in a suppression. The rule takes the files under `modules/` for NixOS modules (turn it off in trees of another module system, home-manager's or nix-darwin's). The names come from nixpkgs' `nixos/modules/module-list.nix` (`crates/atpkgs-lint/data/nixpkgs-options.txt`, with the commit and how to regenerate it), plus the renamed `services.pds`.",
    bad: r#"{ lib, ... }:
{
  options.services.bluesky-pds.enable = lib.mkEnableOption "the PDS";
}"#,
    good: r#"{ lib, ... }:
{
  options.services.atproto-pds.enable = lib.mkEnableOption "the PDS";
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &["options"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

/// Option paths nixpkgs declares that its module list does not name: `services.pds`, renamed
/// to `services.bluesky-pds` by `mkRenamedOptionModule` in that module.
const RENAMED: &[&str] = &["services.pds"];

static NIXPKGS_OPTIONS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/nixpkgs-options.txt")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .chain(RENAMED.iter().copied())
        .collect()
});

fn check(_cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let Some(body) = syntax::file_body(node).and_then(syntax::attrset_of) else {
        return;
    };
    let mut reported = HashSet::new();
    for binding in body.attrpath_values() {
        let names = syntax::binding_names(&binding);
        if names.first().map(String::as_str) == Some("options") {
            declared(&binding, &names[1..], &mut reported, sink);
        }
    }
}

/// Follows `options…` bindings down to the first two names of each declared path.
fn declared(
    binding: &ast::AttrpathValue,
    path: &[String],
    reported: &mut HashSet<String>,
    sink: &mut Sink,
) {
    if path.len() >= 2 {
        let option = path[..2].join(".");
        if NIXPKGS_OPTIONS.contains(option.as_str()) && reported.insert(option.clone()) {
            report_collision(binding, &option, sink);
        }
        return;
    }
    let Some(ast::Expr::AttrSet(set)) = binding.value().map(syntax::unparen) else {
        return;
    };
    for inner in set.attrpath_values() {
        let names: Vec<String> = path
            .iter()
            .cloned()
            .chain(syntax::binding_names(&inner))
            .collect();
        declared(&inner, &names, reported, sink);
    }
}

/// Once per option and file: a module declares many options below one name.
fn report_collision(binding: &ast::AttrpathValue, option: &str, sink: &mut Sink) {
    let (namespace, name) = option.split_once('.').unwrap_or((option, ""));
    let range = binding
        .attrpath()
        .map_or(binding.syntax().text_range(), |p| p.syntax().text_range());
    sink.report(
        range,
        format!("nixpkgs' own modules declare `{option}`"),
        format!("name it `{namespace}.<org>-{name}`, apart from nixpkgs"),
    );
}

#[cfg(test)]
mod tests {
    use super::NIXPKGS_OPTIONS;

    #[test]
    fn the_data_names_nixpkgs_atproto_modules() {
        for option in [
            "services.bluesky-pds",
            "services.pds",
            "services.cocoon",
            "services.tranquil-pds",
            "services.porxie",
        ] {
            assert!(NIXPKGS_OPTIONS.contains(option), "{option}");
        }
        assert!(!NIXPKGS_OPTIONS.contains("services.atproto-pds"));
    }

    #[test]
    fn the_data_is_sorted_and_cites_its_commit() {
        let text = include_str!("../../data/nixpkgs-options.txt");
        assert!(text.contains("NixOS/nixpkgs 2680ad0cfc17b68f4b56f5a7788c78040563105c"));
        let names: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
        assert!(names.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(names.len() > 1500, "{}", names.len());
    }
}
