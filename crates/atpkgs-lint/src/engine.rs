//! Runs the rules: walk the tree, parse each file once in parallel, one preorder walk per
//! file dispatching nodes to the rules that asked for their kind, then the cross-file rules.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rnix::{SyntaxKind, SyntaxNode, TextRange, TextSize};
use walkdir::WalkDir;

use crate::config::Config;
use crate::context::{FileContext, PathLiteral, Role};
use crate::finding::{Finding, LineIndex, RawFinding, Severity};
use crate::project::{wanted_facts, FileFacts, Project, ProjectSink};
use crate::rules::{Check, Sink, TriggerIn, RULES};
use crate::suppress::{self, Suppression};
use crate::Error;

/// Folders never walked into.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];
/// Thread stack for parsing: rnix stops at 512 nested levels, this leaves a wide margin.
const STACK_SIZE: usize = 256 << 20;

/// Where the tree starts and how it is configured.
pub struct Settings {
    /// Paths in findings' roles and config globs are relative to this folder.
    pub root: PathBuf,
    pub config: Config,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: usize,
    pub findings: Vec<Finding>,
    /// Files that could not be read; the run still lints everything else.
    pub errors: Vec<Error>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }
}

/// A per-file rule as the walk calls it.
#[derive(Clone, Copy)]
struct Active {
    /// Index into [`RULES`].
    index: usize,
    trigger_in: TriggerIn,
    run: fn(&FileContext, &SyntaxNode, &mut Sink),
}

/// The per-file rules indexed by the node kind they want, and what each role searches for.
struct Dispatch {
    by_kind: Vec<Vec<Active>>,
    /// Every file's rule levels, when the configuration has no per-path overrides.
    uniform: Option<Vec<Option<Severity>>>,
    /// Whether files record facts for the cross-file rules.
    facts: bool,
    /// The triggers of the rules (and facts) that apply to a file, by [`Role`], built when a
    /// file of the role first comes.
    triggers: [std::sync::OnceLock<Triggers>; 3],
}

impl Dispatch {
    fn new(config: &Config, facts: bool) -> Self {
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
        }
    }

    fn triggers(&self, role: Role) -> &Triggers {
        self.triggers[role as usize]
            .get_or_init(|| Triggers::of(role, self.uniform.as_deref(), self.facts))
    }

    /// Every rule's severity for the file at `relative`.
    fn levels(&self, config: &Config, relative: &str) -> std::borrow::Cow<'_, [Option<Severity>]> {
        match &self.uniform {
            Some(levels) => levels.into(),
            None => severities(config, relative).into(),
        }
    }
}

/// Whether the files of a tree need to record facts: the cross-file rules look only at trees
/// with a `pkgs/` or `modules/` folder at their root.
fn records_facts(root: &Path) -> bool {
    ["pkgs", "modules"]
        .iter()
        .any(|dir| root.join(dir).is_dir())
}

/// Every rule's severity for one file (`None` when off), from the config and its overrides.
fn severities(config: &Config, relative: &str) -> Vec<Option<Severity>> {
    RULES
        .iter()
        .map(|rule| config.level_for(rule.id, rule.level, relative).severity())
        .collect()
}

