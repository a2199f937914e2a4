//! Which rules can matter in a file: the trigger substrings of the rules and facts of its
//! role, found in one pass over its text.

use rnix::{SyntaxKind, TextRange};

use super::candidates::contains_offset;
use crate::context::Role;
use crate::finding::Severity;
use crate::project::{wanted_facts, WantedFact};
use crate::rules::{Check, TriggerIn, RULES};
use crate::suppress;

/// Where a rule may find something in one file: nowhere (off, out of scope or not
/// triggered), anywhere, or only in nodes that contain one of these trigger offsets.
#[derive(Clone)]
pub(super) enum Filter {
    Nowhere,
    Anywhere,
    At(std::rc::Rc<[u32]>),
}

/// The occurrences of every trigger in one file's text, found in one pass on first use
/// (several rules and facts share triggers such as `mkOption`, `fetch` or `sha256`).
pub(super) struct Searches<'t> {
    pub(super) text: &'t str,
    pub(super) triggers: &'t Triggers,
    /// Offsets per pattern of `triggers`, once searched.
    pub(super) found: Option<Vec<Vec<u32>>>,
}

impl<'t> Searches<'t> {
    pub(super) fn new(text: &'t str, triggers: &'t Triggers) -> Self {
        Self {
            text,
            triggers,
            found: None,
        }
    }

    /// Whether a suppression comment may be in the file.
    pub(super) fn has_marker(&mut self) -> bool {
        !self.offsets(self.triggers.marker).is_empty()
    }

    /// The offsets of one pattern (an index into [`Triggers::patterns`]).
    pub(super) fn offsets(&mut self, pattern: usize) -> &[u32] {
        let (triggers, text) = (self.triggers, self.text);
        &self.found.get_or_insert_with(|| triggers.search(text))[pattern]
    }
}

impl Filter {
    /// The filter of a rule or fact whose triggers are these patterns (none: anywhere).
    pub(super) fn new(searches: &mut Searches, patterns: &[usize]) -> Self {
        if patterns.is_empty() {
            return Filter::Anywhere;
        }
        let mut offsets = Vec::new();
        for &pattern in patterns {
            offsets.extend_from_slice(searches.offsets(pattern));
        }
        if offsets.is_empty() {
            return Filter::Nowhere;
        }
        offsets.sort_unstable();
        Filter::At(offsets.into())
    }

    pub(super) fn is_empty(&self) -> bool {
        matches!(self, Filter::Nowhere)
    }

    /// Whether a trigger starts inside `range` (a node can only matter if it contains one).
    pub(super) fn within(&self, range: TextRange) -> bool {
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
pub(super) const ENGINE_TRIGGERS: &[&str] = &[suppress::MARKER];

/// The offsets of the `/` that may start a relative path literal's second part (`./x`,
/// `a/b`: the first slash, after a run of path characters that no `/` or `:` precedes, which
/// leaves out URLs and the later slashes of a path), or `None` when no `./` occurs: such a
/// file has no path literal worth checking.
pub(super) fn path_slashes(text: &str) -> Option<Vec<u32>> {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"./")?;
    let mut slashes = Vec::with_capacity(64);
    for at in memchr::memchr_iter(b'/', bytes) {
        let run = bytes[..at]
            .iter()
            .rev()
            .take_while(|&&byte| PATH_CHARS[byte as usize])
            .count();
        let before = at - run;
        if run > 0 && (before == 0 || !matches!(bytes[before - 1], b'/' | b':')) {
            slashes.push(at as u32);
        }
    }
    Some(slashes)
}

/// The bytes a path literal's parts are made of (`a-z`, `A-Z`, `0-9`, `._-+`), as a table.
const PATH_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+');
        byte += 1;
    }
    table
};

/// The triggers of the rules and facts that apply to one role, in one automaton: a single
/// pass over a file finds them all (one pass per trigger cost more, and so do triggers the
/// file's rules do not need: each adds false candidates to the search).
pub(super) struct Triggers {
    pub(super) automaton: aho_corasick::AhoCorasick,
    pub(super) patterns: Vec<&'static str>,
    /// For each pattern, the other patterns it starts with: the leftmost-longest search
    /// reports only the longest of the patterns that start at one offset.
    pub(super) prefixes: Vec<Vec<usize>>,
    /// The distinct sets of patterns the rules trigger on (several rules share one, such as
    /// `mkOption`'s): each is made into a filter once per file.
    pub(super) groups: Vec<Box<[usize]>>,
    /// Each rule's set in [`Triggers::groups`], by index into [`RULES`] (`None` for the rules
    /// that look at every node of their kinds, or not at nodes at all).
    pub(super) rules: Vec<Option<usize>>,
    /// The facts files of the role record, with their patterns.
    pub(super) facts: Vec<(WantedFact, Box<[usize]>)>,
    /// The pattern of the suppression marker.
    pub(super) marker: usize,
}

