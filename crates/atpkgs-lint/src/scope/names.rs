//! Attribute names as Nix compares them: identifiers, strings without interpolation, `${"…"}`.

use rowan::GreenNodeData;

use super::{range, Offset, Part};
use crate::syntax::green;

/// An attribute name: an identifier, a string without interpolation, or `${"…"}`; anything
/// else is computed.
pub(super) fn attr_name<O: Offset>(part: &GreenNodeData, start: O) -> Part<'_> {
    match green::attr_name(part) {
        Some(name) => Part::Static(name, range(part, start)),
        None => Part::Dynamic,
    }
}
