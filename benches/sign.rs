//! Issue 6, item 4: DOKU's Non-SNAP request signature, the runtime against the same work done
//! by hand with the same crates.
//!
//! - `runtime`: `Components::request(..).sign(&SecretKey)` (feeds the components straight into
//!   the HMAC, no component string; for a body, SHA-256 + base64 of it for the `Digest` line);
//! - `hand_push_str`: the baseline: the component string built with `String::with_capacity` +
//!   `push_str` (and, for a body, `Sha256::digest` + `STANDARD.encode_string` into it), then
//!   bare `Hmac<Sha256>` over it and `HMACSHA256=` + `STANDARD.encode_string` of the tag;
//! - `hand_format`: the same with `format!` (context).
//!
//! Two requests: the Get Business Data GET (four lines, no body) and a POST with a 2 KiB JSON
//! body (five lines). Every variant's header value is asserted identical before timing.
//!
//! Verification of a received header value (context): `Components::verify` (prefix, base64
//! with or without padding into a stack buffer, HMAC, constant-time compare) against the
//! baseline stripping the prefix, `STANDARD.decode` into a `Vec` and `Mac::verify_slice`.
//!
//! Run: `cargo bench --bench sign -- --noplot`

use std::hint::black_box;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use criterion::{Criterion, criterion_group, criterion_main};
use doku_partner::SecretKey;
use doku_partner::support::signature::{Components, SIGNATURE_PREFIX};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest as _, Sha256};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const REQUEST_ID: &str = "cc682442-6c22-493e-8121-b9ef6b3fa728";
const TIMESTAMP: &str = "2026-11-26T08:45:42Z";
/// The Get Business Data target (the query string is not part of it).
const GET_TARGET: &str = "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263";
const POST_TARGET: &str = "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263/sub-account";
const POST_BODY_LEN: usize = 2048;

/// A 2 KiB JSON body (exactly [`POST_BODY_LEN`] bytes): an order with line items, padded by a
/// free-text note.
fn post_body() -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..12)
        .map(|i| {
            serde_json::json!({
                "id": format!("SKU-{i:04}"),
                "name": format!("Kue lapis legit loyang {i}"),
                "price": 85_000 + i * 1_500,
                "quantity": 1 + i % 3,
            })
        })
        .collect();
    let mut body = serde_json::json!({
        "order": { "invoice_number": "INV-20261126-0001", "amount": 1_250_000, "currency": "IDR" },
        "customer": { "name": "Taufik Ismail", "email": "taufik@example.com", "phone": "628123456789" },
        "line_items": items,
        "note": "",
    });
    let unpadded = serde_json::to_vec(&body).unwrap().len();
    assert!(unpadded < POST_BODY_LEN, "{unpadded} bytes before padding");
    body["note"] = "x".repeat(POST_BODY_LEN - unpadded).into();
    let bytes = serde_json::to_vec(&body).unwrap();
    assert_eq!(bytes.len(), POST_BODY_LEN);
    bytes
}

