//! Every refusal of `bump`, with its message as a snapshot, and hostile inputs (files that do
//! not parse, directories that are no repositories) giving errors rather than panics.

mod common;

use atpkgs_update::package::PackageFile;
use common::*;

/// Runs a failing bump and returns `=== what` with its standard error.
fn refusal(scratch: &Scratch, root: &std::path::Path, what: &str, args: &[&str]) -> String {
    let output = run(args, root);
    assert_eq!(output.status.code(), Some(2), "{what}: {}", stdout(&output));
    assert!(!stderr(&output).contains("panicked"), "{what}");
    format!("=== {what}\n{}\n", scratch.redact(&stderr(&output)))
}

#[test]
fn bump_refusals_name_the_file_the_revision_and_the_repository() {
    let scratch = Scratch::new();
    let (upstream, [first, _, _]) = three_commits(&scratch);
    upstream.tag("release-2", DATE_3);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let bare = bare.to_str().unwrap();
    let root = scratch.join("tree");
    let hash = hash_of(std::path::Path::new(bare), &first);
    let rev_pinned = write_package(
        &root,
        "example/demo",
        "rev-unstable.nix",
        &[("REV", &first), ("HASH", &hash)],
    );
    let tag_pinned = write_package(
        &root,
        "example/templated",
        "tag-template.nix",
        &[("HASH", &hash)],
    );
    let local = write_package(&root, "example/local", "local.nix", &[]);
    let borrowed = write_package(&root, "example/cli", "borrowed.nix", &[]);
    let fetchgit = write_package(&root, "example/other", "fetchgit.nix", &[]);
    std::fs::write(
        root.join("pkgs/example/broken.nix"),
        "{ lib }: {\n  src = fetchFromGitHub {\n    owner = \"a\"\n  };\n",
    )
    .unwrap();

    let mut report = String::new();
    let absent = "0123456789abcdef0123456789abcdef01234567";
    for (what, args) in [
        (
            "a missing revision",
            vec!["bump", &rev_pinned, "--git", bare, "--rev", absent],
        ),
        (
            "a missing tag",
            vec!["bump", &rev_pinned, "--git", bare, "--tag", "v9.9.9"],
        ),
        (
            "a commit for a tag pin",
            vec!["bump", &tag_pinned, "--git", bare, "--rev", &first],
        ),
        (
            "a tag that does not fit the pin",
            vec!["bump", &tag_pinned, "--git", bare, "--tag", "release-2"],
        ),
        (
            "a version against the tag",
            vec![
                "bump",
                &tag_pinned,
                "--git",
                bare,
                "--tag",
                "v1.1.0",
                "--version",
                "1.2.0",
            ],
        ),
        (
            "a local package",
            vec!["bump", &local, "--git", bare, "--latest"],
        ),
        (
            "a package built from another's source",
            vec!["bump", &borrowed, "--git", bare, "--latest"],
        ),
        (
            "a package fetched with fetchgit",
            vec!["bump", &fetchgit, "--git", bare, "--latest"],
        ),
        (
            "a package.nix that does not parse",
            vec!["bump", "pkgs/example/broken.nix", "--git", bare, "--latest"],
        ),
        (
            "a missing package.nix",
            vec![
                "bump",
                "pkgs/example/none/package.nix",
                "--git",
                bare,
                "--latest",
            ],
        ),
    ] {
        report += &refusal(&scratch, &root, what, &args);
    }
    report = report.replace(&first, "<first commit>");
    insta::assert_snapshot!(report);
}

