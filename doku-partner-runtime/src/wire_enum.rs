//! Support for the value enums generated from a spec's `enums:`.
//!
//! Generated enums implement [`WireEnum`] (request side: a closed set) or [`LenientEnum`]
//! (response side: unknown values are kept), and delegate their `FromStr`, `Display` and serde
//! impls to the helpers here, so that logic exists once instead of once per enum.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::validation::{RequestErrors, UnknownEnumValue, Violation};

/// A closed set of documented values (request side).
pub trait WireEnum: Copy + Sized + 'static {
    /// The Rust type's name, for messages (`BusinessType`).
    const ENUM_NAME: &'static str;
    /// The wire strings, in documented order.
    const WIRE_VALUES: &'static [&'static str];
    /// The value as sent.
    fn as_str(self) -> &'static str;
    /// The variant for a wire string.
    fn from_wire(value: &str) -> Option<Self>;

    /// The variant for a wire string, or an error listing the documented values.
    fn parse_wire(value: &str) -> Result<Self, UnknownEnumValue> {
        Self::from_wire(value).ok_or_else(|| UnknownEnumValue {
            enum_name: Self::ENUM_NAME,
            value: value.to_owned(),
            expected: Self::WIRE_VALUES,
        })
    }
}

/// An open set of documented values (response side): values DOKU adds later are kept.
pub trait LenientEnum: Sized {
    /// The Rust type's name, for conformance findings (`BusinessType`).
    const ENUM_NAME: &'static str;
    /// The variant for a wire string; unknown strings become the `Unknown` variant.
    fn from_wire(value: &str) -> Self;
    /// The value as sent.
    fn wire(&self) -> &str;
    /// `false` for a value the spec does not document (the `Unknown` variant).
    fn is_documented(&self) -> bool;
}

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

/// Deserializes a [`LenientEnum`] from a string; never fails on an unknown value.
pub fn deserialize_lenient<'de, D: Deserializer<'de>, T: LenientEnum>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: LenientEnum> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire(v))
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
    allowed: &'static [&'static str],
    errors: &mut RequestErrors,
) -> Option<R>
where
    F: WireEnum,
    R: TryFrom<F>,
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
                allowed,
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