fn severity_of(severities: &[Option<Severity>], id: &str) -> Option<Severity> {
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

fn lint_with(
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
    };
    let mut sink = Sink::new();
    if let Some(severity) = severity_of(levels, "syntax") {
        report_parse_errors(&mut sink, severity, text, parse.errors());
    }
    let mut facts = FileFacts {
        path: path.map(Path::to_path_buf).unwrap_or_default(),
        relative: relative.to_owned(),
        ..FileFacts::default()
    };
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
        fact_filters(cx.role, &mut searches)
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
                let literal = PathLiteral::new(text, range, path);
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
    let (suppressions, bad) = if searches.occurs(suppress::MARKER) {
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

/// Holds every node of a big tree, parents first, so that it is freed one node at a time:
/// rowan frees a node's children from inside its own drop, and a file nested millions of
/// levels deep (`1 + 1 + …`, which no bracket limit catches) would overflow even the parsing
/// threads' stacks.
#[derive(Default)]
struct FlatDrop(Vec<rowan::GreenNode>);

impl FlatDrop {
    /// Smaller files cannot nest deep enough to matter.
    const FROM_BYTES: usize = 1 << 20;

    fn hold(&mut self, root: &rowan::GreenNodeData) {
        self.0.push(root.to_owned());
        let mut next = 0;
        while let Some(node) = self.0.get(next).cloned() {
            let children = node.children().filter_map(rowan::NodeOrToken::into_node);
            self.0.extend(children.map(ToOwned::to_owned));
            next += 1;
        }
    }
}

/// Where a rule may find something in one file: nowhere (off, out of scope or not
/// triggered), anywhere, or only in nodes that contain one of these trigger offsets.
#[derive(Clone)]
enum Filter {
    Nowhere,
    Anywhere,
    At(std::rc::Rc<[u32]>),
}

/// The occurrences of every trigger in one file's text, found in one pass on first use
/// (several rules and facts share triggers such as `mkOption`, `fetch` or `sha256`).
struct Searches<'t> {
    text: &'t str,
    triggers: &'t Triggers,
    /// Offsets per pattern of `triggers`, once searched.
    found: Option<Vec<Vec<u32>>>,
}

impl<'t> Searches<'t> {
    fn new(text: &'t str, triggers: &'t Triggers) -> Self {
        Self {
            text,
            triggers,
            found: None,
        }
    }

    fn occurs(&mut self, trigger: &str) -> bool {
        !self.offsets(trigger).is_empty()
    }

    fn offsets(&mut self, trigger: &str) -> &[u32] {
        let triggers = self.triggers;
        let Some(pattern) = triggers.patterns.iter().position(|known| *known == trigger) else {
            unreachable!("`{trigger}` is not a trigger of a rule or fact of this file");
        };
        let text = self.text;
        &self.found.get_or_insert_with(|| triggers.search(text))[pattern]
    }
}

impl Filter {
    fn new(searches: &mut Searches, triggers: &[&str]) -> Self {
        if triggers.is_empty() {
            return Filter::Anywhere;
        }
        let mut offsets = Vec::new();
        for trigger in triggers {
            offsets.extend_from_slice(searches.offsets(trigger));
        }
        if offsets.is_empty() {
            return Filter::Nowhere;
        }
        offsets.sort_unstable();
        Filter::At(offsets.into())
    }

    fn is_empty(&self) -> bool {
        matches!(self, Filter::Nowhere)
    }

    /// Whether a trigger starts inside `range` (a node can only matter if it contains one).
    fn within(&self, range: TextRange) -> bool {
        match self {
            Filter::Nowhere => false,
            Filter::Anywhere => true,
            Filter::At(offsets) => contains_offset(offsets, range),
        }
    }
}

/// What the engine itself looks for besides the rules' triggers: suppression comments. (A
/// two-byte trigger such as `./` would slow the whole search down: its fingerprint shrinks to
/// the shortest pattern.)
const ENGINE_TRIGGERS: &[&str] = &[suppress::MARKER];

/// The offsets of every `/` in a file (each relative path literal contains one), or `None`
/// when no `./` occurs: such a file has no path literal worth checking.
fn path_slashes(text: &str) -> Option<Vec<u32>> {
    let bytes = text.as_bytes();
    let slashes: Vec<u32> = memchr::memchr_iter(b'/', bytes)
        .map(|at| at as u32)
        .collect();
    let dotted = |&at: &u32| at > 0 && bytes[at as usize - 1] == b'.';
    slashes.iter().any(dotted).then_some(slashes)
}

/// The triggers of the rules and facts that apply to one role, in one automaton: a single
/// pass over a file finds them all (one pass per trigger cost more, and so do triggers the
/// file's rules do not need: each adds false candidates to the search).
struct Triggers {
    automaton: aho_corasick::AhoCorasick,
    patterns: Vec<&'static str>,
    /// For each pattern, the other patterns it starts with: the leftmost-longest search
    /// reports only the longest of the patterns that start at one offset.
    prefixes: Vec<Vec<usize>>,
}

impl Triggers {
    /// For files of `role`: the rules in its scope (those that are on, when `levels` are the
    /// same for every file), the facts when they are recorded, and the engine's own.
    fn of(role: Role, levels: Option<&[Option<Severity>]>, facts: bool) -> Self {
        let on = |index: usize| levels.is_none_or(|levels| levels[index].is_some());
        let rules = RULES
            .iter()
            .enumerate()
            .filter_map(|(index, rule)| match rule.check {
                Check::Node {
                    scope, triggers, ..
                } if role.in_scope(scope) && on(index) => Some(triggers),
                _ => None,
            });
        let facts = wanted_facts(role)
            .into_iter()
            .filter(|_| facts)
            .map(|fact| fact.triggers);
        let patterns = rules.chain(facts).chain([ENGINE_TRIGGERS]).flatten();
        Self::new(patterns.copied().collect())
    }

    fn new(mut patterns: Vec<&'static str>) -> Self {
        patterns.sort_unstable();
        patterns.dedup();
        let prefixes = patterns
            .iter()
            .map(|long| {
                let shorter = patterns.iter().enumerate();
                let shorter = shorter.filter(|(_, short)| short.len() < long.len());
                shorter
                    .filter(|(_, short)| long.starts_with(*short))
                    .map(|(index, _)| index)
                    .collect()
            })
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the triggers are a handful of short literals");
        Triggers {
            automaton,
            patterns,
            prefixes,
        }
    }

    /// The offsets of each pattern in `text`, overlaps included: the search restarts one byte
    /// after each hit, so every offset where a pattern starts is visited.
    fn search(&self, text: &str) -> Vec<Vec<u32>> {
        let mut found = vec![Vec::new(); self.patterns.len()];
        let mut input = aho_corasick::Input::new(text);
        while let Some(hit) = self.automaton.find(input.clone()) {
            let longest = hit.pattern().as_usize();
            for &pattern in std::iter::once(&longest).chain(&self.prefixes[longest]) {
                found[pattern].push(hit.start() as u32);
            }
            input.set_start(hit.start() + 1);
        }
        found
    }
}

/// Each rule's filter for this file; rules with the same triggers share one search.
fn rule_filters(
    levels: &[Option<Severity>],
    role: Role,
    wants_paths: bool,
    searches: &mut Searches,
) -> Vec<Filter> {
    let mut searched: Vec<(&[&str], Filter)> = Vec::new();
    RULES
        .iter()
        .zip(levels)
        .map(|(rule, level)| match rule.check {
            _ if level.is_none() => Filter::Nowhere,
            Check::Node {
                scope, triggers, ..
            } if role.in_scope(scope) => {
                if let Some((_, filter)) = searched.iter().find(|(t, _)| *t == triggers) {
                    return filter.clone();
                }
                let filter = Filter::new(searches, triggers);
                searched.push((triggers, filter.clone()));
                filter
            }
            Check::PathLiteral(_) if wants_paths => Filter::Anywhere,
            _ => Filter::Nowhere,
        })
        .collect()
}

/// The filter of each fact kind this file needs.
fn fact_filters(role: Role, searches: &mut Searches) -> Vec<FactFilter> {
    wanted_facts(role)
        .into_iter()
        .map(|fact| FactFilter {
            kind: fact.kind,
            trigger_in: fact.trigger_in,
            filter: Filter::new(searches, fact.triggers),
        })
        .filter(|fact| !fact.filter.is_empty())
        .collect()
}

/// Where the nodes of one kind that a fact needs may be, in one file.
struct FactFilter {
    kind: SyntaxKind,
    trigger_in: TriggerIn,
    filter: Filter,
}

// `Candidate::Node::rules` has one bit per rule.
const _: () = assert!(RULES.len() <= 64);

/// A node some rule or fact wants to see, found without building the red tree.
enum Candidate {
    PathLiteral(TextRange),
    Node {
        kind: SyntaxKind,
        range: TextRange,
        /// One bit per index into [`RULES`].
        rules: u64,
        fact: bool,
    },
}

/// Walks the green tree (no allocation per node) in document order and returns the nodes a
/// rule or fact wants: of a kind it handles and containing one of its triggers. Red nodes,
/// which cost an allocation each, are then built for these few only.
fn candidates(
    green: &rowan::GreenNodeData,
    dispatch: &Dispatch,
    filters: &[Filter],
    fact_filters: &[FactFilter],
    path_slashes: Option<&[u32]>,
) -> Vec<Candidate> {
    let path_kind = rowan::SyntaxKind(SyntaxKind::NODE_PATH_REL as u16);
    let mut found = Vec::new();
    let wanted = wanted_offsets(dispatch, filters, fact_filters);
    if wanted.as_ref().is_some_and(|offsets| offsets.is_empty()) && path_slashes.is_none() {
        return found;
    }
    let may_matter = |range: TextRange| {
        wanted
            .as_ref()
            .is_none_or(|offsets| contains_offset(offsets, range))
            || path_slashes.is_some_and(|slashes| contains_offset(slashes, range))
    };
    let mut stack = vec![(green, TextSize::from(0))];
    let mut children = Vec::new();
    while let Some((node, start)) = stack.pop() {
        let range = TextRange::at(start, node.text_len());
        let raw = node.kind();
        if raw == path_kind && path_slashes.is_some() {
            found.push(Candidate::PathLiteral(range));
        }
        let head = std::cell::OnceCell::new();
        let trigger_range = |trigger_in| match trigger_in {
            TriggerIn::Node => Some(range),
            TriggerIn::Head => *head.get_or_init(|| head_range(node, start)),
        };
        let mut rules = 0u64;
        for active in dispatch.by_kind.get(raw.0 as usize).into_iter().flatten() {
            let within = trigger_range(active.trigger_in);
            if within.is_some_and(|within| filters[active.index].within(within)) {
                rules |= 1 << active.index;
            }
        }
        let kind = <rnix::NixLanguage as rowan::Language>::kind_from_raw(raw);
        let fact = fact_filters.iter().any(|fact| {
            fact.kind == kind
                && trigger_range(fact.trigger_in).is_some_and(|within| fact.filter.within(within))
        });
        if kind != SyntaxKind::NODE_ROOT && (rules != 0 || fact) {
            found.push(Candidate::Node {
                kind,
                range,
                rules,
                fact,
            });
        }
        let mut offset = start;
        for child in node.children() {
            if let rowan::NodeOrToken::Node(child_node) = child {
                if may_matter(TextRange::at(offset, child_node.text_len())) {
                    children.push((child_node, offset));
                }
            }
            offset += child.text_len();
        }
        stack.extend(children.drain(..).rev());
    }
    found
}

/// The range of a node's first child node: a call's function, a binding's attribute path.
fn head_range(node: &rowan::GreenNodeData, start: TextSize) -> Option<TextRange> {
    let mut offset = start;
    for child in node.children() {
        if let rowan::NodeOrToken::Node(child) = child {
            return Some(TextRange::at(offset, child.text_len()));
        }
        offset += child.text_len();
    }
    None
}

/// The offsets one of which every node a rule or fact wants contains, sorted: the triggers of
/// the rules and facts that look at nodes. `None` when a rule wants every node of its kinds.
fn wanted_offsets(
    dispatch: &Dispatch,
    filters: &[Filter],
    fact_filters: &[FactFilter],
) -> Option<Vec<u32>> {
    let mut offsets = Vec::new();
    let node_rules = dispatch.by_kind.iter().enumerate();
    let node_rules = node_rules.filter(|(kind, _)| *kind != SyntaxKind::NODE_ROOT as usize);
    let rule_filters =
        node_rules.flat_map(|(_, rules)| rules.iter().map(|rule| &filters[rule.index]));
    for filter in rule_filters.chain(fact_filters.iter().map(|fact| &fact.filter)) {
        match filter {
            Filter::Nowhere => {}
            Filter::Anywhere => return None,
            Filter::At(at) => offsets.extend_from_slice(at),
        }
    }
    offsets.sort_unstable();
    offsets.dedup();
    Some(offsets)
}

/// Whether one of the sorted `offsets` lies within `range`.
fn contains_offset(offsets: &[u32], range: TextRange) -> bool {
    let index = offsets.partition_point(|&offset| offset < u32::from(range.start()));
    offsets
        .get(index)
        .is_some_and(|&offset| offset < u32::from(range.end()))
}

/// The red node of `kind` spanning exactly `range`. Candidates come in document order, so the
/// search starts from the previous one (`last`) and climbs only as far as needed: most of the
/// path from the root is shared and is not rebuilt.
fn materialize(last: &mut SyntaxNode, kind: SyntaxKind, range: TextRange) -> Option<SyntaxNode> {
    let mut node = last.clone();
    while !node.text_range().contains_range(range) {
        node = node.parent()?;
    }
    loop {
        if node.kind() == kind && node.text_range() == range {
            *last = node.clone();
            return Some(node);
        }
        match node.child_or_token_at_range(range)? {
            rowan::NodeOrToken::Node(child) => node = child,
            rowan::NodeOrToken::Token(_) => return None,
        }
    }
}

/// Nesting (brackets, braces, parentheses) beyond which a file is not parsed: rnix stops at 512
/// nested expressions, but a list inside a list recurses without that count, and a deep enough
/// file would overflow any stack. Brackets do not bound the tree's depth (`1 + 1 + …` nests
/// without any): code that walks a tree keeps its own stack instead of recursing.
const MAX_NESTING: usize = 2_000;

/// The offset where nesting first exceeds [`MAX_NESTING`], if it does. Brackets inside strings
/// count too; at this limit that does not matter.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    // Counted in chunks of byte-sized counters, which the compiler turns into vector code.
    let openers: usize = bytes
        .chunks(u8::MAX as usize)
        .map(|chunk| {
            let is_opener = |byte: u8| u8::from(matches!(byte, b'(' | b'[' | b'{'));
            usize::from(
                chunk
                    .iter()
                    .fold(0u8, |count, &byte| count + is_opener(byte)),
            )
        })
        .sum();
    if openers <= MAX_NESTING {
        return None; // Cannot nest deeper than the number of openers.
    }
    let mut closers = memchr::memchr3_iter(b')', b']', b'}', bytes).peekable();
    let mut depth = 0usize;
    for opener in memchr::memchr3_iter(b'(', b'[', b'{', bytes) {
        while closers.next_if(|&closer| closer < opener).is_some() {
            depth = depth.saturating_sub(1);
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Some(opener);
        }
    }
    None
}

