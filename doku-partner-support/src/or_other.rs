//! Request values of an enum whose documented list is cut off (a body field's `enum_cut_off:
//! true` in the spec; Upload File's document `code`, whose list the page ends after
//! `LICENSE_FCA`).
//!
//! A closed enum would refuse the codes DOKU accepts that the page lost; a plain string would
//! let a typo of a listed code through. [`OrOther<T>`] holds one of the listed values (`T`'s
//! variants, so a listed code is written without a typo) or [`OrOther::Other`], a value the
//! list lost, checked when it is made ([`OrOther::other`]) and again by the body check before
//! sending (and by the stand-in): it is written in the characters the listed values are
//! written in (letters of their case, their punctuation, and digits: Upload File's upper-case
//! letters, digits and `_`), it is not a listed value
//! in another case (`ktp` is `KTP`: DOKU's codes are case-sensitive, so it would not be the
//! listed code), and it meets the field's documented format.
//!
//! A response field needs none of this: it keeps any value DOKU sends in
//! [`OrUnknown`](crate::OrUnknown).

use std::fmt;
use std::str::FromStr;

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};

use crate::wire_enum::WireEnum;

/// A listed value of `T`, or a value `T`'s cut-off list lost ([module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrOther<T> {
    /// A value the page lists.
    Known(T),
    /// A value the page's cut-off list does not show, in the listed values' characters.
    Other(OtherValue),
}

/// The text of an [`OrOther::Other`]: checked against the listed values when made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OtherValue(String);

impl OtherValue {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a text cannot be an [`OrOther::Other`] of an enum: every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadOtherValue {
    /// The enum's name (`DocumentCode`).
    pub enum_name: &'static str,
    /// The text given.
    pub value: String,
    /// Each problem, in words.
    pub problems: Vec<String>,
}

impl fmt::Display for BadOtherValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} cannot be a {} value the page's list lost: {}",
            self.value,
            self.enum_name,
            self.problems.join("; ")
        )
    }
}

impl std::error::Error for BadOtherValue {}

impl BadOtherValue {
    /// The same problem as a request [`Violation`](crate::Violation) on `field`.
    pub fn into_violation(self, field: &'static str) -> crate::Violation {
        crate::Violation::NotAnOtherValue {
            field: std::borrow::Cow::Borrowed(field),
            value: self.value,
            problems: self.problems,
        }
    }
}

/// The problems of `text` as a value a cut-off list of `listed` values lost: a listed value
/// in another case, characters none of the listed values uses (letters of a case they do not
/// use, punctuation they do not use; digits are always allowed), each once, a listed
/// value itself (only reachable through [`OrOther::other`]: the variant is the way to send it),
/// an empty text. Empty when it may be one.
pub fn other_value_problems(listed: &[&str], text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if text.is_empty() {
        problems.push("it is empty".to_owned());
        return problems;
    }
    if listed.contains(&text) {
        problems.push(format!("{text} is a listed value: send its variant"));
    } else if let Some(known) = listed.iter().find(|v| v.eq_ignore_ascii_case(text)) {
        problems.push(format!(
            "it is the listed {known} in another case (DOKU's values are case-sensitive): send \
             {known}"
        ));
    }
    let used = |test: fn(&char) -> bool| listed.iter().any(|v| v.chars().any(|c| test(&c)));
    // Digits are always allowed: a code's number cannot be a typo of its case (`IZIN_2`).
    let (upper, lower, digit) = (
        used(char::is_ascii_uppercase),
        used(char::is_ascii_lowercase),
        true,
    );
    let mut bad: Vec<char> = Vec::new();
    for c in text.chars() {
        let fits = (c.is_ascii_uppercase() && upper)
            || (c.is_ascii_lowercase() && lower)
            || (c.is_ascii_digit() && digit)
            || (!c.is_ascii_alphanumeric() && listed.iter().any(|v| v.contains(c)));
        if !fits && !bad.contains(&c) {
            bad.push(c);
        }
    }
    if !bad.is_empty() {
        let mut allowed = Vec::new();
        if upper {
            allowed.push("upper-case letters".to_owned());
        }
        if lower {
            allowed.push("lower-case letters".to_owned());
        }
        if digit {
            allowed.push("digits".to_owned());
        }
        let mut others: Vec<char> = listed
            .iter()
            .flat_map(|v| v.chars())
            .filter(|c| !c.is_ascii_alphanumeric())
            .collect();
        others.sort_unstable();
        others.dedup();
        allowed.extend(others.iter().map(|c| format!("{c:?}")));
        problems.push(format!(
            "{} {}: the listed values are written in {} only",
            if bad.len() == 1 {
                "character"
            } else {
                "characters"
            },
            bad.iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            allowed.join(", ")
        ));
    }
    problems
}

