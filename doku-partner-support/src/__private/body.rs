//! JSON request bodies: the schema generated code describes a body with, and the one check
//! that reports **every** way a JSON document breaks it, each with its JSON path.
//!
//! The same schema serves three callers, so they cannot disagree:
//!
//! - the string/JSON entry point of a generated request (`Body::from_json`, `RawRequest`), on
//!   values from a form, a database or a file;
//! - the typed entry point, on the body as it will be serialised (`Request::validate`), which
//!   catches what the types cannot (an empty `String`, a rule across fields);
//! - the local stand-in ([`stand_in`](crate::stand_in)), on the bytes it received.
//!
//! A schema is static data in generated code (`static SCHEMA: Object = ...`).

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::rule_paths;
pub use crate::format::FormatRule;
use crate::format::{FormatError, problem_len};
pub use crate::validation::Limit;
use crate::validation::{RequestErrors, Violation};

/// A JSON object: its documented keys, and the rules between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object {
    /// The documented keys, in documented order.
    pub fields: &'static [Field],
    /// Rules between the object's own keys.
    pub rules: &'static [Rule],
}

/// One documented key of an [`Object`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key on the wire.
    pub name: &'static str,
    /// Whether the key may be left out (or be `null`).
    pub optional: bool,
    /// What the key holds.
    pub kind: Kind,
}

/// What a key holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string, number or boolean.
    Scalar(Scalar),
    /// A nested object.
    Object(&'static Object),
    /// An array.
    Array(Items),
    /// A file part of a multipart body, seen as `{"file_name", "content_type", "size"}`.
    File(FileRule),
}

/// What a file part may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRule {
    /// The file name extensions allowed (`JPG`, `PNG`), compared without case; empty: any.
    pub extensions: &'static [&'static str],
    /// The largest file, in bytes; `None`: no documented limit.
    pub max_bytes: Option<u64>,
}

/// The items of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Items {
    /// Scalars of one kind.
    Scalar(Scalar),
    /// Objects of one shape.
    Object(&'static Object),
    /// Items the spec does not describe; any JSON value.
    Any,
}

/// A scalar: its JSON type, its documented format and, for an enum, its documented values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scalar {
    /// The JSON type sent.
    pub json: JsonType,
    /// The documented format, checked on the text of a string or the digits of an integer.
    pub rule: Option<FormatRule>,
    /// The documented values of an enum; any other value is refused.
    pub values: Option<&'static [&'static str]>,
    /// A documented date shape of a string (`date`, `timestamp`), checked on its text.
    pub date: Option<DateShape>,
    /// `values` is a cut-off list (`enum_cut_off`): another value is sent if it could be one
    /// the list lost ([`crate::or_other`]) and meets `rule`.
    pub values_cut_off: bool,
}

/// The date shapes DOKU documents for text values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateShape {
    /// `date`: an ISO 8601 date-time with `Z` or an offset (`2023-03-16T10:00:41Z`).
    DateTime,
    /// `timestamp`: exactly `YYYY-MM-DDTHH:MM:SSZ` (DOKU's header timestamp).
    Timestamp,
    /// `yyyyMMddHHmmss` (with the zone the spec names, `yyyyMMddHHmmss UTC+7`): 14 digits of
    /// a real date and time, see [`crate::datetime`].
    Compact(&'static str),
}

impl DateShape {
    /// Whether `text` has this shape.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            DateShape::DateTime => crate::conformance::is_date_time(text),
            DateShape::Timestamp => crate::clock::parse_timestamp(text).is_some(),
            DateShape::Compact(_) => crate::datetime::parse_compact(text).is_some(),
        }
    }

    /// The documented format's name (`date`, `timestamp`).
    pub fn name(self) -> &'static str {
        match self {
            DateShape::DateTime => "date",
            DateShape::Timestamp => "timestamp",
            DateShape::Compact(notation) => notation,
        }
    }
}

