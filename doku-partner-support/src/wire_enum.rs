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

use crate::validation::UnknownEnumValue;

/// A closed set of documented values (request side).
// Every implementor is a spec's enum (the generated impls are not recommended): a type that
// is none, e.g. what a wrong `rust_path` names, is refused with that, not with a list of the
// crate's enums.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an enum generated from a spec",
    label = "not an enum generated from a spec",
    note = "a spec's enums implement `WireEnum`; a `rust_path` names the enum of another spec's derive"
)]
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

/// A value of a documented set as DOKU sent it: one of `T`'s values, or a value the spec does
/// not document, kept exactly as sent (DOKU may add values after the spec was written).
///
/// ```
/// # use doku_partner_support::{OrUnknown, WireEnum};
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
