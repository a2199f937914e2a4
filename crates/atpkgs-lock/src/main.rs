//! The `atpkgs-lock` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use atpkgs_lock::serve::TarballServer;
use atpkgs_lock::{
    check_agreement, point_offline, transcribe, Document, Error, Kind, Local, Lockfile, Manifest,
    Registries, Transcript,
};
use clap::{Args, Parser, Subcommand};

/// Transcribes a Node lockfile (pnpm, npm, or the npm part of deno.lock) into one pinned fetch
/// per dependency, with the integrity the lockfile records.
///
/// Exit status: 0 on success, 1 when `check` finds that the lockfile and the list disagree, 2
/// when an input cannot be read or is not valid.
#[derive(Parser)]
#[command(name = "atpkgs-lock", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Input {
    /// pnpm-lock.yaml (versions 6 and 9), package-lock.json or npm-shrinkwrap.json (versions 2
    /// and 3), or deno.lock (versions 4 and 5).
    lockfile: PathBuf,
    /// The kind of lockfile, when its file name does not tell.
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// The `.npmrc` that names the project's registries (default: the one beside the lockfile).
    #[arg(long)]
    npmrc: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Print a JSON array with one object per distinct tarball (name, version, url, integrity).
    Json {
        #[command(flatten)]
        input: Input,
    },
    /// Write the dependency list a package commits beside its package.nix (node-deps.json).
    Write {
        #[command(flatten)]
        input: Input,
        /// Where to write it (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The lockfile's path in the package's source (e.g. `service/pnpm-lock.yaml`), which
        /// the list records so that an update can find it (default: its file name).
        #[arg(long)]
        path_in_source: Option<String>,
    },
    /// Check that the lockfile and a dependency list written by `write` agree.
    Check {
        #[command(flatten)]
        input: Input,
        /// The dependency list.
        list: PathBuf,
    },
    /// Check the lockfile against a builder's manifest (the list and the fetched store paths)
    /// and rewrite it in place so that each entry points at its fetched tarball.
    Offline {
        #[command(flatten)]
        input: Input,
        /// The manifest the builder wrote.
        manifest: PathBuf,
        /// Link the tarballs into this folder and point the lockfile at the links.
        #[arg(long, conflicts_with = "serve")]
        link_dir: Option<PathBuf>,
        /// Serve the tarballs on 127.0.0.1 and point the lockfile at their URLs while COMMAND
        /// runs (with `npm_config_registry` set to the server); exits with COMMAND's status.
        #[arg(long, requires = "command")]
        serve: bool,
        /// The install command, after `--`.
        #[arg(last = true)]
        command: Vec<String>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(error) => {
            let code = if matches!(error, Error::Mismatch { .. }) {
                1
            } else {
                2
            };
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(code)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Json { input } => {
            let (_, transcript) = read(&input)?;
            report_unpinned(&transcript);
            let json = serde_json::to_string_pretty(&transcript.tarballs).unwrap_or_default();
            emit(None, &(json + "\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Write {
            input,
            output,
            path_in_source,
        } => {
            let (lockfile, transcript) = read(&input)?;
            report_unpinned(&transcript);
            let path = path_in_source.unwrap_or(lockfile.name);
            emit(
                output.as_deref(),
                &Document::new(&path, transcript).to_text(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { input, list } => {
            let (lockfile, transcript) = read(&input)?;
            let document = Document::read(&list)?;
            check_agreement(&transcript, &document, &lockfile.name, &display_name(&list))?;
            eprintln!(
                "atpkgs-lock: {} and {} agree",
                lockfile.name,
                display_name(&list)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Offline {
            input,
            manifest,
            link_dir,
            serve,
            command,
        } => {
            let lockfile = Lockfile::read(&input.lockfile, input.kind)?;
            let registries = Registries::for_lockfile(&input.lockfile, input.npmrc.as_deref())?;
            let manifest = Manifest::read(&manifest)?;
            let server = if serve {
                Some(TarballServer::start(&manifest.fetched)?)
            } else {
                None
            };
            let local = match (&server, &link_dir) {
                (Some(server), _) => Local::Server(server),
                (None, Some(dir)) => Local::Links(dir),
                (None, None) => Local::Files,
            };
            let (text, pointed) = point_offline(&lockfile, &registries, &manifest, local)?;
            std::fs::write(&input.lockfile, text).map_err(|source| Error::Write {
                path: input.lockfile.display().to_string(),
                source,
            })?;
            eprintln!(
                "atpkgs-lock: {} entries of {} point at fetched tarballs; {} left for other platforms",
                pointed.local, lockfile.name, pointed.left
            );
            match server {
                Some(server) => run_with_registry(&command, &server.registry()),
                None => Ok(ExitCode::SUCCESS),
            }
        }
    }
}

/// Runs the install command while the server answers, with the server as its registry.
fn run_with_registry(command: &[String], registry: &str) -> Result<ExitCode, Error> {
    let failed = |source| Error::Run {
        command: command.join(" "),
        source,
    };
    let (program, args) = command
        .split_first()
        .ok_or_else(|| failed(std::io::ErrorKind::InvalidInput.into()))?;
    let status = std::process::Command::new(program)
        .args(args)
        .env("npm_config_registry", registry)
        .status()
        .map_err(failed)?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

fn read(input: &Input) -> Result<(Lockfile, Transcript), Error> {
    let lockfile = Lockfile::read(&input.lockfile, input.kind)?;
    let registries = Registries::for_lockfile(&input.lockfile, input.npmrc.as_deref())?;
    let transcript = transcribe(&lockfile, &registries)?;
    Ok((lockfile, transcript))
}

/// Entries without an integrity are named, never dropped: the package gives their hashes.
fn report_unpinned(transcript: &Transcript) {
    if transcript.unpinned.is_empty() {
        return;
    }
    eprintln!(
        "atpkgs-lock: {} dependencies have no integrity in the lockfile; give each hash in `nodeDepsHashes` under its id:",
        transcript.unpinned.len()
    );
    for unpinned in &transcript.unpinned {
        eprintln!(
            "  {}@{}: \"{}\"",
            unpinned.name, unpinned.version, unpinned.id
        );
    }
}

fn emit(output: Option<&Path>, text: &str) -> Result<(), Error> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|source| Error::Write {
            path: path.display().to_string(),
            source,
        }),
        None => {
            // A closed pipe (`| head`) is not an error of ours.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            Ok(())
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
