//! A report as text (rustc-like), Markdown (a pull-request comment), GitHub workflow
//! annotations (at the spec line) or JSON (the shape other tools rely on).

use std::fmt::Write as _;

use super::{Finding, Report, Severity};

/// The output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// rustc-like text, one block per finding, then the semver line.
    Text,
    /// A Markdown table for a pull-request comment.
    Markdown,
    /// GitHub workflow commands (`::error file=…,line=…::…`), one per finding.
    Github,
    /// `{"findings": [...], "semver": "..."}`.
    Json,
}

pub(super) fn render(report: &Report, format: OutputFormat) -> String {
    match format {
        OutputFormat::Text => text(report),
        OutputFormat::Markdown => markdown(report),
        OutputFormat::Github => github(report),
        OutputFormat::Json => json(report),
    }
}

fn counts(report: &Report) -> String {
    let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} breaking, {} additive, {} docs",
        count(Severity::Breaking),
        count(Severity::Additive),
        count(Severity::Docs)
    )
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        let _ = writeln!(out, "  --> {}:{}:{}", f.file, f.line, f.col);
        for item in &f.rust {
            let _ = writeln!(out, "   = rust: {item}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "semver: {} ({})",
        report.semver().as_str(),
        counts(report)
    );
    out
}

/// Text for a Markdown table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Spec changes: semver **{}** ({})\n",
        report.semver().as_str(),
        counts(report)
    );
    if report.findings.is_empty() {
        out.push_str("No change to the endpoints, their types or their docs.\n");
        return out;
    }
    out.push_str("| severity | rule | where | change | Rust items |\n");
    out.push_str("| --- | --- | --- | --- | --- |\n");
    let mut sorted: Vec<&Finding> = report.findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    for f in sorted {
        let rust = f
            .rust
            .iter()
            .map(|r| format!("`{}`", cell(r)))
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}:{}:{}` | {} | {} |",
            f.severity.as_str(),
            f.rule,
            cell(&f.file),
            f.line,
            f.col,
            cell(&f.message),
            rust
        );
    }
    out
}

/// Escapes a workflow command's message (`%`, CR, LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Breaking => "error",
            Severity::Additive => "warning",
            Severity::Docs => "notice",
        };
        let rust = if f.rust.is_empty() {
            String::new()
        } else {
            format!(" (Rust: {})", f.rust.join(", "))
        };
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},title={}::{}{}",
            escape_property(&f.file),
            f.line,
            f.col,
            escape_property(&format!("{} {}", f.severity.as_str(), f.rule)),
            escape_data(&f.message),
            escape_data(&rust)
        );
    }
    out
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

fn json(report: &Report) -> String {
    let mut out = String::from("{\"findings\": [");
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let rust = f
            .rust
            .iter()
            .map(|r| json_string(r))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(
            out,
            "\n  {{\"severity\": {}, \"rule\": {}, \"file\": {}, \"line\": {}, \"col\": {}, \"message\": {}, \"rust\": [{}]}}",
            json_string(f.severity.as_str()),
            json_string(f.rule),
            json_string(&f.file),
            f.line,
            f.col,
            json_string(&f.message),
            rust
        );
    }
    if !report.findings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "], \"semver\": {}}}",
        json_string(report.semver().as_str())
    );
    out
}
