//! Property tests of body validation: arbitrary JSON in, never a panic, and every violation
//! out: breaking k independent fields of a valid body reports exactly those k paths.

use doku_partner::support::{Endpoint, Violation};
use downstream_example::RegisterOutlet;
use downstream_example::register_outlet::body::Body;
use proptest::prelude::*;
use serde_json::{Value, json};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        "[A-Za-z0-9 _-]{0,30}".prop_map(Value::String),
        Just(json!("PERSONAL")),
        Just(json!("DOCUMENT")),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("outlet".to_owned()),
                        Just("type".to_owned()),
                        Just("documents".to_owned()),
                        Just("category".to_owned()),
                        Just("file_id".to_owned()),
                        "[a-z_]{1,10}",
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Independent ways to break the sample: (JSON pointer, bad value, the path reported).
const BREAKS: &[(&str, &str, &str)] = &[
    ("/outlet/name", "\"\"", "outlet.name"),
    (
        "/outlet/phone_calling_code",
        "620",
        "outlet.phone_calling_code",
    ),
    (
        "/outlet/phone_number",
        "\"81234567890\"",
        "outlet.phone_number",
    ),
    ("/outlet/tags/0", "7", "outlet.tags[0]"),
    ("/outlet/address/line", "null", "outlet.address.line"),
    (
        "/outlet/address/country",
        "\"I-\"",
        "outlet.address.country",
    ),
    (
        "/outlet/documents/0/category",
        "\"MINING\"",
        "outlet.documents[0].category",
    ),
    (
        "/outlet/documents/1/file_url",
        "\"\"",
        "outlet.documents[1].file_url",
    ),
    (
        "/outlet/social_media/0/accounts",
        "{}",
        "outlet.social_media[0].accounts",
    ),
    ("/invited_email", "false", "invited_email"),
];

fn path_of(violation: &Violation) -> String {
    match violation {
        Violation::Format(e) => e.field.as_deref().unwrap_or_default().to_owned(),
        Violation::Missing { field }
        | Violation::UnknownValue { field, .. }
        | Violation::WrongType { field, .. }
        | Violation::UnknownField { field, .. }
        | Violation::NotAllowedWith { field, .. }
        | Violation::RequiredWhen { field, .. } => field.to_string(),
        other => other.to_string(),
    }
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_json_never_panics_and_passes_only_when_it_decodes(value in arbitrary_json()) {
        let text = value.to_string();
        match Body::from_value(value.clone()) {
            // Accepted: the typed body re-encodes to the same document (an optional key sent
            // as `null` is left out, which DOKU reads the same).
            Ok(body) => prop_assert_eq!(serde_json::to_value(&body).unwrap(), without_nulls(value)),
            Err(errors) => {
                prop_assert!(!errors.violations.is_empty());
                for v in &errors.violations {
                    prop_assert!(!v.to_string().is_empty());
                }
            }
        }
        // Any text, too.
        let _ = Body::from_json(&text);
    }

    #[test]
    fn breaking_k_fields_reports_exactly_those_k_paths(
        picks in prop::sample::subsequence((0..BREAKS.len()).collect::<Vec<_>>(), 1..=BREAKS.len())
    ) {
        let mut body: Value =
            serde_json::from_str(<RegisterOutlet as Endpoint>::REQUEST_EXAMPLES[0].1).unwrap();
        for &i in &picks {
            let (pointer, bad, _) = BREAKS[i];
            *body.pointer_mut(pointer).unwrap() = serde_json::from_str(bad).unwrap();
        }
        let errors = Body::from_value(body).unwrap_err();
        let mut found: Vec<String> = errors.violations.iter().map(path_of).collect();
        let mut expected: Vec<String> = picks.iter().map(|&i| BREAKS[i].2.to_owned()).collect();
        found.sort();
        expected.sort();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(Body::from_json(&text).is_err() || serde_json::from_str::<Value>(&text).is_ok());
    }
}