/// A checkout with uncommitted changes is refused: the hash is of the committed tree.
#[test]
fn a_dirty_checkout_is_refused() {
    let scratch = Scratch::new();
    let (upstream, [first, _, _]) = three_commits(&scratch);
    let (root, package) =
        pinned_package(&scratch, &upstream.work, &first, "demo", "rev-unstable.nix");
    let work = upstream.work.to_str().unwrap();

    // Clean, the checkout is fine.
    let output = run(&["bump", &package, "--git", work, "--rev", &first], &root);
    assert!(output.status.success(), "{}", stderr(&output));

    upstream.write("README.md", Content::Text("edited, not committed\n"));
    upstream.write("notes.txt", Content::Text("new, not added\n"));
    let mut report = refusal(
        &scratch,
        &root,
        "a checkout with changes",
        &["bump", &package, "--git", work, "--latest"],
    );
    let dot_git = upstream.work.join(".git");
    report += &refusal(
        &scratch,
        &root,
        "its .git",
        &[
            "bump",
            &package,
            "--git",
            dot_git.to_str().unwrap(),
            "--latest",
        ],
    );
    insta::assert_snapshot!(report);
}

/// Directories that are no repository, and a folder inside another checkout.
#[test]
fn garbage_git_directories_are_errors() {
    let scratch = Scratch::new();
    let (upstream, [first, _, _]) = three_commits(&scratch);
    std::fs::write(scratch.join("a-file"), "not a directory").unwrap();
    std::fs::create_dir_all(scratch.join("empty")).unwrap();
    std::fs::create_dir_all(scratch.join("junk/objects")).unwrap();
    std::fs::write(scratch.join("junk/HEAD"), "\u{0}\u{1}garbage").unwrap();
    let inside = upstream.work.join("src");
    let mut report = String::new();
    for (what, dir) in [
        ("a missing directory", scratch.join("missing")),
        ("a file", scratch.join("a-file")),
        ("an empty directory", scratch.join("empty")),
        ("a directory with a garbage HEAD", scratch.join("junk")),
        ("a folder inside a checkout", inside),
    ] {
        report += &refusal(
            &scratch,
            scratch.path(),
            what,
            &["hash", "--git", dir.to_str().unwrap(), &first],
        );
    }
    insta::assert_snapshot!(report);
}

/// Every prefix of every fixture, and other garbage, is read without a panic.
#[test]
fn hostile_package_files_give_errors_not_panics() {
    let mut texts: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(fixture("packages")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for end in (0..=text.len()).filter(|end| text.is_char_boundary(*end)) {
            texts.push(text[..end].to_owned());
            texts.push(format!("{}{}", &text[..end], "\"${"));
        }
    }
    texts.push("(".repeat(100_000));
    texts.push(
        "{ src = fetchFromGitHub { owner = 1; repo = [ ]; rev = null; hash = { }; }; }".into(),
    );
    texts.push(
        "{ src = fetchFromGitHub { owner = \"a\"; repo = \"b\"; rev = \"${x}\"; hash = \"\"; }; }"
            .into(),
    );
    texts.push("{ src = fetchFromGitHub { owner = \"a\"; repo = \"b\"; tag = ''v${version}''; hash = \"\"; }; }".into());
    texts.push("{ src = fetchFromGitHub { inherit owner; ${x} = 1; \"repo\" = \"b\"; rev = \"\\${}\"; hash = ./x; }; }".into());
    texts.push("{ src = fetchFromTangled (fetchFromGitHub) { }; }".into());
    texts.push("x: fetchFromGitHub".into());
    let mut parsed = 0;
    for text in texts {
        if let Ok(package) = PackageFile::parse("package.nix", text) {
            parsed += 1;
            let _ = package.require_pin();
        }
    }
    assert!(parsed > 0);
}

