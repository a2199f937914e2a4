//! Renders findings: human (miette), JSON, SARIF 2.1.0 and GitHub workflow commands.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use serde_json::json;

use crate::finding::{Finding, Position, Severity};
use crate::rules::RULES;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

pub fn write(
    out: &mut impl Write,
    format: Format,
    findings: &[Finding],
    files: usize,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => write_human(out, findings, color),
        Format::Json => write_json(out, findings, files),
        Format::Sarif => write_sarif(out, findings),
        Format::Github => write_github(out, findings),
    }
}

/// One finding as a miette diagnostic over its file's text.
struct Report<'a> {
    finding: &'a Finding,
    source: &'a NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.span;
        let label = LabeledSpan::at(
            span.offset as usize..(span.offset + span.len) as usize,
            "here",
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// A graphical renderer; tests use it without colour at a fixed width.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
}

/// Renders one finding against the text of its file.
pub fn render_one(
    handler: &GraphicalReportHandler,
    finding: &Finding,
    source: &NamedSource<String>,
) -> String {
    let mut rendered = String::new();
    let report = Report { finding, source };
    if handler.render_report(&mut rendered, &report).is_err() {
        rendered = format!("{}: {} [{}]\n", finding.file, finding.message, finding.rule);
    }
    rendered
}

fn write_human(out: &mut impl Write, findings: &[Finding], color: bool) -> io::Result<()> {
    let handler = handler(color);
    let mut current: Option<NamedSource<String>> = None;
    for finding in findings {
        if current
            .as_ref()
            .is_none_or(|source| source.name() != finding.file)
        {
            let text = std::fs::read(Path::new(&finding.file))
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                .unwrap_or_default();
            current = Some(NamedSource::new(&finding.file, text));
        }
        let source = current.as_ref().expect("set above");
        let at = finding.span.start;
        writeln!(out, "{}:{}:{}", finding.file, at.line, at.column)?;
        out.write_all(render_one(&handler, finding, source).as_bytes())?;
    }
    Ok(())
}

/// The JSON document: `files` and the list of findings.
#[derive(serde::Serialize)]
struct JsonDocument<'a> {
    files: usize,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    end: Position,
    file: &'a str,
    help: Option<&'a str>,
    message: &'a str,
    rule: &'static str,
    severity: Severity,
    start: Position,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(finding: &'a Finding) -> Self {
        JsonFinding {
            end: finding.span.end,
            file: &finding.file,
            help: finding.help.as_deref(),
            message: &finding.message,
            rule: finding.rule,
            severity: finding.severity,
            start: finding.span.start,
        }
    }
}

fn write_json(out: &mut impl Write, findings: &[Finding], files: usize) -> io::Result<()> {
    let document = JsonDocument {
        files,
        findings: findings.iter().map(JsonFinding::from).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn write_sarif(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    let rules: Vec<_> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.explanation.trim() },
                "help": { "text": crate::docs::explain(rule), "markdown": crate::docs::explain(rule) },
                "defaultConfiguration": { "level": match rule.level {
                    crate::Level::Off => "none",
                    crate::Level::Warn => "warning",
                    crate::Level::Error => "error",
                } },
            })
        })
        .collect();
    let results: Vec<_> = findings
        .iter()
        .map(|finding| {
            let span = finding.span;
            let message = match &finding.help {
                Some(help) => format!("{}\nhelp: {help}", finding.message),
                None => finding.message.clone(),
            };
            json!({
                "ruleId": finding.rule,
                "ruleIndex": RULES.iter().position(|rule| rule.id == finding.rule),
                "level": sarif_level(finding.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": finding.file.replace('\\', "/") },
                        "region": {
                            "startLine": span.start.line,
                            "startColumn": span.start.column,
                            "endLine": span.end.line,
                            "endColumn": span.end.column,
                        }
                    }
                }]
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "atpkgs-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

/// Escapes a GitHub workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn write_github(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    for finding in findings {
        let span = finding.span;
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = match &finding.help {
            Some(help) => format!("{}\nhelp: {help}", finding.message),
            None => finding.message.clone(),
        };
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&finding.file),
            span.start.line,
            span.start.column,
            span.end.line,
            span.end.column,
            escape_property(finding.rule),
            escape_data(&message)
        )?;
    }
    Ok(())
}
