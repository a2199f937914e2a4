//! The command line on lockfiles of our own (tests/fixtures): what each kind transcribes to,
//! the dependency list, the agreement check, the offline rewrite, and every error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atpkgs-lock"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error with the fixture folder's absolute path cut out.
fn stderr(output: &Output) -> String {
    let root = fixture("").display().to_string();
    String::from_utf8_lossy(&output.stderr).replace(&root, "<fixtures>/")
}

/// A fresh folder under the system temp dir, removed again when the test is done.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("atpkgs-lock-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn transcription(lockfile: &str) -> String {
    let output = run(&["json", fixture(lockfile).to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    format!("{}\n--- stderr\n{}", stdout(&output), stderr(&output))
}

#[test]
fn pnpm_v9_workspace_catalog_alias_platforms_git_and_local() {
    insta::assert_snapshot!(transcription("pnpm-v9/pnpm-lock.yaml"));
}

#[test]
fn pnpm_v11_env_document_is_skipped() {
    let v11 = transcription("pnpm-v11/pnpm-lock.yaml");
    assert!(!v11.contains("pnpm-11.11.0.tgz"), "{v11}");
    insta::assert_snapshot!(v11);
}

#[test]
fn pnpm_v6_peer_suffixes_and_named_tarballs() {
    insta::assert_snapshot!(transcription("pnpm-v6/pnpm-lock.yaml"));
}

#[test]
fn npm_v3_workspaces_aliases_nesting_bundles_git_and_npmrc() {
    insta::assert_snapshot!(transcription("npm-v3/package-lock.json"));
}

#[test]
fn npm_v2_without_resolved_addresses() {
    insta::assert_snapshot!(transcription("npm-v2/package-lock.json"));
}

#[test]
fn deno_v4_and_v5_npm_sections() {
    let v4 = transcription("deno-v4/deno.lock");
    assert_eq!(v4, transcription("deno-v5/deno.lock"));
    insta::assert_snapshot!(v4);
}

#[test]
fn the_list_has_one_tarball_per_line() {
    let output = run(&["write", fixture("pnpm-v9/pnpm-lock.yaml").to_str().unwrap()]);
    assert!(output.status.success());
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn bad_lockfiles_name_the_entry_and_line() {
    let mut report = String::new();
    for name in [
        "pnpm-v5/pnpm-lock.yaml",
        "pnpm-syntax/pnpm-lock.yaml",
        "pnpm-no-resolution/pnpm-lock.yaml",
        "pnpm-empty-resolution/pnpm-lock.yaml",
        "pnpm-bad-integrity/pnpm-lock.yaml",
        "pnpm-config-dependencies/pnpm-lock.yaml",
        "pnpm-two-documents/pnpm-lock.yaml",
        "npm-v1/package-lock.json",
        "npm-no-version/package-lock.json",
        "npm-syntax/package-lock.json",
        "deno-v3/deno.lock",
        "unknown-name/yarn.lock",
    ] {
        let output = run(&["json", fixture(&format!("errors/{name}")).to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        report += &format!("=== {name}\n{}\n", stderr(&output));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn check_accepts_its_own_list_and_names_each_difference() {
    let scratch = Scratch::new("check");
    let lockfile = fixture("npm-v3/package-lock.json");
    let list = scratch.path("node-deps.json");
    assert!(run(&["write", lockfile.to_str().unwrap(), "-o", &list])
        .status
        .success());
    let agree = run(&["check", lockfile.to_str().unwrap(), &list]);
    assert!(agree.status.success(), "{}", stderr(&agree));

    let text = std::fs::read_to_string(&list).unwrap();
    let changed = text
        .replace("chalk-4.1.2.tgz", "chalk-4.1.3.tgz")
        .replace("\"5.3.0\"", "\"5.3.1\"");
    std::fs::write(&list, changed).unwrap();
    let disagree = run(&["check", lockfile.to_str().unwrap(), &list]);
    assert_eq!(disagree.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&disagree));
}

#[test]
fn offline_points_each_entry_at_its_fetch() {
    for (dir, lockfile) in [
        ("pnpm-v9", "pnpm-lock.yaml"),
        ("npm-v3", "package-lock.json"),
    ] {
        let scratch = Scratch::new(&format!("offline-{dir}"));
        std::fs::copy(
            fixture(&format!("{dir}/{lockfile}")),
            scratch.path(lockfile),
        )
        .unwrap();
        std::fs::copy(fixture(&format!("{dir}/.npmrc")), scratch.path(".npmrc")).unwrap();
        let list_path = scratch.path("node-deps.json");
        assert!(run(&["write", &scratch.path(lockfile), "-o", &list_path])
            .status
            .success());

        // What a builder writes: the list and a path per fetch, here one per tarball but the
        // second (as if it were for another platform).
        let mut manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&list_path).unwrap()).unwrap();
        let mut fetched = serde_json::Map::new();
        let tarballs = manifest["tarballs"].as_array().unwrap().clone();
        for (index, tarball) in tarballs.iter().enumerate().filter(|(index, _)| *index != 1) {
            let id = format!(
                "{} {}",
                tarball["url"].as_str().unwrap(),
                tarball["integrity"].as_str().unwrap()
            );
            fetched.insert(
                id,
                format!(
                    "/nix/store/{index:032}-{}.tgz",
                    tarball["name"].as_str().unwrap().replace('/', "-")
                )
                .into(),
            );
        }
        for unpinned in manifest["unpinned"].as_array().unwrap().clone() {
            let id = unpinned["id"].as_str().unwrap();
            fetched.insert(
                id.into(),
                format!(
                    "/nix/store/{:032}-{}.tgz",
                    99,
                    unpinned["name"].as_str().unwrap()
                )
                .into(),
            );
        }
        manifest["fetched"] = fetched.into();
        manifest["list"] = "node-deps.json".into();
        let manifest_path = scratch.path("manifest.json");
        std::fs::write(&manifest_path, manifest.to_string()).unwrap();

        let output = run(&["offline", &scratch.path(lockfile), &manifest_path]);
        assert!(output.status.success(), "{}", stderr(&output));
        let rewritten = std::fs::read_to_string(scratch.path(lockfile)).unwrap();
        insta::assert_snapshot!(
            format!("offline_{dir}"),
            format!("{rewritten}--- stderr\n{}", stderr(&output))
        );

        // Links keep store paths out of what the package manager records.
        std::fs::copy(
            fixture(&format!("{dir}/{lockfile}")),
            scratch.path(lockfile),
        )
        .unwrap();
        let links = scratch.path("links");
        let output = run(&[
            "offline",
            "--link-dir",
            &links,
            &scratch.path(lockfile),
            &manifest_path,
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        let rewritten = std::fs::read_to_string(scratch.path(lockfile)).unwrap();
        assert!(!rewritten.contains("file:/nix/store"), "{dir}: {rewritten}");
        assert!(rewritten.contains(&format!("file:{links}/")), "{dir}");
        let link = std::fs::read_dir(&links)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        assert!(std::fs::read_link(link).unwrap().starts_with("/nix/store"));
    }
}

#[test]
fn offline_writes_pnpm_11s_project_document_alone() {
    let scratch = Scratch::new("offline-v11");
    let lockfile = scratch.path("pnpm-lock.yaml");
    std::fs::copy(fixture("pnpm-v11/pnpm-lock.yaml"), &lockfile).unwrap();
    let list = scratch.path("node-deps.json");
    assert!(run(&["write", &lockfile, "-o", &list]).status.success());
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&list).unwrap()).unwrap();
    let tarball = &manifest["tarballs"][0];
    let id = format!(
        "{} {}",
        tarball["url"].as_str().unwrap(),
        tarball["integrity"].as_str().unwrap()
    );
    manifest["fetched"] =
        serde_json::json!({ id: "/nix/store/00000000000000000000000000000000-chalk-4.1.2.tgz" });
    let manifest_path = scratch.path("manifest.json");
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();

    let output = run(&["offline", &lockfile, &manifest_path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let rewritten: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&lockfile).unwrap()).unwrap();
    assert_eq!(
        rewritten["packages"]["chalk@4.1.2"]["resolution"]["tarball"],
        "file:/nix/store/00000000000000000000000000000000-chalk-4.1.2.tgz"
    );
    assert!(rewritten["importers"]["."]
        .get("packageManagerDependencies")
        .is_none());
    assert!(rewritten["packages"].get("pnpm@11.11.0").is_none());
}

#[test]
fn offline_refuses_a_lockfile_that_changed() {
    let scratch = Scratch::new("offline-changed");
    let lockfile = scratch.path("pnpm-lock.yaml");
    std::fs::copy(fixture("pnpm-v6/pnpm-lock.yaml"), &lockfile).unwrap();
    let list = scratch.path("node-deps.json");
    assert!(run(&["write", &lockfile, "-o", &list]).status.success());
    let before = std::fs::read_to_string(&lockfile).unwrap();
    let changed = before.replacen("/react@18.3.1:", "/react@18.3.2:", 1);
    std::fs::write(&lockfile, &changed).unwrap();

    let output = run(&["offline", &lockfile, &list]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("react@18.3.2"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&lockfile).unwrap(),
        changed,
        "the lockfile is left as it was"
    );
}

#[test]
fn hostile_input_is_an_error_not_a_crash() {
    let scratch = Scratch::new("hostile");
    let deep_yaml = format!(
        "lockfileVersion: '9.0'\npackages: {}\n",
        "[".repeat(200_000)
    );
    let deep_json = format!(
        "{{\"lockfileVersion\": 3, \"packages\": {}1{}}}",
        "{\"a\":".repeat(200_000),
        "}".repeat(200_000)
    );
    let cases: [(&str, Vec<u8>); 7] = [
        ("pnpm-lock.yaml", deep_yaml.into_bytes()),
        ("package-lock.json", deep_json.into_bytes()),
        ("deno.lock", vec![0xff, 0xfe, 0x00, 0x80]),
        (
            "pnpm-lock.yaml",
            b"lockfileVersion: '9.0'\npackages: [1, 2]\n".to_vec(),
        ),
        (
            "pnpm-lock.yaml",
            b"lockfileVersion: '9.0'\npackages:\n  '@':\n    resolution: {integrity: 1}\n".to_vec(),
        ),
        ("package-lock.json", b"[]".to_vec()),
        ("deno.lock", b"".to_vec()),
    ];
    for (index, (name, bytes)) in cases.iter().enumerate() {
        let dir = scratch.path(&index.to_string());
        std::fs::create_dir_all(&dir).unwrap();
        let path = Path::new(&dir).join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = run(&["json", path.to_str().unwrap()]);
        assert!(
            matches!(output.status.code(), Some(0 | 2)),
            "case {index}: {:?}\n{}",
            output.status,
            stderr(&output)
        );
    }
}

#[test]
fn offline_serve_runs_the_install_against_a_loopback_server() {
    let scratch = Scratch::new("offline-serve");
    let lockfile = scratch.path("package-lock.json");
    std::fs::copy(fixture("npm-v2/package-lock.json"), &lockfile).unwrap();
    let list = scratch.path("node-deps.json");
    assert!(run(&["write", &lockfile, "-o", &list]).status.success());
    let tarball = scratch.path("chalk-4.1.2.tgz");
    std::fs::write(&tarball, "chalk's bytes").unwrap();
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&list).unwrap()).unwrap();
    let id = format!(
        "{} {}",
        manifest["tarballs"][0]["url"].as_str().unwrap(),
        manifest["tarballs"][0]["integrity"].as_str().unwrap()
    );
    manifest["fetched"] = serde_json::json!({ id: tarball });
    let manifest_path = scratch.path("manifest.json");
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();

    // The "install": fetch the rewritten entry's URL and check the registry it was given.
    let install = r#"import json, os, sys, urllib.request
lock = json.load(open(sys.argv[1]))
url = lock["packages"]["node_modules/chalk"]["resolved"]
assert url.startswith(os.environ["npm_config_registry"]), url
sys.exit(0 if urllib.request.urlopen(url).read() == b"chalk's bytes" else 5)"#;
    let output = run(&[
        "offline",
        "--serve",
        &lockfile,
        &manifest_path,
        "--",
        "python3",
        "-c",
        install,
        &lockfile,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));

    std::fs::copy(fixture("npm-v2/package-lock.json"), &lockfile).unwrap();
    let failing = run(&[
        "offline",
        "--serve",
        &lockfile,
        &manifest_path,
        "--",
        "sh",
        "-c",
        "exit 3",
    ]);
    assert_eq!(
        failing.status.code(),
        Some(3),
        "the install's status is ours"
    );
    let missing = run(&["offline", "--serve", &lockfile, &manifest_path]);
    assert_eq!(missing.status.code(), Some(2), "--serve needs a command");
}
