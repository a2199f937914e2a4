//! The `atpkgs-update` command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use atpkgs_update::bump::{self, History, Target};
use atpkgs_update::git::Repo;
use atpkgs_update::report::{self, snapshots, HashState, Snapshots};
use atpkgs_update::source_hash::{source_hash, ExportAttributes};
use atpkgs_update::Error;
use clap::{ArgGroup, Parser, Subcommand, ValueEnum};

/// Keeps the source pins of the atpkgs packages fresh.
///
/// Exit status: 0 on success, 1 when `report` finds a source hash that does not match, 2 when
/// an input cannot be read or a command cannot be carried out.
#[derive(Parser)]
#[command(name = "atpkgs-update", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Print the hash fetchFromGitHub expects for REV: the SRI sha256 NAR hash of the tree
    /// `git archive REV` yields.
    Hash {
        /// A bare git directory or the top of a checkout.
        #[arg(long = "git", value_name = "GITDIR")]
        git: PathBuf,
        /// A commit, branch or tag of GITDIR.
        rev: String,
        /// Hash as fetchgit and fetchFromTangled do: a checkout, where the export-ignore and
        /// export-subst attributes do not apply.
        #[arg(long)]
        fetchgit: bool,
    },
    /// For every pkgs/<org>/<name>/package.nix: the pin, where upstream is now, whether the
    /// source hash is verified, and where each dependency hash comes from.
    Report {
        /// The repository root.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A folder of snapshots as MIRRORS/<owner>+<repo>/repo.
        #[arg(long, value_name = "MIRRORS")]
        mirrors: Option<PathBuf>,
        /// A copy of one upstream (owner without Tangled's @); may be repeated.
        #[arg(long = "git", value_name = "OWNER/REPO=GITDIR", value_parser = snapshots::parse_given)]
        git: Vec<(String, PathBuf)>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Move a package's source pin to another commit or tag: rev or tag, hash, version and
    /// node-deps.json are rewritten in place; the dependency hashes a build produces are
    /// listed with the command that recomputes each.
    #[command(group(ArgGroup::new("history").required(true).args(["git", "from_upstream"])))]
    #[command(group(ArgGroup::new("target").required(true).args(["rev", "tag", "latest"])))]
    Bump {
        /// The package's package.nix.
        package: PathBuf,
        /// A bare git directory or a clean checkout of the upstream.
        #[arg(long = "git", value_name = "GITDIR")]
        git: Option<PathBuf>,
        /// Clone (or fetch) the upstream the fetcher names into
        /// ${XDG_CACHE_HOME:-~/.cache}/atpkgs-update/<owner>+<repo>.
        #[arg(long)]
        from_upstream: bool,
        /// A commit, or a branch, which is resolved to its commit.
        #[arg(long)]
        rev: Option<String>,
        /// A tag (`v1.2.3` makes the version 1.2.3).
        #[arg(long)]
        tag: Option<String>,
        /// The newest version tag when the package pins a tag, else the default branch.
        #[arg(long)]
        latest: bool,
        /// The new version (default: from the tag, or the package's scheme for a commit).
        #[arg(long)]
        version: Option<String>,
        /// Print the changes without writing them.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    // Unwrapped, so that the paths and commands in messages can be copied.
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Hash { git, rev, fetchgit } => {
            let repo = Repo::open(&git)?;
            let commit = repo.require_commit(&rev)?;
            if repo.file_at(&commit, ".gitmodules")?.is_some() {
                eprintln!("atpkgs-update: note: {rev} has .gitmodules; submodules are not in this hash (fetchSubmodules = false)");
            }
            let attributes = if fetchgit {
                ExportAttributes::Ignored
            } else {
                ExportAttributes::Honoured
            };
            emit(&format!("{}\n", source_hash(&repo, &commit, attributes)?));
            Ok(ExitCode::SUCCESS)
        }
        Command::Report {
            root,
            mirrors,
            git,
            format,
        } => {
            let snapshots = Snapshots {
                mirrors,
                given: git,
            };
            let rows = report::collect(&root, &snapshots)?;
            emit(&match format {
                Format::Text => report::render::text(&rows),
                Format::Json => report::render::json(&rows),
                Format::Markdown => report::render::markdown(&rows),
            });
            let mismatch = rows
                .iter()
                .any(|row| row.source_hash.state == HashState::Mismatch);
            Ok(ExitCode::from(u8::from(mismatch)))
        }
        Command::Bump {
            package,
            git,
            from_upstream: _,
            rev,
            tag,
            latest: _,
            version,
            dry_run,
        } => {
            let request = bump::Request {
                package,
                history: git.map_or(History::Upstream, History::Git),
                target: match (rev, tag) {
                    (Some(rev), _) => Target::Rev(rev),
                    (None, Some(tag)) => Target::Tag(tag),
                    (None, None) => Target::Latest,
                },
                version,
            };
            let plan = bump::plan(&request)?;
            if !dry_run && plan.changed() {
                plan.write()?;
            }
            emit(&bump::output::describe(&plan, dry_run));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn emit(text: &str) {
    // A closed pipe (`| head`) is not an error of ours.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
