//! Conformance: does a decoded response keep to DOKU's documented formats?
//!
//! DOKU's own samples break its documented limits (`brands.name` is 38 characters against
//! `ANS(22)`; `AN` fields hold UUIDs with hyphens), so responses are decoded leniently and the
//! findings are listed separately, each with its JSON path (`brands[0].name`). Generated
//! response types implement [`Conformance`]; the client reports the findings, or refuses the
//! response in strict mode.

use std::fmt;

use crate::format::{FormatProblem, FormatRule};

/// One value that breaks its documented format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// JSON path of the value (`brands[0].name`).
    pub path: String,
    /// The documented format or value set (`ANS(22)`, `date`, `enum BusinessType`).
    pub rule: String,
    /// What is wrong.
    pub problem: Problem,
    /// Length of the value in characters.
    pub len: usize,
}

/// What a [`Finding`] found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The value breaks its string format.
    Format(FormatProblem),
    /// The value is not one of the documented values of its enum.
    UnknownEnumValue(String),
    /// The value is not an ISO 8601 UTC date-time (`2023-03-16T10:00:41Z`).
    NotADate(String),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Format(p) => write!(
                f,
                "{}: {} ({}, {} characters)",
                self.path, p, self.rule, self.len
            ),
            Problem::UnknownEnumValue(v) => {
                write!(
                    f,
                    "{}: {v:?} is not a documented value ({})",
                    self.path, self.rule
                )
            }
            Problem::NotADate(v) => {
                write!(f, "{}: {v:?} is not a date-time ({})", self.path, self.rule)
            }
        }
    }
}

/// Every finding of one response, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConformanceReport {
    /// The findings.
    pub findings: Vec<Finding>,
}

impl ConformanceReport {
    /// `true` when the response keeps to every documented format.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// Number of findings.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    /// `true` when there are no findings.
    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}

impl fmt::Display for ConformanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("all values keep to their documented formats");
        }
        write!(
            f,
            "{} value(s) break their documented format:",
            self.findings.len()
        )?;
        for finding in &self.findings {
            write!(f, "\n  - {finding}")?;
        }
        Ok(())
    }
}

/// A JSON path under construction, grown and shrunk while walking a value.
///
/// Only a finding copies it into a `String`, so a clean walk allocates nothing beyond this
/// buffer.
#[derive(Debug, Default, Clone)]
pub struct JsonPath {
    buf: String,
}

impl JsonPath {
    /// The root path (`""`).
    pub fn root() -> Self {
        Self {
            buf: String::with_capacity(64),
        }
    }

    /// The path so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// Runs `f` with `.key` appended, then restores the path.
    #[inline]
    pub fn field<R>(&mut self, key: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let mark = self.buf.len();
        if mark != 0 {
            self.buf.push('.');
        }
        self.buf.push_str(key);
        let out = f(self);
        self.buf.truncate(mark);
        out
    }

    /// Runs `f` with `[index]` appended, then restores the path.
    #[inline]
    pub fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        use std::fmt::Write as _;
        let mark = self.buf.len();
        let _ = write!(self.buf, "[{index}]");
        let out = f(self);
        self.buf.truncate(mark);
        out
    }

    fn join(&self, key: &str) -> String {
        if key.is_empty() {
            self.buf.clone()
        } else if self.buf.is_empty() {
            key.to_owned()
        } else {
            let mut s = String::with_capacity(self.buf.len() + 1 + key.len());
            s.push_str(&self.buf);
            s.push('.');
            s.push_str(key);
            s
        }
    }
}

/// Implemented by generated response types: walks the value and records every finding.
pub trait Conformance {
    /// Appends this value's findings to `out`, with paths under `path`.
    fn check_conformance(&self, path: &mut JsonPath, out: &mut Vec<Finding>);

    /// Every finding of this value, from the root.
    fn conformance(&self) -> ConformanceReport {
        let mut findings = Vec::new();
        self.check_conformance(&mut JsonPath::root(), &mut findings);
        ConformanceReport { findings }
    }
}

impl<T: Conformance> Conformance for Vec<T> {
    fn check_conformance(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        for (i, item) in self.iter().enumerate() {
            path.index(i, |p| item.check_conformance(p, out));
        }
    }
}

