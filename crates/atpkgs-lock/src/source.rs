//! A lockfile read into memory: its kind, its text, and errors located in it.

use std::path::{Path, PathBuf};

use miette::NamedSource;
use saphyr::{LoadableYamlNode, MarkedYaml};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Located, Result};
use crate::yaml::{entries, get};

/// The package manager a lockfile belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Pnpm,
    Npm,
    Deno,
}

impl Kind {
    /// The kind named by a lockfile's file name.
    pub fn of_file_name(name: &str) -> Option<Kind> {
        match name {
            "pnpm-lock.yaml" => Some(Kind::Pnpm),
            "package-lock.json" | "npm-shrinkwrap.json" => Some(Kind::Npm),
            "deno.lock" => Some(Kind::Deno),
            _ => None,
        }
    }
}

pub struct Lockfile {
    pub path: PathBuf,
    /// The file name, as errors and the dependency list name it.
    pub name: String,
    pub kind: Kind,
    pub text: String,
}

impl Lockfile {
    /// Reads `path`; its kind comes from `kind` or else from the file name.
    pub fn read(path: &Path, kind: Option<Kind>) -> Result<Lockfile> {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let kind =
            kind.or_else(|| Kind::of_file_name(&name))
                .ok_or_else(|| Error::UnknownKind {
                    file: path.display().to_string(),
                })?;
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Lockfile {
            path: path.to_owned(),
            name,
            kind,
            text,
        })
    }

    /// The one YAML (or JSON, which YAML includes) document of the file, with positions; of
    /// pnpm 11's two documents, the project's (the second).
    pub fn parse(&self) -> Result<MarkedYaml<'_>> {
        let format = match self.kind {
            Kind::Pnpm => "YAML",
            Kind::Npm | Kind::Deno => "JSON",
        };
        let mut documents = MarkedYaml::load_from_str(&self.text).map_err(|error| {
            let marker = error.marker();
            self.error_at(
                marker.index(),
                marker.line(),
                format!("not valid {format}: {}", error.info()),
            )
        })?;
        match documents.len() {
            1 => Ok(documents.remove(0)),
            0 => Err(self.error_at(0, 1, "the file is empty".into())),
            2 if self.kind == Kind::Pnpm => {
                self.check_env_document(&documents[0])?;
                Ok(documents.remove(1))
            }
            _ => Err(self.error_at(0, 1, "the file holds several YAML documents".into())),
        }
    }

    /// pnpm 11 writes its "env lockfile" as a first document: the pnpm it pins for itself
    /// (`packageManagerDependencies`, which builders replace with their own pnpm) and its
    /// config dependencies, which are installed before anything else and which the builders
    /// do not provide, so a lockfile with any is refused.
    fn check_env_document(&self, env: &MarkedYaml) -> Result<()> {
        let importer = get(env, "importers").and_then(|importers| get(importers, "."));
        let Some(importer) = importer.filter(|importer| {
            entries(importer).all(|(key, _, _)| {
                key == "configDependencies" || key == "packageManagerDependencies"
            })
        }) else {
            return Err(self.error(
                env,
                "the file holds two YAML documents, and the first is not pnpm 11's env lockfile \
                 (an importer `.` with only `configDependencies` and `packageManagerDependencies`)"
                    .into(),
            ));
        };
        match get(importer, "configDependencies") {
            Some(config) if entries(config).next().is_some() => Err(self.error(
                config,
                "pnpm config dependencies are not supported: the builders install the project's \
                 dependencies, not pnpm's own"
                    .into(),
            )),
            _ => Ok(()),
        }
    }

    /// An error at a node of the parsed document.
    pub fn error(&self, node: &MarkedYaml, message: String) -> Error {
        let start = node.span.start;
        self.error_at(start.index(), start.line(), message)
    }

    /// `char_index` counts characters, as the YAML parser does; miette wants bytes.
    fn error_at(&self, char_index: usize, line: usize, message: String) -> Error {
        let offset = self
            .text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(byte, _)| byte);
        Error::At(Box::new(Located {
            file: self.name.clone(),
            line,
            message,
            src: NamedSource::new(&self.name, self.text.clone()),
            span: offset.into(),
        }))
    }
}
