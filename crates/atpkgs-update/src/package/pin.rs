//! The source pin of a package: `src = fetchFromGitHub { owner; repo; rev | tag; hash; }` or
//! the same with `fetchFromTangled`.

use rnix::ast;
use rnix::SyntaxNode;
use rowan::ast::AstNode;

use super::syntax::{self, located, range_of};
use super::Field;
use crate::error::Error;
use crate::git::Repo;
use crate::source_hash::ExportAttributes;

/// Where the source is fetched from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetcher {
    GitHub {
        owner: String,
        repo: String,
    },
    Tangled {
        domain: String,
        owner: String,
        repo: String,
    },
}

/// What the pin names.
#[derive(Clone, Debug)]
pub enum Reference {
    /// `rev = "<commit>"`.
    Rev(Field),
    /// `tag = "v1.2.3"`.
    Tag(Field),
    /// `tag = "v${finalAttrs.version}"` (or `rev = …`): a bump changes `version` only.
    VersionTag {
        attribute: String,
        prefix: String,
        suffix: String,
    },
}

#[derive(Clone, Debug)]
pub struct Pin {
    pub fetcher: Fetcher,
    pub reference: Reference,
    /// `hash` (or the older `sha256`).
    pub hash: Field,
    pub fetch_submodules: bool,
    /// `forceFetchGit = true`: fetchFromGitHub fetches with fetchgit.
    pub force_fetch_git: bool,
    /// An argument that makes the fetched tree differ from the commit's (`postFetch`, …).
    pub alters_tree: Option<String>,
}

/// Fetcher arguments after which the fetched tree is not the commit's tree.
const TREE_ALTERING: &[&str] = &[
    "postFetch",
    "leaveDotGit",
    "deepClone",
    "sparseCheckout",
    "fetchLFS",
    "rootDir",
];

impl Pin {
    /// fetchFromGitHub takes GitHub's tarball unless it has to check out with fetchgit.
    pub fn export_attributes(&self) -> ExportAttributes {
        if self.fetch_submodules || self.force_fetch_git {
            ExportAttributes::Ignored
        } else {
            self.fetcher.export_attributes()
        }
    }

    /// Why the hash of `commit` cannot be computed from its tree, if it cannot.
    pub fn obstacle(&self, repo: &Repo, commit: &str) -> Result<Option<String>, Error> {
        if let Some(argument) = &self.alters_tree {
            return Ok(Some(format!(
                "`{argument}` changes the fetched tree, so only a build can tell the hash"
            )));
        }
        if self.fetch_submodules && repo.file_at(commit, ".gitmodules")?.is_some() {
            return Ok(Some(
                "fetchSubmodules = true and the commit has submodules, whose files atpkgs-update does not fetch".into(),
            ));
        }
        Ok(None)
    }
}

impl Fetcher {
    /// `github:owner/repo` or `tangled:domain/@owner/repo`.
    pub fn display(&self) -> String {
        match self {
            Fetcher::GitHub { owner, repo } => format!("github:{owner}/{repo}"),
            Fetcher::Tangled {
                domain,
                owner,
                repo,
            } => format!("tangled:{domain}/{}/{repo}", tangled_owner_path(owner)),
        }
    }

    /// `owner/repo`, the owner without Tangled's `@`: how `--git OWNER/REPO=…` names it.
    pub fn key(&self) -> String {
        let (owner, repo) = self.owner_repo();
        format!("{}/{repo}", owner.trim_start_matches('@'))
    }

    /// `owner+repo`: the folder name of a snapshot or a cached clone.
    pub fn folder_name(&self) -> String {
        self.key().replacen('/', "+", 1)
    }

    fn owner_repo(&self) -> (&str, &str) {
        match self {
            Fetcher::GitHub { owner, repo } | Fetcher::Tangled { owner, repo, .. } => (owner, repo),
        }
    }

    /// The address to clone, as the fetcher derives it.
    pub fn clone_url(&self) -> String {
        match self {
            Fetcher::GitHub { owner, repo } => format!("https://github.com/{owner}/{repo}.git"),
            Fetcher::Tangled {
                domain,
                owner,
                repo,
            } => format!("https://{domain}/{}/{repo}", tangled_owner_path(owner)),
        }
    }

    pub fn export_attributes(&self) -> ExportAttributes {
        match self {
            Fetcher::GitHub { .. } => ExportAttributes::Honoured,
            Fetcher::Tangled { .. } => ExportAttributes::Ignored,
        }
    }
}

/// lib/packaging/fetch-from-tangled.nix: a DID or `@handle` as is, a bare handle with `@`.
fn tangled_owner_path(owner: &str) -> String {
    if owner.starts_with("did:") || owner.starts_with('@') {
        owner.to_owned()
    } else {
        format!("@{owner}")
    }
}

impl Reference {
    /// The tag the pin names, with `version` for a version-derived tag.
    pub fn tag(&self, version: Option<&str>) -> Option<String> {
        match self {
            Reference::Rev(_) => None,
            Reference::Tag(field) => field.value.clone(),
            Reference::VersionTag { prefix, suffix, .. } => version.map(|version| {
                let tag = format!("{prefix}{version}{suffix}");
                tag.strip_prefix("refs/tags/")
                    .map_or(tag.clone(), str::to_owned)
            }),
        }
    }

    pub fn is_tag(&self) -> bool {
        !matches!(self, Reference::Rev(_))
    }
}

const FETCHERS: &[&str] = &["fetchFromGitHub", "fetchFromTangled"];

