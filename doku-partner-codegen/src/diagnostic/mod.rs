//! Diagnostics: what every stage reports instead of failing at the first problem.
//!
//! A [`Diagnostic`] points at a region of a spec file (1-based line and column, a length in
//! characters for the underline) and renders in the shape rustc uses:
//!
//! ```text
//! error: unknown format "ANX(22)"
//!   --> spec/x.yaml:41:13
//!    |
//! 41 |     format: ANX(22)
//!    |             ^^^^^^^ not a DOKU format
//!    |
//!    = help: expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, yyyyMMddHHmmss (with its zone: yyyyMMddHHmmss UTC+7), string, string(n), int(n) or text
//! ```
//!
//! Stages push diagnostics into a [`Ctxt`] (like `serde_derive`'s context): nothing stops at
//! the first error, and [`Ctxt::finish`] hands back every problem at once as [`Diagnostics`].
//! Rendering is plain text (no colour), deterministic, and shows the file path exactly as the
//! caller gave it.

use std::collections::HashSet;
use std::fmt;

mod render;
mod suggest;

use render::MAX_STORED_LINE;
pub use suggest::did_you_mean;
pub(crate) use suggest::{FirstSeen, declared_twice, list_or};

use crate::model::Pos;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    /// The spec cannot be used.
    Error,
    /// Worth a look, but the spec loads.
    Warning,
}

impl Severity {
    /// The word rustc prints for this severity (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A region of a spec file: 1-based line and column (in characters) and a length in characters.
///
/// Line `0` means "no known position" (e.g. the file could not be read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    /// 1-based line, `0` when unknown.
    pub line: u32,
    /// 1-based column in characters, `0` when unknown.
    pub column: u32,
    /// Length in characters of the region to underline (at least one caret is drawn).
    pub len: u32,
}

impl Loc {
    /// No known position.
    pub const UNKNOWN: Loc = Loc {
        line: 0,
        column: 0,
        len: 0,
    };

    /// A region starting at `line:column`, `len` characters long.
    pub fn new(line: u32, column: u32, len: u32) -> Self {
        Loc { line, column, len }
    }

    /// Whether the position is known.
    pub fn is_known(self) -> bool {
        self.line > 0
    }

    /// The start of the region as a model [`Pos`].
    pub fn pos(self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }
}

/// A secondary region shown with a diagnostic (drawn with `-` instead of `^`), e.g. the first
/// definition of something defined twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// 1-based line (`0`: unknown, not drawn).
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// Length in characters to underline.
    pub span_len: u32,
    /// Text printed after the underline.
    pub label: String,
    /// The text of the source line, filled in by [`Ctxt::emit`].
    pub source_line: Option<String>,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The headline (`unknown format "ANX(22)"`).
    pub message: String,
    /// The file, exactly as the caller named it (never made absolute).
    pub file: String,
    /// 1-based line of the primary region; `0` when the position is unknown.
    pub line: u32,
    /// 1-based column (in characters) of the primary region.
    pub column: u32,
    /// Length of the primary region in characters, for the underline.
    pub span_len: u32,
    /// Text printed after the underline (`not a DOKU format`).
    pub label: Option<String>,
    /// A `= help:` line: what would be right.
    pub help: Option<String>,
    /// `= note:` lines.
    pub notes: Vec<String>,
    /// Other regions worth showing (e.g. the first of two duplicates).
    pub secondary: Vec<Annotation>,
    /// The text of the primary source line, filled in when the diagnostic is recorded.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A new error with no position yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A new warning with no position yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// A new diagnostic of the given severity with no position yet.
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            file: String::new(),
            line: 0,
            column: 0,
            span_len: 0,
            label: None,
            help: None,
            notes: Vec::new(),
            secondary: Vec::new(),
            source_line: None,
        }
    }

    /// Sets the primary region.
    pub fn at(mut self, loc: Loc) -> Self {
        self.line = loc.line;
        self.column = loc.column;
        self.span_len = loc.len;
        self
    }

    /// Sets the file name shown after `-->`.
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = file.into();
        self
    }

    /// Sets the text printed after the underline.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the `= help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a `= note:` line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds a secondary region (ignored when `loc` is unknown).
    pub fn secondary(mut self, loc: Loc, label: impl Into<String>) -> Self {
        if loc.is_known() {
            self.secondary.push(Annotation {
                line: loc.line,
                column: loc.column,
                span_len: loc.len,
                label: label.into(),
                source_line: None,
            });
        }
        self
    }

    /// The primary region.
    pub fn loc(&self) -> Loc {
        Loc::new(self.line, self.column, self.span_len)
    }

    /// `file:line:column` (or just `file` when the position is unknown).
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostic {}

