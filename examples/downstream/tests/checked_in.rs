//! The checked-in bindings (`src/generated/list_settlements.rs`, written by `doku-partner
//! generate`) behave exactly like the derive on the same spec.

use doku_partner::support::Endpoint;
use downstream_example::{ListSettlements, checked_in, list_settlements};

#[test]
fn same_endpoint_constants() {
    type Derived = ListSettlements;
    type CheckedIn = checked_in::ListSettlements;
    assert_eq!(CheckedIn::NAME, Derived::NAME);
    assert_eq!(CheckedIn::PATH_TEMPLATE, Derived::PATH_TEMPLATE);
    assert_eq!(CheckedIn::SANDBOX_URL, Derived::SANDBOX_URL);
    assert_eq!(CheckedIn::PRODUCTION_URL, Derived::PRODUCTION_URL);
    assert_eq!(CheckedIn::EXAMPLES, Derived::EXAMPLES);
}

#[test]
fn same_requests_and_same_violations() {
    let raw = |status, channel| list_settlements::RawRequest {
        brand_id: "BRN-1",
        settlement_type: "WEEKLY",
        status,
        channel,
        page: Some("2"),
        from_date: "2024-01-01",
    };
    let raw_checked_in = |status, channel| checked_in::list_settlements::RawRequest {
        brand_id: "BRN-1",
        settlement_type: "WEEKLY",
        status,
        channel,
        page: Some("2"),
        from_date: "2024-01-01",
    };

    let derived = raw(Some("PAID"), Some("QRIS")).validate().unwrap();
    let checked = raw_checked_in(Some("PAID"), Some("QRIS"))
        .validate()
        .unwrap();
    assert_eq!(checked.path(), derived.path());
    assert_eq!(checked.query_string(), derived.query_string());

    let derived = raw(Some("ON_HOLD"), Some("QRIS")).validate().unwrap_err();
    let checked = raw_checked_in(Some("ON_HOLD"), Some("QRIS"))
        .validate()
        .unwrap_err();
    assert_eq!(checked.to_string(), derived.to_string());
    assert_eq!(checked.violations.len(), 1);
}
