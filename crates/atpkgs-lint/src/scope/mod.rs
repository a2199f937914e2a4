//! The static checks `nix-instantiate --parse` makes beyond the grammar: every variable is
//! bound (by `let`, `rec`, a function's arguments, or a global name; under a `with` any name
//! may be), and no attribute or argument is defined twice, by Nix's rules for nested
//! attribute paths and merged set literals.
//!
//! One walk of the green tree, building no typed nodes, with its own stack (a tree nests
//! without bound). Files with parse errors are not analysed: Nix stops at the first one.

use std::borrow::Cow;

use rnix::{NixLanguage, SyntaxKind, TextRange, TextSize};
use rowan::{GreenNodeData, GreenTokenData, Language, NodeOrToken};
use rustc_hash::FxHashMap;

mod attrs;
mod globals;
mod grammar;
mod merge;
mod names;
#[cfg(test)]
mod tests;

use crate::syntax::green::{ident_text, kind};
use attrs::report_duplicates;
use names::attr_name;

/// A variable no scope binds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undefined {
    pub range: TextRange,
    pub name: String,
}

/// A name defined a second time in one attribute set, `let` or argument list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The second definition.
    pub range: TextRange,
    /// The attribute path (`a.b`) or argument name.
    pub name: String,
    pub first: TextRange,
    pub argument: bool,
}

#[derive(Debug, Default)]
pub struct Analysis {
    pub undefined: Vec<Undefined>,
    pub duplicates: Vec<Duplicate>,
    /// The pipe operators (`|>`, `<|`), which Nix 2.8 does not parse.
    pub pipes: Vec<TextRange>,
    /// Other constructs rnix accepts and Nix 2.8's parser rejects, with Nix's reason.
    pub grammar: Vec<(TextRange, &'static str)>,
}

/// Where a node starts: tracked (`TextSize`) when findings are to be placed, or not at all
/// (`()`): the first walk only has to learn whether there are any, and most files have none.
trait Offset: Copy + Default {
    fn after(self, len: TextSize) -> Self;
    fn range(self, len: TextSize) -> TextRange;
}

impl Offset for TextSize {
    fn after(self, len: TextSize) -> Self {
        self + len
    }

    fn range(self, len: TextSize) -> TextRange {
        TextRange::at(self, len)
    }
}

impl Offset for () {
    fn after(self, _: TextSize) -> Self {}

    fn range(self, _: TextSize) -> TextRange {
        TextRange::default()
    }
}

impl Analysis {
    fn is_empty(&self) -> bool {
        self.undefined.is_empty()
            && self.duplicates.is_empty()
            && self.pipes.is_empty()
            && self.grammar.is_empty()
    }
}

/// Analyses a file (its tree and text) that parsed without errors.
pub fn analyze(root: &GreenNodeData, text: &str) -> Analysis {
    // Operators are tokens, which the walk otherwise need not look at: only a file that
    // spells a pipe (`|>`, `<|`) can hold one.
    let bytes = text.as_bytes();
    let pipes = memchr::memchr_iter(b'|', bytes)
        .any(|at| bytes.get(at + 1) == Some(&b'>') || (at > 0 && bytes[at - 1] == b'<'));
    let found = walk(root, (), pipes);
    if found.is_empty() {
        return found;
    }
    walk(root, TextSize::from(0), pipes)
}

fn walk<O: Offset>(root: &GreenNodeData, start: O, pipes: bool) -> Analysis {
    // Room for a typical file's scopes from the start, in blocks small enough (at most 1 KiB)
    // for the allocator's per-thread cache: larger ones take its slow path for every file.
    let mut walk = Walk {
        tasks: Vec::with_capacity(32),
        bound: FxHashMap::with_capacity_and_hasher(14, Default::default()),
        names: Vec::with_capacity(32),
        pipes,
        ..Walk::default()
    };
    walk.tasks.push(Task::Expr(root, start));
    while let Some(task) = walk.tasks.pop() {
        match task {
            Task::Expr(node, start) => walk.expr(node, start),
            Task::Merged(set) => walk.enter_merged(*set),
            Task::Unbind(count) => walk.unbind(count),
            Task::EnterWith => walk.withs += 1,
            Task::LeaveWith => walk.withs -= 1,
        }
    }
    // The stack visits children last to first: report in the file's order.
    walk.analysis
        .undefined
        .sort_by_key(|undefined| undefined.range.start());
    walk.analysis
        .duplicates
        .sort_by_key(|duplicate| duplicate.range.start());
    walk.analysis.pipes.sort_by_key(|range| range.start());
    walk.analysis
        .grammar
        .sort_by_key(|(range, _)| range.start());
    walk.analysis
}

type Child<'g> = NodeOrToken<&'g GreenNodeData, &'g GreenTokenData>;

/// A node's children with their start offsets.
fn children<O: Offset>(node: &GreenNodeData, start: O) -> impl Iterator<Item = (Child<'_>, O)> {
    let mut offset = start;
    node.children().map(move |child| {
        let at = offset;
        offset = offset.after(child.text_len());
        (child, at)
    })
}

fn child_nodes<O: Offset>(
    node: &GreenNodeData,
    start: O,
) -> impl Iterator<Item = (&GreenNodeData, O)> {
    children(node, start).filter_map(|(child, at)| child.into_node().map(|node| (node, at)))
}

/// A node and where it starts.
type At<'g, O> = (&'g GreenNodeData, O);

