//! The version a bumped package gets when none is given.

/// The version a tag names: the tag from its first digit on (`v1.2.3` → `1.2.3`,
/// `release-2.0` → `2.0`); a tag without digits as it is.
pub fn from_tag(tag: &str) -> String {
    match tag.find(|c: char| c.is_ascii_digit()) {
        Some(start) => tag[start..].to_owned(),
        None => tag.to_owned(),
    }
}

/// The part before `-unstable-YYYY-MM-DD` (`0` of `0-unstable-2025-10-30`).
pub fn unstable_base(version: &str) -> Option<&str> {
    let (base, date) = version.rsplit_once("-unstable-")?;
    is_date(date).then_some(base)
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The version that makes `prefix${version}suffix` the tag `tag`.
pub fn from_template(prefix: &str, suffix: &str, tag: &str) -> Option<String> {
    let prefix = prefix.strip_prefix("refs/tags/").unwrap_or(prefix);
    let version = tag.strip_prefix(prefix)?.strip_suffix(suffix)?;
    (!version.is_empty()).then(|| version.to_owned())
}

/// What is known about a commit that a package is bumped to.
pub struct CommitFacts<'a> {
    /// Committer date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// Version tags on the commit itself, newest first.
    pub tags: &'a [String],
    /// The nearest tag below it.
    pub nearest_tag: Option<&'a str>,
}

/// The version for a commit pin, keeping the package's scheme: an `X-unstable-DATE` version
/// stays one with the commit's date; a release version becomes the commit's tag, or
/// `<nearest tag>-unstable-DATE` when the commit has none (as nixpkgs' unstableGitUpdater).
pub fn for_commit(old: Option<&str>, commit: &CommitFacts) -> String {
    let date = commit.date;
    if let Some(base) = old.and_then(unstable_base) {
        return format!("{base}-unstable-{date}");
    }
    if let Some(tag) = commit.tags.first() {
        return from_tag(tag);
    }
    let base = commit
        .nearest_tag
        .map(from_tag)
        .or_else(|| old.map(str::to_owned))
        .unwrap_or_else(|| "0".into());
    format!("{base}-unstable-{date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(tags: &'a [String], nearest: Option<&'a str>) -> CommitFacts<'a> {
        CommitFacts {
            date: "2026-01-02",
            tags,
            nearest_tag: nearest,
        }
    }

    #[test]
    fn tags_name_versions() {
        assert_eq!(from_tag("v1.2.3"), "1.2.3");
        assert_eq!(from_tag("1.11.0-alpha"), "1.11.0-alpha");
        assert_eq!(from_tag("rsky-pds-v0.1.2"), "0.1.2");
        assert_eq!(from_tag("nightly"), "nightly");
    }

    #[test]
    fn unstable_versions_keep_their_base() {
        assert_eq!(unstable_base("0-unstable-2025-10-30"), Some("0"));
        assert_eq!(unstable_base("1.2-unstable-2025-10-30"), Some("1.2"));
        assert_eq!(unstable_base("0-unstable-2025-1-30"), None);
        assert_eq!(unstable_base("1.0.0"), None);
        let none: [String; 0] = [];
        let tagged = ["v9.0".to_owned()];
        assert_eq!(
            for_commit(Some("0-unstable-2025-10-30"), &facts(&tagged, None)),
            "0-unstable-2026-01-02"
        );
        assert_eq!(for_commit(Some("0.3.2"), &facts(&tagged, None)), "9.0");
        assert_eq!(
            for_commit(Some("0.3.2"), &facts(&none, Some("v0.3.2"))),
            "0.3.2-unstable-2026-01-02"
        );
        assert_eq!(
            for_commit(None, &facts(&none, None)),
            "0-unstable-2026-01-02"
        );
    }

    #[test]
    fn template_tags_give_back_the_version() {
        assert_eq!(from_template("v", "", "v1.3.0"), Some("1.3.0".into()));
        assert_eq!(
            from_template("refs/tags/v", "", "v1.3.0"),
            Some("1.3.0".into())
        );
        assert_eq!(from_template("v", "", "1.3.0"), None);
        assert_eq!(from_template("v", "", "v"), None);
    }
}
