//! Conformance: does a decoded response keep to DOKU's documented formats?
//!
//! DOKU's own samples break its documented limits (`brands.name` is 38 characters against
//! `ANS(22)`; `AN` fields hold UUIDs with hyphens), so responses are decoded leniently and the
//! findings are listed separately, each with its JSON path (`brands[0].name`). Generated
//! response types implement [`Conformance`]; the client reports the findings, or refuses the
//! response in strict mode.
//!
//! Findings are cheap to record (DOKU's samples have 34 and 51 of them): a finding's path is a
//! copy of the walk's segments (static field names and indices, inline up to
//! [`FindingPath::INLINE`] segments) and its rule is a [`FindingRule`] value; both are rendered
//! to text only when displayed.

use std::fmt;
use std::hash::{Hash, Hasher};

use crate::format::{FormatProblem, FormatRule, problem_len};

/// One value that breaks its documented format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// JSON path of the value (`brands[0].name`); displays as text and compares with `&str`.
    pub path: FindingPath,
    /// The documented format or value set (`ANS(22)`, `date`, `enum BusinessType`); displays
    /// as that text and compares with `&str`.
    pub rule: FindingRule,
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
    /// The object has a key its field table does not document (reported by the types of an
    /// incoming spec; the value is kept in the object's `extra`).
    UndocumentedKey(String),
    /// The body's discriminator holds a value no variant of its union lists (`None`: absent,
    /// or not a string); the body is kept whole (`union::Unknown`).
    UnknownVariant(Option<String>),
    /// The object lacks a key its variant of a union requires.
    MissingKey(&'static str),
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            // A length problem already states the length.
            Problem::Format(p @ FormatProblem::TooLong { .. }) => {
                write!(f, "{}: {} ({})", self.path, p, self.rule)
            }
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
            Problem::UndocumentedKey(key) => {
                let at = if self.path.segments().is_empty() {
                    "(body)".to_owned()
                } else {
                    self.path.to_string()
                };
                write!(f, "{at}: key {key:?} is not documented ({})", self.rule)
            }
            Problem::UnknownVariant(Some(value)) => {
                write!(
                    f,
                    "{}: {value:?} names no variant ({})",
                    self.path, self.rule
                )
            }
            Problem::UnknownVariant(None) => {
                write!(f, "{}: absent or not a string ({})", self.path, self.rule)
            }
            Problem::MissingKey(key) => {
                let at = if self.path.segments().is_empty() {
                    "(body)".to_owned()
                } else {
                    self.path.to_string()
                };
                write!(f, "{at}: key {key:?} is missing ({})", self.rule)
            }
        }
    }
}

/// The documented rule a [`Finding`] is about. Displays as DOKU writes it: `ANS(22)`, `date`,
/// `enum BusinessType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingRule {
    /// A string format (`AN(n)`, `ANS(n)`, `N(n)`, `Numeric`).
    Format(FormatRule),
    /// An ISO 8601 date-time.
    Date,
    /// A date-time in another of DOKU's notations, as the spec writes it
    /// (`yyyyMMddHHmmss UTC+7`, see [`crate::datetime`]).
    DateTimeNotation(&'static str),
    /// A documented value set, by the enum's name.
    Enum(&'static str),
    /// The object's documented keys (the spec's field table).
    FieldTable,
    /// The variants of a response union, by its discriminator's path (`channel.id`).
    Union(&'static str),
    /// The keys one variant of a response union requires, by the variant's name.
    Variant(&'static str),
}

impl fmt::Display for FindingRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FindingRule::Format(rule) => fmt::Display::fmt(rule, f),
            FindingRule::Date => f.write_str("date"),
            FindingRule::DateTimeNotation(notation) => f.write_str(notation),
            FindingRule::Enum(name) => write!(f, "enum {name}"),
            FindingRule::FieldTable => f.write_str("field table"),
            FindingRule::Union(path) => write!(f, "variants of {path}"),
            FindingRule::Variant(name) => write!(f, "variant {name}"),
        }
    }
}

impl PartialEq<str> for FindingRule {
    fn eq(&self, other: &str) -> bool {
        displays_as(self, other)
    }
}

impl PartialEq<&str> for FindingRule {
    fn eq(&self, other: &&str) -> bool {
        displays_as(self, other)
    }
}

/// One step of a JSON path: an object key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathSegment {
    /// `.key` (no dot at the start of a path).
    Key(&'static str),
    /// `[index]`.
    Index(usize),
}

/// The JSON path of a [`Finding`] (`brands[0].name`), kept as segments and rendered by
/// `Display` (`to_string()` gives the text). Compares with `&str` and `String` by that text.
///
/// Paths up to [`FindingPath::INLINE`] segments deep are stored inline: recording a finding
/// does not allocate for them.
#[derive(Clone)]
pub struct FindingPath {
    repr: PathRepr,
}

#[derive(Clone)]
enum PathRepr {
    Inline {
        len: u8,
        segments: [PathSegment; FindingPath::INLINE],
    },
    Heap(Box<[PathSegment]>),
}

impl FindingPath {
    /// How many segments are stored without allocating.
    pub const INLINE: usize = 6;

