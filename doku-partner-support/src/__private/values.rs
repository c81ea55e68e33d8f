//! The string entry points and value plumbing of generated code: `RawRequest::validate`
//! parses each parameter and header through these, recording every violation; a rule-shaped
//! query narrows a value to its variant's subset; enums deserialize through one function.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::json::Number;

use crate::validation::{RequestErrors, Violation};
use crate::wire_enum::{OrUnknown, WireEnum};

/// Whether two lists of wire values are the same, in the same order (a `const fn`, so that a
/// spec naming another spec's enum with `rust_path` is checked when the crate compiles).
pub const fn same_values(a: &[&str], b: &[&str]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        let (x, y) = (a[i].as_bytes(), b[i].as_bytes());
        if x.len() != y.len() {
            return false;
        }
        let mut j = 0;
        while j < x.len() {
            if x[j] != y[j] {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// The enum another spec of the user's crate generates, named by a `rust_path` under `crate`,
/// `self` or `super`: the generated module's `pub type Level = <Marker as SharedEnum>::Enum`,
/// whose impl resolves the path beside a stand-in for its first module, so that a path into a
/// module that does not exist fails at a check naming the spec's line, not as rustc's
/// unresolved import.
pub trait SharedEnum {
    /// The enum the path names.
    type Enum;
}

/// Deserializes a [`WireEnum`] from a string, refusing undocumented values.
pub fn deserialize_closed<'de, D: Deserializer<'de>, T: WireEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: WireEnum> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "one of {}", T::WIRE_VALUES.join(", "))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            T::parse_wire(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(V(PhantomData))
}

/// String entry point: parses a required enum parameter, recording a violation on failure.
pub fn parse_enum<T: WireEnum>(
    value: &str,
    field: &'static str,
    errors: &mut RequestErrors,
) -> Option<T> {
    if value.is_empty() {
        errors.push(Violation::Missing {
            field: field.into(),
        });
        return None;
    }
    match T::parse_wire(value) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e.into_violation(field));
            None
        }
    }
}

/// String entry point: parses a required checked-format parameter, recording a violation on
/// failure.
pub fn parse_format<T>(value: &str, field: &'static str, errors: &mut RequestErrors) -> Option<T>
where
    T: for<'a> TryFrom<&'a str, Error = crate::format::FormatError>,
{
    if value.is_empty() {
        errors.push(Violation::Missing {
            field: field.into(),
        });
        return None;
    }
    match T::try_from(value) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(Violation::Format(e.with_field(field)));
            None
        }
    }
}

/// String entry point: a value allowed only in a subset when another parameter has a given
/// value (the spec's rules). Converts into the subset type or records why not.
pub fn restrict<F, R>(
    value: Option<F>,
    field: &'static str,
    when: (&'static str, &'static str),
    errors: &mut RequestErrors,
) -> Option<R>
where
    F: WireEnum,
    R: WireEnum + TryFrom<F>,
{
    let value = value?;
    match R::try_from(value) {
        Ok(r) => Some(r),
        Err(_) => {
            errors.push(Violation::NotAllowedWith {
                field: field.into(),
                value: value.as_str().to_owned(),
                when_field: when.0.into(),
                when_value: when.1,
                allowed: R::WIRE_VALUES,
            });
            None
        }
    }
}

/// String entry point: a value the spec's rules fix to exactly one value.
pub fn require_fixed<F: WireEnum + PartialEq>(
    value: Option<F>,
    expected: F,
    field: &'static str,
    when: (&'static str, &'static str),
    errors: &mut RequestErrors,
) {
    if let Some(value) = value
        && value != expected
    {
        errors.push(Violation::NotAllowedWith {
            field: field.into(),
            value: value.as_str().to_owned(),
            when_field: when.0.into(),
            when_value: when.1,
            allowed: allowed_one(expected),
        });
    }
}

fn allowed_one<F: WireEnum>(expected: F) -> &'static [&'static str] {
    let wire = expected.as_str();
    F::WIRE_VALUES
        .iter()
        .position(|w| *w == wire)
        .map_or(&[], |i| &F::WIRE_VALUES[i..=i])
}

