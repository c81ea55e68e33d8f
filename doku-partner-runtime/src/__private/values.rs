//! The string entry points and value plumbing of generated code: `RawRequest::validate`
//! parses each parameter and header through these, recording every violation; a rule-shaped
//! query narrows a value to its variant's subset; enums deserialize through one function.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::validation::{RequestErrors, Violation};
use crate::wire_enum::WireEnum;

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
