//! Support for the value enums generated from a spec's `enums:`.
//!
//! Every generated value enum is a closed set implementing [`WireEnum`]: a request cannot hold
//! a value outside it. A response field holds [`OrUnknown<T>`] instead, one of the documented
//! values or one DOKU added later, kept as sent, so a new value never breaks decoding (the
//! conformance check lists it). One enum type per value set, whichever side it is read on.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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

/// A value of a documented set as DOKU sent it: one of `T`'s values, or a value the spec does
/// not document, kept exactly as sent (DOKU may add values after the spec was written).
///
/// ```
/// # use doku_partner_runtime::{OrUnknown, WireEnum};
/// # #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
/// # enum BusinessType { Personal }
/// # impl WireEnum for BusinessType {
/// #     const ENUM_NAME: &'static str = "BusinessType";
/// #     const WIRE_VALUES: &'static [&'static str] = &["PERSONAL"];
/// #     fn as_str(self) -> &'static str { "PERSONAL" }
/// #     fn from_wire(v: &str) -> Option<Self> { (v == "PERSONAL").then_some(Self::Personal) }
/// # }
/// let sent: OrUnknown<BusinessType> = "PERSONAL".parse().unwrap();
/// assert_eq!(sent, BusinessType::Personal);
/// assert_eq!(sent.known(), Some(BusinessType::Personal));
///
/// let later: OrUnknown<BusinessType> = OrUnknown::from("FRANCHISE");
/// assert!(!later.is_known());
/// assert_eq!(later.as_str(), "FRANCHISE");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrUnknown<T> {
    /// A documented value.
    Known(T),
    /// A value the spec does not document, exactly as sent.
    Unknown(String),
}

impl<T: WireEnum> OrUnknown<T> {
    /// The value for a wire string; an undocumented one is kept as [`OrUnknown::Unknown`].
    pub fn from_wire(value: &str) -> Self {
        T::from_wire(value).map_or_else(|| Self::Unknown(value.to_owned()), Self::Known)
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(value) => value.as_str(),
            Self::Unknown(value) => value,
        }
    }

    /// The documented value, or `None` for one the spec does not document.
    pub fn known(&self) -> Option<T> {
        match self {
            Self::Known(value) => Some(*value),
            Self::Unknown(_) => None,
        }
    }

    /// `false` for a value the spec does not document.
    pub fn is_known(&self) -> bool {
        matches!(self, Self::Known(_))
    }
}

impl<T> From<T> for OrUnknown<T> {
    fn from(value: T) -> Self {
        Self::Known(value)
    }
}

impl<T: WireEnum> From<&str> for OrUnknown<T> {
    fn from(value: &str) -> Self {
        Self::from_wire(value)
    }
}

/// Never fails: an undocumented value becomes [`OrUnknown::Unknown`].
impl<T: WireEnum> FromStr for OrUnknown<T> {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_wire(value))
    }
}

impl<T: WireEnum + PartialEq> PartialEq<T> for OrUnknown<T> {
    fn eq(&self, other: &T) -> bool {
        matches!(self, Self::Known(value) if value == other)
    }
}

impl<T: WireEnum> fmt::Display for OrUnknown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<T: WireEnum> Serialize for OrUnknown<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, T: WireEnum> Deserialize<'de> for OrUnknown<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: WireEnum> Visitor<'_> for V<T> {
            type Value = OrUnknown<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OrUnknown<T>, E> {
                Ok(OrUnknown::from_wire(v))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<OrUnknown<T>, E> {
                Ok(T::from_wire(&v).map_or(OrUnknown::Unknown(v), OrUnknown::Known))
            }
        }
        deserializer.deserialize_str(V(PhantomData))
    }
}