/// A binding's (`NODE_ATTRPATH_VALUE`) attribute path and, unless the parser recovered it
/// without one, its value.
fn path_and_value<O: Offset>(
    binding: &GreenNodeData,
    start: O,
) -> Option<(At<'_, O>, Option<At<'_, O>>)> {
    let mut parts = child_nodes(binding, start);
    let path = parts.next()?;
    Some((path, parts.next()))
}

fn is_pipe(token: &GreenTokenData) -> bool {
    matches!(
        NixLanguage::kind_from_raw(token.kind()),
        SyntaxKind::TOKEN_PIPE_LEFT | SyntaxKind::TOKEN_PIPE_RIGHT
    )
}

/// A literal, or a string or path without interpolation.
fn is_constant(node: &GreenNodeData) -> bool {
    match kind(node) {
        SyntaxKind::NODE_LITERAL => true,
        SyntaxKind::NODE_STRING
        | SyntaxKind::NODE_PATH_ABS
        | SyntaxKind::NODE_PATH_REL
        | SyntaxKind::NODE_PATH_HOME
        | SyntaxKind::NODE_PATH_SEARCH => node.children().all(|child| child.as_node().is_none()),
        _ => false,
    }
}

/// Whether a set starts with `rec`.
fn is_recursive(set: &GreenNodeData) -> bool {
    let mut tokens = set.children().filter_map(NodeOrToken::into_token);
    let first = tokens.find(|token| !NixLanguage::kind_from_raw(token.kind()).is_trivia());
    first.is_some_and(|token| NixLanguage::kind_from_raw(token.kind()) == SyntaxKind::TOKEN_REC)
}

fn range<O: Offset>(node: &GreenNodeData, start: O) -> TextRange {
    start.range(node.text_len())
}

enum Task<'g, O> {
    Expr(&'g GreenNodeData, O),
    /// A set that merged literals make, walked as one scope.
    Merged(Box<merge::Set<'g, O>>),
    Unbind(usize),
    EnterWith,
    LeaveWith,
}

#[derive(Default)]
struct Walk<'g, O> {
    tasks: Vec<Task<'g, O>>,
    /// How many enclosing scopes bind each name.
    bound: FxHashMap<Cow<'g, str>, u32>,
    /// The names bound, innermost last, for unbinding.
    names: Vec<Cow<'g, str>>,
    withs: u32,
    /// Whether the file may hold a pipe operator (whose tokens are then looked at).
    pipes: bool,
    /// The names one set or argument list defines (reused, to spare an allocation per node).
    keys: Vec<Cow<'g, str>>,
    analysis: Analysis,
}