fn too_deep_outcome(
    levels: &[Option<Severity>],
    offset: usize,
    relative: &str,
    path: Option<&Path>,
    lines: LineIndex,
) -> FileOutcome {
    let mut sink = Sink::new();
    if let Some(severity) = severity_of(levels, "syntax") {
        sink.rule = "syntax";
        sink.severity = severity;
        sink.report(
            TextRange::empty(TextSize::from(offset as u32)),
            format!("the expression nests too deeply to parse (more than {MAX_NESTING} levels)"),
            "split the expression; no other rule ran on this file",
        );
    }
    FileOutcome {
        findings: sink.findings,
        facts: FileFacts {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            relative: relative.to_owned(),
            ..FileFacts::default()
        },
        suppressions: Vec::new(),
        lines,
    }
}

fn report_parse_errors(
    sink: &mut Sink,
    severity: Severity,
    text: &str,
    errors: &[rnix::ParseError],
) {
    use rnix::ParseError as E;
    sink.rule = "syntax";
    sink.severity = severity;
    let end = TextRange::empty(TextSize::of(text));
    let mut seen = Vec::new();
    for error in errors {
        let (range, message) = match error {
            E::Unexpected(range) => (*range, "unexpected input".to_owned()),
            E::UnexpectedExtra(range) => {
                (*range, "unexpected input after the expression".to_owned())
            }
            E::UnexpectedWanted(got, range, wanted) => (
                *range,
                format!(
                    "unexpected {}, expected {}",
                    kind_name(*got),
                    kinds_list(wanted)
                ),
            ),
            E::UnexpectedDoubleBind(range) => (*range, "the pattern is bound twice".to_owned()),
            E::UnexpectedEOF => (end, "unexpected end of file".to_owned()),
            E::UnexpectedEOFWanted(wanted) => (
                end,
                format!("unexpected end of file, expected {}", kinds_list(wanted)),
            ),
            E::DuplicatedArgs(range, name) => {
                (*range, format!("argument `{name}` is declared twice"))
            }
            E::RecursionLimitExceeded => (
                TextRange::empty(0.into()),
                "the expression nests too deeply to parse (more than 512 levels)".to_owned(),
            ),
            other => (end, other.to_string()),
        };
        if seen.contains(&range) {
            continue;
        }
        seen.push(range);
        sink.report(
            range,
            message,
            "the file does not parse; `nix-instantiate --parse FILE` shows Nix's own view",
        );
    }
}

