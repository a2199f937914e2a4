//! The command line: exit codes, output formats, and inputs that must not crash it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atpkgs-lint"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// A fresh folder under the system temp dir, removed again when the test is done.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("atpkgs-lint-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// `atpkgs-lint check --format json .` in `dir`, parsed.
fn check_json(dir: &Path) -> serde_json::Value {
    let output = lint(&["check", "--format", "json", "."], dir);
    serde_json::from_slice(&output.stdout).expect("the JSON output parses")
}

fn write(dir: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const BAD_PACKAGE: &str = r#"{ lib, fetchFromGitHub }:
fetchFromGitHub {
  owner = "bluesky-social";
  repo = "pds";
  rev = "main";
  hash = lib.fakeHash;
}
"#;

#[test]
fn exit_codes_are_0_1_2() {
    let dir = scratch("exit");
    write(&dir, "clean.nix", "{ a = 1; }\n");
    assert_eq!(lint(&["check", "clean.nix"], &dir).status.code(), Some(0));
    write(&dir, "bad.nix", BAD_PACKAGE);
    assert_eq!(lint(&["check", "."], &dir).status.code(), Some(1));
    assert_eq!(lint(&["check", "missing.nix"], &dir).status.code(), Some(2));
    assert_eq!(
        lint(&["check", "--format", "xml"], &dir).status.code(),
        Some(2)
    );
    assert_eq!(
        lint(&["explain", "no-such-rule"], &dir).status.code(),
        Some(2)
    );
    write(
        &dir,
        "atpkgs-lint.toml",
        "[rules]\nno-such-rule = \"off\"\n",
    );
    let output = lint(&["check", "."], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown rule"));
}

#[test]
fn config_levels_excludes_and_suppressions_apply() {
    let dir = scratch("config");
    write(&dir, "pkgs/bad.nix", BAD_PACKAGE);
    write(&dir, "vendored/bad.nix", BAD_PACKAGE);
    write(
        &dir,
        "atpkgs-lint.toml",
        "exclude = [\"vendored/**\"]\n[rules]\nsource-hash = \"warn\"\n",
    );
    let json = check_json(&dir);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(json["files"], 1, "vendored/ is excluded");
    let rules: Vec<_> = findings
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert!(rules.contains(&("source-hash", "warning")), "{rules:?}");
    assert!(rules.contains(&("pinned-source", "error")), "{rules:?}");

    let suppressed = BAD_PACKAGE.replace(
        "  rev = \"main\";",
        "  # atpkgs-lint: allow(pinned-source): upstream publishes no tags yet\n  rev = \"main\";",
    );
    write(&dir, "pkgs/bad.nix", suppressed);
    let json = check_json(&dir);
    assert!(json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "pinned-source"));
}

#[test]
fn machine_formats_are_well_formed() {
    let dir = scratch("formats");
    write(&dir, "bad.nix", BAD_PACKAGE);
    let sarif = lint(&["check", "--format", "sarif", "."], &dir);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "bad.nix"
    );
    assert!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    );

    let github = lint(&["check", "--format", "github", "."], &dir);
    let github = String::from_utf8(github.stdout).unwrap();
    assert!(
        github.lines().any(|line| line.starts_with(
            "::error file=bad.nix,line=5,col=9,endLine=5,endColumn=15,title=pinned-source::"
        )),
        "{github}"
    );
    let json = check_json(&dir);
    let finding = &json["findings"][0];
    for key in [
        "rule", "severity", "file", "start", "end", "message", "help",
    ] {
        assert!(
            !finding[key].is_null(),
            "JSON finding lacks `{key}`: {finding}"
        );
    }
}

#[test]
fn rules_and_explain_list_every_rule() {
    let dir = scratch("rules");
    let output = String::from_utf8(lint(&["rules"], &dir).stdout).unwrap();
    for rule in atpkgs_lint::rules::RULES {
        assert!(output.contains(rule.id), "{} missing from `rules`", rule.id);
    }
    let explain = String::from_utf8(lint(&["explain", "source-hash"], &dir).stdout).unwrap();
    assert!(explain.contains("Bad:") && explain.contains("Good:") && explain.contains("fakeHash"));
}

