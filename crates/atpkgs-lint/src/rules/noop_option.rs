use std::collections::HashMap;

use rnix::ast::{self, HasEntry};
use rnix::{SyntaxKind, SyntaxNode, TextRange};
use rowan::ast::AstNode;

use super::{Check, Rule, Scope, Sink, TriggerIn};
use crate::config::Level;
use crate::context::FileContext;
use crate::syntax;

pub static RULE: Rule = Rule {
    id: "noop-option",
    level: Level::Warn,
    category: "modules",
    summary: "Every `services.*` option a module declares is read somewhere in the module (in `config`, a script, another option's default).",
    explanation: "An option nothing reads is a setting that does nothing: the operator sets it, the evaluation succeeds, and the service behaves as before. The existing ATproto NUR declared endpoint options that no program ever received. Only `services.*` options are checked: a service module implements its own, while options elsewhere (`environment.*`, `system.*`, a submodule's) are commonly read by other modules. An option the module sets itself (`config.system.path = …;`) is a result for other modules, not a no-op. A declared option counts as read when the module selects it or a set above it (`cfg.port`, `cfg.nginx`, `config.services.x.port`, `inherit (cfg) port;`, `cfg ? port`), through `config` or a name bound to part of it (`cfg = config.services.x;`). A module that uses such a name on its own (`f cfg`, `with cfg;`, `builtins.toJSON cfg`) may read anything, so none of its options is reported; nor are those of a module that sets no configuration at all (declarations for other modules to implement). Options read only by another module (a profile) need a suppression saying which.",
    bad: r#"{ config, lib, ... }:
let
  cfg = config.services.example;
in
{
  options.services.example = {
    enable = lib.mkEnableOption "example";
    port = lib.mkOption { type = lib.types.port; default = 8080; };
  };
  config = lib.mkIf cfg.enable {
    systemd.services.example.script = "example --port 8080";
  };
}"#,
    good: r#"{ config, lib, ... }:
let
  cfg = config.services.example;
in
{
  options.services.example = {
    enable = lib.mkEnableOption "example";
    port = lib.mkOption { type = lib.types.port; default = 8080; };
  };
  config = lib.mkIf cfg.enable {
    systemd.services.example.script = "example --port ${toString cfg.port}";
  };
}"#,
    check: Check::Node {
        scope: Scope::Modules,
        kinds: &[SyntaxKind::NODE_ROOT],
        triggers: &["mkOption", "mkEnableOption", "mkPackageOption"],
        trigger_in: TriggerIn::Node,
        run: check,
    },
};

const DECLARATIONS: &[&str] = &["mkOption", "mkEnableOption", "mkPackageOption"];

/// One declared option: its path below `options` and where it is declared.
struct Declared {
    path: Vec<String>,
    range: TextRange,
}

fn check(_cx: &FileContext, root: &SyntaxNode, sink: &mut Sink) {
    let Some(body) = syntax::file_body(root).and_then(syntax::attrset_of) else {
        return;
    };
    if !sets_config(&body) {
        return; // Declarations for other modules to implement (`*-options.nix`).
    }
    let mut declared = Vec::new();
    for binding in body.attrpath_values() {
        let names = syntax::binding_names(&binding);
        if names.first().map(String::as_str) == Some("options") {
            collect_declared(&binding, names[1..].to_vec(), &mut declared);
        }
    }
    declared.retain(|option| option.path.first().map(String::as_str) == Some("services"));
    if declared.is_empty() {
        return;
    }
    let walked = walk(root);
    let Some(aliases) = aliases_of_config(&walked) else {
        return; // One name for two parts of `config` (a `let cfg` per branch): not followed.
    };
    let Some(reads) = reads(&walked, &aliases) else {
        return; // `config` or a part of it is used whole: anything may be read.
    };
    let covered = |option: &Declared, paths: &[Vec<String>]| {
        paths
            .iter()
            .any(|path| path.starts_with(&option.path) || option.path.starts_with(path))
    };
    declared.retain(|option| !covered(option, &reads));
    if declared.is_empty() {
        return; // The common case: what the module sets need not be looked for.
    }
    let written = written(root);
    for option in declared {
        if !covered(&option, &written) {
            let name = option.path.join(".");
            sink.report(
                option.range,
                format!("option `{name}` is declared but nothing in this module reads it"),
                "use it (in `config`, a script, another option's default) or remove it",
            );
        }
    }
}

