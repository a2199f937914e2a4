//! Nix's rules for defining an attribute twice: nested paths, merged set literals, `inherit`.

use std::borrow::Cow;

use rnix::{SyntaxKind, TextRange};
use rowan::GreenNodeData;
use rustc_hash::FxHashMap;

use super::names::attr_name;
use super::{child_nodes, kind, path_and_value, range, set_literal, Duplicate, Offset, Part};

/// What one attribute set (or `let`) defines, as Nix builds it while parsing: paths create
/// nested sets, and a set literal merges with one defined before.
#[derive(Default)]
struct Tree<'g, O> {
    entries: FxHashMap<Cow<'g, str>, Entry<'g, O>>,
}

struct Entry<'g, O> {
    at: TextRange,
    slot: Slot<'g, O>,
}

enum Slot<'g, O> {
    Value,
    Inherited,
    /// A set literal, looked into only when something merges with it or extends it.
    Literal(&'g GreenNodeData, O),
    Set(Tree<'g, O>),
}

impl<'g, O: Offset> Slot<'g, O> {
    /// The nested set this slot holds, if it is one.
    fn set(&mut self) -> Option<&mut Tree<'g, O>> {
        if let Slot::Literal(node, start) = *self {
            *self = Slot::Set(literal_tree(node, start));
        }
        match self {
            Slot::Set(tree) => Some(tree),
            _ => None,
        }
    }
}

impl<'g, O: Offset> Tree<'g, O> {
    /// Adds `path = value`; a conflict is reported into `report` when given (a set literal's
    /// own conflicts are reported where the walk meets the literal, not by whoever merges it).
    fn insert(
        &mut self,
        path: &[Part<'g>],
        literal: Option<(&'g GreenNodeData, O)>,
        at: TextRange,
        mut report: Option<&mut Vec<Duplicate>>,
    ) {
        let mut tree = self;
        let mut walked: Vec<&str> = Vec::new();
        let Some((last, intermediate)) = path.split_last() else {
            return;
        };
        for part in intermediate {
            let Part::Static(name, _) = part else { return };
            walked.push(name);
            let entry = tree.entries.entry(name.clone()).or_insert_with(|| Entry {
                at,
                slot: Slot::Set(Tree::default()),
            });
            match entry.slot.set() {
                Some(nested) => tree = nested,
                None => {
                    let first = entry.at;
                    duplicate(&mut report, path_text(path), at, first);
                    return;
                }
            }
        }
        let Part::Static(name, _) = last else { return };
        let Some(entry) = tree.entries.get_mut(name.as_ref()) else {
            let slot = literal.map_or(Slot::Value, |(node, start)| Slot::Literal(node, start));
            tree.entries.insert(name.clone(), Entry { at, slot });
            return;
        };
        let first = entry.at;
        let (Some(existing), Some((node, start))) = (entry.slot.set(), literal) else {
            duplicate(&mut report, path_text(path), at, first);
            return;
        };
        for (inner, entry) in literal_tree(node, start).entries {
            if let Some(before) = existing.entries.get(&inner) {
                let name = format!("{}.{inner}", path_text(path));
                duplicate(&mut report, name, entry.at, before.at);
            } else {
                existing.entries.insert(inner, entry);
            }
        }
    }

    fn inherit(
        &mut self,
        name: Cow<'g, str>,
        at: TextRange,
        mut report: Option<&mut Vec<Duplicate>>,
    ) {
        if let Some(before) = self.entries.get(name.as_ref()) {
            let first = before.at;
            duplicate(&mut report, name.into_owned(), at, first);
        } else {
            self.entries.insert(
                name,
                Entry {
                    at,
                    slot: Slot::Inherited,
                },
            );
        }
    }
}

/// The tree a set literal defines (its own conflicts are reported when the walk meets it).
fn literal_tree<O: Offset>(node: &GreenNodeData, start: O) -> Tree<'_, O> {
    tree_of(node, start, None)
}

/// Reports the attributes a set or `let` defines twice.
pub(super) fn report_duplicates<O: Offset>(
    node: &GreenNodeData,
    start: O,
    report: &mut Vec<Duplicate>,
) {
    tree_of(node, start, Some(report));
}

fn tree_of<'g, O: Offset>(
    node: &'g GreenNodeData,
    start: O,
    mut report: Option<&mut Vec<Duplicate>>,
) -> Tree<'g, O> {
    let mut tree = Tree::default();
    for (child, at) in child_nodes(node, start) {
        match kind(child) {
            SyntaxKind::NODE_ATTRPATH_VALUE => {
                let Some(((path, path_at), value)) = path_and_value(child, at) else {
                    continue;
                };
                let path_parts: Vec<Part> = child_nodes(path, path_at)
                    .map(|(part, part_at)| attr_name(part, part_at))
                    .collect();
                let literal = value.and_then(|(value, value_at)| set_literal(value, value_at));
                tree.insert(
                    &path_parts,
                    literal,
                    range(path, path_at),
                    report.as_deref_mut(),
                );
            }
            SyntaxKind::NODE_INHERIT => {
                for (item, item_at) in child_nodes(child, at) {
                    if let Part::Static(name, name_range) = attr_name(item, item_at) {
                        tree.inherit(name, name_range, report.as_deref_mut());
                    }
                }
            }
            _ => {}
        }
    }
    tree
}

fn path_text(path: &[Part]) -> String {
    path.iter()
        .map(|part| match part {
            Part::Static(name, _) => name.as_ref(),
            Part::Dynamic => "${…}",
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn duplicate(
    report: &mut Option<&mut Vec<Duplicate>>,
    name: String,
    range: TextRange,
    first: TextRange,
) {
    if let Some(report) = report {
        report.push(Duplicate {
            range,
            name,
            first,
            argument: false,
        });
    }
}
