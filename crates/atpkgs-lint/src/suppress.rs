//! Inline suppressions: `# atpkgs-lint: allow(RULE): reason` on the line before a finding.

use rnix::{SyntaxKind, SyntaxNode, TextRange, TextSize};

use crate::finding::{LineIndex, Span};

pub const MARKER: &str = "atpkgs-lint:";

/// One well-formed suppression comment.
#[derive(Clone, Debug)]
pub struct Suppression {
    /// The line of the comment; it covers findings on this line and the next.
    pub line: u32,
    pub rules: Vec<String>,
    pub span: Span,
}

/// A comment that mentions the marker but cannot be used.
#[derive(Clone, Debug)]
pub struct BadSuppression {
    pub range: TextRange,
    pub message: String,
}

/// Finds the suppression comments of a file whose text mentions [`MARKER`].
pub fn scan(
    root: &SyntaxNode,
    text: &str,
    lines: &LineIndex,
) -> (Vec<Suppression>, Vec<BadSuppression>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    let comments = root
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| token.kind() == SyntaxKind::TOKEN_COMMENT);
    for comment in comments {
        let Some(at) = comment.text().find(MARKER) else {
            continue;
        };
        let start = comment.text_range().start() + TextSize::from(at as u32);
        let range = TextRange::new(start, comment.text_range().end());
        match parse(&comment.text()[at + MARKER.len()..]) {
            Ok(rules) => good.push(Suppression {
                line: lines.position(text, start.into()).line,
                rules,
                span: lines.span(text, range),
            }),
            Err(message) => bad.push(BadSuppression { range, message }),
        }
    }
    (good, bad)
}

/// Parses ` allow(a, b): reason`, returning the rule ids.
fn parse(rest: &str) -> Result<Vec<String>, String> {
    let rest = rest.trim_start().trim_end_matches("*/").trim_end();
    let Some(inner) = rest.strip_prefix("allow(") else {
        return Err("expected `allow(RULE): reason` after `atpkgs-lint:`".to_owned());
    };
    let Some((list, after)) = inner.split_once(')') else {
        return Err("unclosed `allow(`".to_owned());
    };
    let rules: Vec<String> = list
        .split(',')
        .map(|rule| rule.trim().to_owned())
        .filter(|rule| !rule.is_empty())
        .collect();
    if rules.is_empty() {
        return Err("`allow()` names no rule".to_owned());
    }
    if let Some(unknown) = rules.iter().find(|rule| crate::rules::find(rule).is_none()) {
        return Err(format!("`{unknown}` is not an atpkgs-lint rule"));
    }
    let reason = after.trim_start().strip_prefix(':').unwrap_or("").trim();
    if reason.is_empty() {
        return Err(format!(
            "the suppression of `{}` gives no reason",
            rules.join(", ")
        ));
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_rules_and_requires_a_reason() {
        assert_eq!(
            parse(" allow(endpoint-literal): upstream default").unwrap(),
            ["endpoint-literal"]
        );
        assert_eq!(
            parse(" allow(source-hash, legacy-hash): x").unwrap(),
            ["source-hash", "legacy-hash"]
        );
        assert!(parse(" allow(endpoint-literal)").is_err());
        assert!(parse(" allow(endpoint-literal):   ").is_err());
        assert!(parse(" allow(no-such-rule): reason").is_err());
        assert!(parse(" deny(x)").is_err());
    }
}