/// The fetcher call that is the package's source, if any.
pub fn find(root: &SyntaxNode, path: &str, text: &str) -> Result<Option<Pin>, Error> {
    let calls: Vec<(String, ast::Apply)> = root
        .descendants()
        .filter_map(ast::Apply::cast)
        .filter_map(|apply| Some((fetcher_name(&apply)?, apply)))
        .collect();
    let under_src: Vec<&(String, ast::Apply)> = calls
        .iter()
        .filter(|(_, apply)| syntax::bound_name(apply.syntax()).as_deref() == Some("src"))
        .collect();
    let chosen: &(String, ast::Apply) = match (under_src.as_slice(), calls.as_slice()) {
        ([one], _) => one,
        ([], [one]) => one,
        ([], []) => return Ok(None),
        _ => {
            let second = under_src.get(1).copied().or_else(|| calls.get(1));
            let range = second.map_or(0..0, |(_, apply)| range_of(apply.syntax()));
            return Err(located(
                path,
                text,
                range,
                "has several source pins; expected one `src = fetchFromGitHub { … }`".into(),
                "atpkgs-update bumps one source per package.nix",
            ));
        }
    };
    read_pin(&chosen.0, &chosen.1, path, text).map(Some)
}

/// `fetchFromGitHub` for `fetchFromGitHub {…}` and `pkgs.fetchFromGitHub {…}`.
fn fetcher_name(apply: &ast::Apply) -> Option<String> {
    let name = match syntax::unparen(apply.lambda()?) {
        ast::Expr::Ident(ident) => ident.syntax().text().to_string(),
        ast::Expr::Select(select) => {
            let attr = select.attrpath()?.attrs().last()?;
            syntax::attr_name(&attr)?
        }
        _ => return None,
    };
    FETCHERS.contains(&name.as_str()).then_some(name)
}

fn read_pin(name: &str, apply: &ast::Apply, path: &str, text: &str) -> Result<Pin, Error> {
    let error = |node: &SyntaxNode, message: String| {
        located(
            path,
            text,
            range_of(node),
            message,
            "expected `owner`, `repo`, one of `rev` (a full commit) or `tag`, and `hash`, each a plain string",
        )
    };
    let Some(set) = apply
        .argument()
        .map(syntax::unparen)
        .and_then(|arg| match arg {
            ast::Expr::AttrSet(set) => Some(set),
            _ => None,
        })
    else {
        return Err(error(
            apply.syntax(),
            format!("`{name}` is not called with an attribute set"),
        ));
    };
    let set = set.syntax();
    let value = |key: &str| syntax::direct_binding(set, key).and_then(|b| b.value());
    let plain = |key: &str| -> Result<String, Error> {
        match value(key) {
            None => Err(error(set, format!("`{name}` has no `{key}`"))),
            Some(expr) => syntax::literal(&expr)
                .ok_or_else(|| error(expr.syntax(), format!("`{key}` is not a plain string"))),
        }
    };
    let fetcher = if name == "fetchFromTangled" {
        Fetcher::Tangled {
            domain: match value("domain") {
                Some(_) => plain("domain")?,
                None => "tangled.org".into(),
            },
            owner: plain("owner")?,
            repo: plain("repo")?,
        }
    } else {
        Fetcher::GitHub {
            owner: plain("owner")?,
            repo: plain("repo")?,
        }
    };
    let reference = match (value("rev"), value("tag")) {
        (Some(rev), None) => reference("rev", &rev).ok_or_else(|| {
            error(
                rev.syntax(),
                "`rev` is neither a plain string nor derived from `version`".into(),
            )
        })?,
        (None, Some(tag)) => reference("tag", &tag).ok_or_else(|| {
            error(
                tag.syntax(),
                "`tag` is neither a plain string nor derived from `version`".into(),
            )
        })?,
        (Some(_), Some(tag)) => {
            return Err(error(tag.syntax(), "has both `rev` and `tag`".into()));
        }
        (None, None) => return Err(error(set, format!("`{name}` has neither `rev` nor `tag`"))),
    };
    let hash = ["hash", "sha256"]
        .iter()
        .find_map(|key| value(key))
        .map(|expr| Field::of(&expr))
        .ok_or_else(|| error(set, format!("`{name}` has no `hash`")))?;
    let is_true = |key: &str| value(key).is_some_and(|expr| expr.syntax().text() == "true");
    let alters_tree = TREE_ALTERING
        .iter()
        .find(|key| {
            value(key).is_some_and(|expr| {
                let text = expr.syntax().text().to_string();
                !matches!(
                    text.as_str(),
                    "false" | "null" | "[]" | "[ ]" | "\"\"" | "''''"
                )
            })
        })
        .map(|key| (*key).to_owned());
    Ok(Pin {
        fetcher,
        reference,
        hash,
        fetch_submodules: is_true("fetchSubmodules"),
        force_fetch_git: is_true("forceFetchGit"),
        alters_tree,
    })
}

fn reference(attribute: &str, expr: &ast::Expr) -> Option<Reference> {
    if let Some(value) = syntax::literal(expr) {
        let field = Field {
            range: range_of(expr.syntax()),
            value: Some(value),
        };
        return Some(match attribute {
            "tag" => Reference::Tag(field),
            _ => Reference::Rev(field),
        });
    }
    let (prefix, suffix) = syntax::version_template(expr)?;
    Some(Reference::VersionTag {
        attribute: attribute.to_owned(),
        prefix,
        suffix,
    })
}
