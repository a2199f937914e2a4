//! Linting one file's text: the rule levels that apply, the parse, and the dispatch of the
//! nodes the rules and facts want to them.

use std::path::Path;

use rnix::{SyntaxKind, SyntaxNode};

use super::candidates::{candidates, materialize, Candidate};
use super::guard::{report_parse_errors, too_deep, too_deep_outcome};
use super::listed::Listed;
use super::triggers::{fact_filters, path_slashes, rule_filters, Searches, Triggers};
use crate::config::Config;
use crate::context::{FileContext, PathLiteral, Role};
use crate::finding::{LineIndex, RawFinding, Severity};
use crate::project::FileFacts;
use crate::rules::{Check, Sink, TriggerIn, RULES};
use crate::suppress::{self, Suppression};

/// A per-file rule as the walk calls it.
#[derive(Clone, Copy)]
pub(super) struct Active {
    /// Index into [`RULES`].
    pub(super) index: usize,
    pub(super) trigger_in: TriggerIn,
    pub(super) run: fn(&FileContext, &SyntaxNode, &mut Sink),
}

/// The per-file rules indexed by the node kind they want, and what each role searches for.
pub(super) struct Dispatch {
    pub(super) by_kind: Vec<Vec<Active>>,
    /// Every file's rule levels, when the configuration has no per-path overrides.
    pub(super) uniform: Option<Vec<Option<Severity>>>,
    /// Whether files record facts for the cross-file rules.
    pub(super) facts: bool,
    /// The triggers of the rules (and facts) that apply to a file, by [`Role`], built when a
    /// file of the role first comes.
    pub(super) triggers: [std::sync::OnceLock<Triggers>; 3],
    /// What the walk has listed, for path literals.
    pub(super) listed: Listed,
}

impl Dispatch {
    pub(super) fn new(config: &Config, facts: bool) -> Self {
        let mut by_kind = vec![Vec::new(); SyntaxKind::NODE_WITH as usize + 1];
        for (index, rule) in RULES.iter().enumerate() {
            if let Check::Node {
                kinds,
                trigger_in,
                run,
                ..
            } = rule.check
            {
                for &kind in kinds {
                    by_kind[kind as usize].push(Active {
                        index,
                        trigger_in,
                        run,
                    });
                }
            }
        }
        let uniform = (!config.has_overrides()).then(|| severities(config, ""));
        Self {
            by_kind,
            uniform,
            facts,
            triggers: Default::default(),
            listed: Listed::default(),
        }
    }

    pub(super) fn triggers(&self, role: Role) -> &Triggers {
        self.triggers[role as usize]
            .get_or_init(|| Triggers::of(role, self.uniform.as_deref(), self.facts))
    }

    /// Every rule's severity for the file at `relative`.
    pub(super) fn levels(
        &self,
        config: &Config,
        relative: &str,
    ) -> std::borrow::Cow<'_, [Option<Severity>]> {
        match &self.uniform {
            Some(levels) => levels.into(),
            None => severities(config, relative).into(),
        }
    }
}

/// Whether the files of a tree need to record facts: the cross-file rules look only at trees
/// with a `pkgs/` or `modules/` folder at their root.
pub(super) fn records_facts(root: &Path) -> bool {
    ["pkgs", "modules"]
        .iter()
        .any(|dir| root.join(dir).is_dir())
}

/// Every rule's severity for one file (`None` when off), from the config and its overrides.
pub(super) fn severities(config: &Config, relative: &str) -> Vec<Option<Severity>> {
    RULES
        .iter()
        .map(|rule| config.level_for(rule.id, rule.level, relative).severity())
        .collect()
}

pub(super) fn severity_of(severities: &[Option<Severity>], id: &str) -> Option<Severity> {
    let index = RULES.iter().position(|rule| rule.id == id)?;
    severities[index]
}

/// What linting one file's text produces.
pub struct FileOutcome {
    pub findings: Vec<RawFinding>,
    pub facts: FileFacts,
    pub suppressions: Vec<Suppression>,
    pub lines: LineIndex,
}

/// Lints one file's text. `relative` decides its role; `path` enables file-system checks.
pub fn lint_text(text: &str, relative: &str, path: Option<&Path>, config: &Config) -> FileOutcome {
    lint_with(&Dispatch::new(config, true), text, relative, path, config)
}

