//! Every rule has docs, a bad and a good fixture, and a snapshot of what it reports on the bad
//! ones. Fixtures live in `tests/fixtures/<rule>/`: `bad*.nix`/`good*.nix` files are linted as
//! if they sat where the rule applies (`pkgs/…` or `modules/…`); `bad*/`/`good*/` folders are
//! miniature trees checked as a whole (for the cross-file rules).

use std::path::{Path, PathBuf};

use atpkgs_lint::engine::{self, place};
use atpkgs_lint::output;
use atpkgs_lint::rules::{Check, Rule, Scope, RULES};
use atpkgs_lint::{lint_text, Config, Finding, Settings};
use miette::NamedSource;

fn fixtures(rule: &Rule) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule.id);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| panic!("rule `{}` has no fixture folder {}", rule.id, dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".nix")
        .to_owned()
}

/// Where a single-file fixture pretends to live, so that the rule's scope applies.
fn pretend_relative(rule: &Rule, file: &str) -> String {
    match rule.check {
        Check::Node {
            scope: Scope::Packages,
            ..
        } => format!("pkgs/example/{file}"),
        Check::Node {
            scope: Scope::Modules,
            ..
        } => format!("modules/example/{file}"),
        _ => file.to_owned(),
    }
}

/// The rule's findings on one fixture, rendered as a reviewer reads them.
fn lint_fixture(rule: &Rule, path: &Path) -> (Vec<Finding>, String) {
    let display = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let findings: Vec<Finding> = if path.is_dir() {
        let settings = Settings {
            root: path.to_owned(),
            config: Config::default(),
        };
        let outcome = engine::check(&[path.to_owned()], &settings);
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        outcome
            .findings
            .into_iter()
            .filter(|f| f.rule == rule.id)
            .collect()
    } else {
        let text = std::fs::read_to_string(path).unwrap();
        let relative = pretend_relative(rule, &path.file_name().unwrap().to_string_lossy());
        let outcome = lint_text(&text, &relative, Some(path), &Config::default());
        let raw: Vec<_> = outcome
            .findings
            .into_iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        place(raw, &outcome.lines, &text, &display)
    };
    (findings.clone(), render(&findings))
}

fn render(findings: &[Finding]) -> String {
    let handler = output::handler(false);
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    findings
        .iter()
        .map(|finding| {
            let file = manifest.join(&finding.file);
            let text = std::fs::read_to_string(&file)
                .or_else(|_| std::fs::read_to_string(&finding.file))
                .unwrap_or_default();
            let source = NamedSource::new(&finding.file, text);
            let at = finding.span.start;
            format!(
                "{}:{}:{}\n{}",
                finding.file,
                at.line,
                at.column,
                output::render_one(&handler, finding, &source)
            )
        })
        .collect()
}

#[test]
fn every_rule_has_docs_and_fixtures_that_behave() {
    let mut failures = Vec::new();
    for rule in RULES {
        for text in [rule.summary, rule.explanation, rule.bad, rule.good] {
            assert!(
                !text.trim().is_empty(),
                "rule `{}` lacks documentation",
                rule.id
            );
        }
        let entries = fixtures(rule);
        let bad: Vec<_> = entries
            .iter()
            .filter(|p| name_of(p).starts_with("bad"))
            .collect();
        let good: Vec<_> = entries
            .iter()
            .filter(|p| name_of(p).starts_with("good"))
            .collect();
        assert!(!bad.is_empty(), "rule `{}` has no bad fixture", rule.id);
        assert!(!good.is_empty(), "rule `{}` has no good fixture", rule.id);
        for path in bad {
            let (findings, rendered) = lint_fixture(rule, path);
            if findings.is_empty() {
                failures.push(format!("{}: no `{}` finding", path.display(), rule.id));
            }
            insta::assert_snapshot!(format!("{}__{}", rule.id, name_of(path)), rendered);
        }
        for path in good {
            let (findings, rendered) = lint_fixture(rule, path);
            if !findings.is_empty() {
                failures.push(format!(
                    "{}: unexpected findings\n{rendered}",
                    path.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The examples in the documentation are true: the bad one is reported, the good one is not.
#[test]
fn documented_examples_behave() {
    let mut failures = Vec::new();
    for rule in RULES {
        let Check::Node { .. } = rule.check else {
            continue;
        };
        if rule.id == "path-exists" {
            continue; // Needs a file system around the example.
        }
        let file = if rule.id == "package-naming" {
            "default.nix"
        } else {
            "example.nix"
        };
        let relative = pretend_relative(rule, file);
        let relative = if rule.id == "package-naming" {
            "pkgs/bluesky/default.nix".to_owned()
        } else {
            relative
        };
        let count = |text: &str| {
            lint_text(text, &relative, None, &Config::default())
                .findings
                .iter()
                .filter(|f| f.rule == rule.id)
                .count()
        };
        if count(rule.bad) == 0 {
            failures.push(format!("`{}`: the bad example is not reported", rule.id));
        }
        if count(rule.good) != 0 {
            failures.push(format!("`{}`: the good example is reported", rule.id));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `docs/lint-rules.md` is generated from the rules; `UPDATE_LINT_DOCS=1` rewrites it.
#[test]
fn rule_docs_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/lint-rules.md");
    let expected = atpkgs_lint::docs::rules_markdown();
    if std::env::var_os("UPDATE_LINT_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/lint-rules.md is stale: run `UPDATE_LINT_DOCS=1 cargo test -p atpkgs-lint --test rules`"
    );
}

/// The configuration shown in docs/lint.md and the repository's own one are valid.
#[test]
fn documented_and_repository_configs_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let known = |id: &str| atpkgs_lint::rules::find(id).is_some();
    let docs = std::fs::read_to_string(root.join("docs/lint.md")).unwrap();
    let example = docs
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/lint.md shows an atpkgs-lint.toml");
    if let Err(error) = Config::parse(example, known) {
        panic!("the example in docs/lint.md does not parse: {error}");
    }
    let repository = std::fs::read_to_string(root.join("atpkgs-lint.toml")).unwrap();
    if let Err(error) = Config::parse(&repository, known) {
        panic!("atpkgs-lint.toml does not parse: {error}");
    }
}