/// Checks the value of a header the caller supplies: present, and only visible ASCII, space
/// or tab (a newline would start another header; HTTP forbids control characters).
pub fn check_header_value(name: &'static str, value: &str, errors: &mut RequestErrors) {
    if value.trim().is_empty() {
        errors.push(Violation::Missing { field: name.into() });
    } else if !value
        .bytes()
        .all(|b| b == b'\t' || (0x20..0x7F).contains(&b))
    {
        errors.push(Violation::InvalidHeader {
            name,
            problem: "may only hold visible ASCII characters, spaces and tabs",
        });
    }
}

/// A body field whose enum is sent as a JSON integer (`json: integer` with a numeric `enum`):
/// the generated field holds the enum (or a `Vec`, an `Option` of them) and names this module
/// in `#[serde(with = ...)]`, so `2` goes on the wire, not `"2"`.
pub mod as_integers {
    use serde::{Deserializer, Serializer};

    use super::IntegerWire;

    /// Serializes the value as JSON integers.
    pub fn serialize<T: IntegerWire, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        value.serialize_integers(s)
    }

    /// Deserializes JSON integers, refusing a value outside the enum.
    pub fn deserialize<'de, T: IntegerWire, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        T::deserialize_integers(d)
    }
}

/// What [`as_integers`] reads and writes: an enum of integers, a `Vec` or an `Option` of it.
pub trait IntegerWire: Sized {
    /// Writes the value as JSON integers.
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    /// Reads the value from JSON integers.
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// The integer a wire value of an enum of integers stands for.
fn integer_of<T: WireEnum, E: serde::ser::Error>(value: T) -> Result<i64, E> {
    value
        .as_str()
        .parse()
        .map_err(|_| E::custom(format!("`{}` is not an integer", value.as_str())))
}

/// The variant an integer stands for, or an error listing the documented values.
fn variant_of<T: WireEnum, E: de::Error>(n: i64) -> Result<T, E> {
    T::parse_wire(&n.to_string()).map_err(E::custom)
}

impl<T: WireEnum> IntegerWire for T {
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(integer_of::<T, S::Error>(*self)?)
    }
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = <i64 as serde::Deserialize>::deserialize(d)?;
        variant_of(n)
    }
}

impl<T: WireEnum> IntegerWire for Vec<T> {
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let numbers = self
            .iter()
            .map(|v| integer_of::<T, S::Error>(*v))
            .collect::<Result<Vec<i64>, _>>()?;
        s.collect_seq(numbers)
    }
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let numbers = <Vec<i64> as serde::Deserialize>::deserialize(d)?;
        numbers.into_iter().map(variant_of).collect()
    }
}

impl<T: IntegerWire> IntegerWire for Option<T> {
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_integers(s),
            None => s.serialize_none(),
        }
    }
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        /// `Option`'s visitor, reading the inner value as integers.
        struct V<T>(PhantomData<T>);
        impl<'de, T: IntegerWire> Visitor<'de> for V<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or integers")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                T::deserialize_integers(d).map(Some)
            }
        }
        d.deserialize_option(V(PhantomData))
    }
}

/// A response's enum of integers: a number the enum documents is `Known`; any other number is
/// kept in `Unknown` exactly as sent (`7`, `2.0`), written back as that same number, and the
/// conformance check reports it (lenient and lossless, as for an enum of strings).
impl<T: WireEnum> IntegerWire for OrUnknown<T> {
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            OrUnknown::Known(value) => s.serialize_i64(integer_of::<T, S::Error>(*value)?),
            OrUnknown::Unknown(text) => text
                .parse::<Number>()
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
        }
    }
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let number = Number::deserialize(d)?;
        Ok(OrUnknown::from_wire(number.as_str()))
    }
}

impl<T: WireEnum> IntegerWire for Vec<OrUnknown<T>> {
    fn serialize_integers<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter().map(IntegersRef))
    }
    fn deserialize_integers<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = <Vec<Integers<OrUnknown<T>>> as Deserialize>::deserialize(d)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

/// A value read through [`IntegerWire`]: what a response field of an enum of integers is read
/// as (`#[doku(integers)]` of the `ResponseObject` derive).
pub struct Integers<T>(pub T);

impl<'de, T: IntegerWire> Deserialize<'de> for Integers<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_integers(d).map(Integers)
    }
}

