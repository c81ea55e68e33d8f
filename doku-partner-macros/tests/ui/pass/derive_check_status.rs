//! The derive on the Check Status payment spec (issue 26), in a user's crate that denies
//! warnings and missing docs: the request from an invoice number, the path as sent, and the
//! typed response of DOKU's sample.
#![deny(warnings, missing_docs)]

use doku_partner::runtime::{Conformance, Endpoint};

/// Check Status.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payments/check_status.yaml")]
pub struct CheckStatus;

fn main() {
    let request = check_status::Request::new("INV/2021 #7".parse().expect("ANS(128)"));
    assert_eq!(request.path(), "/orders/v1/status/INV%2F2021%20%237");
    assert!(CheckStatus::RAW_IN_TARGET.is_empty(), "target: encoded");
    let (_, sample) = CheckStatus::EXAMPLES[0];
    let status: check_status::Response = serde_json::from_str(sample).expect("DOKU's sample");
    assert!(status.conformance().findings.is_empty());
}
