use std::collections::BTreeSet;

use super::{Check, Rule};
use crate::config::Level;
use crate::project::{file_start, Project, ProjectSink};

pub static RULE: Rule = Rule {
    id: "service-has-module",
    level: Level::Error,
    category: "structure",
    summary: "Every service package has a NixOS module that uses it (or an allowlist entry with a reason).",
    explanation: "A service packaged without a module leaves every user to write the unit, the hardening and the secrets handling themselves, which is what atpkgs exists to do once. A package is a service when it sets `passthru.atproto.service = true` or is listed in `service-packages` in `atpkgs-lint.toml`; a module uses it through `mkPackageOption pkgs [ \"atproto\" \"<name>\" ]` or `pkgs.atproto.<name>`. Packages that need no module are listed under `[services-without-module]` with the reason.",
    bad: r#"# pkgs/bluesky/pds.nix, and no module mentions bluesky-pds
stdenv.mkDerivation {
  pname = "bluesky-pds";
  passthru.atproto.service = true;
}"#,
    good: r#"# modules/bluesky/pds.nix
{ lib, pkgs, ... }:
{
  options.services.bluesky-pds.package = lib.mkPackageOption pkgs [ "atproto" "bluesky-pds" ] { };
}"#,
    check: Check::Project(check),
};

fn check(project: &Project, sink: &mut ProjectSink) {
    let used = used_packages(project);
    let allowed = &project.config.services_without_module;
    for file in project
        .files
        .iter()
        .filter(|file| file.relative.starts_with("pkgs/"))
    {
        let Some(span) = file.service_marker else {
            continue;
        };
        let Some(name) = project.package_name_of(file) else {
            continue;
        };
        if !used.contains(&name) && !allowed.contains_key(&name) {
            sink.report(
                &file.relative,
                &file.display,
                span,
                message(&name),
                help(&name),
            );
        }
    }
    for name in &project.config.service_packages {
        if used.contains(name) || allowed.contains_key(name) {
            continue;
        }
        let display = project.config.source.as_ref().map_or_else(
            || "atpkgs-lint.toml".to_owned(),
            |path| display_of(project, path),
        );
        sink.report(
            crate::config::CONFIG_FILE,
            &display,
            file_start(),
            message(name),
            help(name),
        );
    }
}

fn used_packages(project: &Project) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for file in project
        .files
        .iter()
        .filter(|file| file.relative.starts_with("modules/"))
    {
        used.extend(file.atproto_references.iter().cloned());
        for option in &file.package_options {
            if let [scope, name] = option.value.as_slice() {
                if scope == "atproto" {
                    used.insert(name.clone());
                }
            }
        }
    }
    used
}

fn display_of(project: &Project, path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .or_else(|_| path.strip_prefix(project.root))
        .map_or_else(|_| path.display().to_string(), |p| p.display().to_string())
}

fn message(name: &str) -> String {
    format!("service package `{name}` has no NixOS module")
}

fn help(name: &str) -> String {
    format!("add `modules/<org>/<name>.nix` using `mkPackageOption pkgs [ \"atproto\" \"{name}\" ] {{ }}`, or list `{name} = \"<reason>\"` under [services-without-module] in atpkgs-lint.toml")
}