/// Inputs that crash weaker tools: each gives a clear finding or error, never a panic.
#[test]
fn hostile_inputs_do_not_crash() {
    let dir = scratch("hostile");
    write(&dir, "empty.nix", "");
    write(
        &dir,
        "unterminated.nix",
        "{ a = \"never closed; b = ''also open ${ x",
    );
    write(
        &dir,
        "deep.nix",
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
    );
    write(
        &dir,
        "deeper.nix",
        format!("{}1{}", "(".repeat(1_000_000), ")".repeat(1_000_000)),
    );
    write(
        &dir,
        "deep-lambda.nix",
        format!("{}1", "x: ".repeat(10_000)),
    );
    // A chain of operators nests the tree a million levels deep without a bracket.
    write(
        &dir,
        "modules/chain.nix",
        format!(
            "{{ systemd.services.x = {{ serviceConfig.Foo = 1{}; }}; }}\n",
            " + 1".repeat(1_000_000)
        ),
    );
    write(&dir, "binary.nix", [0xff, 0xfe, b'{', 0x00, 0x80, b'}']);
    let big: String = (0..60_000)
        .map(|i| format!("  a{i} = \"https://plc.directory/{i}\";\n"))
        .collect();
    write(&dir, "big.nix", format!("{{\n{big}}}\n"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop-b.nix", dir.join("loop-a.nix")).unwrap();
        std::os::unix::fs::symlink("loop-a.nix", dir.join("loop-b.nix")).unwrap();
    }
    let output = lint(&["check", "--format", "json", "."], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "syntax")
        .map(|f| format!("{}: {}", f["file"], f["message"]))
        .collect();
    let all = messages.join("\n");
    assert!(
        all.contains("binary.nix\": \"the file is not valid UTF-8"),
        "{all}"
    );
    assert!(
        all.contains("deep.nix\": \"the expression nests too deeply"),
        "{all}"
    );
    assert!(
        all.contains("deeper.nix\": \"the expression nests too deeply"),
        "{all}"
    );
    assert!(
        all.contains("deep-lambda.nix\": \"the expression nests too deeply"),
        "{all}"
    );
    assert!(all.contains("unterminated.nix"), "{all}");
    // Nix rejects an empty file too ("unexpected end of file").
    assert!(
        all.contains("empty.nix\": \"unexpected end of file"),
        "{all}"
    );

    // A symlink loop named explicitly is an I/O error (exit 2), not a hang or a panic.
    #[cfg(unix)]
    {
        let output = lint(&["check", "loop-a.nix"], &dir);
        assert_eq!(output.status.code(), Some(2));
    }
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    write(&dir, "secret.nix", "{ }");
    let path = dir.join("secret.nix");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // Running as root: permissions do not stop reading.
    }
    let output = lint(&["check", "."], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("secret.nix"));
}

#[test]
fn trees_without_pkgs_or_modules_still_get_every_rule() {
    // Such a tree records no facts for the cross-file rules; what they report without any
    // file (configured service packages) and the per-file path check must remain.
    let dir = scratch("no-areas");
    write(
        &dir,
        "atpkgs-lint.toml",
        "service-packages = [\"bluesky-pds\"]\n",
    );
    write(
        &dir,
        "lib/default.nix",
        "{ imports = [ ./missing.nix ]; }\n",
    );
    let json = check_json(&dir);
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["service-has-module", "path-exists"], "{json}");
}