impl Field {
    /// A key that must be present.
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        Field {
            name,
            optional: false,
            kind,
        }
    }

    /// A key that may be left out (or be `null`).
    pub const fn optional(name: &'static str, kind: Kind) -> Self {
        Field {
            name,
            optional: true,
            kind,
        }
    }
}

impl Scalar {
    /// A JSON string meeting `rule`.
    pub const fn string(rule: FormatRule) -> Self {
        Scalar {
            json: JsonType::String,
            rule: Some(rule),
            values: None,
            date: None,
            values_cut_off: false,
        }
    }

    /// A JSON string with a documented date shape (`date`, `timestamp`).
    pub const fn date(shape: DateShape) -> Self {
        Scalar {
            json: JsonType::String,
            rule: Some(FormatRule::text(0)),
            values: None,
            date: Some(shape),
            values_cut_off: false,
        }
    }

    /// A JSON string that is one of `values` (an enum).
    pub const fn one_of(values: &'static [&'static str]) -> Self {
        Scalar {
            json: JsonType::String,
            rule: None,
            values: Some(values),
            date: None,
            values_cut_off: false,
        }
    }

    /// A JSON string that is one of `values`, a cut-off list (`enum_cut_off`), or another
    /// value it could have lost that meets `rule` (the field's documented format).
    pub const fn one_of_or_other(values: &'static [&'static str], rule: FormatRule) -> Self {
        Scalar {
            json: JsonType::String,
            rule: Some(rule),
            values: Some(values),
            date: None,
            values_cut_off: true,
        }
    }

    /// A JSON number without fraction whose decimal text is one of `values` (an enum of
    /// numbers, `enum:` on an `int(n)` sent as a number).
    pub const fn integer_one_of(values: &'static [&'static str]) -> Self {
        Scalar {
            json: JsonType::Integer,
            rule: None,
            values: Some(values),
            date: None,
            values_cut_off: false,
        }
    }

    /// A JSON number without fraction whose digits meet `rule`, if any.
    pub const fn integer(rule: Option<FormatRule>) -> Self {
        Scalar {
            json: JsonType::Integer,
            rule,
            values: None,
            date: None,
            values_cut_off: false,
        }
    }

    /// Any JSON number whose text meets `rule`, if any.
    pub const fn number(rule: Option<FormatRule>) -> Self {
        Scalar {
            json: JsonType::Number,
            rule,
            values: None,
            date: None,
            values_cut_off: false,
        }
    }

    /// `true` or `false`.
    pub const fn boolean() -> Self {
        Scalar {
            json: JsonType::Boolean,
            rule: None,
            values: None,
            date: None,
            values_cut_off: false,
        }
    }
}

/// JSON types a scalar is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// A string.
    String,
    /// A number without fraction.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
}

impl JsonType {
    const fn name(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
        }
    }
}

/// A rule between keys of one object (the spec's `body.rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// When `when` is `is`, `field` may only take one of `allowed`.
    AllowedWhen {
        /// The deciding key.
        when: &'static str,
        /// Its value.
        is: &'static str,
        /// The constrained key.
        field: &'static str,
        /// The values allowed then.
        allowed: &'static [&'static str],
    },
    /// When `when` is `is`, `field` must be present.
    RequiredWhen {
        /// The deciding key.
        when: &'static str,
        /// Its value.
        is: &'static str,
        /// The key required then.
        field: &'static str,
    },
    /// Exactly one of `fields` is present.
    ExactlyOne {
        /// The keys.
        fields: &'static [&'static str],
    },
    /// Every present value of `fields` is the same (`same:`), when `when` (a key and its
    /// value) holds, if given. A path through an array names each element's value.
    Same {
        /// The deciding key and its value; `None`: always.
        when: Option<(&'static str, &'static str)>,
        /// The paths whose values must be equal.
        fields: &'static [&'static str],
    },
    /// The sum, over the elements of the array `items`, of the product of `factors` (keys of
    /// each element) equals the integer at `total` (`total:` with `sum_of:`).
    Total {
        /// The path of the total.
        total: &'static str,
        /// The path of the array.
        items: &'static str,
        /// The keys multiplied in each element.
        factors: &'static [&'static str],
    },
    /// When `when` is `is` (or, for an array, includes it), each present value at `field` is
    /// within `limit` (`max_length:` / `max_value:` with `when:`). A `field` path through an
    /// array limits each element's value.
    LimitWhen {
        /// The deciding key: a scalar, or an array of scalars.
        when: &'static str,
        /// Its value (an array's: one of its items).
        is: &'static str,
        /// The limited key.
        field: &'static str,
        /// The limit that holds then.
        limit: Limit,
    },
}

