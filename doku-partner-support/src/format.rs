//! DOKU's documented string formats as checked newtypes.
//!
//! One generic type per format, parameterised by its maximum length, so generated code names
//! `Ans<50>` instead of emitting a new type per field:
//!
//! | DOKU | type | characters |
//! | --- | --- | --- |
//! | `AN(n)` | [`An<n>`](An) | ASCII letters and digits |
//! | `ANS(n)` | [`Ans<n>`](Ans) | any printable character (space, punctuation, non-ASCII), no control characters |
//! | `N(n)`, `Numeric` | [`Num<n>`](Num) | ASCII digits (`Num<0>`: no documented length) |
//! | `string(n)` | [`Text<n>`](Text) | any character (DOKU's free-text notation with a length) |
//!
//! Length is counted in characters (`char`s), not bytes. An empty string is never valid: a
//! documented format describes a value that is there.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// The character set of a format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Charset {
    /// `AN`: ASCII letters and digits.
    Alphanumeric,
    /// `ANS`: printable characters including space, punctuation and non-ASCII letters; no
    /// control characters.
    AlphanumericSpecial,
    /// `N` / `Numeric`: ASCII digits.
    Numeric,
    /// `string(n)`: any character; only the length is documented.
    Any,
}

impl Charset {
    /// Whether `c` belongs to the set.
    #[inline]
    pub fn allows(self, c: char) -> bool {
        match self {
            Charset::Alphanumeric => c.is_ascii_alphanumeric(),
            Charset::AlphanumericSpecial => !c.is_control(),
            Charset::Numeric => c.is_ascii_digit(),
            Charset::Any => true,
        }
    }

    /// DOKU's abbreviation (`AN`, `ANS`, `N`).
    pub fn abbreviation(self) -> &'static str {
        match self {
            Charset::Alphanumeric => "AN",
            Charset::AlphanumericSpecial => "ANS",
            Charset::Numeric => "N",
            Charset::Any => "string",
        }
    }

    /// Whether any byte of `bytes` falls outside the set's ASCII part (`0x20..=0x7E` for
    /// `ANS`). `false` means every byte is an allowed ASCII character. Branch-free over blocks
    /// of 32 bytes (OR of per-byte tests), so it vectorizes.
    #[inline]
    fn any_outside_ascii_set(self, bytes: &[u8]) -> bool {
        #[inline(always)]
        fn any(bytes: &[u8], outside: impl Fn(u8) -> bool + Copy) -> bool {
            let block = |block: &[u8]| block.iter().fold(0u8, |acc, &b| acc | u8::from(outside(b)));
            let mut blocks = bytes.chunks_exact(32);
            for b in &mut blocks {
                if block(b) != 0 {
                    return true;
                }
            }
            block(blocks.remainder()) != 0
        }
        match self {
            Charset::Alphanumeric => any(bytes, |b| {
                (b.wrapping_sub(b'0') > 9) & ((b | 0x20).wrapping_sub(b'a') > 25)
            }),
            Charset::AlphanumericSpecial => any(bytes, |b| b.wrapping_sub(0x20) > 0x7E - 0x20),
            Charset::Numeric => any(bytes, |b| b.wrapping_sub(b'0') > 9),
            // Every ASCII byte is allowed; a non-ASCII one sends the value to the `char` loop,
            // which only counts.
            Charset::Any => any(bytes, |b| b > 0x7F),
        }
    }

    /// What the set allows, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Charset::Alphanumeric => "ASCII letters and digits",
            Charset::AlphanumericSpecial => "printable characters (no control characters)",
            Charset::Numeric => "ASCII digits",
            Charset::Any => "any characters",
        }
    }
}

/// A documented string format: a character set and a maximum length in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FormatRule {
    /// Allowed characters.
    pub charset: Charset,
    /// Maximum length in characters; `None` when DOKU documents none (`Numeric`).
    pub max_len: Option<usize>,
}