    /// A path from its segments.
    pub fn new(segments: &[PathSegment]) -> Self {
        let repr = if segments.len() <= Self::INLINE {
            let mut inline = [PathSegment::Index(0); Self::INLINE];
            inline[..segments.len()].copy_from_slice(segments);
            PathRepr::Inline {
                len: segments.len() as u8,
                segments: inline,
            }
        } else {
            PathRepr::Heap(segments.into())
        };
        Self { repr }
    }

    /// `segments` followed by `.key` (nothing when `key` is empty).
    fn with_key(segments: &[PathSegment], key: &'static str) -> Self {
        if key.is_empty() {
            return Self::new(segments);
        }
        let n = segments.len() + 1;
        if n <= Self::INLINE {
            let mut inline = [PathSegment::Index(0); Self::INLINE];
            inline[..segments.len()].copy_from_slice(segments);
            inline[segments.len()] = PathSegment::Key(key);
            Self {
                repr: PathRepr::Inline {
                    len: n as u8,
                    segments: inline,
                },
            }
        } else {
            let mut all = Vec::with_capacity(n);
            all.extend_from_slice(segments);
            all.push(PathSegment::Key(key));
            Self {
                repr: PathRepr::Heap(all.into_boxed_slice()),
            }
        }
    }

    /// Parses a path written as `Display` writes it (`brands[0].name`): keys separated by
    /// `.`, indices in brackets. For tests and tools; keys must not contain `.` or `[`.
    pub fn parse(text: &'static str) -> Self {
        let mut segments = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
            if !key.is_empty() {
                segments.push(PathSegment::Key(key));
            }
            while let Some(inner) = rest.strip_prefix('[') {
                let close = inner.find(']').unwrap_or(inner.len());
                let index = inner[..close].parse().unwrap_or(usize::MAX);
                segments.push(PathSegment::Index(index));
                rest = inner.get(close + 1..).unwrap_or("");
            }
        }
        Self::new(&segments)
    }

    /// The segments, from the root.
    pub fn segments(&self) -> &[PathSegment] {
        match &self.repr {
            PathRepr::Inline { len, segments } => &segments[..usize::from(*len)],
            PathRepr::Heap(segments) => segments,
        }
    }
}

/// Writes `segments` as `brands[0].name`.
fn write_segments(segments: &[PathSegment], f: &mut fmt::Formatter<'_>) -> fmt::Result {
    for (i, segment) in segments.iter().enumerate() {
        match segment {
            PathSegment::Key(key) => {
                if i != 0 {
                    f.write_str(".")?;
                }
                f.write_str(key)?;
            }
            PathSegment::Index(index) => write!(f, "[{index}]")?,
        }
    }
    Ok(())
}

impl fmt::Display for FindingPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_segments(self.segments(), f)
    }
}

impl fmt::Debug for FindingPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq for FindingPath {
    fn eq(&self, other: &Self) -> bool {
        self.segments() == other.segments()
    }
}

impl Eq for FindingPath {}

impl Hash for FindingPath {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.segments().hash(state);
    }
}

impl PartialEq<str> for FindingPath {
    fn eq(&self, other: &str) -> bool {
        displays_as(self, other)
    }
}

impl PartialEq<&str> for FindingPath {
    fn eq(&self, other: &&str) -> bool {
        displays_as(self, other)
    }
}

impl PartialEq<String> for FindingPath {
    fn eq(&self, other: &String) -> bool {
        displays_as(self, other)
    }
}

/// Whether `value` displays exactly as `text`, without building the string.
fn displays_as(value: &impl fmt::Display, text: &str) -> bool {
    struct Match<'a>(&'a str);
    impl fmt::Write for Match<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            match self.0.strip_prefix(s) {
                Some(rest) => {
                    self.0 = rest;
                    Ok(())
                }
                None => Err(fmt::Error),
            }
        }
    }
    let mut m = Match(text);
    fmt::write(&mut m, format_args!("{value}")).is_ok() && m.0.is_empty()
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

/// A JSON path under construction, grown and shrunk while walking a value: a stack of
/// segments (static keys and indices), so walking formats nothing and a finding copies a few
/// words.
#[derive(Debug, Default, Clone)]
pub struct JsonPath {
    segments: Vec<PathSegment>,
}

impl JsonPath {
    /// The root path (`""`).
    pub fn root() -> Self {
        Self {
            segments: Vec::with_capacity(8),
        }
    }

    /// The segments so far, from the root.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// Runs `f` with `.key` appended, then restores the path.
    #[inline]
    pub fn field<R>(&mut self, key: &'static str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.segments.push(PathSegment::Key(key));
        let out = f(self);
        self.segments.pop();
        out
    }

