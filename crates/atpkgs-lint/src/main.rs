//! The `atpkgs-lint` command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atpkgs_lint::output::{self, Format};
use atpkgs_lint::{changed, docs, engine, fix, rules, Config, Error, Settings};
use clap::{Parser, Subcommand};

/// ATproto-aware linter for the Nix files of the atpkgs tree.
///
/// Exit status: 0 when no error-level finding exists, 1 when one does, 2 for usage errors and
/// files or configuration that cannot be read.
#[derive(Parser)]
#[command(name = "atpkgs-lint", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint every `.nix` file under PATHS (default `.`).
    Check {
        /// Files or folders; `atpkgs-lint.toml` is searched upward from the first one.
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Configuration file to use instead of searching for `atpkgs-lint.toml`.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Report only findings in files that differ from this git revision (committed since,
        /// staged or not, or untracked); the whole tree is still read, so the cross-file rules
        /// see all of it. `--changed-since HEAD` before a commit.
        #[arg(long, value_name = "REV")]
        changed_since: Option<String>,
        /// First apply the fixes of the mechanical rules (legacy hashes, hand-written `enable`
        /// options, crane's `--locked`) in place; each edited file is parsed and linted again,
        /// and an edit that would add a Nix error is left out. Then report what remains.
        #[arg(long)]
        fix: bool,
    },
    /// List every rule with its default level and summary.
    Rules,
    /// Print a rule's documentation with a bad and a good example.
    Explain {
        /// Rule id, as printed by `atpkgs-lint rules`.
        rule: String,
    },
    /// Print docs/lint-rules.md (generated from the rules).
    Docs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Check {
            paths,
            format,
            config,
            changed_since,
            fix,
        } => check(paths, format, config, changed_since.as_deref(), fix),
        Command::Rules => {
            for rule in rules::RULES {
                println!(
                    "{:<24} {:<6} {}",
                    rule.id,
                    rule.level.as_str(),
                    rule.summary
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let rule = rules::find(&rule).ok_or(Error::UnknownRule(rule))?;
            print!("{}", docs::explain(rule));
            Ok(ExitCode::SUCCESS)
        }
        Command::Docs => {
            print!("{}", docs::rules_markdown());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(
    mut paths: Vec<PathBuf>,
    format: Format,
    config: Option<PathBuf>,
    changed_since: Option<&str>,
    fix: bool,
) -> Result<ExitCode, Error> {
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let settings = settings(&paths[0], config)?;
    if fix {
        let only = changed_since
            .map(|rev| changed::files_since(&settings.root, rev))
            .transpose()?;
        fix_files(&paths, &settings, only.as_ref())?;
    }
    let outcome = match changed_since {
        None => engine::check(&paths, &settings),
        Some(rev) => {
            let under_paths = |file: &PathBuf| {
                paths
                    .iter()
                    .any(|path| file.starts_with(engine::absolute(path)))
            };
            let mut changed = changed::files_since(&settings.root, rev)?;
            changed.retain(under_paths);
            let mut outcome = engine::check(std::slice::from_ref(&settings.root), &settings);
            changed::keep_changed(&mut outcome, &changed);
            outcome
        }
    };
    let color = format == Format::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    // One write per buffer, not per line: stdout is line-buffered.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = output::write(&mut stdout, format, &outcome.findings, outcome.files, color)
        .and_then(|()| stdout.flush());
    if let Err(error) = written {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::Io {
                path: PathBuf::from("<stdout>"),
                source: error,
            });
        }
    }
    for error in &outcome.errors {
        eprintln!("{:?}", miette::Report::msg(error.to_string()));
    }
    if format == Format::Human {
        summarize(&outcome);
    }
    Ok(if !outcome.errors.is_empty() {
        ExitCode::from(2)
    } else if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--fix`: rewrites the files whose findings have fixes (only those in `only`, when given).
fn fix_files(
    paths: &[PathBuf],
    settings: &Settings,
    only: Option<&std::collections::HashSet<PathBuf>>,
) -> Result<(), Error> {
    let (files, _) = engine::files(paths, settings);
    let (mut applied, mut rejected, mut changed_files) = (0, 0, 0);
    for file in files {
        let file = engine::absolute(&file);
        if only.is_some_and(|only| !only.contains(&file)) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue; // Not UTF-8: `check` reports it.
        };
        let relative = engine::relative_to(&file, &settings.root);
        let fixed = fix::fix_text(&text, &relative, Some(&file), &settings.config);
        rejected += fixed.rejected;
        if let Some(new_text) = fixed.text {
            std::fs::write(&file, new_text).map_err(|source| Error::Io {
                path: file.clone(),
                source,
            })?;
            applied += fixed.applied;
            changed_files += 1;
        }
    }
    eprintln!("atpkgs-lint: fixed {applied} findings in {changed_files} files");
    if rejected > 0 {
        eprintln!(
            "atpkgs-lint: {rejected} fixes left out: the edited file would have had a new Nix error"
        );
    }
    Ok(())
}

fn summarize(outcome: &engine::Outcome) {
    let errors = outcome
        .findings
        .iter()
        .filter(|f| f.severity == atpkgs_lint::Severity::Error)
        .count();
    let warnings = outcome.findings.len() - errors;
    eprintln!(
        "atpkgs-lint: {} files, {errors} errors, {warnings} warnings",
        outcome.files
    );
}

/// The root and configuration: `--config`, else `atpkgs-lint.toml` upward from the first path.
fn settings(first: &Path, explicit: Option<PathBuf>) -> Result<Settings, Error> {
    let start = engine::absolute(first);
    let start_dir = if start.is_dir() {
        start.clone()
    } else {
        start
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or(start.clone())
    };
    let known = |id: &str| rules::find(id).is_some();
    let found = explicit.or_else(|| Config::find(&start_dir));
    match found {
        Some(path) => {
            let path = engine::absolute(&path);
            let config = Config::load(&path, known)?;
            let root = path.parent().map(Path::to_path_buf).unwrap_or(start_dir);
            Ok(Settings { root, config })
        }
        None => Ok(Settings {
            root: start_dir,
            config: Config::default(),
        }),
    }
}
