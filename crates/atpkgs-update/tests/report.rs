//! `atpkgs-update report` on a fixture tree: each pin style, each hash status (verified,
//! MISMATCH, unverifiable for each reason), dependency hashes, and the three formats.

mod common;

use std::path::{Path, PathBuf};

use common::*;

struct Fixture {
    scratch: Scratch,
    root: PathBuf,
    mirrors: PathBuf,
    tangled: PathBuf,
}

/// A tree with one package of each kind, a mirrors folder, and a copy given with --git.
fn fixture_tree() -> Fixture {
    let scratch = Scratch::new();
    let (upstream, [first, second, _]) = three_commits(&scratch);
    let mirrors = scratch.join("mirrors");
    let demo = upstream.bare(&mirrors.join("example+demo/repo"));
    let tangled = upstream.bare(&scratch.join("tangled-copy.git"));
    let root = scratch.join("tree");
    let first_hash = hash_of(&demo, &first);
    let second_hash = hash_of(&demo, &second);

    write_package(
        &root,
        "example/demo",
        "rev-unstable.nix",
        &[("REV", &first), ("HASH", &first_hash)],
    );
    write_package(
        &root,
        "example/templated",
        "tag-template.nix",
        &[("HASH", &first_hash)],
    );
    write_package(
        &root,
        "example/current",
        "tag-template.nix",
        &[("HASH", &second_hash)],
    );
    let current = root.join("pkgs/example/current/package.nix");
    let text = std::fs::read_to_string(&current)
        .unwrap()
        .replace("\"1.0.0\"", "\"1.1.0\"");
    std::fs::write(&current, text).unwrap();
    // v1.0.0's hash given for v1.1.0.
    write_package(
        &root,
        "example/wrong",
        "tag-literal.nix",
        &[("HASH", &first_hash)],
    );
    let wrong = root.join("pkgs/example/wrong/package.nix");
    let text = std::fs::read_to_string(&wrong)
        .unwrap()
        .replace("v1.0.0", "v1.1.0");
    std::fs::write(&wrong, text).unwrap();
    write_package(
        &root,
        "example/web",
        "node.nix",
        &[("REV", &second), ("HASH", &second_hash)],
    );
    std::fs::write(
        root.join("pkgs/example/web/node-deps.json"),
        node_deps_list(),
    )
    .unwrap();
    write_package(&root, "example/cli", "borrowed.nix", &[]);
    write_package(&root, "example/local", "local.nix", &[]);
    write_package(&root, "example/other", "fetchgit.nix", &[]);
    // A commit the snapshot does not have, and an upstream without a snapshot.
    write_package(
        &root,
        "example/ahead",
        "rev-unstable.nix",
        &[
            ("REV", "0123456789abcdef0123456789abcdef01234567"),
            ("HASH", &first_hash),
        ],
    );
    write_package(
        &root,
        "example/gone",
        "rev-unstable.nix",
        &[("REV", &first), ("HASH", &first_hash)],
    );
    replace_in(
        &root.join("pkgs/example/gone/package.nix"),
        "repo = \"demo\"",
        "repo = \"gone\"",
    );

    // A snapshot that lacks a file of the pinned commit.
    let lacking = Upstream::new(scratch.join("lacking-upstream"));
    first_tree(&lacking);
    lacking.write("big.bin", Content::Bytes(&[1u8; 2048]));
    let lacking_commit = lacking.commit("big", DATE_1);
    let lacking_bare = lacking.bare(&mirrors.join("example+lacking/repo"));
    let blob = lacking.git(&["rev-parse", "HEAD:big.bin"]);
    std::fs::remove_file(
        lacking_bare
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    write_package(
        &root,
        "example/lacking",
        "rev-unstable.nix",
        &[("REV", &lacking_commit), ("HASH", &first_hash)],
    );
    replace_in(
        &root.join("pkgs/example/lacking/package.nix"),
        "repo = \"demo\"",
        "repo = \"lacking\"",
    );

    Fixture {
        scratch,
        root,
        mirrors,
        tangled,
    }
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn node_deps_list() -> String {
    let lockfile = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../atpkgs-lock/tests/fixtures/pnpm-v9/pnpm-lock.yaml");
    let read = atpkgs_lock::Lockfile::read(&lockfile, None).unwrap();
    let registries = atpkgs_lock::Registries::for_lockfile(&lockfile, None).unwrap();
    let transcript = atpkgs_lock::transcribe(&read, &registries).unwrap();
    atpkgs_lock::Document::new("web/pnpm-lock.yaml", transcript).to_text()
}

fn report(fixture: &Fixture, format: &str) -> (Option<i32>, String) {
    let given = format!("example.org/demo={}", fixture.tangled.display());
    let output = run(
        &[
            "report",
            "--mirrors",
            fixture.mirrors.to_str().unwrap(),
            "--git",
            &given,
            "--format",
            format,
        ],
        &fixture.root,
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    (
        output.status.code(),
        fixture.scratch.redact(&stdout(&output)),
    )
}

#[test]
fn the_text_report_shows_each_status() {
    let fixture = fixture_tree();
    let (code, text) = report(&fixture, "text");
    assert_eq!(code, Some(1), "a mismatch makes the exit status 1");
    insta::assert_snapshot!(text);
}

#[test]
fn the_markdown_report_is_one_table() {
    let fixture = fixture_tree();
    let (_, markdown) = report(&fixture, "markdown");
    let rows = markdown
        .lines()
        .filter(|line| line.starts_with("| `"))
        .count();
    assert_eq!(rows, 11);
    insta::assert_snapshot!(markdown);
}

#[test]
fn the_json_report_has_the_states() {
    let fixture = fixture_tree();
    let (_, json) = report(&fixture, "json");
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let state = |attr: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|row| row["attr"] == attr)
            .map(|row| row["sourceHash"]["state"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert_eq!(state("example-demo"), "verified");
    assert_eq!(state("example-web"), "verified");
    assert_eq!(state("example-wrong"), "mismatch");
    assert_eq!(state("example-gone"), "unverifiable");
    assert_eq!(state("example-lacking"), "unverifiable");
    assert_eq!(state("example-local"), "none");
}
