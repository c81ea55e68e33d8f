//! Issue 20: receiving one DOKU notification, the receiver against the same work done by hand.
//!
//! - `receiver`: `Receiver::receive` with the in-memory store: method, path and header
//!   checks, the signature verified over the raw body (Digest + HMAC, constant-time compare),
//!   freshness, the claim and completion of the `Request-Id`, the lenient parse of the body
//!   (`Json`: kept exactly as sent), the raw bytes copied into the event, a no-op handler;
//! - `hand_written`: the baseline: the four headers looked up, the component string built
//!   with `push_str`, bare `Hmac<Sha256>` + `verify_slice` over it, a `HashSet<String>` insert
//!   of the `Request-Id`, and `serde_json::from_slice::<serde_json::Value>` of the body;
//! - `hand_written_raw` (context): the same, parsing into `Box<RawValue>` (validated, kept as
//!   text), which is what the receiver's untyped `Json` body does.
//!
//! The body is a 2 KiB payment notification. Each iteration receives a notification with a
//! new `Request-Id` (signed in criterion's untimed setup), so neither side measures the
//! duplicate path.
//!
//! Run: `cargo bench --bench receive -- --noplot`

use std::collections::HashSet;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use doku_partner::SecretKey;
use doku_partner::inbound::{Event, Handler, HandlerError, InboundRequest, Receiver};
use doku_partner::support::clock::FixedClock;
use doku_partner::support::json::Json;
use doku_partner::support::signature::Components;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest as _, Sha256};

const KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const PATH: &str = "/payments/notifications";
const CLIENT_ID: &str = "MCH-0001-10791114622547";
const TIMESTAMP: &str = "2026-11-24T10:00:00Z";
const NOW: i64 = 1_795_514_400;
const BODY_LEN: usize = 2048;

/// A 2 KiB payment notification (DOKU's BCA VA sample, padded by an undocumented key).
fn body() -> Vec<u8> {
    let mut body = br#"{"service":{"id":"VIRTUAL_ACCOUNT"},"acquirer":{"id":"BCA"},"channel":{"id":"VIRTUAL_ACCOUNT_BCA"},"transaction":{"status":"SUCCESS","date":"2021-01-27T03:24:23Z","original_request_id":"15022aab-444f-4b04-afa8-ddfce89432ec"},"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"virtual_account_number":"1900600000000046"},"virtual_account_payment":{"identifer":[{"name":"REQUEST_ID","value":"7892931"},{"name":"REFERENCE","value":"6769200"},{"name":"CHANNEL_TYPE","value":"6010"}]},"additional_info":{"note":""#.to_vec();
    while body.len() + 3 < BODY_LEN {
        body.push(b'x');
    }
    body.extend_from_slice(b"\"}}");
    assert_eq!(body.len(), BODY_LEN);
    body
}

/// One notification on the wire: its headers (id and signature change per iteration).
struct Wire {
    request_id: String,
    signature: String,
}

fn signed(n: u64, body: &[u8]) -> Wire {
    let request_id = format!("479b663f-5c9d-400d-8e80-{n:012}");
    let signature = Components::request(CLIENT_ID, &request_id, TIMESTAMP, PATH, Some(body))
        .sign(&SecretKey::new(KEY))
        .into_string();
    Wire {
        request_id,
        signature,
    }
}

/// DOKU's headers of one notification, as a server hands them over.
fn headers(w: &Wire) -> Vec<(&'static str, &[u8])> {
    vec![
        ("Client-Id", CLIENT_ID.as_bytes()),
        ("Request-Id", w.request_id.as_bytes()),
        ("Request-Timestamp", TIMESTAMP.as_bytes()),
        ("Signature", w.signature.as_bytes()),
        ("Content-Type", b"application/json".as_slice()),
    ]
}

struct Nothing;

impl Handler<Json> for Nothing {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        black_box(event);
        Ok(())
    }
}

/// The in-memory store and this handler never wait: one poll finishes a delivery.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut f = std::pin::pin!(f);
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// The baseline, as a careful engineer would write it by hand; `T` is what the body is parsed
/// into (`serde_json::Value`, or `Box<RawValue>` as the receiver's `Json` keeps it).
fn hand_written<T: serde::de::DeserializeOwned>(
    seen: &mut HashSet<String>,
    headers: &[(&str, &[u8])],
    body: &[u8],
) -> Option<T> {
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| std::str::from_utf8(v).ok())
    };
    let (client_id, request_id) = (get("Client-Id")?, get("Request-Id")?);
    let (timestamp, signature) = (get("Request-Timestamp")?, get("Signature")?);
    let tag = STANDARD_NO_PAD
        .decode(signature.strip_prefix("HMACSHA256=")?.trim_end_matches('='))
        .ok()?;
    let mut text = String::with_capacity(256);
    for (name, value) in [
        ("Client-Id:", client_id),
        ("\nRequest-Id:", request_id),
        ("\nRequest-Timestamp:", timestamp),
        ("\nRequest-Target:", PATH),
        ("\nDigest:", ""),
    ] {
        text.push_str(name);
        text.push_str(value);
    }
    STANDARD.encode_string(Sha256::digest(body), &mut text);
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY.as_bytes()).ok()?;
    mac.update(text.as_bytes());
    mac.verify_slice(&tag).ok()?;
    if !seen.insert(request_id.to_owned()) {
        return None;
    }
    serde_json::from_slice(body).ok()
}

fn bench(c: &mut Criterion) {
    let body = body();
    let receiver = Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap();
    let counter = AtomicU64::new(0);
    let next = || signed(counter.fetch_add(1, Ordering::Relaxed), &body);

    // Both accept the same notification before anything is timed.
    let wire = next();
    let receive = |w: &Wire| {
        let mut request = InboundRequest::new("POST", PATH, &body);
        for (name, value) in headers(w) {
            request.push_header(name, value);
        }
        block_on(receiver.receive::<Json, _>(&request, &Nothing))
    };
    let decision = receive(&wire);
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let mut seen = HashSet::new();
    assert!(hand_written::<serde_json::Value>(&mut seen, &headers(&wire), &body).is_some());

    let mut group = c.benchmark_group("receive");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("receiver", |b| {
        b.iter_batched(
            next,
            |w| {
                let decision = receive(&w);
                debug_assert_eq!(decision.status(), 200);
                decision
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("hand_written", |b| {
        b.iter_batched(
            next,
            |w| {
                let parsed = hand_written::<serde_json::Value>(&mut seen, &headers(&w), &body);
                debug_assert!(parsed.is_some());
                parsed
            },
            BatchSize::SmallInput,
        );
    });
    // Context: the same baseline keeping the body as raw JSON text, as `Json` does.
    group.bench_function("hand_written_raw", |b| {
        b.iter_batched(
            next,
            |w| {
                let parsed = hand_written::<Box<serde_json::value::RawValue>>(
                    &mut seen,
                    &headers(&w),
                    &body,
                );
                debug_assert!(parsed.is_some());
                parsed
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