fn kind_name(kind: SyntaxKind) -> String {
    let name = format!("{kind:?}");
    let name = name
        .trim_start_matches("TOKEN_")
        .trim_start_matches("NODE_");
    name.to_lowercase().replace('_', " ")
}

fn kinds_list(kinds: &[SyntaxKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|&kind| kind_name(kind)).collect();
    match names.len() {
        0 => "something else".to_owned(),
        1 => names[0].clone(),
        _ => format!("one of: {}", names.join(", ")),
    }
}

/// Lints every `.nix` file under `paths` (files are taken as given).
pub fn check(paths: &[PathBuf], settings: &Settings) -> Outcome {
    let mut outcome = Outcome::default();
    let root = absolute(&settings.root);
    let dispatch = Dispatch::new(&settings.config, records_facts(&root));
    let cwd = std::env::current_dir()
        .map(|dir| absolute(&dir))
        .unwrap_or_default();
    let lint = |file: &PathBuf| lint_file(&dispatch, file, &root, &cwd, &settings.config);
    let single_dir = match paths {
        [path] => Some(absolute(path)).filter(|path| path.is_dir()),
        _ => None,
    };
    let results: Vec<Result<FileResult, Error>> = match (pool(), single_dir) {
        // One folder: lint the files while the walk is still finding more.
        (Some(pool), Some(dir)) => {
            let (results, files) =
                lint_while_walking(pool, &dir, &root, settings, &lint, &mut outcome.errors);
            outcome.files = files;
            results
        }
        (pool, _) => {
            let files = collect_files(paths, &root, &settings.config, &mut outcome.errors);
            outcome.files = files.len();
            // Small chunks keep both threads busy: without a cap, rayon splits the sorted list
            // into a few large pieces, and a piece of big files leaves the other thread idle.
            match pool {
                Some(pool) => pool.install(|| files.par_iter().with_max_len(4).map(lint).collect()),
                None => files.iter().map(lint).collect(),
            }
        }
    };
    let mut facts = Vec::new();
    let mut suppressions: HashMap<String, (String, Vec<Suppression>)> = HashMap::new();
    for result in results {
        match result {
            Ok(file) => {
                outcome.findings.extend(file.findings);
                if !file.suppressions.is_empty() {
                    let key = file.facts.display.clone();
                    suppressions.insert(key, (file.facts.relative.clone(), file.suppressions));
                }
                facts.push(file.facts);
            }
            Err(error) => outcome.errors.push(error),
        }
    }
    outcome
        .findings
        .extend(run_project_rules(&root, &settings.config, &facts));
    apply_suppressions(&mut outcome.findings, &suppressions, &settings.config);
    outcome
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome
}

