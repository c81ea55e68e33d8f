//! DOKU Checkout (`spec/payments/checkout.yaml`): its samples decode, round-trip and are what
//! the generated body accepts; a request is signed with the sub-merchant's own credentials.

use doku_partner::payments::Checkout;
use doku_partner::payments::checkout::body;
use doku_partner::runtime::{Conformance, Endpoint};
use serde_json::Value;

#[test]
fn response_samples_decode_and_round_trip() {
    assert_eq!(Checkout::EXAMPLES.len(), 2);
    for (name, json) in Checkout::EXAMPLES {
        let typed: <Checkout as Endpoint>::Response = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("response sample {name} does not decode: {e}"));
        let original: Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            original,
            "response sample {name} does not round-trip"
        );
        let findings: Vec<String> = typed
            .conformance()
            .findings
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(findings, Vec::<String>::new(), "response sample {name}");
        // What the page is about: the checkout page's URL and its expiry.
        let payment = &typed.response.payment;
        assert!(
            payment
                .url
                .starts_with("https://sandbox.doku.com/checkout-link-v2/")
        );
        assert!(payment.url.ends_with(payment.token_id.as_str()));
        // yyyyMMddHHmmss UTC+7: the page expires payment_due_date (60) minutes after the
        // request's date, read in WIB.
        let expires = payment.expired_date.valid().expect("yyyyMMddHHmmss UTC+7");
        let sent = doku_partner::runtime::clock::parse_timestamp(&typed.response.headers.date)
            .expect("the echoed Request-Timestamp");
        assert_eq!(expires.unix_utc(), sent + 60 * 60, "response sample {name}");
    }
}

#[test]
fn the_40_digit_uuid_keeps_every_digit() {
    let (_, json) = Checkout::EXAMPLES[0];
    let typed: <Checkout as Endpoint>::Response = serde_json::from_str(json).unwrap();
    let text = serde_json::to_string(&typed).unwrap();
    assert!(text.contains("\"uuid\":2225240712094533483107164227326411817850"));
}

#[test]
fn complete_request_samples_are_bodies_and_round_trip() {
    // The two cut-off samples (`partial`) are not offered as bodies to send.
    let names: Vec<&str> = Checkout::REQUEST_EXAMPLES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["basic", "transcription_full"]);
    for (name, json) in Checkout::REQUEST_EXAMPLES {
        let typed = body::Body::from_json(json)
            .unwrap_or_else(|e| panic!("request sample {name} is refused: {e}"));
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            serde_json::from_str::<Value>(json).unwrap(),
            "request sample {name} does not round-trip"
        );
    }
}

#[test]
fn a_body_breaking_the_table_is_refused_with_every_violation() {
    let json = r#"{"order":{"amount":1234567890123,"invoice_number":""},
        "payment":{"type":"LAYAWAY"},"additional_info":{"allow_tenor":[0,5]}}"#;
    let errors = body::Body::from_json(json).unwrap_err().to_string();
    for expected in [
        "order.amount",
        "order.invoice_number",
        "payment.type",
        "additional_info.allow_tenor[1]",
    ] {
        assert!(
            errors.contains(expected),
            "{expected} missing from:\n{errors}"
        );
    }
}