/// One part of an attribute path: a name known before evaluation, or a computed one.
enum Part<'g> {
    Static(Cow<'g, str>, TextRange),
    Dynamic,
}

impl<'g, O: Offset> Walk<'g, O> {
    fn bind(&mut self, names: impl IntoIterator<Item = Cow<'g, str>>) -> usize {
        let before = self.names.len();
        for name in names {
            *self.bound.entry(name.clone()).or_default() += 1;
            self.names.push(name);
        }
        self.names.len() - before
    }

    fn unbind(&mut self, count: usize) {
        let start = self.names.len() - count;
        for name in self.names.drain(start..) {
            if let Some(times) = self.bound.get_mut(name.as_ref()) {
                *times -= 1;
                if *times == 0 {
                    self.bound.remove(name.as_ref());
                }
            }
        }
    }

    fn variable(&mut self, node: &'g GreenNodeData, start: O) {
        self.variable_named(ident_text(node), range(node, start));
    }

    fn variable_named(&mut self, name: &str, range: TextRange) {
        if self.withs == 0 && !self.bound.contains_key(name) && !globals::is_global(name) {
            self.analysis.undefined.push(Undefined {
                range,
                name: name.to_owned(),
            });
        }
    }

    /// Walks `node` later, unless it cannot hold a variable (a literal, a string or path
    /// without interpolation: most of a data-heavy file).
    fn later(&mut self, node: &'g GreenNodeData, start: O) {
        if !is_constant(node) {
            self.tasks.push(Task::Expr(node, start));
        } else if let Some(reason) = grammar::constant(node) {
            self.analysis.grammar.push((range(node, start), reason));
        }
    }

    /// An attribute name Nix 2.8's grammar does not allow (`''a'' = 1;`).
    fn check_name(&mut self, part: &'g GreenNodeData, start: O) {
        if let Some(reason) = grammar::attribute_name(part) {
            self.analysis.grammar.push((range(part, start), reason));
        }
    }

    fn expr(&mut self, node: &'g GreenNodeData, start: O) {
        match kind(node) {
            SyntaxKind::NODE_IDENT => self.variable(node, start),
            SyntaxKind::NODE_LAMBDA => self.lambda(node, start),
            SyntaxKind::NODE_LET_IN | SyntaxKind::NODE_LEGACY_LET => {
                self.bindings(node, start, true)
            }
            SyntaxKind::NODE_ATTR_SET => {
                let recursive = is_recursive(node);
                self.bindings(node, start, recursive);
            }
            SyntaxKind::NODE_BIN_OP if self.pipes => {
                for (child, at) in children(node, start) {
                    match child {
                        NodeOrToken::Node(operand) => self.child(operand, at),
                        NodeOrToken::Token(token) if is_pipe(token) => {
                            self.analysis.pipes.push(at.range(token.text_len()));
                        }
                        NodeOrToken::Token(_) => {}
                    }
                }
            }
            SyntaxKind::NODE_WITH => {
                let mut parts = child_nodes(node, start);
                let (Some((namespace, at)), Some((body, body_at))) = (parts.next(), parts.next())
                else {
                    return;
                };
                self.tasks.push(Task::LeaveWith);
                self.later(body, body_at);
                self.tasks.push(Task::EnterWith);
                self.later(namespace, at);
            }
            // The expression, the attribute path's computed parts, and `or`'s default.
            SyntaxKind::NODE_SELECT | SyntaxKind::NODE_HAS_ATTR => {
                for (child, at) in child_nodes(node, start) {
                    if kind(child) == SyntaxKind::NODE_ATTRPATH {
                        self.computed_names(child, at);
                    } else {
                        self.child(child, at);
                    }
                }
            }
            _ => {
                // Walked in the file's order, the order the parser allocated the nodes in.
                let first = self.tasks.len();
                for (child, at) in child_nodes(node, start) {
                    self.child(child, at);
                }
                self.tasks[first..].reverse();
            }
        }
    }

