//! The `git` command on one repository: a bare git directory or the top of a checkout.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::error::{Error, Result};

/// Variables that would make git look at another repository than the one named.
const REPOSITORY_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
];

/// A `git` command with the caller's repository variables removed and messages in English.
pub fn command() -> Command {
    let mut command = Command::new("git");
    for variable in REPOSITORY_VARIABLES {
        command.env_remove(variable);
    }
    command.env("LC_ALL", "C").env("GIT_TERMINAL_PROMPT", "0");
    command
}

/// Runs `command`; a git that cannot be started is `Error::GitMissing`.
pub fn run(command: &mut Command) -> Result<Output> {
    command
        .output()
        .map_err(|error| Error::GitMissing { error })
}

/// The first line of a command's standard error, for messages.
pub fn first_error_line(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("no message");
    line.strip_prefix("fatal: ").unwrap_or(line).to_owned()
}

pub struct Repo {
    git_dir: PathBuf,
    work_tree: Option<PathBuf>,
    /// The directory as the user named it, for messages.
    name: String,
}

/// The commit the default branch points at.
pub struct Head {
    pub branch: Option<String>,
    pub commit: String,
}

impl Repo {
    /// Opens `dir`, a bare git directory, a checkout's top, or a checkout's `.git`. Git does
    /// not look above `dir`, so a folder inside some other checkout is not taken for it.
    pub fn open(dir: &Path) -> Result<Repo> {
        let name = dir.display().to_string();
        let not = |reason: String| Error::NotARepository {
            dir: name.clone(),
            reason,
        };
        let canonical = dir.canonicalize().map_err(|error| not(error.to_string()))?;
        if !canonical.is_dir() {
            return Err(not("not a directory".into()));
        }
        let ceiling = canonical.parent().unwrap_or(&canonical).to_owned();
        let ask = |args: &[&str]| -> Result<Output> {
            run(command()
                .arg("-C")
                .arg(&canonical)
                .args(args)
                .env("GIT_CEILING_DIRECTORIES", &ceiling))
        };
        let output = ask(&[
            "rev-parse",
            "--is-bare-repository",
            "--is-inside-work-tree",
            "--absolute-git-dir",
        ])?;
        if !output.status.success() {
            return Err(not(first_error_line(&output)));
        }
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let lines: Vec<&str> = text.lines().collect();
        let [bare, inside_work_tree, git_dir] = lines[..] else {
            return Err(not(format!("unexpected answer from git: {text:?}")));
        };
        let git_dir = PathBuf::from(git_dir);
        let work_tree = if bare == "true" {
            None
        } else if inside_work_tree == "true" {
            let top = ask(&["rev-parse", "--show-toplevel"])?;
            let top = String::from_utf8_lossy(&top.stdout).trim().to_owned();
            (!top.is_empty()).then(|| PathBuf::from(top))
        } else {
            // Inside a checkout's `.git`: its work tree is the folder around it.
            let parent = git_dir.parent().map(Path::to_owned);
            parent.filter(|_| git_dir.file_name() == Some(OsStr::new(".git")))
        };
        Ok(Repo {
            git_dir,
            work_tree,
            name,
        })
    }

    /// The directory as the user named it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// `git --git-dir=<this repository>`.
    fn git(&self) -> Command {
        let mut command = command();
        command.arg("--git-dir").arg(&self.git_dir);
        command
    }

    fn output(&self, args: &[&str]) -> Result<Output> {
        run(self.git().args(args))
    }