impl FormatRule {
    /// `AN(n)`.
    pub const fn an(n: usize) -> Self {
        Self {
            charset: Charset::Alphanumeric,
            max_len: Some(n),
        }
    }

    /// `ANS(n)`.
    pub const fn ans(n: usize) -> Self {
        Self {
            charset: Charset::AlphanumericSpecial,
            max_len: Some(n),
        }
    }

    /// `string(n)`: any characters, 1 to n of them; `n == 0` means no documented length
    /// (`string`).
    pub const fn text(n: usize) -> Self {
        Self {
            charset: Charset::Any,
            max_len: if n == 0 { None } else { Some(n) },
        }
    }

    /// `N(n)`; `n == 0` means no documented length (`Numeric`).
    pub const fn numeric(n: usize) -> Self {
        Self {
            charset: Charset::Numeric,
            max_len: if n == 0 { None } else { Some(n) },
        }
    }

    /// `AN` with no documented length.
    pub const fn an_unbounded() -> Self {
        Self {
            charset: Charset::Alphanumeric,
            max_len: None,
        }
    }

    /// `ANS` with no documented length.
    pub const fn ans_unbounded() -> Self {
        Self {
            charset: Charset::AlphanumericSpecial,
            max_len: None,
        }
    }

    /// DOKU's `Numeric`: digits, no documented length (what generated code writes rather
    /// than `numeric(0)`).
    pub const fn numeric_unbounded() -> Self {
        Self {
            charset: Charset::Numeric,
            max_len: None,
        }
    }

    /// DOKU's `string`: any characters, at least one, no documented length (what generated
    /// code writes rather than `text(0)`).
    pub const fn text_unbounded() -> Self {
        Self {
            charset: Charset::Any,
            max_len: None,
        }
    }

    /// Checks `value`, returning its length in characters, or the first problem found.
    ///
    /// Fast path: one branch-free pass over the bytes (it vectorizes) looks for a byte outside
    /// the format's ASCII set (`0x20..=0x7E` for `ANS`, `[0-9A-Za-z]` for `AN`, `[0-9]` for
    /// `N`). When there is none, the value is ASCII and valid, and its length is its byte
    /// length. Otherwise (non-ASCII or a bad character) the `char` loop finds the problem and
    /// counts the characters.
    pub fn check(&self, value: &str) -> Result<usize, FormatProblem> {
        if value.is_empty() {
            return Err(FormatProblem::Empty);
        }
        let len = if !self.charset.any_outside_ascii_set(value.as_bytes()) {
            value.len()
        } else {
            let mut len = 0usize;
            for (index, c) in value.chars().enumerate() {
                if !self.charset.allows(c) {
                    return Err(FormatProblem::InvalidChar { ch: c, index });
                }
                len = index + 1;
            }
            len
        };
        match self.max_len {
            Some(max) if len > max => Err(FormatProblem::TooLong { max, len }),
            _ => Ok(len),
        }
    }
}

impl fmt::Display for FormatRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.charset, self.max_len) {
            (Charset::Numeric, None) => f.write_str("Numeric"),
            (cs, Some(n)) => write!(f, "{}({n})", cs.abbreviation()),
            (cs, None) => f.write_str(cs.abbreviation()),
        }
    }
}

/// Why a value does not meet its format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FormatProblem {
    /// The value is empty.
    Empty,
    /// More characters than the format allows.
    TooLong {
        /// The documented maximum, in characters.
        max: usize,
        /// The value's length, in characters.
        len: usize,
    },
    /// A character outside the format's set.
    InvalidChar {
        /// The character.
        ch: char,
        /// Its position, counted in characters from 0 (`Display` counts from 1).
        index: usize,
    },
}

impl fmt::Display for FormatProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatProblem::Empty => f.write_str("is empty"),
            FormatProblem::TooLong { max, len } => {
                write!(f, "is {len} characters long, more than the {max} allowed")
            }
            FormatProblem::InvalidChar { ch, index } => {
                write!(f, "has {ch:?} at position {}", index + 1)
            }
        }
    }
}

