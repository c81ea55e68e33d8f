//! A body's `date` field and its integer array with a numeric `enum` are checked before
//! sending and when read from JSON: `27/01/2021 10:24` is not a date, `3` is not a level.
#![deny(warnings, missing_docs)]

/// A fictional booking.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/dated_body.yaml")]
pub struct BookSlot;

use book_slot::body::Body;

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

    // Built by hand, the same values are refused before any I/O.
    let by_hand = book_slot::Request::from(Body::new("27/01/2021 10:24", vec![1, 3]));
    let errors = by_hand.validate().unwrap_err();
    assert_eq!(errors.violations.len(), 2, "{errors}");
    assert!(book_slot::Request::from(good).validate().is_ok());
}
