//! A body's `date` field and its integer array with a numeric `enum` are checked before
//! sending and when read from JSON: `27/01/2021 10:24` is not a date, `3` is not a level. The
//! array's type is the enum, sent as JSON integers. The response's fields of the enum hold
//! `OrUnknown<Level>`, read from JSON numbers: the sample's level 7, which the enum does not
//! list, is kept, written back as the number 7 and reported by the conformance check.
#![deny(warnings, missing_docs)]

/// A fictional booking.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/dated_body.yaml")]
pub struct BookSlot;

use book_slot::Level;
use book_slot::body::Body;
use doku_partner::support::{Conformance, Endpoint, OrUnknown};

fn main() {
    let bad = Body::from_json(r#"{"due":"27/01/2021 10:24","levels":[1,3]}"#).unwrap_err();
    let found: Vec<String> = bad.violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "`due` = \"27/01/2021 10:24\" is not a date (ISO 8601 UTC, e.g. 2023-03-16T10:00:41Z)",
            "`levels[1]` = \"3\" is not a documented value; expected one of: 1, 2",
        ]
    );
    let good = Body::from_json(r#"{"due":"2021-01-27T10:24:00Z","levels":[1,2]}"#).unwrap();
    // The field is the enum, sent as JSON integers (not `"1"`): a `3` cannot be built.
    assert_eq!(good.levels, [Level::V1, Level::V2]);
    let sent = book_slot::Request::from(good.clone()).body_bytes();
    assert_eq!(
        String::from_utf8(sent).unwrap(),
        r#"{"due":"2021-01-27T10:24:00Z","levels":[1,2]}"#
    );

    // Built by hand, a bad date is refused before any I/O.
    let by_hand = book_slot::Request::from(Body::new("27/01/2021 10:24", vec![Level::V2]));
    let errors = by_hand.validate().unwrap_err();
    assert_eq!(errors.violations.len(), 1, "{errors}");
    assert!(book_slot::Request::from(good).validate().is_ok());

    // The response sample: `level` 2 is the documented `Level::V2`, `granted` holds 1 and 7.
    let (name, json) = BookSlot::EXAMPLES[0];
    assert_eq!(name, "later_level");
    let reply: book_slot::Response = serde_json::from_str(json).unwrap();
    assert_eq!(reply.level, OrUnknown::Known(Level::V2));
    assert_eq!(
        reply.granted,
        Some(vec![
            OrUnknown::Known(Level::V1),
            OrUnknown::Unknown("7".to_owned())
        ])
    );
    let findings: Vec<String> = reply
        .conformance()
        .findings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        findings,
        ["granted[1]: \"7\" is not a documented value (enum Level)"]
    );
    // Lossless: the same JSON numbers go back (not `"7"`).
    assert_eq!(serde_json::to_string(&reply).unwrap(), json.trim());
    // A string where DOKU documents a number is a decoding error, as for any integer field.
    assert!(serde_json::from_str::<book_slot::Response>(r#"{"id":"S","level":"2"}"#).is_err());
}
