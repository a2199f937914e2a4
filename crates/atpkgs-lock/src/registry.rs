//! Where a package's tarball lives when the lockfile does not say: the registry that the
//! project's `.npmrc` configures for its scope, or npm's default one.

use std::path::Path;

use crate::error::{Error, Result};

pub const NPM_REGISTRY: &str = "https://registry.npmjs.org/";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registries {
    default: String,
    /// `(scope, registry)`, e.g. `("@jsr", "https://npm.jsr.io/")`.
    scopes: Vec<(String, String)>,
}

impl Default for Registries {
    fn default() -> Self {
        Registries {
            default: NPM_REGISTRY.into(),
            scopes: Vec::new(),
        }
    }
}

impl Registries {
    /// The registries of `npmrc`, or else of the `.npmrc` beside the lockfile, or npm's.
    pub fn for_lockfile(lockfile: &Path, npmrc: Option<&Path>) -> Result<Registries> {
        let beside = lockfile.with_file_name(".npmrc");
        let path = match npmrc {
            Some(path) => path,
            None if beside.is_file() => &beside,
            None => return Ok(Registries::default()),
        };
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Registries::from_npmrc(&text))
    }

    /// The `registry=` and `@scope:registry=` lines of an `.npmrc`; other settings are not
    /// about where tarballs live and are ignored.
    pub fn from_npmrc(text: &str) -> Registries {
        let mut registries = Registries::default();
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let value = with_slash(value.trim().trim_matches(|c| c == '"' || c == '\''));
            match key.trim() {
                "registry" => registries.default = value,
                key => {
                    if let Some(scope) =
                        key.strip_suffix(":registry").filter(|s| s.starts_with('@'))
                    {
                        registries.scopes.retain(|(s, _)| s != scope);
                        registries.scopes.push((scope.to_string(), value));
                    }
                }
            }
        }
        registries
    }

    /// The registry a package name resolves to.
    pub fn registry_for(&self, name: &str) -> &str {
        let scope = name
            .strip_prefix('@')
            .and_then(|rest| rest.split_once('/'))
            .map(|(scope, _)| scope);
        scope
            .and_then(|scope| self.scopes.iter().find(|(s, _)| &s[1..] == scope))
            .map_or(&self.default, |(_, registry)| registry)
    }

    /// npm's tarball address: `<registry><name>/-/<name without scope>-<version>.tgz`.
    pub fn tarball_url(&self, name: &str, version: &str) -> String {
        let unscoped = name.rsplit('/').next().unwrap_or(name);
        format!(
            "{}{name}/-/{unscoped}-{version}.tgz",
            self.registry_for(name)
        )
    }
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::Registries;

    #[test]
    fn default_registry_and_scopes() {
        let registries = Registries::from_npmrc(
            "# comment\nregistry=https://mirror.example/npm\n@jsr:registry=https://npm.jsr.io\n//npm.jsr.io/:_authToken=secret\n",
        );
        assert_eq!(
            registries.tarball_url("is-number", "7.0.0"),
            "https://mirror.example/npm/is-number/-/is-number-7.0.0.tgz"
        );
        assert_eq!(
            registries.tarball_url("@jsr/std__path", "1.0.8"),
            "https://npm.jsr.io/@jsr/std__path/-/std__path-1.0.8.tgz"
        );
        assert_eq!(
            registries.tarball_url("@types/node", "20.1.0"),
            "https://mirror.example/npm/@types/node/-/node-20.1.0.tgz"
        );
    }

    #[test]
    fn without_npmrc_npm_is_used() {
        assert_eq!(
            Registries::default().tarball_url("@types/node", "20.1.0"),
            "https://registry.npmjs.org/@types/node/-/node-20.1.0.tgz"
        );
    }
}