impl<T: Conformance> Conformance for Option<T> {
    fn check_conformance(&self, path: &mut JsonPath, out: &mut Vec<Finding>) {
        if let Some(value) = self {
            value.check_conformance(path, out);
        }
    }
}

/// Checks the string field `key` (under `path`) against `rule`.
#[inline]
pub fn check_str(
    path: &JsonPath,
    key: &str,
    value: &str,
    rule: FormatRule,
    out: &mut Vec<Finding>,
) {
    if let Err(problem) = rule.check(value) {
        out.push(Finding {
            path: path.join(key),
            rule: rule.to_string(),
            problem: Problem::Format(problem),
            len: value.chars().count(),
        });
    }
}

/// Checks an integer sent where DOKU documents a string format (`brands.minimum_transaction`
/// is `ANS(10)` but arrives as a number): its decimal text must meet `rule`.
#[inline]
pub fn check_integer(
    path: &JsonPath,
    key: &str,
    value: i64,
    rule: FormatRule,
    out: &mut Vec<Finding>,
) {
    // Format into a stack buffer: a clean check allocates nothing.
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(&buf[i..]).unwrap_or("0");
    let text;
    let value_text = if value < 0 {
        text = format!("-{digits}");
        text.as_str()
    } else {
        digits
    };
    check_str(path, key, value_text, rule, out);
}

/// Checks every string of the array field `key` against `rule`.
pub fn check_str_items<S: AsRef<str>>(
    path: &mut JsonPath,
    key: &str,
    values: &[S],
    rule: FormatRule,
    out: &mut Vec<Finding>,
) {
    path.field(key, |p| {
        for (i, v) in values.iter().enumerate() {
            let v = v.as_ref();
            if let Err(problem) = rule.check(v) {
                let mut at = p.as_str().to_owned();
                use std::fmt::Write as _;
                let _ = write!(at, "[{i}]");
                out.push(Finding {
                    path: at,
                    rule: rule.to_string(),
                    problem: Problem::Format(problem),
                    len: v.chars().count(),
                });
            }
        }
    });
}

/// Checks that the string field `key` is an ISO 8601 date-time in UTC or with an offset
/// (`2023-03-16T10:00:41Z`, optional fraction).
pub fn check_date(path: &JsonPath, key: &str, value: &str, out: &mut Vec<Finding>) {
    if !is_date_time(value) {
        out.push(Finding {
            path: path.join(key),
            rule: "date".to_owned(),
            problem: Problem::NotADate(value.to_owned()),
            len: value.chars().count(),
        });
    }
}

/// Records that the enum field `key` holds `value`, which is not documented for `enum_name`.
pub fn unknown_enum_value(
    path: &JsonPath,
    key: &str,
    enum_name: &str,
    value: &str,
    out: &mut Vec<Finding>,
) {
    out.push(Finding {
        path: path.join(key),
        rule: format!("enum {enum_name}"),
        problem: Problem::UnknownEnumValue(value.to_owned()),
        len: value.chars().count(),
    });
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with plausible ranges.
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| -> u32 {
        b[r].iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !(b[10] == b'T' || b[10] == b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let (month, day, hour, minute, second) =
        (num(5..7), num(8..10), num(11..13), num(14..16), num(17..19));
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_findings() {
        let mut path = JsonPath::root();
        let mut out = Vec::new();
        path.field("brands", |p| {
            p.index(0, |p| {
                check_str(
                    p,
                    "name",
                    "Brand under partner personal only test",
                    FormatRule::ans(22),
                    &mut out,
                )
            })
        });
        assert_eq!(path.as_str(), "");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "brands[0].name");
        assert_eq!(out[0].len, 38);
        assert_eq!(
            out[0].to_string(),
            "brands[0].name: is 38 characters long, more than the 22 allowed (ANS(22), 38 characters)"
        );
    }

    #[test]
    fn dates() {
        assert!(is_date_time("2023-03-16T10:00:41Z"));
        assert!(is_date_time("2023-03-16T10:00:41.123+07:00"));
        assert!(!is_date_time("2023-03-16 10:00:41"));
        assert!(!is_date_time("2023-13-16T10:00:41Z"));
        assert!(!is_date_time("2023-03-16T10:00:41"));
        assert!(!is_date_time("ééééééééééééééééééééé"));
    }
}