/// Walks `dir` on this thread and hands the files, four at a time, to the pool as they are
/// found; returns the results in path order (the walk's order) and the number of files.
fn lint_while_walking(
    pool: &rayon::ThreadPool,
    dir: &Path,
    root: &Path,
    settings: &Settings,
    lint: &(dyn Fn(&PathBuf) -> Result<FileResult, Error> + Sync),
    errors: &mut Vec<Error>,
) -> (Vec<Result<FileResult, Error>>, usize) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut count = 0;
    pool.in_place_scope(|scope| {
        let spawn = |batch: Vec<(usize, PathBuf)>| {
            let sender = sender.clone();
            scope.spawn(move |_| {
                for (index, file) in batch {
                    let _ = sender.send((index, lint(&file)));
                }
            });
        };
        let mut batch = Vec::with_capacity(4);
        let mut on_file = |file| {
            batch.push((count, file));
            count += 1;
            if batch.len() == 4 {
                spawn(std::mem::replace(&mut batch, Vec::with_capacity(4)));
            }
        };
        walk(dir, root, &settings.config, &mut on_file, errors);
        if !batch.is_empty() {
            spawn(batch);
        }
    });
    drop(sender);
    let mut results: Vec<(usize, Result<FileResult, Error>)> = receiver.into_iter().collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    (
        results.into_iter().map(|(_, result)| result).collect(),
        count,
    )
}