impl Triggers {
    /// For files of `role`: the rules in its scope (those that are on, when `levels` are the
    /// same for every file), the facts when they are recorded, and the engine's own.
    pub(super) fn of(role: Role, levels: Option<&[Option<Severity>]>, facts: bool) -> Self {
        let on = |index: usize| levels.is_none_or(|levels| levels[index].is_some());
        let rules: Vec<&[&str]> = RULES
            .iter()
            .enumerate()
            .map(|(index, rule)| match rule.check {
                Check::Node {
                    scope, triggers, ..
                } if role.in_scope(scope) && on(index) => triggers,
                _ => &[],
            })
            .collect();
        let facts = if facts {
            wanted_facts(role)
        } else {
            Vec::new()
        };
        let fact_triggers = facts.iter().map(|fact| fact.triggers);
        let patterns = rules.iter().copied().chain(fact_triggers);
        let patterns = patterns.chain([ENGINE_TRIGGERS]).flatten();
        let mut triggers = Self::new(patterns.copied().collect());
        for rule in &rules {
            let patterns = triggers.indices(rule);
            let group = (!patterns.is_empty()).then(|| triggers.group(patterns));
            triggers.rules.push(group);
        }
        triggers.facts = facts
            .into_iter()
            .map(|fact| {
                let patterns = triggers.indices(fact.triggers);
                (fact, patterns)
            })
            .collect();
        triggers
    }

    /// The index of a set of patterns in [`Triggers::groups`], added if new.
    fn group(&mut self, patterns: Box<[usize]>) -> usize {
        match self.groups.iter().position(|known| *known == patterns) {
            Some(index) => index,
            None => {
                self.groups.push(patterns);
                self.groups.len() - 1
            }
        }
    }

    /// The pattern index of each of `triggers`.
    fn indices(&self, triggers: &[&str]) -> Box<[usize]> {
        let index = |trigger: &&str| self.patterns.iter().position(|known| known == trigger);
        triggers.iter().filter_map(index).collect()
    }

    pub(super) fn new(mut patterns: Vec<&'static str>) -> Self {
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
        let marker = patterns.iter().position(|known| *known == suppress::MARKER);
        Triggers {
            automaton,
            marker: marker.unwrap_or_default(),
            patterns,
            prefixes,
            groups: Vec::new(),
            rules: Vec::new(),
            facts: Vec::new(),
        }
    }

    /// The offsets of each pattern in `text`, overlaps included: the search restarts one byte
    /// after each hit, so every offset where a pattern starts is visited.
    pub(super) fn search(&self, text: &str) -> Vec<Vec<u32>> {
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

/// Each rule's filter for this file; rules with the same triggers share one.
pub(super) fn rule_filters(
    levels: &[Option<Severity>],
    role: Role,
    wants_paths: bool,
    searches: &mut Searches,
) -> Vec<Filter> {
    let triggers = searches.triggers;
    let groups: Vec<Filter> = triggers
        .groups
        .iter()
        .map(|patterns| Filter::new(searches, patterns))
        .collect();
    RULES
        .iter()
        .zip(levels)
        .zip(&triggers.rules)
        .map(|((rule, level), group)| match rule.check {
            _ if level.is_none() => Filter::Nowhere,
            Check::Node { scope, .. } if role.in_scope(scope) => {
                group.map_or(Filter::Anywhere, |group| groups[group].clone())
            }
            Check::PathLiteral(_) if wants_paths => Filter::Anywhere,
            _ => Filter::Nowhere,
        })
        .collect()
}

/// The filter of each fact kind this file needs.
pub(super) fn fact_filters(searches: &mut Searches) -> Vec<FactFilter> {
    let triggers = searches.triggers;
    triggers
        .facts
        .iter()
        .map(|(fact, patterns)| FactFilter {
            kind: fact.kind,
            trigger_in: fact.trigger_in,
            filter: Filter::new(searches, patterns),
        })
        .filter(|fact| !fact.filter.is_empty())
        .collect()
}

/// Where the nodes of one kind that a fact needs may be, in one file.
pub(super) struct FactFilter {
    pub(super) kind: SyntaxKind,
    pub(super) trigger_in: TriggerIn,
    pub(super) filter: Filter,
}

#[cfg(test)]
mod tests {
    use super::{path_slashes, Triggers};

    #[test]
    fn path_slashes_are_the_first_slash_of_each_relative_path() {
        let text = "[ ./a/b.nix ../c https://host/d/e dir/f x:y/z /abs/g ]";
        let first =
            |literal: &str| (text.find(literal).unwrap() + literal.find('/').unwrap()) as u32;
        let expected = [first("./a"), first("../c"), first("dir/f")];
        assert_eq!(path_slashes(text).as_deref(), Some(&expected[..]));
        assert_eq!(
            path_slashes("https://host/x a/b"),
            None,
            "no `./`: nothing to check"
        );
    }

    pub(super) fn offsets_of(text: &str, trigger: &str) -> Vec<u32> {
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
    pub(super) fn finds_overlapping_and_prefix_triggers() {
        // `atproto` starts where the longer `atproto.com` does; `Hash` sits inside `outputHash`.
        let text = "atproto.com outputHash fetchHash";
        assert_eq!(offsets_of(text, "atproto.com"), [0]);
        assert_eq!(offsets_of(text, "atproto"), [0]);
        assert_eq!(offsets_of(text, "outputHash"), [12]);
        assert_eq!(offsets_of(text, "Hash"), [18, 28]);
        assert_eq!(offsets_of(text, "fetch"), [23]);
    }
}
