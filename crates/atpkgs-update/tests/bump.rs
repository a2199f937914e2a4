//! `atpkgs-update bump`: each pin style rewritten in place (before/after as snapshots), the
//! version following the package's scheme, node-deps.json regenerated, and `--dry-run`.

mod common;

use std::path::Path;

use common::*;

/// The package before and after, and what the command printed.
fn before_after(root: &Path, package: &str, args: &[&str], scratch: &Scratch) -> (String, String) {
    let path = root.join(package);
    let before = std::fs::read_to_string(&path).unwrap();
    let output = run(&[&["bump", package][..], args].concat(), root);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read_to_string(&path).unwrap();
    let shown = format!(
        "--- before\n{before}--- after\n{after}--- printed\n{}",
        scratch.redact(&stdout(&output))
    );
    (after, shown)
}

#[test]
fn a_commit_pin_moves_to_another_commit_with_an_unstable_version() {
    let scratch = Scratch::new();
    let (upstream, [first, _, third]) = three_commits(&scratch);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let (root, package) = pinned_package(&scratch, &bare, &first, "demo", "rev-unstable.nix");

    let (after, shown) = before_after(
        &root,
        &package,
        &["--git", bare.to_str().unwrap(), "--rev", &third],
        &scratch,
    );
    assert!(after.contains(&format!("rev = \"{third}\";")));
    assert!(after.contains(&format!("hash = \"{}\";", hash_of(&bare, &third))));
    insta::assert_snapshot!(shown);
}

