//! Every response sample of the Partner API family decodes into its typed response and
//! re-encodes to the same JSON (nothing dropped, numbers included), and its conformance
//! report is what the pages say it should be.
//!
//! Expected findings, from the pages: Check Requirements, Generate Token, Upload File and
//! Create Business Lite document no format beyond `string` for their response fields (Check
//! Requirements has no field table at all; its formats are inferred from the sample), and
//! Business Registration documents no response: their samples cannot break a documented format,
//! so each report must be empty. (Get Business Data's 34 and 51 findings are in
//! `tests/conformance.rs`.)

use doku_partner::endpoints::{
    BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken, UploadFile,
};
use doku_partner::support::{Conformance, Endpoint};
use serde_json::Value;

fn check<E: Endpoint>(expected_findings: &[&str]) {
    assert!(!E::EXAMPLES.is_empty(), "{}", E::NAME);
    for (name, json) in E::EXAMPLES {
        let typed: E::Response = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("{} sample {name} does not decode: {e}", E::NAME));
        let original: Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            original,
            "{} sample {name} does not round-trip",
            E::NAME
        );
        let findings: Vec<String> = typed
            .conformance()
            .findings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(findings, expected_findings, "{} sample {name}", E::NAME);
    }
}

#[test]
fn check_requirements() {
    check::<CheckRequirements>(&[]);
}

#[test]
fn generate_token() {
    check::<GenerateToken>(&[]);
}

#[test]
fn upload_file() {
    check::<UploadFile>(&[]);
}

#[test]
fn create_business_lite() {
    check::<CreateBusinessLite>(&[]);
}

#[test]
fn business_registration_keeps_whatever_doku_answers() {
    check::<BusinessRegistration>(&[]);
    // The response is undocumented: an answer of any shape is kept whole.
    let answer = r#"{"business":{"id":"BSN-1","status":"PENDING","brands":[{"id":"BRN-1"}]},"n":12345678901234567890}"#;
    let typed: <BusinessRegistration as Endpoint>::Response = serde_json::from_str(answer).unwrap();
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        serde_json::from_str::<Value>(answer).unwrap()
    );
}
