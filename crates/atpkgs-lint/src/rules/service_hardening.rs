use std::collections::BTreeMap;

use rnix::ast;
use rnix::{SyntaxKind, SyntaxNode, TextRange, TextSize};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "service-hardening",
    level: Level::Error,
    category: "modules",
    summary: "Each systemd service a module defines starts from the shared hardening baseline.",
    explanation: "One sandbox baseline, extended never copied: `serviceConfig` must reference `hardening` from `lib/service-common.nix` (`common.hardening // { … }`, `lib.mkMerge [ common.hardening … ]`) or call `hardenedServiceConfig`/`mkHardenedService`. A unit that spells the sandbox out instead must at least set `ProtectSystem`, `NoNewPrivileges`, `CapabilityBoundingSet`, `SystemCallFilter`, `RestrictAddressFamilies` and `PrivateDevices`. Only units the module defines (it sets `ExecStart`, `script` or `wantedBy`) are checked; adding a group to another module's unit is fine.",
    bad: r#"{ config, lib, ... }:
{
  config.systemd.services.bluesky-pds = {
    wantedBy = [ "multi-user.target" ];
    serviceConfig = {
      ExecStart = lib.getExe config.services.bluesky-pds.package;
      NoNewPrivileges = true;
    };
  };
}"#,
    good: r#"{ config, lib, atprotoLib, ... }:
{
  config.systemd.services.bluesky-pds = {
    wantedBy = [ "multi-user.target" ];
    serviceConfig = atprotoLib.service.hardening // {
      ExecStart = lib.getExe config.services.bluesky-pds.package;
    };
  };
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &["systemd"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

const REQUIRED: &[&str] = &[
    "ProtectSystem",
    "NoNewPrivileges",
    "CapabilityBoundingSet",
    "SystemCallFilter",
    "RestrictAddressFamilies",
    "PrivateDevices",
];
const HARDENED_CALLS: &[&str] = &["hardenedServiceConfig", "mkHardenedService"];
/// Settings that show the module defines the unit rather than amending another one.
const DEFINING: &[&str] = &["ExecStart", "script", "wantedBy"];

#[derive(Default)]
struct Unit {
    range: Option<TextRange>,
    defined_here: bool,
    hardened: bool,
    explicit: Vec<String>,
}

fn check(cx: &FileContext, node: &SyntaxNode, sink: &mut Sink) {
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut last: Option<TextRange> = None;
    for outer in systemd_bindings(cx.text, node) {
        let range = outer.syntax().text_range();
        if last.is_some_and(|last| last.contains_range(range)) {
            continue; // Inside a `systemd` binding already walked.
        }
        last = Some(range);
        visit(
            outer.syntax(),
            syntax::enclosing_names(outer.syntax()),
            &mut units,
        );
    }
    for (name, unit) in units {
        if !unit.defined_here || unit.hardened {
            continue;
        }
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|key| !unit.explicit.iter().any(|k| k == key))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let range = unit.range.unwrap_or_default();
        sink.report(
            range,
            format!("systemd service `{name}` does not start from the hardening baseline"),
            format!(
                "write `serviceConfig = common.hardening // {{ … }};` (missing explicitly: {})",
                missing.join(", ")
            ),
        );
    }
}

/// The bindings whose attribute path has a `systemd` part, in document order, found from the
/// word's occurrences in the text instead of a walk over every node of the file.
fn systemd_bindings(text: &str, root: &SyntaxNode) -> Vec<ast::AttrpathValue> {
    memchr::memmem::find_iter(text.as_bytes(), b"systemd")
        .filter_map(|at| {
            // `covering_element` descends by binary search over each node's children;
            // `token_at_offset` would build every child of every node on the way.
            let start = TextSize::try_from(at).ok()?;
            let range = TextRange::at(start, TextSize::of("systemd"));
            let token = root.covering_element(range).into_token()?;
            if token.kind() != SyntaxKind::TOKEN_IDENT || token.text() != "systemd" {
                return None;
            }
            let attrpath = token
                .parent()?
                .parent()
                .filter(|path| path.kind() == SyntaxKind::NODE_ATTRPATH)?;
            ast::AttrpathValue::cast(attrpath.parent()?)
        })
        .collect()
}