/// The committer's own date (2025-05-06 at -02:00, already 05-07 in UTC) names the version.
#[test]
fn the_unstable_version_is_the_committer_date() {
    let scratch = Scratch::new();
    let (upstream, [first, second, _]) = three_commits(&scratch);
    let (root, package) =
        pinned_package(&scratch, &upstream.work, &first, "demo", "rev-unstable.nix");
    let output = run(
        &[
            "bump",
            &package,
            "--git",
            upstream.work.to_str().unwrap(),
            "--rev",
            &second,
        ],
        &root,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read_to_string(root.join(&package)).unwrap();
    assert!(
        after.contains("version = \"0-unstable-2025-05-06\";"),
        "{after}"
    );
}

#[test]
fn a_branch_given_as_rev_is_written_as_its_commit() {
    let scratch = Scratch::new();
    let (upstream, [first, _, third]) = three_commits(&scratch);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let (root, package) = pinned_package(&scratch, &bare, &first, "demo", "rev-unstable.nix");
    let output = run(
        &[
            "bump",
            &package,
            "--git",
            bare.to_str().unwrap(),
            "--rev",
            "main",
        ],
        &root,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read_to_string(root.join(&package)).unwrap();
    assert!(after.contains(&format!("rev = \"{third}\";")), "{after}");
    assert!(!after.contains("rev = \"main\""));
    assert!(stdout(&output).contains(&format!("branch `main` resolved to commit {third}")));
}

#[test]
fn a_tag_pin_moves_to_another_tag() {
    let scratch = Scratch::new();
    let (upstream, [first, second, _]) = three_commits(&scratch);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let (root, package) = pinned_package(&scratch, &bare, &first, "demo", "tag-literal.nix");

    let (after, shown) = before_after(
        &root,
        &package,
        &["--git", bare.to_str().unwrap(), "--tag", "v1.1.0"],
        &scratch,
    );
    assert!(after.contains("tag = \"v1.1.0\";") && after.contains("version = \"1.1.0\";"));
    assert!(after.contains(&hash_of(&bare, &second)));
    insta::assert_snapshot!(shown);
}

/// `tag = "v${finalAttrs.version}"`: only `version` (and the hash) change.
#[test]
fn a_version_derived_tag_bumps_the_version_only() {
    let scratch = Scratch::new();
    let (upstream, [first, second, _]) = three_commits(&scratch);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let (root, package) = pinned_package(&scratch, &bare, &first, "demo", "tag-template.nix");

    let (after, shown) = before_after(
        &root,
        &package,
        &["--git", bare.to_str().unwrap(), "--latest"],
        &scratch,
    );
    assert!(after.contains("tag = \"v${finalAttrs.version}\";"));
    assert!(after.contains("version = \"1.1.0\";"));
    assert!(after.contains(&hash_of(&bare, &second)));
    insta::assert_snapshot!(shown);

    // Run again: nothing left to do.
    let output = run(
        &[
            "bump",
            &package,
            "--git",
            bare.to_str().unwrap(),
            "--latest",
        ],
        &root,
    );
    assert!(
        stdout(&output).contains("nothing to change"),
        "{}",
        stdout(&output)
    );
    assert_eq!(std::fs::read_to_string(root.join(&package)).unwrap(), after);
}

#[test]
fn a_dry_run_prints_the_changed_lines_and_writes_nothing() {
    let scratch = Scratch::new();
    let (upstream, [first, _, _]) = three_commits(&scratch);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let (root, package) = pinned_package(&scratch, &bare, &first, "demo", "rev-unstable.nix");
    let before = std::fs::read_to_string(root.join(&package)).unwrap();
    let output = run(
        &[
            "bump",
            &package,
            "--git",
            bare.to_str().unwrap(),
            "--latest",
            "--dry-run",
        ],
        &root,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(root.join(&package)).unwrap(),
        before
    );
    insta::assert_snapshot!(scratch.redact(&stdout(&output)));
}

/// node-deps.json is written again from the new source's lockfile (and the `.npmrc` beside
/// it), exactly as `atpkgs-lock write LOCKFILE --path-in-source web/pnpm-lock.yaml` writes it.
#[test]
fn node_deps_json_is_regenerated_from_the_new_lockfile() {
    let scratch = Scratch::new();
    let upstream = Upstream::new(scratch.join("upstream"));
    let lockfile = |version: &str| std::fs::read_to_string(lock_fixture(version)).unwrap();
    first_tree(&upstream);
    upstream.write(
        "web/pnpm-lock.yaml",
        Content::Text(&lockfile("pnpm-v6/pnpm-lock.yaml")),
    );
    let first = upstream.commit("pnpm 8", DATE_1);
    upstream.write(
        "web/pnpm-lock.yaml",
        Content::Text(&lockfile("pnpm-v9/pnpm-lock.yaml")),
    );
    upstream.write("web/.npmrc", Content::Text(&lockfile("pnpm-v9/.npmrc")));
    let second = upstream.commit("pnpm 9", DATE_2);
    let bare = upstream.bare(&scratch.join("bare.git"));

    let (root, package) = pinned_package(&scratch, &bare, &first, "web", "node.nix");
    let list = root.join("pkgs/example/web/node-deps.json");
    std::fs::write(
        &list,
        written_by_atpkgs_lock(&lock_fixture("pnpm-v6/pnpm-lock.yaml")),
    )
    .unwrap();

    let output = run(
        &[
            "bump",
            &package,
            "--git",
            bare.to_str().unwrap(),
            "--rev",
            &second,
        ],
        &root,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let regenerated = std::fs::read_to_string(&list).unwrap();
    assert_eq!(
        regenerated,
        written_by_atpkgs_lock(&lock_fixture("pnpm-v9/pnpm-lock.yaml"))
    );
    assert!(
        regenerated.contains("https://npm.jsr.io/@jsr/std__path"),
        "the .npmrc was used"
    );
    insta::assert_snapshot!(scratch.redact(&stdout(&output)));
}

fn lock_fixture(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../atpkgs-lock/tests/fixtures")
        .join(relative)
}

/// What `atpkgs-lock write LOCKFILE --path-in-source web/pnpm-lock.yaml` prints.
fn written_by_atpkgs_lock(lockfile: &Path) -> String {
    let read = atpkgs_lock::Lockfile::read(lockfile, None).unwrap();
    let registries = atpkgs_lock::Registries::for_lockfile(lockfile, None).unwrap();
    let transcript = atpkgs_lock::transcribe(&read, &registries).unwrap();
    atpkgs_lock::Document::new("web/pnpm-lock.yaml", transcript).to_text()
}

/// `--latest` takes the newest tag in version order: v1.10.0 after v1.9.0 (not by text) and
/// after its own release candidate.
#[test]
fn latest_is_the_newest_tag_in_version_order() {
    let scratch = Scratch::new();
    let (upstream, [first, _, _]) = three_commits(&scratch);
    for (tag, file) in [
        ("v1.10.0-rc1", "rc"),
        ("v1.10.0", "final"),
        ("v1.9.0", "older-branch"),
    ] {
        upstream.write(&format!("{file}.txt"), Content::Text(tag));
        upstream.commit(tag, DATE_3);
        upstream.tag(tag, DATE_3);
    }
    let (root, package) =
        pinned_package(&scratch, &upstream.work, &first, "demo", "tag-template.nix");
    let output = run(
        &[
            "bump",
            &package,
            "--git",
            upstream.work.to_str().unwrap(),
            "--latest",
        ],
        &root,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let after = std::fs::read_to_string(root.join(&package)).unwrap();
    assert!(after.contains("version = \"1.10.0\";"), "{after}");
}

/// `passthru.updateScript`'s call, from the repository root: the upstream is cloned into the
/// cache on the first run and fetched on the next. Git's `insteadOf` points the GitHub address
/// the fetcher names at a local upstream.
#[test]
fn from_upstream_clones_then_fetches_into_the_cache() {
    let scratch = Scratch::new();
    let (upstream, [first, _, third]) = three_commits(&scratch);
    let (root, package) =
        pinned_package(&scratch, &upstream.work, &first, "demo", "rev-unstable.nix");
    let config = scratch.join("gitconfig");
    std::fs::write(
        &config,
        format!(
            "[url \"{}\"]\n\tinsteadOf = https://github.com/example/demo.git\n",
            upstream.work.display()
        ),
    )
    .unwrap();
    let cache = scratch.join("cache");
    let env = [
        ("GIT_CONFIG_GLOBAL", config.as_path()),
        ("XDG_CACHE_HOME", cache.as_path()),
    ];
    let args = ["bump", &package, "--from-upstream", "--latest"];

    let output = run_with_env(&args, &root, &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let clone = cache.join("atpkgs-update/example+demo");
    assert!(
        clone.join("HEAD").is_file() && !clone.join(".git").exists(),
        "a bare clone"
    );
    let text = std::fs::read_to_string(root.join(&package)).unwrap();
    assert!(text.contains(&format!("rev = \"{third}\";")), "{text}");

    upstream.write("later.txt", Content::Text("later\n"));
    let fourth = upstream.commit("fourth", DATE_3);
    let output = run_with_env(&args, &root, &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(root.join(&package)).unwrap();
    assert!(text.contains(&format!("rev = \"{fourth}\";")), "{text}");
}
