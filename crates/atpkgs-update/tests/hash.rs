//! `atpkgs-update hash`: the NAR hash of `git archive REV`, equal to `nix hash path` of the
//! extracted archive; and its errors.

mod common;

use common::*;

/// `nix hash path` (Nix 2.8) of `git archive` of `first_tree`, computed once with Nix so that
/// the test means something where Nix is not installed.
const FIRST_TREE_HASH: &str = "sha256-Hm430w4+dYTLeSM0Facm95cmTzYaiGK3aBH2dupPDZo=";

#[test]
fn the_hash_is_that_of_the_extracted_archive() {
    let scratch = Scratch::new();
    let upstream = Upstream::new(scratch.join("work"));
    first_tree(&upstream);
    let commit = upstream.commit("first", DATE_1);
    let bare = upstream.bare(&scratch.join("bare.git"));

    let output = run(
        &["hash", "--git", bare.to_str().unwrap(), &commit],
        scratch.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let hash = stdout(&output).trim().to_owned();
    assert_eq!(hash, FIRST_TREE_HASH);

    let extracted = scratch.join("extracted");
    extract_with_tar(&bare, &commit, &extracted);
    match nix_hash_path(&extracted) {
        Some(nix) => assert_eq!(hash, nix, "nix hash path disagrees"),
        None => eprintln!("nix is not installed: compared with the recorded hash only"),
    }
}

/// The same commit through a checkout, a branch name and a tag gives the same hash.
#[test]
fn a_checkout_a_branch_and_a_tag_name_the_same_tree() {
    let scratch = Scratch::new();
    let upstream = Upstream::new(scratch.join("work"));
    first_tree(&upstream);
    upstream.commit("first", DATE_1);
    upstream.tag("v1.0.0", DATE_1);
    let work = upstream.work.to_str().unwrap();
    for rev in ["main", "v1.0.0", "HEAD"] {
        let output = run(&["hash", "--git", work, rev], scratch.path());
        assert_eq!(
            stdout(&output).trim(),
            FIRST_TREE_HASH,
            "{rev}: {}",
            stderr(&output)
        );
    }
}

/// export-ignore applies to GitHub's tarballs, not to fetchgit's checkout (`--fetchgit`).
#[test]
fn export_attributes_apply_to_github_archives_only() {
    let scratch = Scratch::new();
    let upstream = Upstream::new(scratch.join("work"));
    first_tree(&upstream);
    upstream.write(
        ".gitattributes",
        Content::Text("secret.txt export-ignore\n"),
    );
    upstream.write("secret.txt", Content::Text("left out of archives\n"));
    let commit = upstream.commit("attributes", DATE_1);
    let bare = upstream.bare(&scratch.join("bare.git"));
    let bare = bare.to_str().unwrap();

    let hash = |extra: &[&str]| {
        let output = run(
            &[&["hash", "--git", bare, &commit][..], extra].concat(),
            scratch.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let archive = hash(&[]);
    let checkout = hash(&["--fetchgit"]);
    assert_ne!(archive, checkout);

    let extracted = scratch.join("extracted");
    extract_with_tar(std::path::Path::new(bare), &commit, &extracted);
    assert!(!extracted.join("secret.txt").exists());
    let cloned = scratch.join("cloned");
    git_at(
        scratch.path(),
        &["clone", "--quiet", bare, cloned.to_str().unwrap()],
        DATE_1,
    );
    std::fs::remove_dir_all(cloned.join(".git")).unwrap();
    if let (Some(archive_nix), Some(checkout_nix)) =
        (nix_hash_path(&extracted), nix_hash_path(&cloned))
    {
        assert_eq!(archive.trim(), archive_nix);
        assert_eq!(checkout.trim(), checkout_nix);
    }
}

#[test]
fn errors_name_the_revision_and_the_snapshot() {
    let scratch = Scratch::new();
    let upstream = Upstream::new(scratch.join("work"));
    first_tree(&upstream);
    upstream.write("big.bin", Content::Bytes(&[7u8; 4096]));
    let commit = upstream.commit("first", DATE_1);
    let bare = upstream.bare(&scratch.join("snapshot"));
    let dir = bare.to_str().unwrap();

    let mut report = String::new();
    let absent = "0123456789abcdef0123456789abcdef01234567";
    for (what, args) in [
        ("an absent commit", vec!["hash", "--git", dir, absent]),
        (
            "an absent branch",
            vec!["hash", "--git", dir, "no-such-branch"],
        ),
        (
            "an option-like revision",
            vec!["hash", "--git", dir, "--", "--output=x"],
        ),
    ] {
        let output = run(&args, scratch.path());
        assert_eq!(output.status.code(), Some(2), "{what}");
        report += &format!("=== {what}\n{}\n", scratch.redact(&stderr(&output)));
    }

    // A snapshot without the blob of big.bin, as snapshots lack files of 4 MiB and more.
    let blob = upstream.git(&["rev-parse", "HEAD:big.bin"]);
    let loose = bare.join("objects").join(&blob[..2]).join(&blob[2..]);
    if !loose.exists() {
        // A clone packs its objects: unpack them loose to remove one.
        unpack_objects(&bare);
    }
    std::fs::remove_file(&loose).expect("the blob is a loose object");
    let output = run(&["hash", "--git", dir, &commit], scratch.path());
    assert_eq!(output.status.code(), Some(2));
    report += &format!(
        "=== a snapshot that lacks a file\n{}\n",
        scratch
            .redact(&stderr(&output))
            .replace(&commit, "<commit>")
    );
    insta::assert_snapshot!(report);
}

/// Moves the packed objects of `bare` out as loose objects.
fn unpack_objects(bare: &std::path::Path) {
    let pack_dir = bare.join("objects/pack");
    let packs: Vec<_> = std::fs::read_dir(&pack_dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .collect();
    for pack in packs {
        let moved = bare.join("moved.pack");
        std::fs::rename(&pack, &moved).unwrap();
        let _ = std::fs::remove_file(pack.with_extension("idx"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg("git --git-dir=\"$1\" unpack-objects -q < \"$2\"")
            .arg("sh")
            .arg(bare)
            .arg(&moved)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::remove_file(&moved).unwrap();
    }
}
