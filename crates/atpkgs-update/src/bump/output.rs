//! What `bump` prints: the changes, the dependency hashes left to recompute with the command
//! for each, and with `--dry-run` the before/after of every file.

use std::fmt::Write as _;

use super::Plan;
use crate::diff;

pub fn describe(plan: &Plan, dry_run: bool) -> String {
    let mut out = String::new();
    let target = match &plan.tag {
        Some(tag) => format!("tag {tag} ({})", plan.commit),
        None => plan.commit.clone(),
    };
    let headline = match (plan.changed(), dry_run) {
        (false, _) => format!("already at {target}, hash verified; nothing to change"),
        (true, true) => format!("would be bumped to {target} (dry run: nothing written)"),
        (true, false) => format!("bumped to {target}"),
    };
    let _ = writeln!(out, "{}: {headline}", plan.display);
    for line in plan.notes.iter().chain(&plan.changes) {
        let _ = writeln!(out, "  {line}");
    }
    if let Some((_, before, regenerated)) = &plan.node_deps {
        let state = if *before == regenerated.text {
            "unchanged"
        } else {
            "regenerated"
        };
        let _ = writeln!(
            out,
            "  node-deps.json: {state} from {} ({} tarballs, {} unpinned)",
            regenerated.lockfile, regenerated.tarballs, regenerated.unpinned
        );
        if regenerated.unpinned > 0 {
            let _ = writeln!(
                out,
                "    entries without integrity need their hash in `nodeDepsHashes` (`atpkgs-lock write` lists them)"
            );
        }
    }
    if !plan.followups.is_empty() {
        let _ = writeln!(
            out,
            "\nDependency hashes produced by a build follow the source and must be recomputed on a machine with nixpkgs, one at a time: each command puts a placeholder in and prints the hash the build reports; put that hash back in place of the placeholder."
        );
        for followup in &plan.followups {
            match &followup.provenance {
                Some(provenance) => {
                    let _ = writeln!(out, "  {} (provenance: {provenance})", followup.name);
                }
                None => {
                    let _ = writeln!(out, "  {}", followup.name);
                }
            }
            let _ = writeln!(out, "    {}", followup.command);
        }
    }
    if !plan.borrowers.is_empty() {
        let _ = writeln!(
            out,
            "\nAlso built from this source, with something of their own to redo:"
        );
        for borrower in &plan.borrowers {
            let _ = writeln!(out, "  {borrower}");
        }
    }
    if dry_run {
        let mut diffs = diff::unified(&plan.display, &plan.before, &plan.after);
        if let Some((path, before, regenerated)) = &plan.node_deps {
            let list = plan.display.rsplit_once('/').map_or_else(
                || path.display().to_string(),
                |(dir, _)| format!("{dir}/node-deps.json"),
            );
            diffs.push_str(&diff::unified(&list, before, &regenerated.text));
        }
        if !diffs.is_empty() {
            out.push('\n');
            out.push_str(&diffs);
        }
    }
    out
}