    /// A child expression whose scope is its parent's: a variable is checked at once (the
    /// scope is the same now as when its task would run), a literal has nothing to check,
    /// anything else is walked later.
    fn child(&mut self, node: &'g GreenNodeData, start: O) {
        match kind(node) {
            SyntaxKind::NODE_IDENT => self.variable(node, start),
            _ => self.later(node, start),
        }
    }

    /// The expressions inside an attribute path: `${…}` parts and interpolated strings.
    fn computed_names(&mut self, path: &'g GreenNodeData, start: O) {
        for (part, at) in child_nodes(path, start) {
            self.later_if_computed(part, at);
        }
    }

    /// Checks a part of an attribute path whose name does not matter (all but the first of a
    /// binding's, every one of a selection's) and walks it later if it is computed.
    fn later_if_computed(&mut self, part: &'g GreenNodeData, start: O) {
        if kind(part) == SyntaxKind::NODE_IDENT {
            return; // The usual case, told apart without reading the name.
        }
        self.check_name(part, start);
        if let Part::Dynamic = attr_name(part, start) {
            self.later(part, start);
        }
    }

    fn lambda(&mut self, node: &'g GreenNodeData, start: O) {
        let mut parts = child_nodes(node, start);
        let Some((parameter, parameter_at)) = parts.next() else {
            return;
        };
        let pattern = kind(parameter) == SyntaxKind::NODE_PATTERN;
        let mut formals = std::mem::take(&mut self.keys);
        formals.clear();
        for (part, at) in child_nodes(parameter, parameter_at) {
            let ident = if pattern {
                child_nodes(part, at).next()
            } else {
                Some((part, at))
            };
            if let Some((ident, ident_at)) =
                ident.filter(|(ident, _)| kind(ident) == SyntaxKind::NODE_IDENT)
            {
                let name = ident_text(ident);
                if formals.iter().any(|other| other == name) {
                    self.duplicate_argument(parameter, parameter_at, name, range(ident, ident_at));
                }
                formals.push(Cow::Borrowed(name));
            }
        }
        let count = self.bind_keys(&formals);
        self.keys = formals;
        self.tasks.push(Task::Unbind(count));
        for (body, at) in parts {
            self.later(body, at);
        }
        // Default values see every argument.
        if pattern {
            for (entry, at) in child_nodes(parameter, parameter_at) {
                if kind(entry) == SyntaxKind::NODE_PAT_ENTRY {
                    for (default, default_at) in child_nodes(entry, at).skip(1) {
                        self.later(default, default_at);
                    }
                }
            }
        }
    }

    /// Reports an argument named twice, pointing at its first mention.
    fn duplicate_argument(
        &mut self,
        parameter: &'g GreenNodeData,
        start: O,
        name: &str,
        at: TextRange,
    ) {
        let first = child_nodes(parameter, start)
            .flat_map(|(part, part_at)| {
                std::iter::once((part, part_at)).chain(child_nodes(part, part_at))
            })
            .find(|(ident, _)| kind(ident) == SyntaxKind::NODE_IDENT && ident_text(ident) == name)
            .map_or(at, |(ident, ident_at)| range(ident, ident_at));
        self.analysis.duplicates.push(Duplicate {
            range: at,
            name: name.to_owned(),
            first,
            argument: true,
        });
    }

