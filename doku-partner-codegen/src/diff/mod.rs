//! Diff stage: two versions of a spec → the changes a pull-request reviewer must know about,
//! in DOKU's terms and in the generated Rust.
//!
//! Both versions go through `load` and `lower` like any spec;
//! the comparison then reads the typed [`model`](crate::model) (what a format, an enum, a rule
//! *means*) and the raw AST (where each key was written, for a finding's `file:line:col`). It
//! never compares YAML text: a re-indented file or reordered keys are not changes.
//!
//! - `matching`: pairing the items of the two versions (fields by wire path, parameters and
//!   headers by name, enum values by wire string) and finding where each was written;
//! - `rules`: the catalogue ([`RULES`]: stable ids, one severity each) and the comparisons;
//! - `render`: text (rustc-like), Markdown, GitHub annotations and JSON.
//!
//! Severity follows what breaks for the partner: `breaking` when code that compiled stops
//! compiling, a request DOKU accepted is refused or built differently, or a reply that decoded
//! is refused; `additive` for a new capability; `docs` for descriptions, notes and samples.

mod items;
mod matching;
mod render;
mod rules;

use std::path::{Path, PathBuf};

pub use items::generated_items;
pub use render::OutputFormat;
pub use rules::{RULES, RuleDef};

use crate::diagnostic::{Ctxt, Diagnostic, Diagnostics, Loc};
use crate::load::RawSpec;
use crate::model::Spec;

/// How much a change matters to the partner's code and traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code that compiled stops compiling, a request DOKU accepted is refused or built
    /// differently, or a reply that decoded is refused.
    Breaking,
    /// A new capability; nothing that worked stops working.
    Additive,
    /// Descriptions, notes, samples: the generated docs change, the behaviour does not.
    Docs,
}

impl Severity {
    /// `breaking`, `additive` or `docs`, as in the JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Additive => "additive",
            Severity::Docs => "docs",
        }
    }
}

/// The version bump a diff needs (semver of the crate holding the bindings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// Something breaks.
    Major,
    /// Something is added and nothing breaks.
    Minor,
    /// Only docs change, or nothing does.
    Patch,
}

impl Semver {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Major => "major",
            Semver::Minor => "minor",
            Semver::Patch => "patch",
        }
    }
}

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// The rule's stable id (`request.format.narrowed`), one of [`RULES`].
    pub rule: &'static str,
    /// The spec file the location is in: the new one, or the old one for a removal.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// One line in DOKU's terms.
    pub message: String,
    /// Generated Rust items that appear, disappear or change
    /// (`get_business_data::response::Brand::name`).
    pub rust: Vec<String>,
}

/// Every finding of a diff, in a stable order (file, line, column, rule).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The findings.
    pub findings: Vec<Finding>,
}

impl Report {
    /// The bump the whole diff needs: major if anything breaks, minor if anything is added,
    /// patch otherwise.
    pub fn semver(&self) -> Semver {
        let worst = self.findings.iter().map(|f| f.severity).min();
        match worst {
            Some(Severity::Breaking) => Semver::Major,
            Some(Severity::Additive) => Semver::Minor,
            Some(Severity::Docs) | None => Semver::Patch,
        }
    }

    /// Whether any finding is at least as severe as `threshold`.
    pub fn has_at_least(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity <= threshold)
    }

    /// The report in `format`.
    pub fn render(&self, format: OutputFormat) -> String {
        render::render(self, format)
    }

    fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.col, b.rule, &b.message))
        });
        self.findings.dedup();
    }
}

/// One version of one spec: its text and how to name it.
#[derive(Debug, Clone)]
pub struct SpecSource {
    /// How findings name the file (`spec/get_business_data.yaml`).
    pub display_path: String,
    /// The YAML text.
    pub text: String,
    /// The folder example files are resolved against (`None`: samples are not compared).
    pub base_dir: Option<PathBuf>,
}

