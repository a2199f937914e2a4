//! How fast a 1,600-entry lockfile transcribes (goal: under 100 ms) and how fast the list it
//! writes evaluates with Nix (goal: under 1 s), printed against peers: the bare YAML/JSON
//! parse of the same text, and for Nix the evaluation of nixpkgs' importNpmLock way (the
//! lockfile itself read at evaluation, one fetchurl per entry).
//!
//!   cargo bench -p atpkgs-lock
//!   LOCKFILES=a/pnpm-lock.yaml:b/package-lock.json cargo bench -p atpkgs-lock   # real ones too
//!
//! The synthetic lockfiles have the shape of real ones (scoped names, engines, platform
//! fields, peers); the Nix part runs when `nix-instantiate` and the harness's pinned lib are
//! available.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use atpkgs_lock::{transcribe, Document, Lockfile, Registries};
use saphyr::{LoadableYamlNode, MarkedYaml};

const ENTRIES: usize = 1600;
const ROUNDS: usize = 15;

fn main() {
    let dir = std::env::temp_dir().join(format!("atpkgs-lock-bench-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pnpm")).unwrap();
    std::fs::create_dir_all(dir.join("npm")).unwrap();
    let mut lockfiles = vec![
        write(&dir.join("pnpm/pnpm-lock.yaml"), &pnpm_lockfile()),
        write(&dir.join("npm/package-lock.json"), &npm_lockfile()),
    ];
    if let Ok(more) = std::env::var("LOCKFILES") {
        lockfiles.extend(more.split(':').filter(|p| !p.is_empty()).map(PathBuf::from));
    }

    println!("transcription (median of {ROUNDS} rounds), against parsing the same text alone");
    for path in &lockfiles {
        bench_transcription(path);
    }

    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    if nix_available(&repo) {
        println!("\nNix 2.8 evaluation of one fetchurl per entry (instantiating each), against importNpmLock's way");
        bench_evaluation(&repo, &dir);
    } else {
        println!(
            "\nNix evaluation skipped: nix-instantiate or the harness's pinned lib is missing"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn write(path: &Path, text: &str) -> PathBuf {
    std::fs::write(path, text).unwrap();
    path.to_owned()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time<T>(f: impl Fn() -> T) -> Duration {
    median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn bench_transcription(path: &Path) {
    let lockfile = Lockfile::read(path, None).expect("the lockfile reads");
    let registries = Registries::default();
    let entries = transcribe(&lockfile, &registries)
        .expect("it transcribes")
        .tarballs
        .len();
    let ours = time(|| transcribe(&lockfile, &registries).map(|t| t.tarballs.len()));
    let yaml_floor = time(|| MarkedYaml::load_from_str(&lockfile.text).map(|d| d.len()));
    let mut line = format!(
        "  {:<60} {entries:>5} tarballs  {:>7.1} ms ({:.2}× the YAML parse",
        path.display().to_string(),
        ms(ours),
        ratio(ours, yaml_floor)
    );
    if lockfile.text.trim_start().starts_with('{') {
        let json_floor = time(|| {
            serde_json::from_str::<serde_json::Value>(&lockfile.text).map(|v| v.is_object())
        });
        let _ = write!(line, ", {:.2}× serde_json's", ratio(ours, json_floor));
    }
    let _ = write!(
        line,
        "; goal < 100 ms: {})",
        if ms(ours) < 100.0 { "met" } else { "NOT MET" }
    );
    println!("{line}");
}

fn bench_evaluation(repo: &Path, dir: &Path) {
    let npm_lock = dir.join("npm/package-lock.json");
    let list = dir.join("node-deps.json");
    let lockfile = Lockfile::read(&npm_lock, None).unwrap();
    let transcript = transcribe(&lockfile, &Registries::default()).unwrap();
    std::fs::write(
        &list,
        Document::new("package-lock.json", transcript).to_text(),
    )
    .unwrap();

    let harness = repo.join("tests/harness.nix");
    let ours = format!(
        "let h = import {} {{}}; in map (f: f.src.drvPath) (h.pkgs.atproto.nodeDepsFrom {{ nodeDeps = {}; }}).fetches",
        harness.display(),
        list.display()
    );
    // importNpmLock's evaluation: the lockfile read with fromJSON, one fetchurl per resolved entry.
    let peer = format!(
        "let h = import {} {{}}; lock = h.lib.importJSON {}; in h.lib.mapAttrsToList (_: m: (h.pkgs.fetchurl {{ url = m.resolved; hash = m.integrity; }}).drvPath) (h.lib.filterAttrs (_: m: m ? resolved) lock.packages)",
        harness.display(),
        npm_lock.display()
    );
    let empty = format!(
        "let h = import {} {{}}; in h.pkgs.atproto.nodeDepsFrom",
        harness.display()
    );
    let [ours, peer, empty] = [ours, peer, empty].map(|expr| nix_time(&expr));
    println!(
        "  {ENTRIES} entries: {:.2} s ({:.2} s above the harness's own {:.2} s); importNpmLock's way {:.2} s: {:.2}×; goal < 1 s: {}",
        secs(ours),
        secs(ours.saturating_sub(empty)),
        secs(empty),
        secs(peer),
        ratio(ours, peer),
        if secs(ours) < 1.0 { "met" } else { "NOT MET" }
    );
}

fn nix_available(repo: &Path) -> bool {
    Command::new("nix-instantiate")
        .args([
            "--eval",
            "-E",
            &format!("(import {}/tests/nixpkgs-lib.nix).version", repo.display()),
        ])
        .output()
        .is_ok_and(|output| output.status.success())
}

/// The median wall time of `nix-instantiate --eval --strict` on `expr` (5 runs).
fn nix_time(expr: &str) -> Duration {
    median(
        (0..5)
            .map(|_| {
                let start = Instant::now();
                let output = Command::new("nix-instantiate")
                    .args(["--eval", "--strict", "-E", expr])
                    .output()
                    .unwrap();
                assert!(
                    output.status.success(),
                    "{}",
                    String::from_utf8_lossy(&output.stderr)
                );
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

/// A sha512 integrity string of 64 bytes derived from `seed`.
fn integrity(seed: usize) -> String {
    use base64::Engine;
    let bytes: Vec<u8> = (0..64)
        .map(|i| (seed.wrapping_mul(2654435761).wrapping_add(i * 40503) >> 3) as u8)
        .collect();
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn package_name(i: usize) -> String {
    if i % 3 == 0 {
        format!("@scope{}/package-{i}", i % 40)
    } else {
        format!("package-{i}")
    }
}

fn pnpm_lockfile() -> String {
    let mut text = String::from("lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n    dependencies:\n");
    for i in 0..40 {
        let _ = write!(
            text,
            "      '{}':\n        specifier: ^1.{i}.0\n        version: 1.{i}.3\n",
            package_name(i)
        );
    }
    text += "\npackages:\n\n";
    for i in 0..ENTRIES {
        let _ = write!(
            text,
            "  '{}@1.{i}.3':\n    resolution: {{integrity: {}}}\n    engines: {{node: '>=18'}}\n",
            package_name(i),
            integrity(i)
        );
        if i % 50 == 0 {
            text += "    cpu: [x64]\n    os: [linux]\n";
        }
        text += "\n";
    }
    text += "snapshots:\n\n";
    for i in 0..ENTRIES {
        let _ = write!(
            text,
            "  '{}@1.{i}.3':\n    dependencies:\n      '{}': 1.{}.3\n\n",
            package_name(i),
            package_name((i + 1) % ENTRIES),
            (i + 1) % ENTRIES
        );
    }
    text
}

fn npm_lockfile() -> String {
    let mut packages = serde_json::Map::new();
    packages.insert(
        "".into(),
        serde_json::json!({"name": "bench", "version": "1.0.0"}),
    );
    for i in 0..ENTRIES {
        let name = package_name(i);
        let version = format!("1.{i}.3");
        let unscoped = name.rsplit('/').next().unwrap().to_string();
        packages.insert(
            format!("node_modules/{name}"),
            serde_json::json!({
                "version": version,
                "resolved": format!("https://registry.npmjs.org/{name}/-/{unscoped}-{version}.tgz"),
                "integrity": integrity(i),
                "license": "MIT",
                "dependencies": { package_name((i + 1) % ENTRIES): "^1.0.0" },
                "engines": { "node": ">=18" }
            }),
        );
    }
    serde_json::to_string_pretty(&serde_json::json!({"name": "bench", "version": "1.0.0", "lockfileVersion": 3, "requires": true, "packages": packages})).unwrap()
}