/// The parsing threads, created once per process with big stacks.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK_SIZE)
            .thread_name(|index| format!("atpkgs-lint-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

struct FileResult {
    findings: Vec<Finding>,
    facts: FileFacts,
    suppressions: Vec<Suppression>,
}

fn lint_file(
    dispatch: &Dispatch,
    path: &Path,
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<FileResult, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    let relative = relative_to(path, root);
    let display = display_path(path, cwd);
    let (text, utf8_error) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    };
    if let Some(at) = utf8_error {
        let severity = severity_of(&dispatch.levels(config, &relative), "syntax");
        return Ok(invalid_utf8(severity, &text, at, path, relative, display));
    }
    let outcome = lint_with(dispatch, &text, &relative, Some(path), config);
    let findings = place(&outcome.findings, &outcome.lines, &text, &display);
    let mut facts = outcome.facts;
    facts.display = display;
    Ok(FileResult {
        findings,
        facts,
        suppressions: outcome.suppressions,
    })
}

/// A file that is not UTF-8 is not parsed; the finding points at the first bad byte.
fn invalid_utf8(
    severity: Option<Severity>,
    text: &str,
    valid_up_to: usize,
    path: &Path,
    relative: String,
    display: String,
) -> FileResult {
    let mut findings = Vec::new();
    if let Some(severity) = severity {
        let lines = LineIndex::new();
        let offset = TextSize::from(valid_up_to.min(text.len()) as u32);
        let raw = RawFinding {
            rule: "syntax",
            severity,
            range: TextRange::empty(offset),
            message: format!(
                "the file is not valid UTF-8 (first bad byte at offset {valid_up_to})"
            ),
            help: Some("Nix source must be UTF-8; re-encode the file".to_owned()),
        };
        findings = place(&[raw], &lines, text, &display);
    }
    let facts = FileFacts {
        path: path.to_owned(),
        relative,
        display,
        ..FileFacts::default()
    };
    FileResult {
        findings,
        facts,
        suppressions: Vec::new(),
    }
}

/// Turns byte ranges into positions in a named file.
pub fn place(raw: &[RawFinding], lines: &LineIndex, text: &str, display: &str) -> Vec<Finding> {
    raw.iter()
        .map(|finding| Finding {
            rule: finding.rule,
            severity: finding.severity,
            file: display.to_owned(),
            span: lines.span(text, finding.range),
            message: finding.message.clone(),
            help: finding.help.clone(),
        })
        .collect()
}

fn run_project_rules(root: &Path, config: &Config, files: &[FileFacts]) -> Vec<Finding> {
    let project = Project {
        root,
        config,
        files,
    };
    let mut findings = Vec::new();
    for rule in RULES {
        let Check::Project(run) = &rule.check else {
            continue;
        };
        let mut sink = ProjectSink {
            rule,
            config,
            findings: Vec::new(),
        };
        run(&project, &mut sink);
        findings.append(&mut sink.findings);
    }
    findings
}

/// Drops findings covered by a suppression on their line or the line before, and reports
/// suppressions that cover nothing (for rules that are on), so that none outlives its reason.
fn apply_suppressions(
    findings: &mut Vec<Finding>,
    suppressions: &HashMap<String, (String, Vec<Suppression>)>,
    config: &Config,
) {
    let mut used: HashSet<(String, usize, &'static str)> = HashSet::new();
    findings.retain(|finding| {
        let Some((_, list)) = suppressions.get(&finding.file) else {
            return true;
        };
        let line = finding.span.start.line;
        let covering = list.iter().position(|suppression| {
            (suppression.line == line || suppression.line + 1 == line)
                && suppression.rules.iter().any(|rule| rule == finding.rule)
        });
        if let Some(index) = covering {
            used.insert((finding.file.clone(), index, finding.rule));
        }
        covering.is_none()
    });
    let mut unused = Vec::new();
    for (display, (relative, list)) in suppressions {
        let Some(severity) = level_of(config, "suppression", relative) else {
            continue;
        };
        for (index, suppression) in list.iter().enumerate() {
            for rule in &suppression.rules {
                let on = level_of(config, rule, relative).is_some();
                let key = (display.clone(), index, rule_id(rule));
                if on && !used.contains(&key) {
                    unused.push(Finding {
                        rule: "suppression",
                        severity,
                        file: display.clone(),
                        span: suppression.span,
                        message: format!("the suppression of `{rule}` covers no finding"),
                        help: Some("remove it: the code it excused has changed".to_owned()),
                    });
                }
            }
        }
    }
    findings.append(&mut unused);
}

/// The `'static` id of a known rule (suppressions only hold known rules).
fn rule_id(name: &str) -> &'static str {
    crate::rules::find(name).map_or("", |rule| rule.id)
}

fn level_of(config: &Config, id: &str, relative: &str) -> Option<Severity> {
    let rule = crate::rules::find(id)?;
    config.level_for(rule.id, rule.level, relative).severity()
}

/// The `.nix` files under `paths`, sorted, without excluded and skipped ones.
fn collect_files(
    paths: &[PathBuf],
    root: &Path,
    config: &Config,
    errors: &mut Vec<Error>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        let path = absolute(path);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => files.push(path),
            Ok(_) => walk(&path, root, config, &mut |file| files.push(file), errors),
            Err(source) => errors.push(Error::Io { path, source }),
        }
    }
    files.sort();
    files.dedup();
    files
}