/// The report goes on past files it cannot read, showing each one's error in its row.
#[test]
fn the_report_survives_hostile_files() {
    let scratch = Scratch::new();
    let root = scratch.path();
    let write = |relative: &str, bytes: &[u8]| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("pkgs/bad/binary/package.nix", &[0xff, 0xfe, 0, 1, 2]);
    write("pkgs/bad/empty/package.nix", b"");
    write(
        "pkgs/bad/syntax/package.nix",
        b"{ src = fetchFromGitHub { owner = ; }; }",
    );
    write(
        "pkgs/bad/fields/package.nix",
        b"{ src = fetchFromGitHub { owner = 1; repo = \"r\"; rev = \"x\"; hash = \"h\"; }; }",
    );
    write("pkgs/bad/list/node-deps.json", b"{ not json");
    write("pkgs/bad/list/package.nix", b"{ src = ./.; }");
    write("pkgs/not-a-dir/package.nix", b"");
    let output = run(
        &[
            "report",
            "--root",
            root.to_str().unwrap(),
            "--mirrors",
            "/nonexistent",
        ],
        root,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!(scratch.redact(&stdout(&output)));
}

/// Refusals that depend on the source: submodules the pin fetches, and a node-deps.json that
/// names a lockfile outside the source or one the new source lacks.
#[test]
fn refusals_about_the_new_source() {
    let scratch = Scratch::new();
    let (upstream, [first, second, _]) = three_commits(&scratch);
    upstream.write(
        ".gitmodules",
        Content::Text(
            "[submodule \"vendor/x\"]\n\tpath = vendor/x\n\turl = https://example.org/x.git\n",
        ),
    );
    let with_submodules = upstream.commit("submodules", DATE_3);
    let work = upstream.work.to_str().unwrap();
    let root = scratch.join("tree");
    let hash = hash_of(&upstream.work, &first);

    let package = write_package(
        &root,
        "example/demo",
        "rev-unstable.nix",
        &[("REV", &first), ("HASH", &hash)],
    );
    let path = root.join(&package);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("    hash =", "    fetchSubmodules = true;\n    hash ="),
    )
    .unwrap();
    let mut report = refusal(
        &scratch,
        &root,
        "submodules",
        &["bump", &package, "--git", work, "--rev", &with_submodules],
    );

    let altered = write_package(
        &root,
        "example/altered",
        "rev-unstable.nix",
        &[("REV", &first), ("HASH", &hash)],
    );
    let path = root.join(&altered);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "    hash =",
            "    postFetch = \"rm -r $out/docs\";\n    hash =",
        ),
    )
    .unwrap();
    report += &refusal(
        &scratch,
        &root,
        "postFetch",
        &["bump", &altered, "--git", work, "--rev", &second],
    );

    let web = write_package(
        &root,
        "example/web",
        "node.nix",
        &[("REV", &first), ("HASH", &hash)],
    );
    let list = root.join("pkgs/example/web/node-deps.json");
    let document = |lockfile: &str| {
        format!("{{\"generatedBy\":\"atpkgs-lock\",\"lockfile\":\"{lockfile}\",\"kind\":\"pnpm\",\"lockfileVersion\":\"9.0\",\"tarballs\":[],\"unpinned\":[]}}\n")
    };
    std::fs::write(&list, document("../../outside/pnpm-lock.yaml")).unwrap();
    report += &refusal(
        &scratch,
        &root,
        "a lockfile outside the source",
        &["bump", &web, "--git", work, "--rev", &second],
    );
    std::fs::write(&list, document("web/pnpm-lock.yaml")).unwrap();
    report += &refusal(
        &scratch,
        &root,
        "a lockfile the source lacks",
        &["bump", &web, "--git", work, "--rev", &second],
    );
    assert_eq!(
        std::fs::read_to_string(&list).unwrap(),
        document("web/pnpm-lock.yaml"),
        "nothing written"
    );
    report = report
        .replace(&with_submodules, "<commit>")
        .replace(&second, "<second>");
    insta::assert_snapshot!(report);
}

/// Two fetches bound to `src` leave no single pin to bump.
#[test]
fn several_source_pins_are_refused() {
    let text = "{ a = { src = fetchFromGitHub { owner = \"o\"; repo = \"r\"; rev = \"x\"; hash = \"h\"; }; };\n  b = { src = fetchFromGitHub { owner = \"o\"; repo = \"s\"; rev = \"y\"; hash = \"h\"; }; }; }\n";
    let error = PackageFile::parse("package.nix", text.into())
        .err()
        .expect("refused");
    assert_eq!(
        error.to_string(),
        "package.nix: has several source pins; expected one `src = fetchFromGitHub { … }`"
    );
}
