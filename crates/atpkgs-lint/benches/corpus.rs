//! Whole-corpus benchmark: `ATPKGS_LINT_CORPUS=DIR cargo bench -p atpkgs-lint --bench corpus`
//! (or `cargo bench -p atpkgs-lint --bench corpus -- DIR`).
//!
//! Prints wall and CPU time and files/s for parse-only (walk + read + `rnix::Root::parse`, in
//! parallel: the floor any rnix linter pays) of the corpus and of each repository in turn, the
//! engine with every rule off, the full lint (every rule, JSON rendered into a sink) and the
//! lint run once per repository; the ratios of the lints to the parse-only run of the same
//! shape; the peak RSS of the `atpkgs-lint` binary on the corpus; and the wall-time ratio
//! against `statix check` and `deadnix` when they are on PATH.
//!
//! `CASE=parse|parse-repos|off|lint|repos` runs one of the in-process cases once instead, for
//! an exact instruction count under `valgrind --tool=callgrind`.
//!
//! The five in-process cases run in turn, one after another, in each of `RUNS` rounds (default
//! 5) after a warm-up round. Times are medians over the rounds; a ratio is the median of the
//! rounds' own ratios, so that a slow spell of a shared machine, which hits the cases of one
//! round alike, does not tilt it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use atpkgs_lint::output::{self, Format};
use atpkgs_lint::{Config, Settings};
use cpu_time::ProcessTime;
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

    let all_off = all_rules_off();
    let whole = std::slice::from_ref(&corpus);
    let trees = repositories(&corpus);
    let cases: [(&str, &dyn Fn() -> usize); 5] = [
        ("parse-only (walk, read, parse)", &|| parse_only(whole)),
        ("parse-only, one run per repo", &|| parse_only(&trees)),
        ("atpkgs-lint, every rule off", &|| {
            lint_trees(whole, &all_off)
        }),
        ("atpkgs-lint (all rules, JSON)", &|| lint_trees(whole, "")),
        ("atpkgs-lint, one run per repo", &|| lint_trees(&trees, "")),
    ];
    if let Ok(only) = std::env::var("CASE") {
        // One run of one case, to count its instructions: `CASE=parse valgrind --tool=callgrind …`.
        let keys = ["parse", "parse-repos", "off", "lint", "repos"];
        let Some(case) = keys.iter().position(|key| *key == only) else {
            eprintln!("corpus bench: CASE is one of {}", keys.join(", "));
            std::process::exit(2);
        };
        let (name, run) = cases[case];
        println!("{name}: {} findings or errors", run());
        return;
    }
    let samples = rounds(runs, &cases);
    println!(
        "{:<34} {:>7}  {:>7}  {:>9}  {:>6}",
        "", "wall s", "cpu s", "files/s", "MB/s"
    );
    for ((name, _), case) in cases.iter().zip(&samples) {
        report(name, case, files.len(), bytes);
    }
    let [parse, parse_per_repository, engine, lint, per_repository] = &samples;
    print_ratio("every rule off / parse-only", engine, parse);
    print_ratio("lint / parse-only (goal ≤ 1.15x)", lint, parse);
    print_ratio(
        "one run per repository / parse-only one run per repository",
        per_repository,
        parse_per_repository,
    );
    let lint = median(lint.iter().map(|sample| sample.wall));

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/atpkgs-lint");
    let corpus_arg = corpus.to_string_lossy().into_owned();
    if binary.exists() {
        let args = ["check", "--format", "json", corpus_arg.as_str()];
        let (time, rss) = external(&binary.to_string_lossy(), &args, runs);
        report_external("atpkgs-lint binary", time, files.len(), bytes);
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
        report_external(tool, time, files.len(), bytes);
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

/// Walks each tree, then reads and parses its files in parallel (one run per tree).
fn parse_only(trees: &[PathBuf]) -> usize {
    trees
        .iter()
        .map(|tree| {
            nix_files(tree)
                .par_iter()
                .with_max_len(4)
                .map(|file| {
                    let text = std::fs::read_to_string(file).unwrap_or_default();
                    let parse = rnix::Root::parse(&text);
                    parse.errors().len() + usize::from(parse.syntax().text_range().is_empty())
                })
                .sum::<usize>()
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

/// One timed run: its wall time and the CPU time of all the process's threads.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    cpu: Duration,
}

/// Runs every case once per round, in turn, after one warm-up round: `samples[case][round]`.
fn rounds<const N: usize>(
    runs: usize,
    cases: &[(&str, &dyn Fn() -> usize); N],
) -> [Vec<Sample>; N] {
    let mut samples: [Vec<Sample>; N] = std::array::from_fn(|_| Vec::new());
    for round in 0..=runs.max(1) {
        for (case, (_, run)) in cases.iter().enumerate() {
            let sample = time(run);
            if round > 0 {
                samples[case].push(sample);
            }
        }
    }
    samples
}

fn time<T>(run: impl FnOnce() -> T) -> Sample {
    let cpu = ProcessTime::now();
    let start = Instant::now();
    std::hint::black_box(run());
    Sample {
        wall: start.elapsed(),
        cpu: cpu.elapsed(),
    }
}

fn median<T: PartialOrd + Copy>(values: impl IntoIterator<Item = T>) -> T {
    let mut values: Vec<T> = values.into_iter().collect();
    values.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    values[values.len() / 2]
}

/// The median, lowest and highest of the per-round ratios, and the ratio of the fastest runs
/// (what a load that only ever adds time leaves closest to the truth), for wall and CPU time.
fn print_ratio(what: &str, samples: &[Sample], baseline: &[Sample]) {
    let summary = |of: fn(&Sample) -> Duration| {
        let secs = |sample: &Sample| of(sample).as_secs_f64();
        let ratios: Vec<f64> = samples
            .iter()
            .zip(baseline)
            .map(|(sample, base)| secs(sample) / secs(base))
            .collect();
        let low = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let high = ratios.iter().copied().fold(0.0, f64::max);
        let fastest = |runs: &[Sample]| runs.iter().map(secs).fold(f64::INFINITY, f64::min);
        format!(
            "{:.3}x ({low:.3} to {high:.3}; fastest runs {:.3}x)",
            median(ratios.iter().copied()),
            fastest(samples) / fastest(baseline)
        )
    };
    println!(
        "{what}: wall {}, cpu {}",
        summary(|s| s.wall),
        summary(|s| s.cpu)
    );
}

/// Median wall time of a command (output discarded) and its peak RSS in KiB via `/usr/bin/time`.
fn external(program: &str, args: &[&str], runs: usize) -> (Duration, Option<u64>) {
    let run = || {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    };
    let _ = run();
    let time = median((0..runs.max(1)).map(|_| {
        let start = Instant::now();
        let _ = run();
        start.elapsed()
    }));
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

/// One line of the table: median wall and CPU time, and throughput by wall time.
fn report(what: &str, samples: &[Sample], files: usize, bytes: u64) {
    let wall = median(samples.iter().map(|s| s.wall)).as_secs_f64();
    let cpu = median(samples.iter().map(|s| s.cpu)).as_secs_f64();
    println!(
        "{what:<34} {wall:>7.3}  {cpu:>7.3}  {:>9.0}  {:>6.1}",
        files as f64 / wall,
        bytes as f64 / 1e6 / wall
    );
}

/// An external tool's line: wall time only (its CPU time is not this process's).
fn report_external(what: &str, wall: Duration, files: usize, bytes: u64) {
    let wall = wall.as_secs_f64();
    println!(
        "{what:<34} {wall:>7.3}  {:>7}  {:>9.0}  {:>6.1}",
        "",
        files as f64 / wall,
        bytes as f64 / 1e6 / wall
    );
}
