//! The derive on the shipped Get Business Data spec, in a user's crate that denies warnings and
//! missing docs. The spec path is relative to this file.
#![deny(warnings, missing_docs)]

use doku_partner::support::Endpoint;

/// DOKU's Get Business Data.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/get_business_data.yaml")]
pub struct GetBusinessData;

fn main() {
    assert_eq!(GetBusinessData::NAME, "get_business_data");
    assert_eq!(
        GetBusinessData::PATH_TEMPLATE,
        "/adv-core-api/partner/v1.0/business/{client_id}"
    );
    assert_eq!(GetBusinessData::EXAMPLES.len(), 2);
    // The module is named after the struct and holds the request and response types.
    let _: Option<get_business_data::Request> = None;
    let _: Option<get_business_data::Response> = None;
}
