//! JSON kept exactly as DOKU sent it: the keys a spec does not know ([`Extra`], [`Json`]) and
//! numbers of any size ([`Number`]).
//!
//! `serde_json` without its `arbitrary_precision` feature reads a number beyond `u64`/`i64`
//! as an `f64`: a 40-digit ID would come back as `2.2252407120945332e+39`. That feature changes
//! `serde_json::Number` for every crate of a build, so it is not a library's to turn on; these
//! types hold the value's exact text instead (`serde_json::value::RawValue`), so decoding and
//! re-encoding gives back the same bytes.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// The keys of an object that its spec does not document, with their values as sent.
pub type Extra = BTreeMap<String, Json>;

/// A JSON value exactly as sent: its text, in a compact form of any size.
#[derive(Clone)]
pub struct Json(Box<RawValue>);

impl Json {
    /// `null`.
    pub fn null() -> Self {
        Json::from_text("null").unwrap_or_else(|| Json(RawValue::NULL.to_owned()))
    }

    /// A value from JSON text; `None` when it is not JSON.
    pub fn from_text(text: &str) -> Option<Self> {
        RawValue::from_string(text.trim().to_owned()).ok().map(Json)
    }

    /// The value's JSON text, exactly as sent.
    pub fn as_text(&self) -> &str {
        self.0.get()
    }

    /// The value as a `serde_json::Value`, for inspection (a number beyond `f64` precision is
    /// rounded there; [`as_text`](Self::as_text) keeps it exact).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(self.0.get()).unwrap_or(serde_json::Value::Null)
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        self.0.get() == "null"
    }

    /// The text of a JSON string value; `None` for any other value.
    pub fn as_str(&self) -> Option<String> {
        serde_json::from_str::<String>(self.0.get()).ok()
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

/// Two values are equal when their JSON text is.
impl PartialEq for Json {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for Json {}

/// A JSON string value equals the text it holds.
impl PartialEq<&str> for Json {
    fn eq(&self, other: &&str) -> bool {
        self.as_str().as_deref() == Some(*other)
    }
}

/// Compares the value (a number beyond `f64` precision compares rounded).
impl PartialEq<serde_json::Value> for Json {
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.value() == *other
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Json)
    }
}

/// A JSON number exactly as sent, of any size and precision.
#[derive(Clone)]
pub struct Number(Box<RawValue>);

impl Number {
    /// The number's text, exactly as sent (`12345678901234567890123456789012345678901`).
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// The number as an `f64` (rounded beyond its precision).
    pub fn as_f64(&self) -> Option<f64> {
        self.0.get().parse().ok()
    }

    /// The number as an `i64`, when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.get().parse().ok()
    }
}

/// Whether `text` is a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

/// The text is not a JSON number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotANumber(pub String);

impl fmt::Display for NotANumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a JSON number", self.0)
    }
}

impl std::error::Error for NotANumber {}

impl FromStr for Number {
    type Err = NotANumber;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if !is_json_number(text) {
            return Err(NotANumber(text.to_owned()));
        }
        RawValue::from_string(text.to_owned())
            .map(Number)
            .map_err(|_| NotANumber(text.to_owned()))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        // An integer's decimal text is always a JSON number.
        n.to_string()
            .parse()
            .unwrap_or_else(|_| Number(RawValue::NULL.to_owned()))
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

/// Two numbers are equal when their text is (`1.0` and `1` differ, as sent).
impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for Number {}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        if is_json_number(raw.get()) {
            Ok(Number(raw))
        } else {
            Err(serde::de::Error::invalid_type(
                serde::de::Unexpected::Other(raw.get()),
                &"a JSON number",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forty_digit_number_survives_exactly() {
        let text = r#"{"id":12345678901234567890123456789012345678901,"n":-1.50e+3,"s":"x"}"#;
        let extra: Extra = serde_json::from_str(text).unwrap();
        assert_eq!(
            extra["id"].as_text(),
            "12345678901234567890123456789012345678901"
        );
        assert_eq!(serde_json::to_string(&extra).unwrap(), text);
        let n: Number = serde_json::from_str("12345678901234567890123456789012345678901").unwrap();
        assert_eq!(n.as_str(), "12345678901234567890123456789012345678901");
        assert!(serde_json::from_str::<Number>("\"1\"").is_err());
        assert_eq!(extra["s"], "x");
    }

    #[test]
    fn number_text_is_checked() {
        for ok in ["0", "-0", "12", "1.5", "1e9", "-2.5E-3"] {
            assert!(ok.parse::<Number>().is_ok(), "{ok}");
        }
        for bad in ["", "01", "1.", ".5", "1e", "+1", "0x10", "NaN", "1 "] {
            assert!(bad.parse::<Number>().is_err(), "{bad}");
        }
        assert_eq!(Number::from(-42).as_str(), "-42");
        assert!(Json::null().is_null());
    }
}
