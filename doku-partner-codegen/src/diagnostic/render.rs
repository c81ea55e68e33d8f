//! Rendering a [`Diagnostic`] in rustc's plain-text shape: the header, the `-->` location,
//! the source lines with their underlines, then notes and help. Long lines are cropped around
//! the mark and tabs expanded, so an underline always sits under what it marks.

use super::Diagnostic;

impl Diagnostic {
    /// Renders the diagnostic in rustc's plain-text shape, ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str(self.severity.as_str());
        out.push_str(": ");
        out.push_str(&self.message);
        out.push('\n');

        // Every drawn region, sorted by line; the primary one first on its line.
        let mut marks: Vec<Mark<'_>> = Vec::new();
        if self.line > 0 {
            marks.push(Mark {
                line: self.line,
                column: self.column,
                len: self.span_len,
                label: self.label.as_deref(),
                primary: true,
                source: self.source_line.as_deref(),
            });
        }
        for a in &self.secondary {
            if a.line > 0 {
                marks.push(Mark {
                    line: a.line,
                    column: a.column,
                    len: a.span_len,
                    label: Some(a.label.as_str()),
                    primary: false,
                    source: a.source_line.as_deref(),
                });
            }
        }
        marks.sort_by_key(|m| (m.line, !m.primary, m.column));

        let width = marks
            .iter()
            .map(|m| digits(m.line))
            .max()
            .unwrap_or(1)
            .max(1);
        let pad = " ".repeat(width);

        if !self.file.is_empty() || self.line > 0 {
            out.push_str(&format!("{pad}--> {}\n", self.location()));
        }

        let drawable: Vec<&Mark<'_>> = marks.iter().filter(|m| m.source.is_some()).collect();
        if !drawable.is_empty() {
            out.push_str(&format!("{pad} |\n"));
            let mut last_line: Option<u32> = None;
            // Crop window (display columns) of the current line: first shown column.
            let mut window = 0usize;
            for m in &drawable {
                let text = m.source.unwrap_or_default();
                let (start, len) = underline_extent(text, m.column, m.len);
                if last_line != Some(m.line) {
                    if let Some(prev) = last_line
                        && m.line > prev.saturating_add(1)
                    {
                        out.push_str("...\n");
                    }
                    let (shown, lo) = crop(&expand_tabs(text), start);
                    window = lo;
                    if shown.is_empty() {
                        out.push_str(&format!("{:>width$} |\n", m.line));
                    } else {
                        out.push_str(&format!("{:>width$} | {shown}\n", m.line));
                    }
                    last_line = Some(m.line);
                }
                // Shift into the cropped window (`...` takes three columns).
                let (start, len) = if window > 0 {
                    let start = start.saturating_sub(window) + 3;
                    (start.min(MAX_WIDTH + 3), len.clamp(1, MAX_WIDTH))
                } else {
                    (start, len.clamp(1, MAX_WIDTH))
                };
                let marker = if m.primary { "^" } else { "-" };
                let mut row = format!("{pad} | {}{}", " ".repeat(start), marker.repeat(len));
                if let Some(label) = m.label
                    && !label.is_empty()
                {
                    row.push(' ');
                    row.push_str(label);
                }
                out.push_str(&row);
                out.push('\n');
            }
        }

        if !self.notes.is_empty() || self.help.is_some() {
            if !drawable.is_empty() {
                out.push_str(&format!("{pad} |\n"));
            }
            for note in &self.notes {
                out.push_str(&format!("{pad} = note: {note}\n"));
            }
            if let Some(help) = &self.help {
                out.push_str(&format!("{pad} = help: {help}\n"));
            }
        }
        out
    }
}

struct Mark<'a> {
    line: u32,
    column: u32,
    len: u32,
    label: Option<&'a str>,
    primary: bool,
    source: Option<&'a str>,
}

fn digits(mut n: u32) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

const TAB_WIDTH: usize = 4;

/// Widest source line shown; longer lines are cropped around the first mark.
const MAX_WIDTH: usize = 160;

/// Longest source line stored in a diagnostic (bytes); longer lines are shown without snippet.
pub(super) const MAX_STORED_LINE: usize = 4096;