    /// Runs `f` with `[index]` appended, then restores the path.
    #[inline]
    pub fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        self.segments.push(PathSegment::Index(index));
        let out = f(self);
        self.segments.pop();
        out
    }

    /// The path of `key` under this one (this path itself when `key` is empty).
    fn join(&self, key: &'static str) -> FindingPath {
        FindingPath::with_key(&self.segments, key)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_segments(&self.segments, f)
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

/// Checks the string field `key` (under `path`; `""` for the path itself) against `rule`.
#[inline]
pub(crate) fn check_str(
    path: &JsonPath,
    key: &'static str,
    value: &str,
    rule: FormatRule,
    out: &mut Vec<Finding>,
) {
    if let Err(problem) = rule.check(value) {
        format_finding(path.join(key), value, rule, problem, out);
    }
}

/// Records a broken format; out of line, so the clean path of [`check_str`] stays small.
#[cold]
#[inline(never)]
fn format_finding(
    path: FindingPath,
    value: &str,
    rule: FormatRule,
    problem: FormatProblem,
    out: &mut Vec<Finding>,
) {
    out.push(Finding {
        path,
        rule: FindingRule::Format(rule),
        len: problem_len(&problem, value),
        problem: Problem::Format(problem),
    });
}

/// Checks an integer sent where DOKU documents a string format (`brands.minimum_transaction`
/// is `ANS(10)` but arrives as a number): its decimal text must meet `rule`.
#[inline]
pub(crate) fn check_integer(
    path: &JsonPath,
    key: &'static str,
    value: i64,
    rule: FormatRule,
    out: &mut Vec<Finding>,
) {
    // Format into a stack buffer: a check allocates nothing.
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
    if value < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    let text = std::str::from_utf8(&buf[i..]).unwrap_or("0");
    check_str(path, key, text, rule, out);
}

/// Checks that the string field `key` is an ISO 8601 date-time in UTC or with an offset
/// (`2023-03-16T10:00:41Z`, optional fraction).
pub(crate) fn check_date(path: &JsonPath, key: &'static str, value: &str, out: &mut Vec<Finding>) {
    if !is_date_time(value) {
        out.push(Finding {
            path: path.join(key),
            rule: FindingRule::Date,
            problem: Problem::NotADate(value.to_owned()),
            len: value.chars().count(),
        });
    }
}

/// Records a finding when `value` is not a date-time in `notation` (`yyyyMMddHHmmss UTC+7`).
pub(crate) fn check_date_notation(
    path: &JsonPath,
    key: &'static str,
    value: &str,
    notation: &'static str,
    out: &mut Vec<Finding>,
) {
    if crate::datetime::parse_compact(value).is_none() {
        out.push(Finding {
            path: path.join(key),
            rule: FindingRule::DateTimeNotation(notation),
            problem: Problem::NotADate(value.to_owned()),
            len: value.chars().count(),
        });
    }
}

/// Records that the enum field `key` holds `value`, which is not documented for `enum_name`.
pub(crate) fn unknown_enum_value(
    path: &JsonPath,
    key: &'static str,
    enum_name: &'static str,
    value: &str,
    out: &mut Vec<Finding>,
) {
    out.push(Finding {
        path: path.join(key),
        rule: FindingRule::Enum(enum_name),
        problem: Problem::UnknownEnumValue(value.to_owned()),
        len: value.chars().count(),
    });
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` with plausible ranges.
pub(crate) fn is_date_time(s: &str) -> bool {
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
        assert_eq!(path.to_string(), "");
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].path, "brands[0].name");
        assert_eq!(out[0].path.to_string(), "brands[0].name");
        assert_eq!(out[0].path, FindingPath::parse("brands[0].name"));
        assert_ne!(out[0].path, "brands[0].nam");
        assert_ne!(out[0].path, "brands[0].names");
        assert_eq!(out[0].rule, "ANS(22)");
        assert_eq!(out[0].rule, FindingRule::Format(FormatRule::ans(22)));
        assert_eq!(out[0].len, 38);
        assert_eq!(
            out[0].to_string(),
            "brands[0].name: is 38 characters long, more than the 22 allowed (ANS(22))"
        );
    }

    #[test]
    fn paths_deeper_than_inline_and_item_arrays() {
        let mut path = JsonPath::root();
        let mut out = Vec::new();
        path.field("a", |p| {
            p.index(1, |p| {
                p.field("b", |p| {
                    p.index(22, |p| {
                        p.field("c", |p| {
                            p.index(3, |p| {
                                check_str(p, "d", "x\n", FormatRule::ans(5), &mut out)
                            })
                        })
                    })
                })
            })
        });
        check_integer(&path, "n", -12345, FormatRule::ans(5), &mut out);
        check_date(&path, "at", "yesterday", &mut out);
        unknown_enum_value(&path, "type", "BusinessType", "NEW", &mut out);
        let rendered: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(
            rendered,
            [
                "a[1].b[22].c[3].d: has '\\n' at position 2 (ANS(5), 2 characters)",
                "n: is 6 characters long, more than the 5 allowed (ANS(5))",
                "at: \"yesterday\" is not a date-time (date)",
                "type: \"NEW\" is not a documented value (enum BusinessType)",
            ]
        );
        assert_eq!(out[0].path.segments().len(), 7);
        assert_eq!(out[0].path, "a[1].b[22].c[3].d");
        assert_eq!(out[0].path, FindingPath::parse("a[1].b[22].c[3].d"));
        assert_eq!(format!("{:?}", out[1].path), "\"n\"");
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