    /// Binds a set's or `let`'s names (a string binds what it spells: `"\a"` binds `a`).
    fn bind_keys(&mut self, keys: &[Cow<'g, str>]) -> usize {
        self.bind(keys.iter().cloned())
    }

    /// `let`, `rec { }` and `{ }`: their names are checked for duplicates; in a `let` or
    /// `rec` set they are in scope for the values and the body.
    fn bindings(&mut self, node: &'g GreenNodeData, start: O, recursive: bool) {
        let in_set = kind(node) == SyntaxKind::NODE_ATTR_SET;
        let mut keys = std::mem::take(&mut self.keys);
        keys.clear();
        // The expressions go straight onto the task stack (reversed below, so that they run
        // in the file's order), above the task that unbinds a recursive set's names.
        let unbind_at = self.tasks.len();
        if recursive {
            self.tasks.push(Task::Unbind(0));
        }
        let first_expression = self.tasks.len();
        for (child, at) in child_nodes(node, start) {
            match kind(child) {
                SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let Some(((path, path_at), value)) = path_and_value(child, at) else {
                        continue;
                    };
                    let mut path_parts = child_nodes(path, path_at);
                    if let Some((part, part_at)) = path_parts.next() {
                        self.check_name(part, part_at);
                        match attr_name(part, part_at) {
                            Part::Static(name, _) => keys.push(name),
                            Part::Dynamic if !in_set => {
                                self.analysis.grammar.push((
                                    range(part, part_at),
                                    "dynamic attributes not allowed in let",
                                ));
                                self.later(part, part_at);
                            }
                            Part::Dynamic => self.later(part, part_at),
                        }
                    }
                    for (part, part_at) in path_parts {
                        self.later_if_computed(part, part_at);
                    }
                    if let Some((value, value_at)) = value {
                        self.later(value, value_at);
                    }
                }
                SyntaxKind::NODE_INHERIT => {
                    let from = has_from(child);
                    for (item, item_at) in child_nodes(child, at) {
                        if kind(item) == SyntaxKind::NODE_INHERIT_FROM {
                            for (source, source_at) in child_nodes(item, item_at) {
                                self.later(source, source_at);
                            }
                        } else if let Part::Static(name, name_range) = {
                            self.check_name(item, item_at);
                            attr_name(item, item_at)
                        } {
                            if !from {
                                // `inherit a;` (or `inherit "a";`) takes `a` from the scope around.
                                self.variable_named(&name, name_range);
                            }
                            keys.push(name);
                        }
                    }
                }
                // The body of `let … in body`.
                _ => self.later(child, at),
            }
        }
        self.tasks[first_expression..].reverse();
        // Only a name that comes twice can be defined twice (even by nested paths or merged
        // literals): most sets need no closer look.
        if has_repeats(&mut keys) {
            report_duplicates(node, start, &mut self.analysis.duplicates);
            if merge::merges_a_literal(node, &keys) {
                // Walked again as Nix 2.8 merges it: the values as the loop above queued them
                // would be scoped by their own literals.
                self.tasks.truncate(first_expression);
                self.merged_bindings(node, start);
            }
        }
        // The values, computed names and `inherit (from)` sources of a `let` or `rec` set see
        // its names; a plain set's see the scope around.
        if recursive {
            self.tasks[unbind_at] = Task::Unbind(self.bind_keys(&keys));
        }
        self.keys = keys;
    }
}

/// Whether a name occurs twice (sorts the names of a large set).
fn has_repeats(names: &mut [Cow<'_, str>]) -> bool {
    if names.len() <= 16 {
        // Most sets are small: comparing each pair costs less than sorting.
        return (1..names.len()).any(|i| names[..i].contains(&names[i]));
    }
    names.sort_unstable();
    names.windows(2).any(|pair| pair[0] == pair[1])
}

fn has_from(inherit: &GreenNodeData) -> bool {
    inherit.children().any(|child| {
        child
            .as_node()
            .is_some_and(|node| kind(node) == SyntaxKind::NODE_INHERIT_FROM)
    })
}

/// The attribute set literal a binding's value is, through parentheses.
fn set_literal<O: Offset>(value: &GreenNodeData, start: O) -> Option<(&GreenNodeData, O)> {
    match kind(value) {
        SyntaxKind::NODE_ATTR_SET => Some((value, start)),
        SyntaxKind::NODE_PAREN => child_nodes(value, start)
            .next()
            .and_then(|(inner, at)| set_literal(inner, at)),
        _ => None,
    }
}
