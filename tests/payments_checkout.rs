//! DOKU Checkout (`spec/payments/checkout.yaml`): its samples decode, round-trip and are what
//! the generated body accepts; a request is signed with the sub-merchant's own credentials.

use doku_partner::payments::Checkout;
use doku_partner::payments::checkout::body;
use doku_partner::support::{Conformance, Endpoint};
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
        let sent = doku_partner::support::clock::parse_timestamp(&typed.response.headers.date)
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

// -- The rules on the wire (issue 26) ---------------------------------------------------------

use doku_partner::support::signature::{Components, digest};
use doku_partner::support::stand_in::StandIn;
use doku_partner::{Client, Credentials, Environment, Error, SecretKey};

/// A sub-merchant's own credentials (a brand's ID and shared key), as Checkout is signed.
const BRAND_ID: &str = "BRN-0214-1714016624673";
const SHARED_KEY: &str = "SK-checkout-wire";

/// A body breaking both Checkout rules: 50000 ≠ 20000 × 2, and an INSTALLMENT without tenors.
const BREAKS_BOTH_RULES: &str = r#"{"order":{"amount":50000,"invoice_number":"INV-RULES-1","line_items":[{"name":"T-shirt","price":20000,"quantity":2}]},"payment":{"type":"INSTALLMENT"}}"#;

const BOTH_VIOLATIONS: [&str; 2] = [
    "`order.amount` is 50000, but the sum of `price` × `quantity` over `order.line_items` is 40000",
    "`additional_info.allow_tenor` is required when `payment.type` is INSTALLMENT",
];

async fn stand_in() -> StandIn {
    StandIn::builder()
        .client(BRAND_ID, SHARED_KEY)
        .endpoint::<Checkout>()
        .start()
        .await
        .unwrap()
}

fn client(mock: &StandIn) -> Client {
    Client::builder(
        Credentials::new(BRAND_ID, SHARED_KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap()
}

/// Posts `body` to the stand-in signed correctly but without the client's checks, as a
/// client in another language would: raw HTTP/1.1 on a socket. Returns status and body.
fn post_raw(base_url: &str, body: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let authority = base_url.trim_start_matches("http://").trim_end_matches('/');
    let timestamp = doku_partner::support::clock::format_timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .try_into()
            .unwrap(),
    );
    let request_id = "7f1c3c1e-8d1e-4a57-9f43-2b1f0c6d9a10";
    let signature = Components::request(
        BRAND_ID,
        request_id,
        &timestamp,
        "/checkout/v1/payment",
        Some(body.as_bytes()),
    )
    .sign(&SecretKey::from(SHARED_KEY));
    let head = format!(
        "POST /checkout/v1/payment HTTP/1.1\r\nHost: {authority}\r\nClient-Id: {BRAND_ID}\r\n\
         Request-Id: {request_id}\r\nRequest-Timestamp: {timestamp}\r\nSignature: {signature}\r\n\
         Digest: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        digest(body.as_bytes()),
        body.len()
    );
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_breaking_the_rules_is_refused_before_any_io_with_every_violation() {
    let mock = stand_in().await;
    // From JSON (a form, a database): every violation, no request.
    let errors = doku_partner::payments::checkout::RawRequest {
        body: BREAKS_BOTH_RULES,
    }
    .validate()
    .unwrap_err();
    let found: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
    assert_eq!(found, BOTH_VIOLATIONS);

    // Built by hand, it type-checks; `send` refuses it before any I/O.
    let item = body::OrderLineItem::new("T-shirt".parse().unwrap(), 2, 20000);
    let order = body::Order::new(50000, "INV-RULES-1".parse().unwrap()).with_line_items(vec![item]);
    let by_hand = body::Body::new(order).with_payment(
        body::Payment::new().with_type(doku_partner::payments::checkout::PaymentType::Installment),
    );
    let request = doku_partner::payments::checkout::Request::from(by_hand);
    match client(&mock).send(&request).await {
        Err(Error::InvalidRequest(errors)) => {
            let found: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
            assert_eq!(found, BOTH_VIOLATIONS);
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(mock.requests().is_empty(), "nothing reached the stand-in");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stand_in_refuses_the_same_body_with_every_violation() {
    let mock = stand_in().await;
    let base = mock.base_url();
    let (status, answer) = tokio::task::spawn_blocking(move || post_raw(&base, BREAKS_BOTH_RULES))
        .await
        .unwrap();
    assert_eq!(status, 400, "{answer}");
    for violation in BOTH_VIOLATIONS {
        assert!(
            answer.contains(violation),
            "{violation:?} missing from {answer}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_keeping_the_rules_is_sent_as_built_and_answered() {
    let mock = stand_in().await;
    let item = body::OrderLineItem::new("T-shirt".parse().unwrap(), 2, 20000);
    let order = body::Order::new(40000, "INV-RULES-2".parse().unwrap()).with_line_items(vec![item]);
    let body = body::Body::new(order)
        .with_payment(
            body::Payment::new()
                .with_type(doku_partner::payments::checkout::PaymentType::Installment),
        )
        .with_additional_info(body::AdditionalInfo::new().with_allow_tenor(vec![
            doku_partner::payments::checkout::AllowTenor::V3,
            doku_partner::payments::checkout::AllowTenor::V6,
        ]));
    let reply = client(&mock)
        .send(&doku_partner::payments::checkout::Request::from(body))
        .await
        .unwrap();
    assert!(reply.data.response.payment.url.starts_with("https://"));
    let seen = mock.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("Client-Id"), Some(BRAND_ID));
    assert_eq!(
        String::from_utf8(seen[0].body.clone()).unwrap(),
        r#"{"order":{"amount":40000,"invoice_number":"INV-RULES-2","line_items":[{"name":"T-shirt","quantity":2,"price":20000}]},"payment":{"type":"INSTALLMENT"},"additional_info":{"allow_tenor":[3,6]}}"#
    );
    // The same body through the stand-in's own check, raw: accepted.
    let base = mock.base_url();
    let sent = String::from_utf8(seen[0].body.clone()).unwrap();
    let (status, answer) = tokio::task::spawn_blocking(move || post_raw(&base, &sent))
        .await
        .unwrap();
    assert_eq!(status, 200, "{answer}");
}