fn walk(
    dir: &Path,
    root: &Path,
    config: &Config,
    on_file: &mut dyn FnMut(PathBuf),
    errors: &mut Vec<Error>,
) {
    // Sorted by name, the walk yields the files in path order, so sorting them after is cheap.
    let entries = WalkDir::new(dir)
        .follow_links(false)
        // Entries of one folder share its path, so comparing whole paths orders them by name
        // (and is cheaper than taking each name apart again).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_skipped_dir(entry));
    for entry in entries {
        match entry {
            Ok(entry) => {
                let is_nix = entry.file_type().is_file() && has_nix_extension(entry.path());
                let excluded = || config.is_excluded(&relative_to(entry.path(), root));
                if is_nix && !(config.has_excludes() && excluded()) {
                    on_file(entry.into_path());
                }
            }
            Err(error) => errors.push(Error::Walk {
                path: error.path().unwrap_or(dir).to_owned(),
                message: error.to_string(),
            }),
        }
    }
}

/// `path.extension() == Some("nix")`, without splitting the path into components.
fn has_nix_extension(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.ends_with(b".nix") && !bytes.ends_with(b"/.nix") && bytes != b".nix"
}

fn is_skipped_dir(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir()
        && (SKIPPED_DIRS.contains(&name.as_ref()) || name.starts_with("result"))
}