/// Checks `value` against `schema`: every violation, or `Ok`.
pub fn check(schema: &Object, value: &Value) -> Result<(), RequestErrors> {
    let mut errors = RequestErrors::new();
    let mut path = String::new();
    check_object(schema, value, &mut path, &mut errors);
    errors.finish(|| ())
}

/// Checks a typed body as it will be serialised (what the types cannot express: empty text, a
/// rule across fields).
pub fn check_serialized<T: Serialize>(schema: &Object, body: &T) -> Result<(), RequestErrors> {
    match serde_json::to_value(body) {
        Ok(value) => check(schema, &value),
        Err(e) => Err(not_json(&e)),
    }
}

/// Checks body bytes as received (the stand-in's check).
pub fn check_bytes(schema: &Object, bytes: &[u8]) -> Result<(), RequestErrors> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let mut errors = RequestErrors::new();
        errors.push(Violation::Missing {
            field: "(body)".into(),
        });
        return Err(errors);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => check(schema, &value),
        Err(e) => Err(not_json(&e)),
    }
}

/// Parses a JSON document into the typed body `T`, or returns every violation of `schema`.
pub fn parse<T: DeserializeOwned>(schema: &Object, json: &str) -> Result<T, RequestErrors> {
    let value: Value = serde_json::from_str(json).map_err(|e| not_json(&e))?;
    from_value(schema, value)
}

/// Converts a JSON value into the typed body `T`, or returns every violation of `schema`.
pub fn from_value<T: DeserializeOwned>(schema: &Object, value: Value) -> Result<T, RequestErrors> {
    check(schema, &value)?;
    // Everything the types check was checked above, so this only fails if the schema and
    // the types disagree; the error is reported rather than unwrapped all the same.
    serde_json::from_value(value).map_err(|e| not_json(&e))
}

fn not_json(e: &serde_json::Error) -> RequestErrors {
    let mut errors = RequestErrors::new();
    errors.push(Violation::NotJson {
        message: e.to_string(),
    });
    errors
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number with a fraction",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn present<'v>(map: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn check_object(schema: &Object, value: &Value, path: &mut String, errors: &mut RequestErrors) {
    let Value::Object(map) = value else {
        errors.push(Violation::WrongType {
            field: Cow::Owned(if path.is_empty() {
                "(body)".to_owned()
            } else {
                path.clone()
            }),
            expected: "object",
            found: type_name(value),
        });
        return;
    };
    for key in map.keys() {
        if !schema.fields.iter().any(|f| f.name == key) {
            errors.push(Violation::UnknownField {
                field: join(path, key).into(),
                expected: schema.fields.iter().map(|f| f.name).collect(),
            });
        }
    }
    for field in schema.fields {
        match present(map, field.name) {
            None if field.optional => {}
            None => errors.push(Violation::Missing {
                field: join(path, field.name).into(),
            }),
            Some(value) => {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(field.name);
                check_kind(&field.kind, value, path, errors);
                path.truncate(len);
            }
        }
    }
    for rule in schema.rules {
        check_rule(rule, map, path, errors);
    }
}

