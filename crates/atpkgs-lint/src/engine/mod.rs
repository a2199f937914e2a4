//! Runs the rules: walk the tree, parse each file once in parallel, one preorder walk per
//! file dispatching nodes to the rules that asked for their kind, then the cross-file rules.
//!
//! `discover` finds the files, `file` lints one (with `triggers` deciding which rules can
//! matter, `candidates` finding their nodes, `guard` what keeps a file from being parsed),
//! and `finish` runs the cross-file rules and applies suppressions.

mod candidates;
mod discover;
mod file;
mod finish;
mod guard;
mod listed;
pub use listed::Listed;
mod triggers;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rnix::{TextRange, TextSize};

use crate::config::Config;
use crate::finding::{Finding, LineIndex, RawFinding, Severity};
use crate::project::FileFacts;
use crate::suppress::Suppression;
use crate::Error;

pub use discover::{absolute, relative_to};
pub use file::{lint_text, FileOutcome};

use discover::{collect_files, display_path, plain_suffix, walk};
use file::{lint_with, records_facts, severity_of, Dispatch};
use finish::{apply_suppressions, run_project_rules};

/// Thread stack for parsing: rnix stops at 512 nested levels, this leaves a wide margin.
const STACK_SIZE: usize = 256 << 20;

/// Where the tree starts and how it is configured.
pub struct Settings {
    /// Paths in findings' roles and config globs are relative to this folder.
    pub root: PathBuf,
    pub config: Config,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub files: usize,
    pub findings: Vec<Finding>,
    /// Files that could not be read; the run still lints everything else.
    pub errors: Vec<Error>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }
}

/// The `.nix` files `check` would lint under `paths`, in path order.
pub fn files(paths: &[PathBuf], settings: &Settings) -> (Vec<PathBuf>, Vec<Error>) {
    let mut errors = Vec::new();
    let root = absolute(&settings.root);
    let listed = listed::Listed::default();
    let files = collect_files(paths, &root, &settings.config, &listed, &mut errors);
    (files, errors)
}

/// Lints every `.nix` file under `paths` (files are taken as given). The cross-file rules run
/// only when the paths cover the whole tree (the root or a folder above it): what a few files
/// declare says nothing about whether the tree as a whole is consistent.
pub fn check(paths: &[PathBuf], settings: &Settings) -> Outcome {
    let mut outcome = Outcome::default();
    let root = absolute(&settings.root);
    let dispatch = Dispatch::new(&settings.config, records_facts(&root));
    let cwd = std::env::current_dir()
        .map(|dir| absolute(&dir))
        .unwrap_or_default();
    let lint = |file: &PathBuf| lint_file(&dispatch, file, &root, &cwd, &settings.config);
    let single_dir = match paths {
        [path] => Some(absolute(path)).filter(|path| path.is_dir()),
        _ => None,
    };
    let mut gathered = Gathered::default();
    match (pool(), single_dir) {
        // One folder: lint the files while the walk is still finding more.
        (Some(pool), Some(dir)) => {
            outcome.files = lint_while_walking(
                pool,
                &dir,
                (&root, &dispatch.listed),
                settings,
                &lint,
                (&mut gathered, &mut outcome.errors),
            );
        }
        (pool, _) => {
            let files = collect_files(
                paths,
                &root,
                &settings.config,
                &dispatch.listed,
                &mut outcome.errors,
            );
            outcome.files = files.len();
            // Small chunks keep both threads busy: without a cap, rayon splits the sorted list
            // into a few large pieces, and a piece of big files leaves the other thread idle.
            let results: Vec<_> = match pool {
                Some(pool) => pool.install(|| files.par_iter().with_max_len(4).map(lint).collect()),
                None => files.iter().map(lint).collect(),
            };
            for (index, result) in results.into_iter().enumerate() {
                gathered.add(index, result);
            }
        }
    }
    let Gathered {
        findings,
        suppressions,
        facts,
        errors,
    } = gathered;
    outcome.findings = findings;
    outcome
        .errors
        .extend(errors.into_iter().map(|(_, error)| error));
    // Without recorded facts, the files have nothing to tell the cross-file rules.
    let facts: Vec<FileFacts> = if dispatch.facts {
        facts.into_iter().flatten().map(|facts| *facts).collect()
    } else {
        Vec::new()
    };
    let whole_tree = paths.iter().any(|path| root.starts_with(absolute(path)));
    if whole_tree {
        let project = run_project_rules(&root, &settings.config, &facts);
        outcome.findings.extend(project);
    }
    apply_suppressions(&mut outcome.findings, &suppressions, &settings.config);
    outcome
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome
}

/// Walks `dir` on this thread and hands the files, four at a time, to the pool as they are
/// found, then gathers their results. Returns the number of files.
fn lint_while_walking(
    pool: &rayon::ThreadPool,
    dir: &Path,
    (root, listed): (&Path, &listed::Listed),
    settings: &Settings,
    lint: &(dyn Fn(&PathBuf) -> Result<FileResult, Error> + Sync),
    (gathered, errors): (&mut Gathered, &mut Vec<Error>),
) -> usize {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut count = 0;
    pool.in_place_scope(|scope| {
        let spawn = |batch: Vec<(usize, PathBuf)>| {
            let sender = sender.clone();
            scope.spawn(move |_| {
                for (index, file) in batch {
                    let _ = sender.send((index, lint(&file)));
                }
            });
        };
        let mut batch = Vec::with_capacity(4);
        let mut on_file = |file| {
            batch.push((count, file));
            count += 1;
            if batch.len() == 4 {
                spawn(std::mem::replace(&mut batch, Vec::with_capacity(4)));
            }
        };
        walk(dir, root, &settings.config, listed, &mut on_file, errors);
        if !batch.is_empty() {
            spawn(batch);
        }
    });
    // Gathered once every file is done: waiting on the channel while the pool works would
    // take turns on the processors from it.
    for (index, result) in receiver.try_iter() {
        gathered.add(index, result);
    }
    count
}