/// Notes every binding of `outer`'s subtree that lies below `systemd.services.<unit>`, in
/// document order. `names` start as the names of the bindings around `outer` (as
/// [`syntax::enclosing_names`] gives them) and are kept up to date on the way down. The walk
/// keeps its own stack: a chain such as `1 + 1 + …` nests without limit.
fn visit(outer: &SyntaxNode, mut names: Vec<String>, units: &mut BTreeMap<String, Unit>) {
    // Each entry: a node, where the names around it start in `names`, and how many of
    // `names` are its parent's.
    let mut stack = vec![(outer.clone(), 0, names.len())];
    while let Some((node, base, parents)) = stack.pop() {
        names.truncate(parents);
        if let Some(binding) = ast::AttrpathValue::cast(node.clone()) {
            let own = syntax::binding_names(&binding);
            let own_len = own.len();
            names.extend(own);
            note(&binding, &names[base..], own_len, units);
        }
        let children: Vec<SyntaxNode> = node.children().collect();
        for child in children.into_iter().rev() {
            // A binding's own names are in `names` already.
            let child_base = match syntax::enclosing_step(&node, &child) {
                syntax::Enclosing::Binding(_) | syntax::Enclosing::Through => base,
                syntax::Enclosing::Stop => names.len(),
            };
            stack.push((child, child_base, names.len()));
        }
    }
}

/// Notes one binding whose full name is `names`, the last `own` of them its own.
fn note(
    binding: &ast::AttrpathValue,
    names: &[String],
    own: usize,
    units: &mut BTreeMap<String, Unit>,
) {
    let Some(at) = names
        .windows(2)
        .position(|pair| pair[0] == "systemd" && pair[1] == "services")
    else {
        return;
    };
    let Some(unit_name) = names.get(at + 2) else {
        return;
    };
    let unit = units.entry(unit_name.clone()).or_default();
    // A binding that reaches the unit level itself names the unit (its ancestors do not).
    if at + 2 >= names.len() - own {
        let range = binding
            .attrpath()
            .map_or(binding.syntax().text_range(), |path| {
                path.syntax().text_range()
            });
        unit.range.get_or_insert(range);
    }
    record(unit, binding, &names[at + 3..]);
}

/// Notes what a binding below `systemd.services.<unit>` sets; `rest` are the names after the unit.
fn record(unit: &mut Unit, binding: &ast::AttrpathValue, rest: &[String]) {
    if rest.iter().any(|name| DEFINING.contains(&name.as_str())) {
        unit.defined_here = true;
    }
    if rest.first().map(String::as_str) == Some("serviceConfig") {
        if let Some(key) = rest.get(1) {
            unit.explicit.push(key.clone());
        }
    }
    if !(rest.is_empty() || rest[0] == "serviceConfig") {
        return;
    }
    if binding
        .value()
        .is_some_and(|value| references_baseline(value.syntax()))
    {
        unit.hardened = true;
    }
}

fn references_baseline(node: &SyntaxNode) -> bool {
    node.descendants().any(|child| match child.kind() {
        SyntaxKind::NODE_SELECT => ast::Select::cast(child)
            .and_then(|select| select.attrpath())
            .and_then(|path| path.attrs().last())
            .and_then(|attr| syntax::attr_name(&attr))
            .is_some_and(|name| name == "hardening"),
        SyntaxKind::NODE_IDENT => syntax::node_text_is(&child, "hardening"),
        SyntaxKind::NODE_APPLY => ast::Apply::cast(child)
            .and_then(|apply| syntax::called_name(&apply))
            .is_some_and(|name| HARDENED_CALLS.contains(&name.as_str())),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use rnix::TextRange;

    use super::check;
    use crate::config::Config;
    use crate::context::{FileContext, Role};
    use crate::rules::Sink;

    #[test]
    fn walks_long_chains_below_systemd_without_recursing() {
        // `1 + 1 + …` nests the tree 50,000 levels deep without a single bracket.
        let chain = " + 1".repeat(50_000);
        let text = format!(
            "{{ systemd.services.x = {{ wantedBy = [ ]; serviceConfig.Foo = 1{chain}; }}; }}"
        );
        let reported = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let root = rnix::Root::parse(&text).syntax();
                // Kept alive: rowan frees a tree recursively, which this stack could not.
                std::mem::forget(root.green().to_owned());
                let config = Config::default();
                let cx = FileContext {
                    relative: "modules/x.nix",
                    role: Role::Module,
                    text: &text,
                    root: root.clone(),
                    path: None,
                    config: &config,
                    parsed: true,
                    scope: Default::default(),
                };
                let mut sink = Sink::new();
                check(&cx, &root, &mut sink);
                sink.findings
                    .iter()
                    .map(|finding| finding.range)
                    .collect::<Vec<TextRange>>()
            })
            .unwrap()
            .join()
            .expect("the rule runs on a 1 MiB stack");
        assert_eq!(
            reported.len(),
            1,
            "unit `x` defines itself and is not hardened"
        );
    }
}