fn check_kind(kind: &Kind, value: &Value, path: &mut String, errors: &mut RequestErrors) {
    match kind {
        Kind::File(rule) => check_file(rule, value, path, errors),
        Kind::Scalar(scalar) => check_scalar(scalar, value, path, errors),
        Kind::Object(object) => check_object(object, value, path, errors),
        Kind::Array(items) => {
            let Value::Array(array) = value else {
                errors.push(Violation::WrongType {
                    field: path.clone().into(),
                    expected: "array",
                    found: type_name(value),
                });
                return;
            };
            for (index, item) in array.iter().enumerate() {
                let len = path.len();
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
                match items {
                    Items::Scalar(scalar) => check_scalar(scalar, item, path, errors),
                    Items::Object(object) => check_object(object, item, path, errors),
                    Items::Any => {}
                }
                path.truncate(len);
            }
        }
    }
}

fn check_scalar(scalar: &Scalar, value: &Value, path: &str, errors: &mut RequestErrors) {
    let wrong_type = |errors: &mut RequestErrors| {
        errors.push(Violation::WrongType {
            field: path.to_owned().into(),
            expected: scalar.json.name(),
            found: type_name(value),
        });
    };
    let text: Cow<'_, str> = match (scalar.json, value) {
        (JsonType::String, Value::String(s)) => Cow::Borrowed(s),
        (JsonType::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => {
            Cow::Owned(n.to_string())
        }
        (JsonType::Number, Value::Number(n)) => Cow::Owned(n.to_string()),
        (JsonType::Boolean, Value::Bool(_)) => return,
        _ => return wrong_type(errors),
    };
    if let Some(values) = scalar.values {
        if values.contains(&text.as_ref()) {
            return;
        }
        if !scalar.values_cut_off {
            errors.push(Violation::UnknownValue {
                field: path.to_owned().into(),
                value: text.into_owned(),
                expected: values,
            });
            return;
        }
        // A value the cut-off list lost: its characters and case, then the field's format.
        let problems = crate::or_other::other_value_problems(values, &text);
        if !problems.is_empty() {
            errors.push(Violation::NotAnOtherValue {
                field: path.to_owned().into(),
                value: text.to_string(),
                problems,
            });
        }
    }
    if let Some(rule) = scalar.rule
        && let Err(problem) = rule.check(&text)
    {
        errors.push(Violation::Format(FormatError {
            field: Some(path.to_owned().into()),
            rule,
            len: problem_len(&problem, &text),
            problem,
        }));
        return;
    }
    if let Some(shape) = scalar.date
        && !shape.accepts(&text)
    {
        errors.push(Violation::NotADate {
            field: path.to_owned().into(),
            value: text.into_owned(),
            format: shape.name(),
        });
    }
}

fn check_file(rule: &FileRule, value: &Value, path: &str, errors: &mut RequestErrors) {
    let (Some(name), Some(size)) = (
        value.get("file_name").and_then(Value::as_str),
        value.get("size").and_then(Value::as_u64),
    ) else {
        errors.push(Violation::WrongType {
            field: path.to_owned().into(),
            expected: "file",
            found: type_name(value),
        });
        return;
    };
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    if !rule.extensions.is_empty()
        && !rule
            .extensions
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
    {
        errors.push(Violation::File {
            field: path.to_owned().into(),
            problem: format!(
                "is named {name:?}; allowed: .{}",
                rule.extensions.join(", .")
            ),
        });
    }
    if let Some(max) = rule.max_bytes
        && size > max
    {
        errors.push(Violation::File {
            field: path.to_owned().into(),
            problem: format!("is {size} bytes, more than the {max} allowed"),
        });
    }
    if size == 0 {
        errors.push(Violation::File {
            field: path.to_owned().into(),
            problem: "is empty".to_owned(),
        });
    }
}