/// A value written through [`IntegerWire`] (see [`Integers`]).
pub struct IntegersRef<'a, T>(pub &'a T);

impl<T: IntegerWire> Serialize for IntegersRef<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_integers(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An enum of integers, as the derive generates one for `values: ["1", "2"]`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Level {
        V1,
        V2,
    }

    impl WireEnum for Level {
        const ENUM_NAME: &'static str = "Level";
        const WIRE_VALUES: &'static [&'static str] = &["1", "2"];
        fn as_str(self) -> &'static str {
            match self {
                Self::V1 => "1",
                Self::V2 => "2",
            }
        }
        fn from_wire(value: &str) -> Option<Self> {
            match value {
                "1" => Some(Self::V1),
                "2" => Some(Self::V2),
                _ => None,
            }
        }
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Body {
        #[serde(with = "as_integers")]
        level: Level,
        #[serde(with = "as_integers")]
        levels: Vec<Level>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "as_integers")]
        maybe: Option<Vec<Level>>,
    }

    #[test]
    fn enums_of_integers_go_on_the_wire_as_integers_and_come_back() {
        let body = Body {
            level: Level::V2,
            levels: vec![Level::V1, Level::V2],
            maybe: None,
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(json, r#"{"level":2,"levels":[1,2]}"#);
        assert_eq!(serde_json::from_str::<Body>(&json).unwrap(), body);

        let with = r#"{"level":1,"levels":[],"maybe":[2]}"#;
        let read: Body = serde_json::from_str(with).unwrap();
        assert_eq!(read.maybe, Some(vec![Level::V2]));
        assert_eq!(serde_json::to_string(&read).unwrap(), with);
        let null: Body = serde_json::from_str(r#"{"level":1,"levels":[],"maybe":null}"#).unwrap();
        assert_eq!(null.maybe, None);
    }

    #[test]
    fn a_value_outside_the_enum_or_a_string_is_refused() {
        let outside = serde_json::from_str::<Body>(r#"{"level":3,"levels":[]}"#).unwrap_err();
        assert!(outside.to_string().contains("1, 2"), "{outside}");
        let in_array = serde_json::from_str::<Body>(r#"{"level":1,"levels":[1,5]}"#).unwrap_err();
        assert!(in_array.to_string().contains("1, 2"), "{in_array}");
        assert!(serde_json::from_str::<Body>(r#"{"level":"1","levels":[]}"#).is_err());
    }

    /// A response's fields of an enum of integers, as `ResponseObject` reads them.
    #[derive(Debug, PartialEq)]
    struct Reply {
        level: OrUnknown<Level>,
        levels: Vec<OrUnknown<Level>>,
    }

    fn read_reply(json: &str) -> Result<Reply, serde_json::Error> {
        let value: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json)?;
        let field = |k: &str| value.get(k).map(ToString::to_string).unwrap_or_default();
        Ok(Reply {
            level: serde_json::from_str::<Integers<_>>(&field("level"))?.0,
            levels: serde_json::from_str::<Integers<_>>(&field("levels"))?.0,
        })
    }

    #[test]
    fn a_response_keeps_an_undocumented_integer_exactly_and_writes_it_back() {
        let reply = read_reply(r#"{"level":2,"levels":[1,7,2.0]}"#).unwrap();
        assert_eq!(reply.level, OrUnknown::Known(Level::V2));
        assert_eq!(
            reply.levels,
            [
                OrUnknown::Known(Level::V1),
                OrUnknown::Unknown("7".to_owned()),
                OrUnknown::Unknown("2.0".to_owned()),
            ]
        );
        // Written back as numbers, each as sent (not `"7"`, not `2`).
        let written = serde_json::to_string(&IntegersRef(&reply.levels)).unwrap();
        assert_eq!(written, "[1,7,2.0]");
        assert_eq!(
            serde_json::to_string(&IntegersRef(&reply.level)).unwrap(),
            "2"
        );
        // A string is not a number: the JSON type is still checked.
        assert!(read_reply(r#"{"level":"2","levels":[]}"#).is_err());
        // A value built by hand that is no number cannot be written as one.
        let bad: OrUnknown<Level> = OrUnknown::Unknown("two".to_owned());
        assert!(serde_json::to_string(&IntegersRef(&bad)).is_err());
    }
}
