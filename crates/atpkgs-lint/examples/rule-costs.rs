//! What each rule costs on a corpus: the CPU time the whole lint saves when that rule (or a
//! group of rules) is off.
//!
//! `ATPKGS_LINT_CORPUS=DIR cargo run --release -p atpkgs-lint --example rule-costs`, with
//! `RUNS` rounds (default 5) and, optionally, `RULE_GROUPS="rule-a,rule-b;rule-c"` to turn off
//! groups instead of one rule at a time (rules that share an analysis or triggers cost
//! little alone). The configurations run in turn in every round; times are medians.

use std::path::PathBuf;

use atpkgs_lint::rules::RULES;
use atpkgs_lint::{Config, Settings};
use cpu_time::ProcessTime;

fn main() {
    let Some(corpus) = std::env::var_os("ATPKGS_LINT_CORPUS").map(PathBuf::from) else {
        eprintln!("rule-costs: set ATPKGS_LINT_CORPUS=DIR");
        std::process::exit(2);
    };
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(5);
    let groups: Vec<Vec<String>> = match std::env::var("RULE_GROUPS") {
        Ok(groups) => groups
            .split(';')
            .map(|group| group.split(',').map(str::to_owned).collect())
            .collect(),
        Err(_) => RULES.iter().map(|rule| vec![rule.id.to_owned()]).collect(),
    };
    let every_rule: Vec<String> = RULES.iter().map(|rule| rule.id.to_owned()).collect();
    let mut cases = vec![("every rule on".to_owned(), Vec::new())];
    cases.extend(groups.into_iter().map(|group| (group.join(", "), group)));
    cases.push(("every rule off".to_owned(), every_rule));

    lint(&corpus, &[]); // Warm-up: the file system cache, the thread pool.
    let mut times = vec![Vec::new(); cases.len()];
    for _ in 0..runs.max(1) {
        for (case, (_, off)) in cases.iter().enumerate() {
            times[case].push(lint(&corpus, off));
        }
    }
    let medians: Vec<f64> = times.iter_mut().map(|samples| median(samples)).collect();
    println!("{:<60} {:>7} {:>8}", "rules off", "cpu s", "saves");
    for ((name, _), time) in cases.iter().zip(&medians) {
        println!("{name:<60} {time:>7.3} {:>+8.3}", medians[0] - time);
    }
}

/// The CPU time of one lint of the corpus with the rules `off`.
fn lint(corpus: &PathBuf, off: &[String]) -> f64 {
    let mut config = String::from("[rules]\n");
    for rule in off {
        config.push_str(&format!("{rule} = \"off\"\n"));
    }
    let settings = Settings {
        root: corpus.clone(),
        config: Config::parse(&config, |_| true).expect("rule names come from RULES"),
    };
    let start = ProcessTime::now();
    let outcome = atpkgs_lint::check(std::slice::from_ref(corpus), &settings);
    std::hint::black_box(outcome.findings.len());
    start.elapsed().as_secs_f64()
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