/// Rule keys are paths relative to the rule's object (a sibling key, or `payment.type`
/// through nested objects: a rule may tie fields of two objects).
fn check_rule(rule: &Rule, map: &Map<String, Value>, path: &str, errors: &mut RequestErrors) {
    let is = |key: &str, value: &str| {
        rule_paths::value_at(map, key).and_then(Value::as_str) == Some(value)
    };
    match *rule {
        Rule::AllowedWhen {
            when,
            is: when_value,
            field,
            allowed,
        } => {
            if is(when, when_value)
                && let Some(value) = rule_paths::value_at(map, field).and_then(Value::as_str)
                && !allowed.contains(&value)
            {
                errors.push(Violation::NotAllowedWith {
                    field: join(path, field).into(),
                    value: value.to_owned(),
                    when_field: join(path, when).into(),
                    when_value,
                    allowed,
                });
            }
        }
        Rule::RequiredWhen {
            when,
            is: when_value,
            field,
        } => {
            if is(when, when_value) && rule_paths::value_at(map, field).is_none() {
                errors.push(Violation::RequiredWhen {
                    field: join(path, field).into(),
                    when_field: join(path, when).into(),
                    when_value,
                });
            }
        }
        Rule::ExactlyOne { fields } => {
            let count = fields
                .iter()
                .filter(|f| rule_paths::value_at(map, f).is_some())
                .count();
            if count != 1 {
                errors.push(Violation::ExactlyOne {
                    fields: fields.iter().map(|f| join(path, f)).collect(),
                    present: count,
                });
            }
        }
        Rule::Same { when, fields } => rule_paths::check_same(map, path, when, fields, errors),
        Rule::Total {
            total,
            items,
            factors,
        } => rule_paths::check_total(map, path, total, items, factors, errors),
        Rule::LimitWhen {
            when,
            is,
            field,
            limit,
        } => rule_paths::check_limit(map, path, (when, is), field, limit, errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static CONTACT: Object = Object {
        fields: &[
            Field {
                name: "name",
                optional: false,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::String,
                    rule: Some(FormatRule::text(5)),
                    values: None,
                    date: None,
                    values_cut_off: false,
                }),
            },
            Field {
                name: "phone",
                optional: true,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::Integer,
                    rule: Some(FormatRule::numeric(3)),
                    values: None,
                    date: None,
                    values_cut_off: false,
                }),
            },
        ],
        rules: &[],
    };

    static UPLOAD: Object = Object {
        fields: &[
            Field {
                name: "category",
                optional: false,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::String,
                    rule: None,
                    values: Some(&["DOCUMENT", "LOGO"]),
                    date: None,
                    values_cut_off: false,
                }),
            },
            Field {
                name: "code",
                optional: true,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::String,
                    rule: Some(FormatRule::text(0)),
                    values: None,
                    date: None,
                    values_cut_off: false,
                }),
            },
            Field {
                name: "file",
                optional: true,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::String,
                    rule: Some(FormatRule::text(0)),
                    values: None,
                    date: None,
                    values_cut_off: false,
                }),
            },
            Field {
                name: "file_url",
                optional: true,
                kind: Kind::Scalar(Scalar {
                    json: JsonType::String,
                    rule: Some(FormatRule::text(0)),
                    values: None,
                    date: None,
                    values_cut_off: false,
                }),
            },
            Field {
                name: "contacts",
                optional: true,
                kind: Kind::Array(Items::Object(&CONTACT)),
            },
        ],
        rules: &[
            Rule::RequiredWhen {
                when: "category",
                is: "DOCUMENT",
                field: "code",
            },
            Rule::ExactlyOne {
                fields: &["file", "file_url"],
            },
        ],
    };

    fn messages(value: Value) -> Vec<String> {
        match check(&UPLOAD, &value) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    }

    static DATED: Object = Object {
        fields: &[
            Field::optional("due", Kind::Scalar(Scalar::date(DateShape::DateTime))),
            Field::optional("at", Kind::Scalar(Scalar::date(DateShape::Timestamp))),
            Field::optional(
                "levels",
                Kind::Array(Items::Scalar(Scalar::integer_one_of(&["1", "2"]))),
            ),
        ],
        rules: &[],
    };

    fn dated(value: Value) -> Vec<String> {
        match check(&DATED, &value) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    }

    /// `date` and `timestamp` body values are checked, not only typed as strings; an enum of
    /// numbers refuses other numbers (issue 25: both keys had no effect in a body).
    #[test]
    fn dates_and_numeric_enums_are_checked() {
        assert!(
            dated(json!({"due": "2023-03-16T10:00:41Z", "at": "2020-08-11T08:45:42Z", "levels": [1, 2, 1]}))
                .is_empty()
        );
        assert!(dated(json!({"due": "2023-03-16T10:00:41.5+07:00"})).is_empty());
        assert_eq!(
            dated(
                json!({"due": "27/01/2021 10:24", "at": "2020-08-11T08:45:42.000Z", "levels": [1, 3]})
            ),
            [
                "`due` = \"27/01/2021 10:24\" is not a date (ISO 8601 UTC, e.g. 2023-03-16T10:00:41Z)",
                "`at` = \"2020-08-11T08:45:42.000Z\" is not a timestamp (ISO 8601 UTC, e.g. 2023-03-16T10:00:41Z)",
                "`levels[1]` = \"3\" is not a documented value; expected one of: 1, 2",
            ]
        );
        assert_eq!(
            dated(json!({"due": "", "levels": ["1"]})),
            [
                "`due` is empty (format string: any characters)",
                "`levels[0]` must be a JSON integer, found string",
            ]
        );
    }

    #[test]
    fn a_valid_body_passes() {
        assert!(messages(json!({"category": "LOGO", "file_url": "https://x"})).is_empty());
        assert!(
            messages(json!({"category": "DOCUMENT", "code": "KTP", "file": "abc", "contacts": [{"name": "Ana", "phone": 12}]}))
                .is_empty()
        );
    }

    #[test]
    fn every_violation_with_its_json_path() {
        let found = messages(json!({
            "category": "DOCUMENT",
            "file": "a",
            "file_url": "b",
            "extra": 1,
            "contacts": [{"name": "Ana"}, {"name": "", "phone": 1234}, {"phone": "12"}, 7]
        }));
        assert_eq!(
            found,
            [
                "`extra` is not a documented field; documented here: category, code, file, file_url, contacts",
                "`contacts[1].name` is empty (format string(5): any characters, 1 to 5 characters)",
                "`contacts[1].phone` is 4 characters long, more than the 3 allowed (format N(3): ASCII digits, 1 to 3 characters)",
                "`contacts[2].name` is required",
                "`contacts[2].phone` must be a JSON integer, found string",
                "`contacts[3]` must be a JSON object, found number",
                "`code` is required when `category` is DOCUMENT",
                "exactly one of `file`, `file_url` must be given; 2 given",
            ]
        );
    }

    #[test]
    fn wrong_shapes_are_reported_not_walked() {
        assert_eq!(
            messages(json!([1, 2])),
            ["`(body)` must be a JSON object, found array"]
        );
        assert_eq!(
            messages(json!({"category": "MINING", "contacts": {"name": "x"}})),
            [
                "`category` = \"MINING\" is not a documented value; expected one of: DOCUMENT, LOGO",
                "`contacts` must be a JSON array, found object",
                "exactly one of `file`, `file_url` must be given; 0 given",
            ]
        );
        assert_eq!(
            messages(json!({"category": null, "file": 1.5})),
            [
                "`category` is required",
                "`file` must be a JSON string, found number with a fraction",
            ]
        );
    }

    #[test]
    fn text_that_is_not_json_is_one_violation() {
        let errors = check_bytes(&UPLOAD, b"{\"category\":").unwrap_err();
        assert_eq!(errors.violations.len(), 1);
        assert!(errors.to_string().contains("the body is not JSON: EOF"));
    }
}
