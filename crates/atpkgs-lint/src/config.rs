//! `atpkgs-lint.toml`: rule levels, excluded paths and the allowlists some rules read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::finding::Severity;
use globset::GlobSet;

use crate::glob;
use crate::Error;

pub const CONFIG_FILE: &str = "atpkgs-lint.toml";

/// What a rule does when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Warn,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Warn => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<String, Level>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    endpoint_registry: Vec<String>,
    #[serde(default)]
    allowed_hosts: Vec<String>,
    #[serde(default)]
    service_packages: Vec<String>,
    #[serde(default)]
    services_without_module: BTreeMap<String, String>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, Level>,
    #[serde(default)]
    reason: String,
}

/// Rule levels for a set of paths (`[[overrides]]`), e.g. deliberate mistakes in test fixtures.
#[derive(Debug)]
struct Override {
    paths: GlobSet,
    levels: BTreeMap<String, Level>,
}

/// The parsed configuration; `Config::default()` is what a tree without a file gets.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it was read from, if any (findings about config entries point there).
    pub source: Option<PathBuf>,
    levels: BTreeMap<String, Level>,
    exclude: GlobSet,
    endpoint_registry: GlobSet,
    /// Hosts `endpoint-literal` accepts anywhere (besides loopback addresses).
    pub allowed_hosts: Vec<String>,
    /// Packages that are services although their file carries no marker.
    pub service_packages: Vec<String>,
    /// Service packages that need no module, each with the reason why.
    pub services_without_module: BTreeMap<String, String>,
    overrides: Vec<Override>,
}

impl Config {
    /// Parses a configuration; `known_rule` rejects typos in `[rules]`.
    pub fn parse(text: &str, known_rule: impl Fn(&str) -> bool) -> Result<Self, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| error.to_string())?;
        let all_rules = raw
            .rules
            .keys()
            .chain(raw.overrides.iter().flat_map(|o| o.rules.keys()));
        if let Some(unknown) = all_rules.into_iter().find(|rule| !known_rule(rule)) {
            return Err(format!("unknown rule `{unknown}`"));
        }
        if let Some(bare) = raw.overrides.iter().find(|o| o.reason.trim().is_empty()) {
            return Err(format!(
                "the override for {:?} needs a `reason`",
                bare.paths
            ));
        }
        if let Some((package, _)) = raw
            .services_without_module
            .iter()
            .find(|(_, reason)| reason.trim().is_empty())
        {
            return Err(format!(
                "services-without-module entry `{package}` needs a reason"
            ));
        }
        Ok(Self {
            source: None,
            levels: raw.rules,
            exclude: glob::set(&raw.exclude)?,
            endpoint_registry: glob::set(&raw.endpoint_registry)?,
            allowed_hosts: raw.allowed_hosts,
            service_packages: raw.service_packages,
            services_without_module: raw.services_without_module,
            overrides: raw
                .overrides
                .into_iter()
                .map(|o| {
                    Ok(Override {
                        paths: glob::set(&o.paths)?,
                        levels: o.rules,
                    })
                })
                .collect::<Result<_, String>>()?,
        })
    }

    /// Reads `path`, reporting parse errors with the file name.
    pub fn load(path: &Path, known_rule: impl Fn(&str) -> bool) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let mut config = Self::parse(&text, known_rule).map_err(|message| Error::Config {
            path: path.to_owned(),
            message,
        })?;
        config.source = Some(path.to_owned());
        Ok(config)
    }

    /// The configuration file in `start` or the nearest folder above it.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
    }

    pub fn level(&self, rule: &str, default: Level) -> Level {
        self.levels.get(rule).copied().unwrap_or(default)
    }

    /// The level of a rule for one file: the last matching override wins, else [`Self::level`].
    pub fn level_for(&self, rule: &str, default: Level, relative: &str) -> Level {
        self.overrides
            .iter()
            .rev()
            .filter(|o| o.paths.is_match(relative))
            .find_map(|o| o.levels.get(rule).copied())
            .unwrap_or_else(|| self.level(rule, default))
    }

    /// Whether some rule levels depend on the path (`[[overrides]]`); without overrides
    /// [`Self::level_for`] gives every file the same levels.
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// Whether any path is excluded at all.
    pub fn has_excludes(&self) -> bool {
        !self.exclude.is_empty()
    }

    /// Whether a path relative to the root (with `/` separators) is excluded.
    pub fn is_excluded(&self, relative: &str) -> bool {
        self.exclude.is_match(relative)
    }

    /// Whether a file may hold endpoint literals (the endpoint registry).
    pub fn is_endpoint_registry(&self, relative: &str) -> bool {
        self.endpoint_registry.is_match(relative)
    }
}
