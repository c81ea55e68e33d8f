//! The derive on the downstream example's spec (optional parameters, numbers, arrays of
//! scalars), in a user's crate that denies warnings and missing docs.
#![deny(warnings, missing_docs)]

use doku_partner::support::Endpoint;

/// A fictional settlements endpoint.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../examples/downstream/spec/list_settlements.yaml")]
pub struct ListSettlements;

fn main() {
    assert_eq!(ListSettlements::NAME, "list_settlements");
    let _: Option<list_settlements::Request> = None;
    let _: Option<list_settlements::Response> = None;
}
