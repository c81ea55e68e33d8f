//! The plumbing of generated response objects, written once: what `#[derive(ResponseObject)]`
//! expands to calls these helpers, so a generated module holds only what differs per object
//! (its fields, wire names and documented formats).
//!
//! Decoding is lenient and lossless: keys the spec does not know go to the object's `extra`
//! map exactly as sent, and an explicit `null` in an optional field is remembered there too,
//! so decoding and re-encoding gives back the same JSON value. A visitor is used rather than
//! serde's `#[serde(flatten)]`: flatten buffers through serde's `Content`, which cannot hold a
//! [`RawValue`](serde_json::value::RawValue) and rounds numbers beyond `u64`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;

use crate::conformance::{self, Finding, JsonPath, Problem};
use crate::format::{FormatProblem, FormatRule};
use crate::json::{Extra, Json, Number};
use crate::redact::Sensitivity;
use crate::wire_enum::{OrUnknown, WireEnum};

/// A response object decoded from a JSON map by its generated `visit_map`.
pub trait DecodeObject: Sized {
    /// What a decoding error says was expected (`a JSON object (Business)`).
    const EXPECTING: &'static str;

    /// Reads the object's keys from `map`.
    fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a [`DecodeObject`] from a JSON object.
pub fn deserialize<'de, D: Deserializer<'de>, T: DecodeObject>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: DecodeObject> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit_map(map)
        }
    }

    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// A key of a JSON object, borrowed from the input when it has no escapes.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for the `extra` map).
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of a required field `wire`; a key sent twice is an error.
#[inline]
pub fn read<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of an optional field `wire`. An explicit `null` decodes to `None` and is
/// remembered in `extra`, so re-encoding sends it back.
#[inline]
pub fn read_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    wire: &'static str,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    let value: Option<T> = map.next_value()?;
    if value.is_none() {
        extra.insert(wire.to_owned(), Json::null());
    }
    *slot = Some(value);
    Ok(())
}

/// Keeps the value of a key the spec does not know in `extra`, exactly as sent.
#[inline]
pub fn read_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut Extra,
) -> Result<(), A::Error> {
    let value: Json = map.next_value()?;
    extra.insert(key.into_owned(), value);
    Ok(())
}

/// The value of a required field, or serde's "missing field" error.
#[inline]
pub fn required<T, E: de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(wire))
}

/// Writes the keys kept in `extra`, skipping those for which `shadowed` is true (a `null`
/// remembered for an optional field that holds a value again).
#[inline]
pub fn serialize_extra<M: SerializeMap>(
    map: &mut M,
    extra: &Extra,
    shadowed: impl Fn(&str) -> bool,
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !shadowed(key) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// What the conformance check verifies of one field: its documented format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing beyond its JSON type (free text, booleans, objects and arrays whose items
    /// check themselves).
    None,
    /// A character set and length (`AN(n)`, `ANS(n)`, `N(n)`, `string(n)`).
    Rule(FormatRule),
    /// An ISO 8601 date-time.
    Date,
    /// A date-time in another of DOKU's notations (`yyyyMMddHHmmss UTC+7`).
    DateTimeNotation(&'static str),
}

/// A field value the conformance check walks: strings, numbers, objects, enums and arrays or
/// options of them.
pub trait CheckField {
    /// Records the findings of this value, the field `key` under `path` (`""`: `path` itself).
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    );
}

impl CheckField for String {
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        match check {
            Check::None => {}
            Check::Rule(rule) => conformance::check_str(path, key, self, rule, out),
            Check::Date => conformance::check_date(path, key, self, out),
            Check::DateTimeNotation(notation) => {
                conformance::check_date_notation(path, key, self, notation, out);
            }
        }
    }
}

impl CheckField for i64 {
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        if let Check::Rule(rule) = check {
            conformance::check_integer(path, key, *self, rule, out);
        }
    }
}

impl CheckField for Number {
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        if let Check::Rule(rule) = check {
            conformance::check_str(path, key, self.as_str(), rule, out);
        }
    }
}