/// A value that does not meet its documented format, with what is needed to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FormatError {
    /// The field (wire name) the value was meant for, when known.
    pub field: Option<Cow<'static, str>>,
    /// The format that was broken.
    pub rule: FormatRule,
    /// What is wrong.
    pub problem: FormatProblem,
    /// The value's length in characters.
    pub len: usize,
}

impl FormatError {
    /// Names the field the value was meant for.
    pub fn with_field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "`{field}` ")?,
            None => f.write_str("value ")?,
        }
        write!(
            f,
            "{} (format {}: {}",
            self.problem,
            self.rule,
            self.rule.charset.describe()
        )?;
        if let Some(max) = self.rule.max_len {
            write!(f, ", 1 to {max} characters")?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for FormatError {}

/// Checks `value` against `rule`, as a [`FormatError`] without a field name.
pub fn check(rule: FormatRule, value: &str) -> Result<(), FormatError> {
    match rule.check(value) {
        Ok(_) => Ok(()),
        Err(problem) => Err(FormatError {
            field: None,
            rule,
            len: problem_len(&problem, value),
            problem,
        }),
    }
}

/// The length in characters of a `value` that failed with `problem`, without recounting when
/// the problem already carries it.
#[inline]
pub(crate) fn problem_len(problem: &FormatProblem, value: &str) -> usize {
    match problem {
        FormatProblem::Empty => 0,
        FormatProblem::TooLong { len, .. } => *len,
        FormatProblem::InvalidChar { .. } => value.chars().count(),
    }
}

macro_rules! format_newtype {
    ($(#[$doc:meta])* $name:ident, $ctor:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name<const N: usize>(String);

        impl<const N: usize> $name<N> {
            /// The format this type enforces.
            pub const RULE: FormatRule = FormatRule::$ctor(N);

            /// Checks `value` and wraps it.
            pub fn new(value: impl Into<String>) -> Result<Self, FormatError> {
                let value = value.into();
                check(Self::RULE, &value)?;
                Ok(Self(value))
            }

            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, unwrapped.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl<const N: usize> fmt::Debug for $name<N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl<const N: usize> fmt::Display for $name<N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<const N: usize> Deref for $name<N> {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl<const N: usize> AsRef<str> for $name<N> {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<const N: usize> TryFrom<String> for $name<N> {
            type Error = FormatError;
            fn try_from(value: String) -> Result<Self, FormatError> {
                Self::new(value)
            }
        }

        impl<const N: usize> TryFrom<&str> for $name<N> {
            type Error = FormatError;
            fn try_from(value: &str) -> Result<Self, FormatError> {
                check(Self::RULE, value)?;
                Ok(Self(value.to_owned()))
            }
        }

        impl<const N: usize> FromStr for $name<N> {
            type Err = FormatError;
            fn from_str(value: &str) -> Result<Self, FormatError> {
                Self::try_from(value)
            }
        }

        impl<const N: usize> From<$name<N>> for String {
            fn from(value: $name<N>) -> String {
                value.0
            }
        }

        impl<const N: usize> PartialEq<str> for $name<N> {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl<const N: usize> PartialEq<&str> for $name<N> {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl<const N: usize> serde::Serialize for $name<N> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Deserializing validates: a value that breaks the format is an error.
        impl<'de, const N: usize> serde::Deserialize<'de> for $name<N> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }
    };
}

format_newtype!(
    /// `AN(N)`: 1 to `N` ASCII letters and digits.
    An,
    an
);
format_newtype!(
    /// `ANS(N)`: 1 to `N` printable characters (letters, digits, space, punctuation, non-ASCII);
    /// no control characters.
    Ans,
    ans
);
format_newtype!(
    /// `N(N)`: 1 to `N` ASCII digits; `Num<0>` is DOKU's `Numeric` (no documented length).
    Num,
    numeric
);
format_newtype!(
    /// `string(N)` (DOKU also writes `String(N)`): 1 to `N` characters of any kind; `Text<0>`
    /// is non-empty text with no documented length.
    Text,
    text
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_count_characters_not_bytes() {
        assert!(Ans::<3>::new("abc").is_ok());
        assert!(Ans::<3>::new("ééé").is_ok(), "3 characters, 6 bytes");
        let err = Ans::<3>::new("abcd").unwrap_err();
        assert_eq!(err.problem, FormatProblem::TooLong { max: 3, len: 4 });
        assert_eq!(err.len, 4);
        assert!(Ans::<2>::new("ab").is_ok());
    }

    #[test]
    fn byte_fast_path_agrees_with_the_char_loop() {
        fn reference(rule: FormatRule, value: &str) -> Result<usize, FormatProblem> {
            if value.is_empty() {
                return Err(FormatProblem::Empty);
            }
            for (index, ch) in value.chars().enumerate() {
                if !rule.charset.allows(ch) {
                    return Err(FormatProblem::InvalidChar { ch, index });
                }
            }
            let len = value.chars().count();
            match rule.max_len {
                Some(max) if len > max => Err(FormatProblem::TooLong { max, len }),
                _ => Ok(len),
            }
        }
        let values = [
            "",
            "a",
            "Z9",
            "09",
            "0z",
            " ",
            "~",
            "\u{7f}",
            "\u{1f}x",
            "a b",
            "/:@[`{",
            "é",
            "aé",
            "\u{85}",
            "ab\ncd",
            "12345678901234567890",
            "BRN-0104-1678960841263",
            "@",
            "[",
            "`",
        ];
        for value in values {
            for rule in [
                FormatRule::an(4),
                FormatRule::ans(4),
                FormatRule::numeric(4),
                FormatRule::numeric(0),
                FormatRule::ans(50),
            ] {
                assert_eq!(
                    rule.check(value),
                    reference(rule, value),
                    "{rule} {value:?}"
                );
            }
        }
        // Across the 32-byte blocks of the fast path.
        for n in [31, 32, 33, 63, 64, 65, 100] {
            for bad in [None, Some(0), Some(n / 2), Some(31), Some(n - 1)] {
                let mut value = "7".repeat(n);
                if let Some(i) = bad.filter(|&i| i < n) {
                    value.replace_range(i..=i, "\u{7f}");
                }
                for rule in [
                    FormatRule::an(80),
                    FormatRule::ans(80),
                    FormatRule::numeric(0),
                ] {
                    assert_eq!(
                        rule.check(&value),
                        reference(rule, &value),
                        "{rule} {value:?}"
                    );
                }
            }
        }
        for b in 0u8..=0x7F {
            let value = char::from(b).to_string();
            for rule in [
                FormatRule::an(1),
                FormatRule::ans(1),
                FormatRule::numeric(1),
            ] {
                assert_eq!(rule.check(&value), reference(rule, &value), "{rule} {b:#x}");
            }
        }
    }

    #[test]
    fn charsets() {
        assert!(An::<10>::new("abc123").is_ok());
        assert!(An::<40>::new("7e90d35b-dae6").is_err());
        assert!(An::<10>::new("é").is_err());
        assert!(Ans::<40>::new("< IDR 20 Mio").is_ok());
        assert!(Ans::<40>::new("line\nbreak").is_err());
        assert!(Num::<5>::new("01234").is_ok());
        assert!(Num::<5>::new("12a").is_err());
        assert!(Num::<0>::new("12345678901234567890").is_ok());
        assert!(Ans::<5>::new("").is_err());
    }

    #[test]
    fn error_message_names_field_rule_limit_and_length() {
        let err = Ans::<22>::new("Brand under partner personal only test")
            .unwrap_err()
            .with_field("brands.name");
        assert_eq!(
            err.to_string(),
            "`brands.name` is 38 characters long, more than the 22 allowed \
             (format ANS(22): printable characters (no control characters), 1 to 22 characters)"
        );
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<An<3>>("\"abcd\"").is_err());
        assert_eq!(serde_json::from_str::<An<3>>("\"abc\"").unwrap(), "abc");
    }
}
