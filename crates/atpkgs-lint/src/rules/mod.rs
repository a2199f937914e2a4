//! The rule registry: every rule once, in the order `rules` and the docs list them.

use std::collections::HashSet;

use rnix::{SyntaxKind, SyntaxNode, TextRange};

use crate::config::Level;
use crate::context::{FileContext, PathLiteral};
use crate::finding::{Fix, RawFinding, Severity};
use crate::project::{Project, ProjectSink};

mod crane_locked;
mod duplicate_attribute;
mod enable_option;
mod endpoint_literal;
mod legacy_hash;
mod nix_grammar;
mod nixpkgs_option_collision;
mod noop_option;
mod option_camel_case;
mod option_namespace;
mod option_type_description;
mod package_default_exists;
mod package_meta;
mod package_naming;
mod package_option;
mod path_exists;
mod pinned_source;
mod pipe_operator;
mod reachable_file;
mod secret_option;
mod service_hardening;
mod service_has_module;
mod source_hash;
mod state_directory;
mod suppression;
mod syntax;
mod undefined_variable;
mod unpinned_fetch;

/// Every rule, in documentation order.
pub const RULES: &[&Rule] = &[
    &syntax::RULE,
    &undefined_variable::RULE,
    &duplicate_attribute::RULE,
    &pipe_operator::RULE,
    &nix_grammar::RULE,
    &suppression::RULE,
    &pinned_source::RULE,
    &source_hash::RULE,
    &legacy_hash::RULE,
    &crane_locked::RULE,
    &unpinned_fetch::RULE,
    &package_meta::RULE,
    &package_naming::RULE,
    &option_namespace::RULE,
    &nixpkgs_option_collision::RULE,
    &option_camel_case::RULE,
    &option_type_description::RULE,
    &enable_option::RULE,
    &noop_option::RULE,
    &package_option::RULE,
    &secret_option::RULE,
    &service_hardening::RULE,
    &state_directory::RULE,
    &endpoint_literal::RULE,
    &path_exists::RULE,
    &reachable_file::RULE,
    &package_default_exists::RULE,
    &service_has_module::RULE,
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

/// Which files a per-file rule looks at, by where they sit under the root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every file.
    All,
    /// Files under `pkgs/`.
    Packages,
    /// Files under `modules/`.
    Modules,
}

/// Where a node must contain one of a rule's triggers to be worth the rule's look.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerIn {
    /// Anywhere in the node.
    Node,
    /// In its first child node: a call's function (`fetchurl` in `fetchurl { … }`), a
    /// binding's attribute path (`sha256` in `sha256 = "…";`). A name spelt with escapes
    /// (`"sha\256" = …`, `lib."mk\Option"`) does not hold the trigger's text and is not seen.
    Head,
}

/// How the engine runs a rule.
pub enum Check {
    /// Called for every node of the given kinds in files of the scope, in one shared walk.
    /// When `triggers` is not empty, only for nodes that contain one of them where
    /// `trigger_in` says: a substring search is far cheaper than walking the tree.
    Node {
        scope: Scope,
        kinds: &'static [SyntaxKind],
        triggers: &'static [&'static str],
        trigger_in: TriggerIn,
        run: fn(&FileContext, &SyntaxNode, &mut Sink),
    },
    /// Called with every relative path literal (`./x.nix`), found by a cheap walk of the
    /// green tree.
    PathLiteral(fn(&FileContext, &PathLiteral, &mut Sink)),
    /// Called once after every file was read, with what the files declare and reference. Files
    /// record those facts only in trees with a `pkgs/` or `modules/` folder (the engine's
    /// `records_facts`): a cross-file rule that needs them elsewhere must widen that.
    Project(fn(&Project, &mut ProjectSink)),
    /// Produced by the engine itself (parse errors, suppression comments).
    Engine,
}

/// A rule: its identity, its documentation and how it runs.
pub struct Rule {
    pub id: &'static str,
    pub level: Level,
    pub category: &'static str,
    /// One line: what the rule requires.
    pub summary: &'static str,
    /// Why, in a paragraph or two of Markdown.
    pub explanation: &'static str,
    pub bad: &'static str,
    pub good: &'static str,
    pub check: Check,
}

/// Collects the findings of the rule currently running on one file.
pub struct Sink {
    pub(crate) rule: &'static str,
    pub(crate) severity: Severity,
    pub(crate) findings: Vec<RawFinding>,
    seen: HashSet<(&'static str, TextRange, String)>,
}

impl Sink {
    pub fn new() -> Self {
        Self {
            rule: "",
            severity: Severity::Error,
            findings: Vec::new(),
            seen: HashSet::new(),
        }
    }

    pub fn report(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.report_with_fix(range, message, help, None);
    }

    /// Reports a finding with the edit that resolves it (`check --fix` applies it).
    pub fn report_with_fix(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
        fix: Option<Fix>,
    ) {
        let help = help.into();
        let message = message.into();
        if !self.seen.insert((self.rule, range, message.clone())) {
            return; // Several nodes can lead a rule to the same place (enclosing options).
        }
        self.findings.push(RawFinding {
            rule: self.rule,
            severity: self.severity,
            range,
            message,
            help: (!help.is_empty()).then_some(help),
            fix,
        });
    }
}

impl Default for Sink {
    fn default() -> Self {
        Self::new()
    }
}