    /// Standard output of a command that must succeed.
    fn text(&self, args: &[&str]) -> Result<String> {
        let output = self.output(args)?;
        if !output.status.success() {
            return Err(Error::Git {
                command: format!("git {}", args.join(" ")),
                dir: self.name.clone(),
                message: first_error_line(&output),
            });
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The first line of standard output, or `None` when the command fails or prints nothing.
    fn answer(&self, args: &[&str]) -> Result<Option<String>> {
        let output = self.output(args)?;
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().next().unwrap_or("").trim();
        Ok((output.status.success() && !line.is_empty()).then(|| line.to_owned()))
    }

    /// The full id of the commit `rev` names (a commit id, a prefix of one, a branch, a tag).
    pub fn commit(&self, rev: &str) -> Result<Option<String>> {
        if rev.is_empty() || rev.starts_with('-') {
            return Ok(None);
        }
        self.answer(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ])
    }

    /// Like `commit`, and an error naming the repository when `rev` is no commit of it.
    pub fn require_commit(&self, rev: &str) -> Result<String> {
        self.commit(rev)?.ok_or_else(|| Error::NotACommit {
            rev: rev.to_owned(),
            dir: self.name.clone(),
            help: format!(
                "check the revision, or bring the repository up to date; `git --git-dir {} log --oneline -5` shows recent commits",
                self.name
            ),
        })
    }

    /// Whether `name` is a branch (so that a `--rev` that names one is resolved, and said so).
    pub fn is_branch(&self, name: &str) -> Result<bool> {
        if name.is_empty() || name.starts_with('-') {
            return Ok(false);
        }
        let reference = format!("refs/heads/{name}");
        let output = self.output(&["show-ref", "--verify", "--quiet", &reference])?;
        Ok(output.status.success())
    }

    /// The commit tag `tag` points at.
    pub fn tag_commit(&self, tag: &str) -> Result<Option<String>> {
        if tag.is_empty() || tag.starts_with('-') {
            return Ok(None);
        }
        self.answer(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("refs/tags/{tag}^{{commit}}"),
        ])
    }

    pub fn require_tag(&self, tag: &str) -> Result<String> {
        self.tag_commit(tag)?.ok_or_else(|| Error::NoSuchTag {
            tag: tag.to_owned(),
            dir: self.name.clone(),
        })
    }