/// The paths the module sets (`config.system.path = …;`): an option the module itself sets is
/// a result for others to read, not a setting that does nothing.
fn written(root: &SyntaxNode) -> Vec<Vec<String>> {
    root.descendants()
        .filter_map(ast::AttrpathValue::cast)
        .filter_map(|binding| {
            let mut path = syntax::enclosing_names(binding.value()?.syntax());
            if path.first().map(String::as_str) == Some("config") {
                path.remove(0);
            }
            (path.first().map(String::as_str) != Some("options")).then_some(path)
        })
        .filter(|path| !path.is_empty())
        .collect()
}

/// Whether a module sets anything: `config`, or config written at the top (besides the
/// module's own bookkeeping).
fn sets_config(body: &ast::AttrSet) -> bool {
    const NOT_CONFIG: &[&str] = &[
        "options",
        "imports",
        "meta",
        "_file",
        "key",
        "disabledModules",
        "_class",
    ];
    body.attrpath_values().any(|binding| {
        syntax::binding_names(&binding)
            .first()
            .is_some_and(|name| !NOT_CONFIG.contains(&name.as_str()))
    })
}

/// The options below one `options…` binding: calls of `mkOption` and friends, through nested
/// sets (`options.services.x = { port = mkOption …; }`).
fn collect_declared(binding: &ast::AttrpathValue, path: Vec<String>, out: &mut Vec<Declared>) {
    let Some(value) = binding.value().map(syntax::unparen) else {
        return;
    };
    if path.iter().any(|name| name == "<dynamic>") {
        return;
    }
    match value {
        ast::Expr::AttrSet(set) => {
            for inner in set.attrpath_values() {
                let mut names = path.clone();
                names.extend(syntax::binding_names(&inner));
                collect_declared(&inner, names, out);
            }
        }
        value if is_declaration(&value) && !path.is_empty() => out.push(Declared {
            path,
            range: binding
                .attrpath()
                .map_or(binding.syntax().text_range(), |p| p.syntax().text_range()),
        }),
        _ => {}
    }
}

/// `mkOption { … }`, also as `mkEnableOption "x" // { default = true; }`.
fn is_declaration(value: &ast::Expr) -> bool {
    match value {
        ast::Expr::Apply(apply) => syntax::calls_one_of(apply, DECLARATIONS),
        ast::Expr::BinOp(update) if update.operator() == Some(ast::BinOpKind::Update) => update
            .lhs()
            .map(syntax::unparen)
            .is_some_and(|lhs| is_declaration(&lhs)),
        _ => false,
    }
}

/// What one walk of the file collects: the `let` bindings of a single name, and the
/// identifiers that are uses of a variable (not a name being bound or an argument).
struct Walked {
    let_bindings: Vec<(String, ast::AttrpathValue)>,
    uses: Vec<SyntaxNode>,
}

fn walk(root: &SyntaxNode) -> Walked {
    let mut walked = Walked {
        let_bindings: Vec::new(),
        uses: Vec::new(),
    };
    for node in root.descendants() {
        match node.kind() {
            SyntaxKind::NODE_LET_IN => {
                for binding in node.children().filter_map(ast::AttrpathValue::cast) {
                    if let Ok([name]) = <[String; 1]>::try_from(syntax::binding_names(&binding)) {
                        walked.let_bindings.push((name, binding));
                    }
                }
            }
            SyntaxKind::NODE_IDENT => {
                let binds = node.parent().is_some_and(|parent| {
                    matches!(
                        parent.kind(),
                        SyntaxKind::NODE_ATTRPATH
                            | SyntaxKind::NODE_PAT_ENTRY
                            | SyntaxKind::NODE_IDENT_PARAM
                    )
                });
                if !binds {
                    walked.uses.push(node);
                }
            }
            _ => {}
        }
    }
    walked
}

