//! What the `ResponseUnion` derive's expansion calls: reading the body once, picking the
//! variant by its discriminator, and the findings of an unknown shape.

use serde::Deserializer;
use serde::de::Error as _;

use crate::conformance::{Finding, FindingPath, FindingRule, JsonPath, Problem};
use crate::json::Json;
use crate::union::Unknown;

/// The body as sent and the string at `path` in it (`["channel", "id"]`); `None` when a key
/// is missing or the value is not a string.
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    path: &[&str],
) -> Result<(Option<String>, Json), D::Error> {
    let body: Json = serde::Deserialize::deserialize(deserializer)?;
    let mut value: serde_json::Value =
        serde_json::from_str(body.as_text()).map_err(D::Error::custom)?;
    for key in path {
        value = match value {
            serde_json::Value::Object(mut map) => map.remove(*key).unwrap_or_default(),
            _ => serde_json::Value::Null,
        };
    }
    let discriminator = match value {
        serde_json::Value::String(text) => Some(text),
        _ => None,
    };
    Ok((discriminator, body))
}

/// Decodes the body as the variant's type.
pub fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(body: &Json) -> Result<T, E> {
    serde_json::from_str(body.as_text()).map_err(E::custom)
}

/// The body kept as an [`Unknown`].
pub fn unknown(discriminator: Option<String>, body: Json) -> Unknown {
    Unknown::new(discriminator, body)
}

/// The finding of an unknown shape: at the discriminator (`channel.id`), its value (or
/// `(absent)`) names no variant.
pub fn report_unknown(
    unknown: &Unknown,
    discriminator: &'static str,
    path: &JsonPath,
    out: &mut Vec<Finding>,
) {
    let mut segments = path.segments().to_vec();
    segments.extend_from_slice(FindingPath::parse(discriminator).segments());
    let value = unknown.discriminator().map(str::to_owned);
    out.push(Finding {
        path: FindingPath::new(&segments),
        rule: FindingRule::Union(discriminator),
        len: value.as_deref().map_or(0, |v| v.chars().count()),
        problem: Problem::UnknownVariant(value),
    });
}

/// The finding of a field its variant requires, absent (`#[doku(expected)]`): DOKU's
/// "some parameters might not be presented in certain status cases", decoded anyway.
pub fn expect_present<T>(
    value: &Option<T>,
    path: &JsonPath,
    key: &'static str,
    variant: &'static str,
    out: &mut Vec<Finding>,
) {
    if value.is_none() {
        out.push(Finding {
            path: FindingPath::new(path.segments()),
            rule: FindingRule::Variant(variant),
            problem: Problem::MissingKey(key),
            len: 0,
        });
    }
}
