//! Reading the parsed lockfile: a mapping's entries, scalars as text, and the whole tree as
//! JSON (for rewriting a lockfile).

use saphyr::{MarkedYaml, Scalar, YamlData};
use serde_json::{Map, Number, Value};

pub type Node<'a> = MarkedYaml<'a>;

/// The text of a scalar: strings as they are, numbers and booleans as written in JSON.
pub fn text(node: &Node) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(float_text(f.into_inner())),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// `6.0` stays `6.0` (a pnpm lockfile version written without quotes).
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.1}")
    } else {
        f.to_string()
    }
}

/// The entries of a mapping (none for anything else), keys as text.
pub fn entries<'n, 'a>(
    node: &'n Node<'a>,
) -> impl Iterator<Item = (String, &'n Node<'a>, &'n Node<'a>)> {
    let mapping = match &node.data {
        YamlData::Mapping(mapping) => Some(mapping),
        _ => None,
    };
    mapping
        .into_iter()
        .flatten()
        .map(|(key, value)| (text(key).unwrap_or_default(), key, value))
}

/// The value of `key` in a mapping.
pub fn get<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    entries(node)
        .find(|(k, _, _)| k == key)
        .map(|(_, _, value)| value)
}

/// The text of `key` in a mapping.
pub fn get_text(node: &Node, key: &str) -> Option<String> {
    get(node, key).and_then(text)
}

/// Whether `key` is `true` in a mapping.
pub fn is_true(node: &Node, key: &str) -> bool {
    matches!(
        get(node, key).map(|v| &v.data),
        Some(YamlData::Value(Scalar::Boolean(true)))
    )
}

/// A sequence of scalars as text (`os: [darwin]`); empty when absent.
pub fn strings(node: &Node, key: &str) -> Vec<String> {
    match get(node, key).map(|v| &v.data) {
        Some(YamlData::Sequence(items)) => items.iter().filter_map(text).collect(),
        _ => Vec::new(),
    }
}

pub fn is_mapping(node: &Node) -> bool {
    matches!(node.data, YamlData::Mapping(_))
}

/// The tree as JSON, scalars typed as YAML 1.2's core schema types them (as pnpm's reader does).
pub fn to_json(node: &Node) -> Value {
    match &node.data {
        YamlData::Value(Scalar::Null) => Value::Null,
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Value::from(*i),
        YamlData::Value(Scalar::FloatingPoint(f)) => {
            Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
        }
        YamlData::Value(Scalar::String(s)) => Value::String(s.to_string()),
        YamlData::Sequence(items) => Value::Array(items.iter().map(to_json).collect()),
        YamlData::Mapping(_) => Value::Object(
            entries(node)
                .map(|(key, _, value)| (key, to_json(value)))
                .collect::<Map<_, _>>(),
        ),
        YamlData::Tagged(_, inner) => to_json(inner),
        YamlData::Representation(raw, _, _) => Value::String(raw.to_string()),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    }
}