/// The baseline: component string with `push_str`, HMAC, base64.
fn hand_push_str(key: &[u8], target: &str, body: Option<&[u8]>) -> String {
    let mut s = String::with_capacity(128 + target.len() + 52);
    s.push_str("Client-Id:");
    s.push_str(CLIENT_ID);
    s.push_str("\nRequest-Id:");
    s.push_str(REQUEST_ID);
    s.push_str("\nRequest-Timestamp:");
    s.push_str(TIMESTAMP);
    s.push_str("\nRequest-Target:");
    s.push_str(target);
    if let Some(body) = body {
        s.push_str("\nDigest:");
        STANDARD.encode_string(Sha256::digest(body), &mut s);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(s.as_bytes());
    let mut value = String::with_capacity(SIGNATURE_PREFIX.len() + 44);
    value.push_str("HMACSHA256=");
    STANDARD.encode_string(mac.finalize().into_bytes(), &mut value);
    value
}

/// Context: the same with `format!`.
fn hand_format(key: &[u8], target: &str, body: Option<&[u8]>) -> String {
    let mut s = format!(
        "Client-Id:{CLIENT_ID}\nRequest-Id:{REQUEST_ID}\nRequest-Timestamp:{TIMESTAMP}\n\
         Request-Target:{target}"
    );
    if let Some(body) = body {
        s = format!("{s}\nDigest:{}", STANDARD.encode(Sha256::digest(body)));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(s.as_bytes());
    format!(
        "HMACSHA256={}",
        STANDARD.encode(mac.finalize().into_bytes())
    )
}

fn runtime(key: &SecretKey, target: &str, body: Option<&[u8]>) -> String {
    Components::request(CLIENT_ID, REQUEST_ID, TIMESTAMP, target, body)
        .sign(key)
        .into_string()
}

/// The baseline's verification: same string, `verify_slice` on the decoded tag.
fn hand_verify(key: &[u8], target: &str, body: Option<&[u8]>, header: &str) -> bool {
    let Some(encoded) = header.strip_prefix("HMACSHA256=") else {
        return false;
    };
    let Ok(tag) = STANDARD.decode(encoded) else {
        return false;
    };
    let mut s = String::with_capacity(128 + target.len() + 52);
    s.push_str("Client-Id:");
    s.push_str(CLIENT_ID);
    s.push_str("\nRequest-Id:");
    s.push_str(REQUEST_ID);
    s.push_str("\nRequest-Timestamp:");
    s.push_str(TIMESTAMP);
    s.push_str("\nRequest-Target:");
    s.push_str(target);
    if let Some(body) = body {
        s.push_str("\nDigest:");
        STANDARD.encode_string(Sha256::digest(body), &mut s);
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(s.as_bytes());
    mac.verify_slice(&tag).is_ok()
}

fn runtime_verify(key: &SecretKey, target: &str, body: Option<&[u8]>, header: &str) -> bool {
    Components::request(CLIENT_ID, REQUEST_ID, TIMESTAMP, target, body)
        .verify(key, header)
        .is_ok()
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

fn sign(c: &mut Criterion) {
    let key = SecretKey::new(SECRET);
    let raw_key = SECRET.as_bytes();
    let body = post_body();
    let cases: [(&str, &str, Option<&[u8]>); 2] = [
        ("get", GET_TARGET, None),
        ("post_2kib", POST_TARGET, Some(&body)),
    ];
    for (name, target, body) in cases {
        // Same header value from every variant, or the comparison means nothing.
        let expected = hand_push_str(raw_key, target, body);
        assert_eq!(runtime(&key, target, body), expected);
        assert_eq!(hand_format(raw_key, target, body), expected);
        assert!(runtime_verify(&key, target, body, &expected));
        assert!(hand_verify(raw_key, target, body, &expected));
        let mut wrong = expected.clone();
        wrong.replace_range(11..12, if &wrong[11..12] == "A" { "B" } else { "A" });
        assert!(!runtime_verify(&key, target, body, &wrong));
        assert!(!hand_verify(raw_key, target, body, &wrong));

        let mut group = c.benchmark_group(format!("sign/{name}"));
        group.bench_function("runtime", |b| {
            b.iter(|| runtime(black_box(&key), black_box(target), black_box(body)))
        });
        group.bench_function("hand_push_str", |b| {
            b.iter(|| hand_push_str(black_box(raw_key), black_box(target), black_box(body)))
        });
        group.bench_function("hand_format", |b| {
            b.iter(|| hand_format(black_box(raw_key), black_box(target), black_box(body)))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("verify/{name}"));
        group.bench_function("runtime", |b| {
            b.iter(|| {
                runtime_verify(
                    black_box(&key),
                    black_box(target),
                    black_box(body),
                    black_box(&expected),
                )
            })
        });
        group.bench_function("hand_verify_slice", |b| {
            b.iter(|| {
                hand_verify(
                    black_box(raw_key),
                    black_box(target),
                    black_box(body),
                    black_box(&expected),
                )
            })
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = sign
}
criterion_main!(benches);
