//! The nodes the rules and facts want, found on a walk of the green tree, and their red nodes.

use rnix::{SyntaxKind, SyntaxNode, TextRange, TextSize};

use super::file::Dispatch;
use super::triggers::{FactFilter, Filter};
use crate::rules::{TriggerIn, RULES};

// `Candidate::Node::rules` has one bit per rule.
const _: () = assert!(RULES.len() <= 64);

/// A node some rule or fact wants to see, found without building the red tree.
pub(super) enum Candidate {
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
pub(super) fn candidates(
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
    // Sized for a typical file's tree, so that most files never grow them.
    let mut stack = Vec::with_capacity(64);
    stack.push((green, TextSize::from(0)));
    let mut children = Vec::with_capacity(16);
    found.reserve(32);
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
pub(super) fn head_range(node: &rowan::GreenNodeData, start: TextSize) -> Option<TextRange> {
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
pub(super) fn wanted_offsets(
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
pub(super) fn contains_offset(offsets: &[u32], range: TextRange) -> bool {
    let index = offsets.partition_point(|&offset| offset < u32::from(range.start()));
    offsets
        .get(index)
        .is_some_and(|&offset| offset < u32::from(range.end()))
}

/// The red node of `kind` spanning exactly `range`. Candidates come in document order, so the
/// search starts from the previous one (`last`) and climbs only as far as needed: most of the
/// path from the root is shared and is not rebuilt.
pub(super) fn materialize(
    last: &mut SyntaxNode,
    kind: SyntaxKind,
    range: TextRange,
) -> Option<SyntaxNode> {
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