#[test]
fn a_deep_tree_is_freed_without_overflowing_the_main_thread() {
    // `--fix` lints on the main thread, whose stack is the smallest: a chain of operators
    // 300,000 levels deep (past its 8 MiB if freed in one recursion) must still be freed
    // a slice of levels at a time.
    let dir = scratch("deep-fix");
    write(
        &dir,
        "chain.nix",
        format!("{{ a = 1{}; }}\n", " + 1".repeat(300_000)),
    );
    let output = lint(&["check", "--fix", "."], &dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn path_literals_are_checked_against_the_file_system() {
    // The walk's listing answers for what it has seen; a folder it skips, a path outside the
    // tree and a symlink still get the file system's answer (a dangling symlink is there).
    let dir = scratch("path-literals");
    let tree = dir.join("tree");
    write(&dir, "outside.txt", "");
    write(&tree, "data/listed.txt", "");
    write(&tree, "node_modules/skipped.js", "");
    std::os::unix::fs::symlink("nowhere", tree.join("dangling")).unwrap();
    write(
        &tree,
        "default.nix",
        "[ ./data/listed.txt ./node_modules/skipped.js ./dangling ../outside.txt ./data ./. \
         ./missing.txt ../missing-outside.txt ./data/listed.txt/below ]\n",
    );
    let json = check_json(&tree);
    let missing: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"] == "path-exists")
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        [
            "`./missing.txt` does not exist",
            "`../missing-outside.txt` does not exist",
            "`./data/listed.txt/below` does not exist",
        ],
        "{json}"
    );
}

/// `(file, rule)` of every finding in JSON output.
fn findings_of(output: &Output) -> Vec<(String, String)> {
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the JSON output parses");
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let field = |name: &str| f[name].as_str().unwrap().to_owned();
            (field("file"), field("rule"))
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn changed_since_reports_only_changed_files_with_the_whole_tree_read() {
    let dir = scratch("changed");
    write(&dir, "atpkgs-lint.toml", "");
    write(&dir, "pkgs/old/pds/package.nix", BAD_PACKAGE);
    write(&dir, "pkgs/default.nix", "{ }\n");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "old"]);
    // A staged change, an unstaged one and an untracked file; the old package is untouched.
    write(&dir, "pkgs/new/pds/package.nix", BAD_PACKAGE);
    write(&dir, "pkgs/default.nix", "{ x = ./missing.nix; }\n");
    git(&dir, &["add", "pkgs/default.nix"]);
    write(&dir, "lib/undefined.nix", "{ }: lib\n");

    let changed = lint(
        &["check", "--format", "json", "--changed-since", "HEAD"],
        &dir,
    );
    let files: std::collections::BTreeSet<String> = findings_of(&changed)
        .into_iter()
        .map(|(file, _)| file)
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        [
            "lib/undefined.nix",
            "pkgs/default.nix",
            "pkgs/new/pds/package.nix"
        ],
        "{}",
        String::from_utf8_lossy(&changed.stdout)
    );
    // The whole tree reports the old package too.
    let all = lint(&["check", "--format", "json", "."], &dir);
    assert!(findings_of(&all)
        .iter()
        .any(|(file, _)| file == "pkgs/old/pds/package.nix"));

    let bad_rev = lint(&["check", "--changed-since", "no-such-rev"], &dir);
    assert_eq!(bad_rev.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_rev.stderr).contains("no-such-rev"));
}

#[test]
fn cross_file_rules_need_the_whole_tree() {
    // Linting one file says nothing about the tree: a configured service package without a
    // module is reported only when the whole tree is checked.
    let dir = scratch("partial");
    write(
        &dir,
        "atpkgs-lint.toml",
        "service-packages = [\"bluesky-pds\"]\n",
    );
    write(&dir, "pkgs/default.nix", "{ }\n");
    let rules = |args: &[&str]| -> Vec<String> {
        findings_of(&lint(args, &dir))
            .into_iter()
            .map(|(_, rule)| rule)
            .collect()
    };
    assert_eq!(
        rules(&["check", "--format", "json", "."]),
        ["service-has-module"]
    );
    assert!(rules(&["check", "--format", "json", "pkgs/default.nix"]).is_empty());
}

#[test]
fn fix_rewrites_files_and_reports_what_remains() {
    let dir = scratch("fix");
    write(&dir, "atpkgs-lint.toml", "");
    let legacy = "{fetchurl}:\nfetchurl {\n  url = \"https://example.org/a.tar.gz\";\n  sha256 = \"0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73\";\n}\n";
    write(&dir, "lib/source.nix", legacy);
    let output = lint(&["check", "--fix", "--format", "json", "."], &dir);
    let fixed = std::fs::read_to_string(dir.join("lib/source.nix")).unwrap();
    assert!(
        fixed.contains("hash = \"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\";"),
        "{fixed}"
    );
    assert!(
        findings_of(&output).is_empty(),
        "the fixed finding is still reported"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("fixed 1 findings in 1 files"));
    // Nothing left to fix: the file stays as it is.
    lint(&["check", "--fix", "."], &dir);
    assert_eq!(
        std::fs::read_to_string(dir.join("lib/source.nix")).unwrap(),
        fixed
    );
}
