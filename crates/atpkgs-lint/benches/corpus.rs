//! Whole-corpus benchmark: `ATPKGS_LINT_CORPUS=DIR cargo bench -p atpkgs-lint --bench corpus`
//! (or `cargo bench -p atpkgs-lint --bench corpus -- DIR`).
//!
//! Prints files/s for parse-only (walk + read + `rnix::Root::parse`, in parallel, the floor any
//! rnix linter pays) and for the full lint (every rule, JSON rendered into a sink), their
//! ratio, the peak RSS of the `atpkgs-lint` binary on the corpus, and the wall-time ratio
//! against `statix check` and `deadnix` when they are on PATH. Medians of `RUNS` runs (default 5)
//! after one warm-up.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use atpkgs_lint::output::{self, Format};
use atpkgs_lint::{Config, Settings};
use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let corpus = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .or_else(|| std::env::var("ATPKGS_LINT_CORPUS").ok())
        .map(PathBuf::from);
    let Some(corpus) = corpus else {
        eprintln!("corpus bench: set ATPKGS_LINT_CORPUS=DIR (or pass DIR); skipping");
        return;
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let files = nix_files(&corpus);
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "corpus: {} ({} .nix files, {:.1} MB)",
        corpus.display(),
        files.len(),
        bytes as f64 / 1e6
    );

    let parse = median(runs, || parse_only(&corpus));
    let all_off = all_rules_off();
    let whole = std::slice::from_ref(&corpus);
    let engine = median(runs, || lint_trees(whole, &all_off));
    let lint = median(runs, || lint_trees(whole, ""));
    let trees = repositories(&corpus);
    let per_repository = median(runs, || lint_trees(&trees, ""));
    report("parse-only (walk, read, parse)", parse, files.len(), bytes);
    report("atpkgs-lint, every rule off", engine, files.len(), bytes);
    report("atpkgs-lint (all rules, JSON)", lint, files.len(), bytes);
    report(
        "atpkgs-lint, one run per repo",
        per_repository,
        files.len(),
        bytes,
    );
    println!(
        "lint / parse-only: {:.3}x (goal ≤ 1.15x)",
        lint.as_secs_f64() / parse.as_secs_f64()
    );
    println!(
        "one run per repository (pkgs/ and modules/ rules active) / parse-only: {:.3}x",
        per_repository.as_secs_f64() / parse.as_secs_f64()
    );

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/atpkgs-lint");
    let corpus_arg = corpus.to_string_lossy().into_owned();
    if binary.exists() {
        let args = ["check", "--format", "json", corpus_arg.as_str()];
        let (time, rss) = external(&binary.to_string_lossy(), &args, runs);
        report("atpkgs-lint binary", time, files.len(), bytes);
        if let Some(rss) = rss {
            println!(
                "atpkgs-lint binary peak RSS: {:.1} MiB (goal ≤ 64 MiB)",
                rss as f64 / 1024.0
            );
        }
    }
    for (tool, args) in [
        (
            "statix",
            vec!["check", "-u", "-o", "errfmt", corpus_arg.as_str()],
        ),
        (
            "deadnix",
            vec!["--hidden", "-o", "json", corpus_arg.as_str()],
        ),
    ] {
        if Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_err()
        {
            println!("{tool}: not on PATH, skipped");
            continue;
        }
        let (time, rss) = external(tool, &args, runs);
        report(tool, time, files.len(), bytes);
        println!(
            "atpkgs-lint / {tool}: {:.3}x wall time{}",
            lint.as_secs_f64() / time.as_secs_f64(),
            rss.map_or(String::new(), |kib| format!(
                ", {tool} peak RSS {:.1} MiB",
                kib as f64 / 1024.0
            ))
        );
    }
}

fn nix_files(corpus: &Path) -> Vec<PathBuf> {
    WalkDir::new(corpus)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "nix"))
        .map(|e| e.into_path())
        .collect()
}

fn parse_only(corpus: &Path) -> usize {
    nix_files(corpus)
        .par_iter()
        .with_max_len(4)
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let parse = rnix::Root::parse(&text);
            parse.errors().len() + usize::from(parse.syntax().text_range().is_empty())
        })
        .sum()
}

/// The top-level folders of the corpus, one per repository.
fn repositories(corpus: &Path) -> Vec<PathBuf> {
    let mut trees: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    trees.sort();
    if trees.is_empty() {
        trees.push(corpus.to_owned());
    }
    trees
}

/// Lints each tree as `atpkgs-lint check TREE` does: roles are relative to the tree, so a
/// repository's own `pkgs/` and `modules/` get the package and module rules.
fn lint_trees(trees: &[PathBuf], config: &str) -> usize {
    trees
        .iter()
        .map(|tree| {
            let settings = Settings {
                root: tree.clone(),
                config: Config::parse(config, |_| true).unwrap(),
            };
            let outcome = atpkgs_lint::check(std::slice::from_ref(tree), &settings);
            let mut sink = std::io::sink();
            output::write(
                &mut sink,
                Format::Json,
                &outcome.findings,
                outcome.files,
                false,
            )
            .unwrap();
            outcome.findings.len()
        })
        .sum()
}

fn all_rules_off() -> String {
    let mut config = String::from("[rules]\n");
    for rule in atpkgs_lint::rules::RULES {
        config.push_str(&format!("{} = \"off\"\n", rule.id));
    }
    config
}

fn median<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Median wall time of a command (output discarded) and its peak RSS in KiB via `/usr/bin/time`.
fn external(program: &str, args: &[&str], runs: usize) -> (Duration, Option<u64>) {
    let time = median(runs, || {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    });
    let rss = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|line| line.trim().parse().ok())
        });
    (time, rss)
}

fn report(what: &str, time: Duration, files: usize, bytes: u64) {
    let secs = time.as_secs_f64();
    println!(
        "{what:<34} {secs:>7.3} s  {:>9.0} files/s  {:>6.1} MB/s",
        files as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
}