impl CheckField for bool {
    #[inline]
    fn check_field(&self, _: &mut JsonPath, _: &'static str, _: Check, _: &mut Vec<Finding>) {}
}

impl CheckField for Json {
    #[inline]
    fn check_field(&self, _: &mut JsonPath, _: &'static str, _: Check, _: &mut Vec<Finding>) {}
}

/// A response enum field: a value the spec does not document is a finding.
impl<T: WireEnum> CheckField for OrUnknown<T> {
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        _: Check,
        out: &mut Vec<Finding>,
    ) {
        if let OrUnknown::Unknown(value) = self {
            conformance::unknown_enum_value(path, key, T::ENUM_NAME, value, out);
        }
    }
}

/// A response date-time in another of DOKU's notations: a value that does not fit is kept
/// (`OrInvalid::Invalid`) and is a finding naming the notation its type carries.
impl<Z: crate::datetime::Zone> CheckField
    for crate::datetime::OrInvalid<crate::datetime::CompactDateTime<Z>>
{
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        _: Check,
        out: &mut Vec<Finding>,
    ) {
        if let Self::Invalid(raw) = self {
            conformance::check_date_notation(path, key, raw, Z::NOTATION, out);
        }
    }
}

impl<T: CheckField> CheckField for Option<T> {
    #[inline]
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        if let Some(value) = self {
            value.check_field(path, key, check, out);
        }
    }
}

impl<T: CheckField> CheckField for Vec<T> {
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        at(path, key, |path| {
            for (i, item) in self.iter().enumerate() {
                path.index(i, |path| item.check_field(path, "", check, out));
            }
        });
    }
}

/// A secret field: checked like text, its findings never carry its value.
impl CheckField for crate::Secret {
    fn check_field(
        &self,
        path: &mut JsonPath,
        key: &'static str,
        check: Check,
        out: &mut Vec<Finding>,
    ) {
        let start = out.len();
        match check {
            Check::None => {}
            Check::Rule(rule) => conformance::check_str(path, key, self.expose_secret(), rule, out),
            Check::Date => conformance::check_date(path, key, self.expose_secret(), out),
            Check::DateTimeNotation(notation) => {
                conformance::check_date_notation(path, key, self.expose_secret(), notation, out);
            }
        }
        scrub(&mut out[start..], Sensitivity::Secret);
    }
}

/// The check of a field marked `personal` (`#[doku(personal)]`): its findings carry the value
/// masked.
#[inline]
pub fn check_personal<T: CheckField + ?Sized>(
    value: &T,
    path: &mut JsonPath,
    key: &'static str,
    check: Check,
    out: &mut Vec<Finding>,
) {
    let start = out.len();
    value.check_field(path, key, check, out);
    scrub(&mut out[start..], Sensitivity::Personal);
}

/// Hides the value a finding quotes: `[redacted]` for a secret, masked for personal data; a
/// secret's offending character becomes `*` (its position stays).
fn scrub(findings: &mut [Finding], kind: Sensitivity) {
    let hide = |value: &mut String| {
        *value = match kind {
            Sensitivity::Secret => crate::redact::REDACTED.to_owned(),
            Sensitivity::Personal => crate::redact::mask(value),
        };
    };
    for finding in findings {
        match &mut finding.problem {
            Problem::UnknownEnumValue(value) | Problem::NotADate(value) => hide(value),
            Problem::Format(FormatProblem::InvalidChar { ch, .. })
                if kind == Sensitivity::Secret =>
            {
                *ch = '*';
            }
            Problem::UnknownVariant(Some(value)) => hide(value),
            Problem::Format(_)
            | Problem::UndocumentedKey(_)
            | Problem::UnknownVariant(None)
            | Problem::MissingKey(_) => {}
        }
    }
}

/// One finding per key of `extra` (`#[doku(extra, report)]`): a key the spec does not
/// document, found at the object's path. The key is DOKU's field name, never a value.
pub fn report_extra(path: &JsonPath, extra: &crate::json::Extra, out: &mut Vec<Finding>) {
    for key in extra.keys() {
        out.push(Finding {
            path: crate::conformance::FindingPath::new(path.segments()),
            rule: crate::conformance::FindingRule::FieldTable,
            problem: Problem::UndocumentedKey(key.clone()),
            len: key.chars().count(),
        });
    }
}

/// Runs `f` at the field `key` under `path` (`""`: at `path` itself); what a generated
/// object's `check_field` does before walking its own fields.
#[inline]
pub fn at(path: &mut JsonPath, key: &'static str, f: impl FnOnce(&mut JsonPath)) {
    if key.is_empty() {
        f(path);
    } else {
        path.field(key, f);
    }
}