/// `shown` cropped to [`MAX_WIDTH`] columns around display column `first_mark`, with `...` on
/// cropped sides; also returns the first shown column (`0`: not cropped on the left).
fn crop(shown: &str, first_mark: usize) -> (String, usize) {
    let shown = shown.trim_end();
    let chars: Vec<char> = shown.chars().collect();
    if chars.len() <= MAX_WIDTH {
        return (shown.to_owned(), 0);
    }
    let lo = first_mark.saturating_sub(MAX_WIDTH / 4).min(chars.len());
    let hi = lo.saturating_add(MAX_WIDTH).min(chars.len());
    let mut out = String::new();
    if lo > 0 {
        out.push_str("...");
    }
    out.extend(chars.get(lo..hi).unwrap_or_default());
    if hi < chars.len() {
        out.push_str("...");
    }
    (out, lo)
}

fn expand_tabs(text: &str) -> String {
    text.replace('\t', &" ".repeat(TAB_WIDTH))
}

/// Display column (0-based, tabs expanded) and caret count for a region of `text`.
fn underline_extent(text: &str, column: u32, len: u32) -> (usize, usize) {
    let col0 = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let want = usize::try_from(len.max(1)).unwrap_or(usize::MAX);
    let mut start = 0usize;
    let mut width = 0usize;
    let mut taken = 0usize;
    for (i, ch) in text.chars().enumerate() {
        let w = if ch == '\t' { TAB_WIDTH } else { 1 };
        if i < col0 {
            start += w;
        } else if taken < want {
            width += w;
            taken += 1;
        } else {
            break;
        }
    }
    // Past the end of the line (e.g. an unexpected end of file), `start` is the line's width:
    // the caret goes just after its last character.
    (start, width.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Ctxt, Loc};

    #[test]
    fn renders_rustc_shape() {
        let source = "a: 1\n".repeat(40) + "    format: ANX(22)\n";
        let mut cx = Ctxt::new("spec/x.yaml", &source);
        cx.emit(
            Diagnostic::error("unknown format \"ANX(22)\"")
                .at(Loc::new(41, 13, 7))
                .label("not a DOKU format")
                .help("expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, string, string(n), int(n) or text"),
        );
        let diags = cx.finish().unwrap_err();
        let expected = "\
error: unknown format \"ANX(22)\"
  --> spec/x.yaml:41:13
   |
41 |     format: ANX(22)
   |             ^^^^^^^ not a DOKU format
   |
   = help: expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, string, string(n), int(n) or text

error: could not load spec spec/x.yaml due to 1 previous error
";
        assert_eq!(diags.render(), expected);
    }

    #[test]
    fn renders_secondary_and_unknown_position() {
        let source = "x: 1\ny: 2\nz: 3\nw: 4\n";
        let mut cx = Ctxt::new("f.yaml", source);
        cx.emit(
            Diagnostic::error("dup")
                .at(Loc::new(4, 1, 1))
                .label("second")
                .secondary(Loc::new(1, 1, 1), "first"),
        );
        cx.emit(Diagnostic::error("cannot read").note("because"));
        let text = cx.finish().unwrap_err().render();
        let expected = "\
error: cannot read
 --> f.yaml
  = note: because

error: dup
 --> f.yaml:4:1
  |
1 | x: 1
  | - first
...
4 | w: 4
  | ^ second

error: could not load spec f.yaml due to 2 previous errors
";
        assert_eq!(text, expected);
    }

    #[test]
    fn long_lines_are_cropped_around_the_mark() {
        let line = format!("key: {}TARGET{}", "a".repeat(300), "b".repeat(300));
        let mut cx = Ctxt::new("f.yaml", &line);
        cx.emit(Diagnostic::error("e").at(Loc::new(1, 306, 6)).label("here"));
        let text = cx.finish().unwrap_err().render();
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[3].strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with("...") && shown.ends_with("..."), "{text}");
        assert_eq!(shown.chars().count(), MAX_WIDTH + 6);
        let carets = lines[4].strip_prefix("  | ").unwrap();
        let col = carets.find('^').unwrap();
        assert_eq!(&shown[col..col + 6], "TARGET", "{text}");
        assert!(carets.ends_with("^^^^^^ here"));
    }

    #[test]
    fn underline_handles_tabs_and_overflow() {
        assert_eq!(underline_extent("\tab", 2, 2), (4, 2));
        assert_eq!(underline_extent("ab", 5, 3), (2, 1));
        assert_eq!(underline_extent("abc", 1, 0), (0, 1));
        assert_eq!(underline_extent("abc", 2, 99), (1, 2));
    }
}