pub(super) fn lint_with(
    dispatch: &Dispatch,
    text: &str,
    relative: &str,
    path: Option<&Path>,
    config: &Config,
) -> FileOutcome {
    let lines = LineIndex::new();
    let levels = dispatch.levels(config, relative);
    let levels = &levels[..];
    if let Some(depth) = too_deep(text) {
        return too_deep_outcome(levels, depth, relative, path, lines);
    }
    // Declared first, so that it is dropped after the tree and every node made from it.
    let mut flat_drop = FlatDrop::default();
    let parse = rnix::Root::parse(text);
    if text.len() > FlatDrop::FROM_BYTES {
        flat_drop.hold(parse.syntax().green());
    }
    let root = parse.syntax();
    let cx = FileContext {
        relative,
        role: Role::of(relative),
        text,
        root: root.clone(),
        path,
        config,
        parsed: parse.errors().is_empty(),
        scope: Default::default(),
    };
    let mut sink = Sink::new();
    if let Some(severity) = severity_of(levels, "syntax") {
        report_parse_errors(&mut sink, severity, text, parse.errors());
    }
    // Only trees that record facts read them (without, their paths are not even kept).
    let mut facts = FileFacts::default();
    if dispatch.facts {
        facts.path = path.map(Path::to_path_buf).unwrap_or_default();
        facts.relative = relative.to_owned();
    }
    let mut searches = Searches::new(text, dispatch.triggers(cx.role));
    let facts_wanted = dispatch.facts && path.is_some();
    let path_rules_on = RULES
        .iter()
        .zip(levels)
        .any(|(rule, level)| matches!(rule.check, Check::PathLiteral(_)) && level.is_some());
    let slashes = (facts_wanted || path_rules_on)
        .then(|| path_slashes(text))
        .flatten();
    let filters = rule_filters(levels, cx.role, slashes.is_some(), &mut searches);
    let fact_filters = if facts_wanted {
        fact_filters(&mut searches)
    } else {
        Vec::new()
    };
    for active in &dispatch.by_kind[SyntaxKind::NODE_ROOT as usize] {
        if let (false, Some(severity)) = (filters[active.index].is_empty(), levels[active.index]) {
            sink.rule = RULES[active.index].id;
            sink.severity = severity;
            (active.run)(&cx, &root, &mut sink);
        }
    }
    let mut last = root.clone();
    for candidate in candidates(
        root.green(),
        dispatch,
        &filters,
        &fact_filters,
        slashes.as_deref(),
    ) {
        match candidate {
            Candidate::PathLiteral(range) => {
                let literal = PathLiteral::new(text, range, path, &dispatch.listed);
                for (index, rule) in RULES.iter().enumerate() {
                    if let (Check::PathLiteral(check), false, Some(severity)) =
                        (&rule.check, filters[index].is_empty(), levels[index])
                    {
                        sink.rule = rule.id;
                        sink.severity = severity;
                        check(&cx, &literal, &mut sink);
                    }
                }
                if facts_wanted {
                    facts.path_literals.extend(literal.target);
                }
            }
            Candidate::Node {
                kind,
                range,
                rules,
                fact,
            } => {
                let Some(node) = materialize(&mut last, kind, range) else {
                    continue;
                };
                for active in &dispatch.by_kind[kind as usize] {
                    if rules & (1 << active.index) == 0 {
                        continue;
                    }
                    if let Some(severity) = levels[active.index] {
                        sink.rule = RULES[active.index].id;
                        sink.severity = severity;
                        (active.run)(&cx, &node, &mut sink);
                    }
                }
                if fact {
                    facts.collect(&cx, &lines, &node);
                }
            }
        }
    }
    let (suppressions, bad) = if searches.has_marker() {
        suppress::scan(&root, text, &lines)
    } else {
        Default::default()
    };
    if let Some(severity) = severity_of(levels, "suppression") {
        sink.rule = "suppression";
        sink.severity = severity;
        for comment in bad {
            sink.report(
                comment.range,
                comment.message,
                "write `# atpkgs-lint: allow(RULE): why this place is an exception`",
            );
        }
    }
    FileOutcome {
        findings: sink.findings,
        facts,
        suppressions,
        lines,
    }
}

/// Holds the nodes of a big tree found at every [`FlatDrop::EVERY`]th level, parents before
/// their descendants, so that freeing the tree never recurses deeper than that at a time:
/// rowan frees a node's children from inside its own drop, and a file nested millions of
/// levels deep (`1 + 1 + …`, which no bracket limit catches) would overflow even the parsing
/// threads' stacks. A held node outlives the drop of its parent and is freed in its turn.
#[derive(Default)]
pub(super) struct FlatDrop(Vec<rowan::GreenNode>);

impl FlatDrop {
    /// Smaller files cannot nest deep enough to matter.
    const FROM_BYTES: usize = 1 << 20;
    const EVERY: usize = 4096;

    pub(super) fn hold(&mut self, root: &rowan::GreenNodeData) {
        // Depth first: a node is taken from the stack, and held, before any node below it.
        let mut stack = vec![(root, 0usize)];
        while let Some((node, depth)) = stack.pop() {
            if depth > 0 && depth % Self::EVERY == 0 {
                self.0.push(node.to_owned());
            }
            let children = node.children().filter_map(rowan::NodeOrToken::into_node);
            stack.extend(children.map(|child| (child, depth + 1)));
        }
    }
}