    /// The default branch (what HEAD names) and its commit; `None` for an empty repository.
    pub fn head(&self) -> Result<Option<Head>> {
        let Some(commit) = self.commit("HEAD")? else {
            return Ok(None);
        };
        let branch = self.answer(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        Ok(Some(Head { branch, commit }))
    }

    /// The committer date of `commit` as `YYYY-MM-DD` (in the committer's time zone, as
    /// nixpkgs' unstableGitUpdater writes versions).
    pub fn commit_date(&self, commit: &str) -> Result<String> {
        Ok(self
            .text(&["log", "-1", "--format=%cs", commit, "--"])?
            .trim()
            .to_owned())
    }

    /// Tags that name a version (they hold a digit), newest first by version order, where
    /// `1.0.0-rc1` comes before `1.0.0`.
    pub fn version_tags(&self) -> Result<Vec<String>> {
        let text = self.text(&[
            "-c",
            "versionsort.suffix=-",
            "for-each-ref",
            "--sort=-v:refname",
            "--format=%(refname:strip=2)",
            "refs/tags",
        ])?;
        Ok(text
            .lines()
            .filter(|tag| tag.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect())
    }

    /// The newest version tag that points at a commit, and that commit.
    pub fn newest_tag(&self) -> Result<Option<(String, String)>> {
        for tag in self.version_tags()? {
            if let Some(commit) = self.tag_commit(&tag)? {
                return Ok(Some((tag, commit)));
            }
        }
        Ok(None)
    }

    /// Version tags on `commit` itself, newest first.
    pub fn tags_at(&self, commit: &str) -> Result<Vec<String>> {
        let text = self.text(&[
            "-c",
            "versionsort.suffix=-",
            "tag",
            "--list",
            "--sort=-v:refname",
            "--points-at",
            commit,
        ])?;
        Ok(text
            .lines()
            .filter(|tag| tag.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect())
    }

    /// The nearest tag reachable from `commit` (`git describe --tags --abbrev=0`).
    pub fn nearest_tag(&self, commit: &str) -> Result<Option<String>> {
        self.answer(&["describe", "--tags", "--abbrev=0", commit])
    }

    /// How many commits `to` has that `from` has not.
    pub fn commits_ahead(&self, from: &str, to: &str) -> Result<Option<u64>> {
        let range = format!("{from}..{to}");
        Ok(self
            .answer(&["rev-list", "--count", &range])?
            .and_then(|count| count.parse().ok()))
    }

    pub fn is_ancestor(&self, ancestor: &str, of: &str) -> Result<bool> {
        let output = self.output(&["merge-base", "--is-ancestor", ancestor, of])?;
        Ok(output.status.success())
    }

    /// Uncommitted changes of a checkout (`git status --porcelain`), `None` when clean or bare.
    pub fn uncommitted_changes(&self) -> Result<Option<String>> {
        let Some(work_tree) = &self.work_tree else {
            return Ok(None);
        };
        let output = run(self
            .git()
            .arg("--work-tree")
            .arg(work_tree)
            .args(["status", "--porcelain"])
            .env("GIT_OPTIONAL_LOCKS", "0"))?;
        if !output.status.success() {
            return Err(Error::Git {
                command: "git status --porcelain".into(),
                dir: self.name.clone(),
                message: first_error_line(&output),
            });
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = text.lines().collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let mut shown: Vec<String> = lines.iter().take(10).map(|l| format!("  {l}")).collect();
        if lines.len() > 10 {
            shown.push(format!("  … and {} more", lines.len() - 10));
        }
        Ok(Some(shown.join("\n")))
    }

    /// Refuses a checkout with uncommitted changes.
    pub fn ensure_clean(&self) -> Result<()> {
        match self.uncommitted_changes()? {
            None => Ok(()),
            Some(changes) => Err(Error::Dirty {
                dir: self.name.clone(),
                changes,
            }),
        }
    }

    /// The content of `path` in `commit`, `None` when the commit has no such file.
    pub fn file_at(&self, commit: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let spec = format!("{commit}:{path}");
        let Some(blob) = self.answer(&["rev-parse", "--verify", "--quiet", &spec])? else {
            return Ok(None);
        };
        // A directory of that name is no file.
        if self.answer(&["cat-file", "-t", &blob])?.as_deref() == Some("tree") {
            return Ok(None);
        }
        let output = self.output(&["cat-file", "blob", &blob])?;
        if !output.status.success() {
            return Err(Error::SnapshotLacksFiles {
                dir: self.name.clone(),
                rev: commit.to_owned(),
                count: 1,
                examples: path.to_owned(),
            });
        }
        Ok(Some(output.stdout))
    }

    /// Paths of the files of `commit` whose content the repository does not have.
    pub fn missing_files(&self, commit: &str) -> Result<Vec<String>> {
        let listing = self.text(&[
            "rev-list",
            "--objects",
            "--missing=print",
            "--no-walk",
            commit,
        ])?;
        let missing: Vec<&str> = listing
            .lines()
            .filter_map(|line| line.strip_prefix('?'))
            .collect();
        if missing.is_empty() {
            return Ok(Vec::new());
        }
        // `ls-tree` lists the paths of blobs without reading them.
        let tree = self
            .output(&["ls-tree", "-r", "-z", "--full-tree", commit])?
            .stdout;
        let tree = String::from_utf8_lossy(&tree);
        let mut paths: Vec<String> = tree
            .split('\0')
            .filter_map(|entry| {
                let (meta, path) = entry.split_once('\t')?;
                let oid = meta.split(' ').nth(2)?;
                missing.contains(&oid).then(|| path.to_owned())
            })
            .collect();
        if paths.is_empty() {
            paths = missing.iter().map(|oid| format!("object {oid}")).collect();
        }
        Ok(paths)
    }

    /// `sha1` or `sha256`.
    pub fn object_format(&self) -> Result<String> {
        Ok(self
            .answer(&["rev-parse", "--show-object-format"])?
            .unwrap_or_else(|| "sha1".into()))
    }

    /// The object directory, for a temporary repository that borrows the objects.
    pub fn objects_dir(&self) -> Result<PathBuf> {
        let path = PathBuf::from(self.text(&["rev-parse", "--git-path", "objects"])?.trim());
        if path.is_absolute() {
            return Ok(path);
        }
        // A relative answer is relative to the directory git ran in.
        let here = std::env::current_dir().map_err(|error| Error::Read {
            path: ".".into(),
            error,
        })?;
        Ok(here.join(path))
    }
}
