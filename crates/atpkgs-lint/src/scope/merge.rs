//! Set literals that Nix 2.8's parser merges, scoped as it scopes them.
//!
//! Where a set defines a name twice, a later `a = { … };` or `a.b = …;` goes into the set the
//! first definition made: the merged bindings are then scoped by *that* set (its `rec`, its
//! names, the merged ones included), a later literal's own `rec` counts for nothing, and its
//! computed names (`${…} = …`) are dropped unread. Each set such a merge touches becomes a
//! [`Set`], walked as one scope.

use std::borrow::Cow;

use rnix::{SyntaxKind, TextRange};
use rowan::GreenNodeData;

use super::attrs::report_duplicates;
use super::names::attr_name;
use super::{child_nodes, has_from, has_repeats, is_recursive, kind, path_and_value, set_literal};
use super::{Offset, Part, Task, Walk};

/// One set as the parser leaves it after merging.
pub(super) struct Set<'g, O> {
    recursive: bool,
    /// The names it defines, bound in its own expressions when it is recursive.
    names: Vec<Cow<'g, str>>,
    /// `inherit x;`: variables read in the scope around the set.
    inherited: Vec<(Cow<'g, str>, TextRange)>,
    /// What is read in its scope: values, computed names, `inherit (…)` sources (`None`: a
    /// literal value that became a nested set).
    exprs: Vec<Option<(&'g GreenNodeData, O)>>,
    /// The computed names (and their values) of literals merged into it, which Nix 2.8 never
    /// reads: walked with every name in scope, for the grammar alone.
    dropped: Vec<(&'g GreenNodeData, O)>,
    entries: Vec<(Cow<'g, str>, Entry<'g, O>)>,
}

enum Entry<'g, O> {
    Value,
    /// A set literal, walked as any value until something merges into it (its index in
    /// `exprs`).
    Literal(&'g GreenNodeData, O, usize),
    Set(Set<'g, O>),
}

/// A binding's attribute path and value, as the walk reads them.
type Binding<'g, O> = (Vec<(&'g GreenNodeData, O)>, Option<(&'g GreenNodeData, O)>);

impl<'g, O> Set<'g, O> {
    fn new(recursive: bool) -> Self {
        Self {
            recursive,
            names: Vec::new(),
            inherited: Vec::new(),
            exprs: Vec::new(),
            dropped: Vec::new(),
            entries: Vec::new(),
        }
    }
}

/// Whether a set's repeated names include one bound to a set literal: only then can a
/// merge change what is in scope (paths alone make sets without names of their own).
pub(super) fn merges_a_literal(set: &GreenNodeData, keys: &[Cow<'_, str>]) -> bool {
    let repeated = |name: &str| keys.iter().filter(|key| *key == name).count() > 1;
    child_nodes(set, ()).any(|(child, _)| {
        let Some(((path, _), Some((value, _)))) = path_and_value(child, ()) else {
            return false;
        };
        let first = child_nodes(path, ())
            .next()
            .map(|(part, _)| attr_name(part, ()));
        kind(child) == SyntaxKind::NODE_ATTRPATH_VALUE
            && matches!(first, Some(Part::Static(name, _)) if repeated(&name))
            && set_literal(value, ()).is_some()
    })
}

impl<'g, O: Offset> Walk<'g, O> {
    /// Walks what a set or `let` with a merging name holds (its own names, `inherit`s,
    /// grammar and duplicates are the caller's): the expressions go on the task stack, each
    /// merged set as one [`Task::Merged`].
    pub(super) fn merged_bindings(&mut self, node: &'g GreenNodeData, start: O) {
        let mut set = Set::new(false);
        self.add_bindings(&mut set, node, start, false);
        set.inherited.clear(); // Read by the caller already.
        self.push_set(set);
    }

    /// Enters a merged set: its `inherit`s are read in the scope around it, its names bound
    /// for its expressions when it is recursive.
    pub(super) fn enter_merged(&mut self, set: Set<'g, O>) {
        for (name, range) in &set.inherited {
            self.variable_named(name, *range);
        }
        if set.recursive {
            let count = self.bind(set.names.iter().cloned());
            self.tasks.push(Task::Unbind(count));
        }
        self.push_set(set);
    }

    fn push_set(&mut self, set: Set<'g, O>) {
        let first = self.tasks.len();
        for (node, start) in set.exprs.into_iter().flatten() {
            self.later(node, start);
        }
        for (_, entry) in set.entries {
            if let Entry::Set(nested) = entry {
                self.tasks.push(Task::Merged(Box::new(nested)));
            }
        }
        if !set.dropped.is_empty() {
            self.tasks.push(Task::EnterWith);
            for (node, start) in set.dropped {
                self.later(node, start);
            }
            self.tasks.push(Task::LeaveWith);
        }
        self.tasks[first..].reverse();
    }

    /// Adds a set literal's or `let`'s bindings to `set`; `merged` when the literal is merged
    /// into another (its computed names are dropped).
    fn add_bindings(
        &mut self,
        set: &mut Set<'g, O>,
        node: &'g GreenNodeData,
        start: O,
        merged: bool,
    ) {
        for (child, at) in child_nodes(node, start) {
            match kind(child) {
                SyntaxKind::NODE_ATTRPATH_VALUE => {
                    let Some(((path, path_at), value)) = path_and_value(child, at) else {
                        continue;
                    };
                    let binding = (child_nodes(path, path_at).collect(), value);
                    self.insert(set, binding, merged);
                }
                SyntaxKind::NODE_INHERIT => {
                    let from = has_from(child);
                    for (item, item_at) in child_nodes(child, at) {
                        if kind(item) == SyntaxKind::NODE_INHERIT_FROM {
                            set.exprs.extend(child_nodes(item, item_at).map(Some));
                        } else if let Part::Static(name, range) = attr_name(item, item_at) {
                            if !from {
                                set.inherited.push((name.clone(), range));
                            }
                            set.names.push(name.clone());
                            set.entries.push((name, Entry::Value));
                        }
                    }
                }
                // The body of `let … in body`.
                _ => set.exprs.push(Some((child, at))),
            }
        }
    }

    /// Adds one binding, as Nix 2.8's `addAttr` does: down the path through the sets made so
    /// far (a loop: a path may be long), merging a literal into a set already there.
    fn insert(
        &mut self,
        mut set: &mut Set<'g, O>,
        (path, value): Binding<'g, O>,
        mut merged: bool,
    ) {
        let literal = value.and_then(|(value, at)| set_literal(value, at));
        let mut path = &path[..];
        loop {
            let Some((&(first, first_at), rest)) = path.split_first() else {
                return;
            };
            let Part::Static(name, _) = attr_name(first, first_at) else {
                // Computed: read in this set's scope (dropped when the literal was merged).
                let computed = path.iter().copied();
                let reads = computed.filter(|(part, _)| kind(part) != SyntaxKind::NODE_IDENT);
                let reads = reads.chain(value);
                if merged {
                    set.dropped.extend(reads);
                } else {
                    set.exprs.extend(reads.map(Some));
                }
                return;
            };
            if !set.names.contains(&name) {
                set.names.push(name.clone());
            }
            let existing = set.entries.iter().position(|(known, _)| *known == name);
            let Some(index) = existing else {
                if rest.is_empty() {
                    let entry = match (literal, value) {
                        (Some((node, at)), Some(value)) => {
                            set.exprs.push(Some(value));
                            Entry::Literal(node, at, set.exprs.len() - 1)
                        }
                        _ => {
                            set.exprs.extend(value.map(Some));
                            Entry::Value
                        }
                    };
                    set.entries.push((name, entry));
                    return;
                }
                set.entries.push((name, Entry::Set(Set::new(false))));
                let Some((_, Entry::Set(nested))) = set.entries.last_mut() else {
                    return;
                };
                (set, path, merged) = (nested, rest, false);
                continue;
            };
            let entry = &mut set.entries[index].1;
            if !self.make_set(entry, &mut set.exprs) {
                // Defined twice (a duplicate, reported elsewhere): read where it stands.
                set.exprs
                    .extend(rest.iter().copied().chain(value).map(Some));
                return;
            }
            let Entry::Set(target) = &mut set.entries[index].1 else {
                return;
            };
            if !rest.is_empty() {
                (set, path, merged) = (target, rest, false);
                continue;
            }
            match literal {
                Some((node, at)) => {
                    self.check_literal(node, at);
                    self.add_bindings(target, node, at, true);
                }
                // A value where a set is (a duplicate): read in that set's scope.
                None => target.exprs.extend(value.map(Some)),
            }
            return;
        }
    }

    /// Makes an entry's literal a set on first need; whether the entry is a set.
    fn make_set(
        &mut self,
        entry: &mut Entry<'g, O>,
        exprs: &mut [Option<(&'g GreenNodeData, O)>],
    ) -> bool {
        if let Entry::Literal(node, at, index) = *entry {
            exprs[index] = None; // Walked as a merged set now, not as a value.
            self.check_literal(node, at);
            let mut nested = Set::new(is_recursive(node));
            self.add_bindings(&mut nested, node, at, false);
            *entry = Entry::Set(nested);
        }
        matches!(entry, Entry::Set(_))
    }

    /// What the walk checks in a literal it meets, for one read as part of a merged set:
    /// its attribute names' grammar and its duplicates.
    fn check_literal(&mut self, node: &'g GreenNodeData, start: O) {
        let mut keys = Vec::new();
        for (child, at) in child_nodes(node, start) {
            let names: Vec<_> = match kind(child) {
                SyntaxKind::NODE_ATTRPATH_VALUE => path_and_value(child, at)
                    .map(|((path, path_at), _)| child_nodes(path, path_at).collect())
                    .unwrap_or_default(),
                SyntaxKind::NODE_INHERIT => child_nodes(child, at)
                    .filter(|(item, _)| kind(item) != SyntaxKind::NODE_INHERIT_FROM)
                    .collect(),
                _ => continue,
            };
            let inherit = kind(child) == SyntaxKind::NODE_INHERIT;
            for (index, (part, part_at)) in names.into_iter().enumerate() {
                self.check_name(part, part_at);
                if let Part::Static(name, _) = attr_name(part, part_at) {
                    // A binding defines its path's first name; `inherit` each of its names.
                    if inherit || index == 0 {
                        keys.push(name);
                    }
                }
            }
        }
        if has_repeats(&mut keys) {
            report_duplicates(node, start, &mut self.analysis.duplicates);
        }
    }
}
