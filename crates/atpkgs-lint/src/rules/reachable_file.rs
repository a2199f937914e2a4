use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Check, Rule};
use crate::config::Level;
use crate::project::{file_start, Project, ProjectSink};

pub static RULE: Rule = Rule {
    id: "reachable-file",
    level: Level::Error,
    category: "structure",
    summary: "Every `.nix` file under `pkgs/` and `modules/` is reachable from their `default.nix`.",
    explanation: "A package or module file nobody imports is never evaluated, so it rots unnoticed while looking like part of the tree. Starting from `pkgs/default.nix` (and `modules/default.nix`), the rule follows relative path literals (a folder means its `default.nix`). A file that calls `readDir`, `packagesFromDirectoryRecursive` or `listFilesRecursive` discovers files, so every folder it names with a path literal (`./.`) reaches every file below it. Applies only when the root file exists.",
    bad: r#"# pkgs/default.nix imports ./bluesky/default.nix, which lists only pds.nix;
# pkgs/bluesky/orphan.nix is never imported.
{ self }:
{
  bluesky-pds = self.callPackage ./pds.nix { };
}"#,
    good: r#"{ self }:
{
  bluesky-pds = self.callPackage ./pds.nix { };
  bluesky-orphan = self.callPackage ./orphan.nix { };
}"#,
    check: Check::Project(check),
};

fn check(project: &Project, sink: &mut ProjectSink) {
    for area in ["pkgs", "modules"] {
        let root = format!("{area}/default.nix");
        if let Some(start) = project.files.iter().position(|f| f.relative == root) {
            check_area(project, area, start, sink);
        }
    }
}

fn check_area(project: &Project, area: &str, start: usize, sink: &mut ProjectSink) {
    // Files sorted by path: the files below a folder are one contiguous run.
    let mut sorted: Vec<(&Path, usize)> = project
        .files
        .iter()
        .enumerate()
        .map(|(index, file)| (file.path.as_path(), index))
        .collect();
    sorted.sort();
    let by_path: HashMap<&Path, usize> = sorted.iter().copied().collect();
    let below = |dir: &Path| -> Vec<usize> {
        let first = sorted.partition_point(|(path, _)| *path <= dir);
        sorted[first..]
            .iter()
            .take_while(|(path, _)| path.starts_with(dir))
            .map(|&(_, index)| index)
            .collect()
    };
    let mut reached = HashSet::from([start]);
    let mut expanded: HashSet<&Path> = HashSet::new();
    let mut queue = vec![start];
    while let Some(index) = queue.pop() {
        let file = &project.files[index];
        let mut targets: Vec<usize> = Vec::new();
        for literal in &file.path_literals {
            targets.extend(by_path.get(literal.as_path()));
            targets.extend(by_path.get(literal.join("default.nix").as_path()));
        }
        let named_dirs = file.path_literals.iter().filter(|_| file.discovers);
        for dir in file.discovered_dirs.iter().chain(named_dirs) {
            if expanded.insert(dir.as_path()) {
                targets.extend(below(dir));
            }
        }
        for target in targets {
            if reached.insert(target) {
                queue.push(target);
            }
        }
    }
    let prefix = format!("{area}/");
    for (index, file) in project.files.iter().enumerate() {
        if file.relative.starts_with(&prefix) && !reached.contains(&index) {
            sink.report(
                &file.relative,
                &file.display,
                file_start(),
                format!(
                    "`{}` is not reachable from `{area}/default.nix`",
                    file.relative
                ),
                "import it from the package set or module list, or delete it",
            );
        }
    }
}