impl SpecSource {
    /// Reads a spec file; `display_path` names it in findings.
    ///
    /// # Errors
    ///
    /// The file cannot be read or is not UTF-8 (as a diagnostic naming the file).
    pub fn read(path: &Path, display_path: &str) -> Result<Self, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|err| {
            Diagnostics::from(
                Diagnostic::error(format!("could not read spec file: {err}")).in_file(display_path),
            )
        })?;
        let base_dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(SpecSource {
            display_path: display_path.to_owned(),
            text,
            base_dir: Some(base_dir),
        })
    }

    /// The file name without its folders (`get_business_data.yaml`), which pairs the versions
    /// of one spec in two directories.
    pub fn file_name(&self) -> &str {
        self.display_path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.display_path)
    }
}

/// One loaded version: the typed model and the raw AST it was lowered from (for positions).
pub(crate) struct Side {
    pub path: String,
    pub spec: Spec,
    pub raw: RawSpec,
    pub dir: Option<PathBuf>,
}

impl Side {
    fn load(source: &SpecSource) -> Result<Side, Diagnostics> {
        let mut cx = Ctxt::new(&source.display_path, &source.text);
        let Some(raw) = crate::load::parse(&source.text, &mut cx) else {
            return Err(cx.into_diagnostics());
        };
        let spec = crate::lower::lower(&raw, source.base_dir.as_deref(), &mut cx);
        cx.finish()?;
        Ok(Side {
            path: source.display_path.clone(),
            spec,
            raw,
            dir: source.base_dir.clone(),
        })
    }
}

/// Compares two versions of one spec.
///
/// # Errors
///
/// Either version does not load: its diagnostics (a diff of an invalid spec would point at
/// nothing real).
pub fn diff_specs(old: &SpecSource, new: &SpecSource) -> Result<Report, Diagnostics> {
    let old = Side::load(old);
    let new = Side::load(new);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            return Err(a);
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let mut report = Report {
        findings: rules::compare(&old, &new),
    };
    report.sort();
    Ok(report)
}

/// Compares two sets of specs (two directories, or `spec/` at two revisions): versions are
/// paired by file name, then by `name`; a spec only in `old` is a removed endpoint, one only in
/// `new` an added one.
///
/// # Errors
///
/// Every spec that does not load, with its diagnostics.
pub fn diff_sets(old: &[SpecSource], new: &[SpecSource]) -> Result<Report, Vec<Diagnostics>> {
    let mut errors = Vec::new();
    let mut load_all = |sources: &[SpecSource]| -> Vec<Side> {
        sources
            .iter()
            .filter_map(|s| Side::load(s).map_err(|e| errors.push(e)).ok())
            .collect()
    };
    let olds = load_all(old);
    let news = load_all(new);
    if !errors.is_empty() {
        return Err(errors);
    }
    let file_name = |side: &Side| {
        side.path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&side.path)
            .to_owned()
    };
    let mut paired_old = vec![false; olds.len()];
    let mut findings = Vec::new();
    for new_side in &news {
        let by_file = olds
            .iter()
            .position(|o| file_name(o) == file_name(new_side));
        let by_name = || olds.iter().position(|o| o.spec.name == new_side.spec.name);
        match by_file.or_else(by_name) {
            Some(i) if !paired_old[i] => {
                paired_old[i] = true;
                findings.extend(rules::compare(&olds[i], new_side));
            }
            _ => findings.push(rules::endpoint_added(new_side)),
        }
    }
    for (side, paired) in olds.iter().zip(paired_old) {
        if !paired {
            findings.push(rules::endpoint_removed(side));
        }
    }
    let mut report = Report { findings };
    report.sort();
    Ok(report)
}

/// A finding's location from a raw-AST position, `Loc::UNKNOWN` read as the top of the file.
fn line_col(loc: Loc) -> (u32, u32) {
    if loc.is_known() {
        (loc.line, loc.column.max(1))
    } else {
        (1, 1)
    }
}