/// Names a `let` binds to a part of `config` (`cfg = config.services.x;`,
/// `db = cfg.database;`), with the path each stands for; `None` when one name stands for
/// two different parts in different `let`s.
fn aliases_of_config(walked: &Walked) -> Option<HashMap<String, Vec<String>>> {
    let mut aliases: HashMap<String, Vec<String>> = HashMap::new();
    let bindings: Vec<(&String, ast::Expr)> = walked
        .let_bindings
        .iter()
        .filter_map(|(name, binding)| Some((name, syntax::unparen(binding.value()?))))
        .collect();
    // Chains (`db = cfg.database;`) resolve once the name they start from has.
    loop {
        let before = aliases.len();
        for (name, value) in &bindings {
            if aliases.contains_key(*name) {
                continue;
            }
            if let Some(path) = config_path(value, &aliases) {
                aliases.insert((*name).clone(), path);
            }
        }
        if aliases.len() == before {
            break;
        }
    }
    // A name bound more than once must stand for the same part each time.
    let consistent = bindings.iter().all(|(name, value)| {
        aliases
            .get(*name)
            .is_none_or(|path| config_path(value, &aliases).as_ref() == Some(path))
    });
    consistent.then_some(aliases)
}

/// The part of `config` an expression selects (`config.services.x`, `cfg.database`).
fn config_path(expr: &ast::Expr, aliases: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    let path = syntax::dotted_path(expr)?;
    let (base, rest) = path.split_first()?;
    let mut resolved = root_of(base, aliases)?;
    resolved.extend(rest.iter().take_while(|name| *name != "<dynamic>").cloned());
    Some(resolved)
}

fn root_of(name: &str, aliases: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    if name == "config" {
        Some(Vec::new())
    } else {
        aliases.get(name).cloned()
    }
}

/// The parts of `config` the file reads, or `None` when it uses `config` or an alias whole.
/// The selections that define the aliases are not reads.
fn reads(walked: &Walked, aliases: &HashMap<String, Vec<String>>) -> Option<Vec<Vec<String>>> {
    let definitions: Vec<TextRange> = walked
        .let_bindings
        .iter()
        .filter(|(name, _)| aliases.contains_key(name))
        .filter_map(|(_, binding)| Some(syntax::unparen(binding.value()?).syntax().text_range()))
        .collect();
    let mut reads = Vec::new();
    for ident in &walked.uses {
        let Some(token) = ident.first_token() else {
            continue;
        };
        let Some(base) = root_of(token.text(), aliases) else {
            continue;
        };
        let Some(parent) = ident.parent() else {
            continue;
        };
        match parent.kind() {
            // A name being bound or an argument, not a use.
            SyntaxKind::NODE_ATTRPATH
            | SyntaxKind::NODE_PAT_ENTRY
            | SyntaxKind::NODE_IDENT_PARAM => {}
            SyntaxKind::NODE_SELECT | SyntaxKind::NODE_HAS_ATTR
                if parent.first_child().as_ref() == Some(ident) =>
            {
                if definitions.contains(&parent.text_range()) {
                    continue;
                }
                let path = ast::Attrpath::cast(parent.children().nth(1)?)?;
                let mut read = base;
                read.extend(
                    syntax::attrpath_names(&path)
                        .into_iter()
                        .take_while(|name| name != "<dynamic>"),
                );
                reads.push(read);
            }
            SyntaxKind::NODE_INHERIT_FROM => {
                let inherit = ast::Inherit::cast(parent.parent()?)?;
                for attr in inherit.attrs() {
                    let mut read = base.clone();
                    read.extend(syntax::attr_name(&attr));
                    reads.push(read);
                }
            }
            _ => return None,
        }
    }
    Some(reads)
}