impl<T: WireEnum> OrOther<T> {
    /// A value the page's list lost, checked against the listed ones ([module docs](self));
    /// the field's documented format is checked with the body, before sending.
    ///
    /// # Errors
    ///
    /// [`BadOtherValue`] with every problem: a listed value (use its variant), one in another
    /// case, characters the listed values do not use, empty.
    pub fn other(text: impl Into<String>) -> Result<Self, BadOtherValue> {
        let text = text.into();
        let problems = other_value_problems(T::WIRE_VALUES, &text);
        if problems.is_empty() {
            Ok(Self::Other(OtherValue(text)))
        } else {
            Err(BadOtherValue {
                enum_name: T::ENUM_NAME,
                value: text,
                problems,
            })
        }
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(value) => value.as_str(),
            Self::Other(value) => value.as_str(),
        }
    }

    /// The listed value, or `None` for another.
    pub fn known(&self) -> Option<T> {
        match self {
            Self::Known(value) => Some(*value),
            Self::Other(_) => None,
        }
    }
}

impl<T> From<T> for OrOther<T> {
    fn from(value: T) -> Self {
        Self::Known(value)
    }
}

/// A listed value becomes its variant; any other is [`OrOther::other`], checked.
impl<T: WireEnum> FromStr for OrOther<T> {
    type Err = BadOtherValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match T::from_wire(value) {
            Some(known) => Ok(Self::Known(known)),
            None => Self::other(value),
        }
    }
}

impl<T: WireEnum + PartialEq> PartialEq<T> for OrOther<T> {
    fn eq(&self, other: &T) -> bool {
        matches!(self, Self::Known(value) if value == other)
    }
}

impl<T: WireEnum> fmt::Display for OrOther<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: WireEnum> Serialize for OrOther<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Read as [`FromStr`]: a value that cannot be one the list lost is an error.
impl<'de, T: WireEnum> Deserialize<'de> for OrOther<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LISTED: &[&str] = &["KTP", "IZIN_USAHA", "LICENSE_FCA"];

    #[test]
    fn a_value_in_the_listed_characters_may_be_one_the_list_lost() {
        assert!(other_value_problems(LISTED, "NPWP").is_empty());
        assert!(other_value_problems(LISTED, "LICENSE_MAS_2").is_empty());
        assert!(other_value_problems(LISTED, "IZIN_2024").is_empty());
    }

    #[test]
    fn every_problem_is_named() {
        let problems = other_value_problems(LISTED, "ktp-1 x");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("'k', 't', 'p', '-', ' ', 'x'") && !problems[0].contains("'1'"),
            "{problems:?}"
        );
        assert!(
            problems[0].contains("upper-case letters, digits, '_'"),
            "{problems:?}"
        );
        let problems = other_value_problems(LISTED, "izin_usaha");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("the listed IZIN_USAHA in another case"));
        assert_eq!(other_value_problems(LISTED, "KTP").len(), 1);
        assert_eq!(other_value_problems(LISTED, ""), ["it is empty"]);
    }
}
