//! The derive on the payment specs (issue 26, `spec/payments/`), in a user's crate that denies
//! warnings and missing docs: Check Status's request from an invoice number and its path as
//! sent, and every response sample of the three decoding into its typed response.
#![deny(warnings, missing_docs)]

use doku_partner::support::{Conformance, Endpoint};

/// Checkout.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payments/checkout.yaml")]
pub struct Checkout;

/// Check Status.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payments/check_status.yaml")]
pub struct CheckStatus;

/// DOKU VA payment code.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payments/va_payment_code.yaml")]
pub struct VaPaymentCode;

fn decodes<E: Endpoint>() {
    for (name, sample) in E::EXAMPLES {
        let _typed: E::Response = serde_json::from_str(sample)
            .unwrap_or_else(|e| panic!("{} sample {name}: {e}", E::NAME));
    }
}

fn main() {
    let request = check_status::Request::new("INV/2021 #7".parse().expect("ANS(128)"));
    assert_eq!(request.path(), "/orders/v1/status/INV%2F2021%20%237");
    assert!(CheckStatus::RAW_IN_TARGET.is_empty(), "target: encoded");
    let (_, sample) = CheckStatus::EXAMPLES[0];
    let status: check_status::Response = serde_json::from_str(sample).expect("DOKU's sample");
    assert!(status.conformance().findings.is_empty());
    decodes::<Checkout>();
    decodes::<CheckStatus>();
    decodes::<VaPaymentCode>();
}
