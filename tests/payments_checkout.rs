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
    // The two cut-off samples (`cut_off`) are not offered as bodies to send.
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

/// Offers Credit Card with a 31-character invoice number (the page: "If you have Credit Card
/// channel activated, the maximum length is 30 chars"), and breaks the total as well.
const CREDIT_CARD_LONG_INVOICE: &str = r#"{"order":{"amount":50000,"invoice_number":"INV-2026-12-08-0001-ABCDEFGHIJK","line_items":[{"name":"T-shirt","price":20000,"quantity":2}]},"payment":{"payment_method_types":["VIRTUAL_ACCOUNT_BCA","CREDIT_CARD"]}}"#;

const LIMIT_VIOLATIONS: [&str; 2] = [
    "`order.amount` is 50000, but the sum of `price` × `quantity` over `order.line_items` is 40000",
    "`order.invoice_number` is 31 characters long, more than the 30 allowed when `payment.payment_method_types` includes CREDIT_CARD",
];

fn raw_violations(json: &str) -> Vec<String> {
    match (doku_partner::payments::checkout::RawRequest { body: json }).validate() {
        Ok(_) => Vec::new(),
        Err(errors) => errors.violations.iter().map(ToString::to_string).collect(),
    }
}

/// The limit that depends on a channel the request names: 30 characters when
/// `payment_method_types` includes CREDIT_CARD, the field's own 64 otherwise, and nothing to
/// decide on when the request names no channel (DOKU then offers the merchant's own).
#[test]
fn the_invoice_number_limit_follows_the_channels_the_request_names() {
    assert_eq!(raw_violations(CREDIT_CARD_LONG_INVOICE), LIMIT_VIOLATIONS);
    let fixed_total = CREDIT_CARD_LONG_INVOICE.replace("\"amount\":50000", "\"amount\":40000");
    assert_eq!(raw_violations(&fixed_total), LIMIT_VIOLATIONS[1..]);
    // Exactly 30 characters: taken.
    let thirty = fixed_total.replace("ABCDEFGHIJK", "ABCDEFGHIJ");
    assert_eq!(raw_violations(&thirty), Vec::<String>::new());
    // Credit Card not offered: the field's own ANS(64).
    let no_card = fixed_total.replace(",\"CREDIT_CARD\"", "");
    assert_eq!(raw_violations(&no_card), Vec::<String>::new());
    // No channel named: the rule does not fire (the stand-in knows the brand's channels).
    let no_channels = fixed_total.replace(
        r#","payment":{"payment_method_types":["VIRTUAL_ACCOUNT_BCA","CREDIT_CARD"]}"#,
        "",
    );
    assert!(!no_channels.contains("payment"));
    assert_eq!(raw_violations(&no_channels), Vec::<String>::new());
    // The general limit still holds beside Credit Card: 65 characters break both.
    let sixty_five = thirty.replace("INV-2026-12-08-0001-ABCDEFGHIJ", &"I".repeat(65));
    assert_eq!(
        raw_violations(&sixty_five),
        [
            "`order.invoice_number` is 65 characters long, more than the 64 allowed (format ANS(64): printable characters (no control characters), 1 to 64 characters)",
            "`order.invoice_number` is 65 characters long, more than the 30 allowed when `payment.payment_method_types` includes CREDIT_CARD",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_credit_card_request_over_30_characters_is_refused_before_any_io() {
    let mock = stand_in().await;
    let item = body::OrderLineItem::new("T-shirt".parse().unwrap(), 2, 20000);
    let order = body::Order::new(50000, "INV-2026-12-08-0001-ABCDEFGHIJK".parse().unwrap())
        .with_line_items(vec![item]);
    let by_hand =
        body::Body::new(order).with_payment(body::Payment::new().with_payment_method_types(vec![
            "VIRTUAL_ACCOUNT_BCA".to_owned(),
            "CREDIT_CARD".to_owned(),
        ]));
    let request = doku_partner::payments::checkout::Request::from(by_hand);
    let found: Vec<String> = request
        .validate()
        .unwrap_err()
        .violations
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(found, LIMIT_VIOLATIONS);
    match client(&mock).send(&request).await {
        Err(Error::InvalidRequest(errors)) => {
            let found: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
            assert_eq!(found, LIMIT_VIOLATIONS);
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(mock.requests().is_empty(), "nothing reached the stand-in");
    // The body as JSON: the same violations.
    let errors = body::Body::from_json(CREDIT_CARD_LONG_INVOICE).unwrap_err();
    let found: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
    assert_eq!(found, LIMIT_VIOLATIONS);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_stand_in_refuses_a_credit_card_request_over_30_characters() {
    let mock = stand_in().await;
    let base = mock.base_url();
    let (status, answer) =
        tokio::task::spawn_blocking(move || post_raw(&base, CREDIT_CARD_LONG_INVOICE))
            .await
            .unwrap();
    assert_eq!(status, 400, "{answer}");
    for violation in LIMIT_VIOLATIONS {
        assert!(
            answer.contains(violation),
            "{violation:?} missing from {answer}"
        );
    }
    // Without Credit Card, the same invoice number (and a right total) is taken.
    let base = mock.base_url();
    let fine = CREDIT_CARD_LONG_INVOICE
        .replace("\"amount\":50000", "\"amount\":40000")
        .replace(",\"CREDIT_CARD\"", "");
    let (status, answer) = tokio::task::spawn_blocking(move || post_raw(&base, &fine))
        .await
        .unwrap();
    assert_eq!(status, 200, "{answer}");
}

/// The page's two cut-off request samples, stored as the page cuts them (issue 26): the text
/// of the reference rendering up to its end, not JSON, offered as text to compare with.
#[test]
fn the_cut_off_request_samples_are_the_pages_text_as_cut() {
    use doku_partner::support::cut_off::{is_start_of, present_values};
    let names: Vec<&str> = Checkout::CUT_OFF_SAMPLES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["page_full_cut", "jokul_cut"]);
    let (_, full) = Checkout::CUT_OFF_SAMPLES[0];
    let (_, jokul) = Checkout::CUT_OFF_SAMPLES[1];
    assert!(full.ends_with("\"VIRTUAL_ACCOUNT_BANK_CIMB\",\n\"VIRTUAL_ACCOUNT_BANK_DA"));
    assert!(jokul.ends_with("\"VIRTUAL_ACCOUNT_BANK_MANDIRI\",\n\"VIRT"));
    for text in [full, jokul] {
        assert!(serde_json::from_str::<Value>(text).is_err(), "not JSON");
        // The page's own spacing kept (B2: `"disable_retry_payment" :true`, E: `"quantity" : 1`).
        assert!(text.starts_with("{\n\"order\": {\n\"amount\": "));
    }
    assert!(full.contains("\n\"disable_retry_payment\" :true,\n"));
    assert!(jokul.contains("\n\"quantity\" : 1\n"));
    // The third party's full sample is, token for token, what the page's full sample begins.
    let (_, transcription) = Checkout::REQUEST_EXAMPLES[1];
    assert!(is_start_of(full, transcription));
    assert!(!is_start_of(jokul, transcription));
    // What they hold in full: the channel codes before the cut, not the one it falls inside.
    let held = present_values(full).unwrap();
    let codes = held["payment"]["payment_method_types"].as_array().unwrap();
    assert_eq!(codes.len(), 8);
    assert_eq!(codes[7], "VIRTUAL_ACCOUNT_BANK_CIMB");
    assert_eq!(held["order"]["line_items"].as_array().unwrap().len(), 2);
    let held = present_values(jokul).unwrap();
    assert_eq!(
        held["payment"]["payment_method_types"],
        serde_json::json!(["VIRTUAL_ACCOUNT_BCA", "VIRTUAL_ACCOUNT_BANK_MANDIRI"])
    );
}
