//! Decoding one of the spec's sample bodies with serde_json, then reading the typed fields and
//! the conformance report.
#![deny(warnings, missing_docs)]

use doku_partner::endpoints::{GetBusinessData, get_business_data};
use doku_partner::support::{Conformance, Endpoint};

fn main() {
    let (name, json) = GetBusinessData::EXAMPLES[0];
    let response: get_business_data::Response =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("sample {name}: {e}"));
    assert!(!response.name.is_empty());
    assert!(!response.brands.is_empty());
    // DOKU's own samples break some documented lengths; decoding keeps them and reports them.
    let report = response.conformance();
    assert!(!report.findings.is_empty());
    // Decoding is lossless: re-encoding gives back the same JSON.
    let original: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(serde_json::to_value(&response).unwrap(), original);
}