/// The files' results, in the order they come in; facts and errors are kept in the files'
/// (path) order.
#[derive(Default)]
struct Gathered {
    findings: Vec<Finding>,
    suppressions: HashMap<String, (String, Vec<Suppression>)>,
    facts: Vec<Option<Box<FileFacts>>>,
    errors: Vec<(usize, Error)>,
}

impl Gathered {
    fn add(&mut self, index: usize, result: Result<FileResult, Error>) {
        let file = match result {
            Ok(file) => file,
            Err(error) => {
                let at = self.errors.partition_point(|(other, _)| *other < index);
                self.errors.insert(at, (index, error));
                return;
            }
        };
        self.findings.extend(file.findings);
        if let Some(suppressions) = file.suppressions {
            let Suppressions {
                display,
                relative,
                list,
            } = *suppressions;
            self.suppressions.insert(display, (relative, list));
        }
        if let Some(facts) = file.facts {
            if self.facts.len() <= index {
                self.facts.resize_with(index + 1, || None);
            }
            self.facts[index] = Some(facts);
        }
    }
}

/// The parsing threads, created once per process with big stacks.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK_SIZE)
            .thread_name(|index| format!("atpkgs-lint-{index}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// What linting one file gives; boxed parts travel between threads and are kept to the end.
struct FileResult {
    findings: Vec<Finding>,
    /// For the cross-file rules, in trees that record facts.
    facts: Option<Box<FileFacts>>,
    suppressions: Option<Box<Suppressions>>,
}

/// A file's suppression comments, under the paths findings and the configuration name it by.
struct Suppressions {
    display: String,
    relative: String,
    list: Vec<Suppression>,
}

fn lint_file(
    dispatch: &Dispatch,
    path: &Path,
    root: &Path,
    cwd: &Path,
    config: &Config,
) -> Result<FileResult, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    // Borrowed from the path in the usual case: most files need no copy of it.
    let relative = match plain_suffix(path, root) {
        Some(relative) => std::borrow::Cow::Borrowed(relative),
        None => std::borrow::Cow::Owned(relative_to(path, root)),
    };
    let (text, utf8_error) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    };
    let display = || display_path(path, cwd);
    if let Some(at) = utf8_error {
        let severity = severity_of(&dispatch.levels(config, &relative), "syntax");
        let file = (path, relative.into_owned(), display());
        return Ok(invalid_utf8(severity, &text, at, file, dispatch.facts));
    }
    let outcome = lint_with(dispatch, &text, &relative, Some(path), config);
    // Most files have no findings, suppressions or facts to name them in.
    let wanted = dispatch.facts || !outcome.findings.is_empty() || !outcome.suppressions.is_empty();
    let display = if wanted { display() } else { String::new() };
    let findings = place(outcome.findings, &outcome.lines, &text, &display);
    let suppressions = (!outcome.suppressions.is_empty()).then(|| {
        Box::new(Suppressions {
            display: display.clone(),
            relative: relative.into_owned(),
            list: outcome.suppressions,
        })
    });
    let facts = dispatch.facts.then(|| {
        Box::new(FileFacts {
            display,
            ..outcome.facts
        })
    });
    Ok(FileResult {
        findings,
        facts,
        suppressions,
    })
}

/// A file that is not UTF-8 is not parsed; the finding points at the first bad byte.
fn invalid_utf8(
    severity: Option<Severity>,
    text: &str,
    valid_up_to: usize,
    (path, relative, display): (&Path, String, String),
    facts: bool,
) -> FileResult {
    let mut findings = Vec::new();
    if let Some(severity) = severity {
        let lines = LineIndex::new();
        let offset = TextSize::from(valid_up_to.min(text.len()) as u32);
        let raw = RawFinding {
            rule: "syntax",
            severity,
            range: TextRange::empty(offset),
            message: format!(
                "the file is not valid UTF-8 (first bad byte at offset {valid_up_to})"
            ),
            help: Some("Nix source must be UTF-8; re-encode the file".to_owned()),
            fix: None,
        };
        findings = place(vec![raw], &lines, text, &display);
    }
    let facts = facts.then(|| {
        Box::new(FileFacts {
            path: path.to_owned(),
            relative,
            display,
            ..FileFacts::default()
        })
    });
    FileResult {
        findings,
        facts,
        suppressions: None,
    }
}

/// Turns byte ranges into positions in a named file.
pub fn place(raw: Vec<RawFinding>, lines: &LineIndex, text: &str, display: &str) -> Vec<Finding> {
    raw.into_iter()
        .map(|finding| Finding {
            rule: finding.rule,
            severity: finding.severity,
            file: display.to_owned(),
            span: lines.span(text, finding.range),
            message: finding.message,
            help: finding.help,
        })
        .collect()
}
