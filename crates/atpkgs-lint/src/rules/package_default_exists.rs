use super::{Check, Rule};
use crate::config::Level;
use crate::project::{Project, ProjectSink};

pub static RULE: Rule = Rule {
    id: "package-default-exists",
    level: Level::Error,
    category: "structure",
    summary: "`mkPackageOption pkgs [ \"atproto\" \"<name>\" ]` names a package the set defines.",
    explanation: "A module whose `package` default points at a name the package set does not define evaluates fine until someone enables the service. The rule collects the package names from `pkgs/` (the `callPackage` bindings of `pkgs/**/default.nix`, plus `<org>-<name>` for each `pkgs/<org>/<name>.nix` or `pkgs/<org>/<name>/package.nix` when the set discovers files with `readDir`) and checks every `mkPackageOption` whose path starts with `atproto`. Applies only when `pkgs/default.nix` exists.",
    bad: r#"{ lib, pkgs, ... }:
{
  options.services.bluesky-pds.package = lib.mkPackageOption pkgs [ "atproto" "bluesky-pds-typo" ] { };
}"#,
    good: r#"{ lib, pkgs, ... }:
{
  options.services.bluesky-pds.package = lib.mkPackageOption pkgs [ "atproto" "bluesky-pds" ] { };
}"#,
    check: Check::Project(check),
};

fn check(project: &Project, sink: &mut ProjectSink) {
    if project.file("pkgs/default.nix").is_none() {
        return;
    }
    let names = project.package_names();
    for file in project.files {
        for option in &file.package_options {
            let [scope, name] = option.value.as_slice() else {
                continue;
            };
            if scope != "atproto" || names.contains(name) {
                continue;
            }
            let similar = names
                .iter()
                .find(|known| known.ends_with(name.as_str()) || name.ends_with(known.as_str()));
            sink.report(
                &file.relative,
                &file.display,
                option.span,
                format!("package `atproto.{name}` is not defined in `pkgs/`"),
                match similar {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => "add the package under `pkgs/<org>/`, or fix the name".to_owned(),
                },
            );
        }
    }
}
