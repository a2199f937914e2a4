//! `atpkgs-fmt [--check] [--exclude DIR]… [PATHS…]`: formats every `.nix` file under PATHS
//! (default `.`) with alejandra, skipping the excluded directories. With `--check` nothing is
//! written and the exit code is 1 when a file would change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use walkdir::{DirEntry, WalkDir};

const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];

enum Outcome {
    Unchanged,
    Changed,
    Failed(String),
}

fn main() -> ExitCode {
    let mut check = false;
    let mut roots = Vec::new();
    let mut excluded = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--exclude" => match args.next() {
                Some(dir) => excluded.push(PathBuf::from(dir)),
                None => return usage(),
            },
            "-h" | "--help" => {
                usage();
                return ExitCode::SUCCESS;
            }
            _ => roots.push(PathBuf::from(arg)),
        }
    }
    if roots.is_empty() {
        roots.push(PathBuf::from("."));
    }

    let (mut changed, mut failed) = (0, 0);
    for file in roots.iter().flat_map(|root| nix_files(root, &excluded)) {
        match format_file(&file, check) {
            Outcome::Unchanged => {}
            Outcome::Changed if check => {
                println!("would reformat {}", file.display());
                changed += 1;
            }
            Outcome::Changed => changed += 1,
            Outcome::Failed(reason) => {
                eprintln!("{}: {reason}", file.display());
                failed += 1;
            }
        }
    }
    if failed > 0 {
        ExitCode::from(2)
    } else if check && changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: atpkgs-fmt [--check] [--exclude DIR]... [PATHS...]");
    ExitCode::from(2)
}

fn is_skipped(entry: &DirEntry, excluded: &[PathBuf]) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.depth() > 0
        && entry.file_type().is_dir()
        && (SKIPPED_DIRS.contains(&name.as_ref())
            || name.starts_with("result")
            || excluded.iter().any(|dir| same_path(entry.path(), dir)))
}

fn same_path(path: &Path, dir: &Path) -> bool {
    let strip = |p: &Path| p.strip_prefix(".").unwrap_or(p).to_path_buf();
    strip(path) == strip(dir)
}

fn nix_files(root: &Path, excluded: &[PathBuf]) -> Vec<PathBuf> {
    WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !is_skipped(entry, excluded))
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(DirEntry::into_path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "nix"))
        .collect()
}

fn format_file(path: &Path, check: bool) -> Outcome {
    let before = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    let (status, after) = alejandra::format::in_memory(path.display().to_string(), before);
    match status {
        alejandra::format::Status::Error(error) => Outcome::Failed(error),
        alejandra::format::Status::Changed(false) => Outcome::Unchanged,
        alejandra::format::Status::Changed(true) if check => Outcome::Changed,
        alejandra::format::Status::Changed(true) => match std::fs::write(path, after) {
            Ok(()) => Outcome::Changed,
            Err(error) => Outcome::Failed(error.to_string()),
        },
    }
}