/// An absolute, lexically normalised path (symlinks are kept as they are).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    crate::project::normalize(&joined)
}

/// `path` relative to `root` with `/` separators (the path itself when outside the root).
pub fn relative_to(path: &Path, root: &Path) -> String {
    if let Some(text) = plain_suffix(path, root) {
        return text.to_owned(); // The common case, without splitting into components.
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    if let Some(text) = relative.to_str().filter(|text| is_plain(text)) {
        return text.to_owned(); // What joining the components would give.
    }
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a relative path's text is already `/`-joined normal components: not empty, no
/// root, no empty or `.` component (which `Path::components` would drop).
fn is_plain(text: &str) -> bool {
    let mut parts = text.as_bytes().split(|&byte| byte == b'/');
    std::path::MAIN_SEPARATOR == '/' && parts.all(|part| !part.is_empty() && part != b".")
}

/// The text of `path` after `root/`, when both are UTF-8 and the rest is plain.
fn plain_suffix<'p>(path: &'p Path, root: &Path) -> Option<&'p str> {
    let rest = path.to_str()?.strip_prefix(root.to_str()?)?;
    rest.strip_prefix('/')
        .filter(|rest| is_plain(rest) && !rest.is_empty())
}

fn display_path(path: &Path, cwd: &Path) -> String {
    if let Some(text) = plain_suffix(path, cwd) {
        return text.to_owned();
    }
    match path.strip_prefix(cwd) {
        Ok(relative) if !relative.as_os_str().is_empty() => relative_to(path, cwd),
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{too_deep, Triggers, MAX_NESTING};

    #[test]
    fn nesting_guard_counts_depth_not_brackets() {
        let nested = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(too_deep(&nested(MAX_NESTING)), None);
        assert_eq!(too_deep(&nested(MAX_NESTING + 1)), Some(MAX_NESTING));
        assert_eq!(too_deep(&"{ a = [ (1) ]; }".repeat(MAX_NESTING)), None);
        // Closers that come first do not make room for more openers.
        let text = format!("{}{}", ")".repeat(10), "(".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep(&text), Some(10 + MAX_NESTING));
    }

    fn offsets_of(text: &str, trigger: &str) -> Vec<u32> {
        let patterns = vec!["atproto", "atproto.com", "Hash", "outputHash", "fetch"];
        let triggers = Triggers::new(patterns);
        let pattern = triggers
            .patterns
            .iter()
            .position(|p| *p == trigger)
            .unwrap();
        triggers.search(text).swap_remove(pattern)
    }

    #[test]
    fn finds_overlapping_and_prefix_triggers() {
        // `atproto` starts where the longer `atproto.com` does; `Hash` sits inside `outputHash`.
        let text = "atproto.com outputHash fetchHash";
        assert_eq!(offsets_of(text, "atproto.com"), [0]);
        assert_eq!(offsets_of(text, "atproto"), [0]);
        assert_eq!(offsets_of(text, "outputHash"), [12]);
        assert_eq!(offsets_of(text, "Hash"), [18, 28]);
        assert_eq!(offsets_of(text, "fetch"), [23]);
    }
}