/// Every diagnostic of one load, in source order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many diagnostics there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many of them are errors.
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Renders every diagnostic (one blank line between them) followed by a summary line such
    /// as `error: could not load spec spec/x.yaml due to 2 previous errors`. Ends with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&d.render());
        }
        let errors = self.error_count();
        if errors > 0 {
            let file = self
                .0
                .iter()
                .map(|d| d.file.as_str())
                .find(|f| !f.is_empty());
            let what = match file {
                Some(file) => format!("spec {file}"),
                None => "spec".to_owned(),
            };
            let plural = if errors == 1 { "" } else { "s" };
            out.push_str(&format!(
                "\nerror: could not load {what} due to {errors} previous error{plural}\n"
            ));
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Collects diagnostics for one source file while the stages run, so that every problem is
/// reported at once.
#[derive(Debug, Clone)]
pub struct Ctxt<'s> {
    file: String,
    source: &'s str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    diags: Vec<Diagnostic>,
    /// `(line, column, message)` of everything recorded, to drop exact repeats.
    seen: HashSet<(u32, u32, String)>,
    /// `(entry, key)`: an entry (a mapping, by its position) whose unknown key was reported
    /// with "did you mean `key`?". A later check that finds the entry without `key` is that
    /// mistake again, not a new one: it stays silent (the cause is reported once, first).
    misspelled: HashSet<(u32, u32, String)>,
}

impl<'s> Ctxt<'s> {
    /// Records that the entry at `entry` misspells `key` (already reported).
    pub(crate) fn note_misspelled(&mut self, entry: Loc, key: &str) {
        self.misspelled
            .insert((entry.line, entry.column, key.to_owned()));
    }

    /// Whether the entry at `entry` misspells `key`, so that its absence is no new mistake.
    pub(crate) fn misspelled(&self, entry: Pos, key: &str) -> bool {
        self.misspelled
            .contains(&(entry.line, entry.column, key.to_owned()))
    }

    /// A collector for `source`, reported as `file` (shown exactly as given).
    pub fn new(file: impl Into<String>, source: &'s str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Ctxt {
            file: file.into(),
            source,
            line_starts,
            diags: Vec::new(),
            misspelled: HashSet::new(),
            seen: HashSet::new(),
        }
    }

    /// Records a diagnostic, filling in the file name (when unset) and the source lines.
    pub fn emit(&mut self, mut d: Diagnostic) {
        if d.file.is_empty() {
            d.file.clone_from(&self.file);
        }
        if d.line > 0 && d.source_line.is_none() {
            d.source_line = self.stored_line(d.line);
        }
        for a in &mut d.secondary {
            if a.source_line.is_none() {
                a.source_line = self.stored_line(a.line);
            }
        }
        if self.seen.insert((d.line, d.column, d.message.clone())) {
            self.diags.push(d);
        }
    }

    /// The line kept in a diagnostic: none for absurdly long lines (memory stays bounded).
    fn stored_line(&self, line: u32) -> Option<String> {
        self.line_text(line)
            .filter(|t| t.len() <= MAX_STORED_LINE)
            .map(str::to_owned)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> Option<&'s str> {
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.source.len(), |next| next.saturating_sub(1));
        let text = self.source.get(start..end)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// Records an error at `loc` with a message and an underline label.
    pub fn error(&mut self, loc: Loc, message: impl Into<String>, label: impl Into<String>) {
        self.emit(Diagnostic::error(message).at(loc).label(label));
    }

    /// Whether any error was recorded.
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(|d| d.severity == Severity::Error)
    }

    /// Everything recorded, sorted by position (unknown positions first).
    pub fn into_diagnostics(self) -> Diagnostics {
        let mut diags = self.diags;
        diags.sort_by_key(|d| (d.line, d.column));
        Diagnostics(diags)
    }

    /// `Ok(())` when no error was recorded, else every diagnostic.
    pub fn finish(self) -> Result<(), Diagnostics> {
        if self.has_errors() {
            Err(self.into_diagnostics())
        } else {
            Ok(())
        }
    }
}
