//! The receiver's core: DOKU's known-answer vector, refusals with reasons, freshness, key
//! rotation, persistence before parsing, exactly once per Request-Id, drifted bodies.

mod support;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use doku_partner_support::clock::FixedClock;
use doku_partner_support::inbound::{
    DEFAULT_LEASE, DEFAULT_RETENTION, Decision, Event, FailedStage, Freshness, Handler,
    HandlerError, RawDelivery, Receiver, Refusal,
};
use doku_partner_support::json::Json;
use doku_partner_support::signature::SignatureError;
use support::notify::{self, CLIENT_ID, KEY, NOW, PATH, Wire};

/// Counts runs, keeps every persisted body, fails while `fail` is set.
#[derive(Default)]
struct Recorder {
    runs: AtomicUsize,
    persisted: Mutex<Vec<Vec<u8>>>,
    fail_handle: std::sync::atomic::AtomicBool,
    fail_persist: std::sync::atomic::AtomicBool,
}

impl Handler<Json> for Recorder {
    async fn persist(&self, raw: RawDelivery<'_>) -> Result<(), HandlerError> {
        if self.fail_persist.load(Ordering::SeqCst) {
            return Err("disk full".into());
        }
        self.persisted.lock().unwrap().push(raw.body.to_vec());
        Ok(())
    }

    async fn handle(&self, _event: &Event<Json>) -> Result<(), HandlerError> {
        self.runs.fetch_add(1, Ordering::SeqCst);
        if self.fail_handle.load(Ordering::SeqCst) {
            return Err("order table locked".into());
        }
        Ok(())
    }
}

fn receiver() -> Receiver {
    Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap()
}

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn dokus_known_answer_vector_is_accepted() {
    // ../shared/reference/doku-non-snap-signature.md, computed with DOKU's own libraries.
    let body = r#"{"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"expired_time":60,"reusable_status":false,"info1":"Merchant Demo Store"},"customer":{"name":"Taufik Ismail","email":"taufik@example.com"}}"#;
    let path = "/doku-virtual-account/v2/payment-code";
    let receiver = Receiver::builder(path)
        .key("SK-hCJ42G28TA0MKG9LE2E_1")
        .clock(FixedClock(1_597_135_542 + 60))
        .build()
        .unwrap();
    let request = doku_partner_support::inbound::InboundRequest::new("POST", path, body.as_bytes())
        .header("client-id", "MCH-0001-10791114622547")
        .header("REQUEST-ID", "cc682442-6c22-493e-8121-b9ef6b3fa728")
        .header("Request-Timestamp", "2020-08-11T08:45:42Z")
        .header(
            "Signature",
            "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4=",
        );
    let recorder = Recorder::default();
    let decision = block_on(receiver.receive::<Json, _>(&request, &recorder));
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let event = decision.into_event().unwrap();
    assert_eq!(event.raw(), body.as_bytes());
    assert_eq!(event.request_id(), "cc682442-6c22-493e-8121-b9ef6b3fa728");
    assert_eq!(event.client_id(), "MCH-0001-10791114622547");

    // A replay of the vector is a duplicate: 200, nothing runs again.
    let decision = block_on(receiver.receive::<Json, _>(&request, &recorder));
    assert!(matches!(decision, Decision::Duplicate { .. }));
    // The vector with another Request-Id than signed is refused.
    let mut forged = request.clone();
    forged.push_header("Request-Id", b"cc682442-6c22-493e-8121-b9ef6b3fa729");
    let decision = block_on(receiver.receive::<Json, _>(&forged, &recorder));
    assert_eq!(
        decision.reason(),
        "the `Request-Id` header is sent more than once"
    );
}

#[test]
fn unpadded_signature_is_accepted() {
    let wire = Wire::signed("n-unpadded", b"{}", KEY);
    let sig = String::from_utf8(wire.headers[3].1.clone()).unwrap();
    let wire = wire.with("Signature", sig.trim_end_matches('='));
    let decision = block_on(receiver().receive::<Json, _>(&wire.request(), &Recorder::default()));
    assert_eq!(decision.status(), 200, "{}", decision.reason());
}

#[test]
fn missing_and_malformed_headers_are_refused_with_their_reason() {
    let receiver = receiver();
    let recorder = Recorder::default();
    let good = Wire::signed("n-1", br#"{"a":1}"#, KEY);
    let cases: Vec<(Wire, u16, &str)> = vec![
        (
            good.clone().without("Client-Id"),
            400,
            "the `Client-Id` header is missing",
        ),
        (
            good.clone().without("Request-Id"),
            400,
            "the `Request-Id` header is missing",
        ),
        (
            good.clone().without("Request-Timestamp"),
            400,
            "the `Request-Timestamp` header is missing",
        ),
        (
            good.clone().without("Signature"),
            401,
            "the `Signature` header is missing",
        ),
        (
            good.clone().with("Request-Timestamp", "11/08/2020 08:45"),
            400,
            "the `Request-Timestamp` header is not an ISO 8601 UTC time (`2020-08-11T08:45:42Z`)",
        ),
        (
            good.clone().with("Signature", "sha256=abc"),
            401,
            "the Signature header does not start with `HMACSHA256=`",
        ),
        (
            good.clone().with("Signature", "HMACSHA256=AAAA"),
            401,
            "the Signature header is not the base64 of a 32-byte HMAC-SHA256 tag",
        ),
        (
            good.clone().with("Request-Id", ""),
            400,
            "the `Request-Id` header is empty or longer than 1024 bytes",
        ),
        (
            {
                let mut w = good.clone();
                w.headers
                    .push(("signature".into(), b"HMACSHA256=x".to_vec()));
                w
            },
            400,
            "the `Signature` header is sent more than once",
        ),
        (
            {
                let mut w = good.clone();
                w.headers.retain(|(n, _)| n != "Client-Id");
                w.headers.push(("Client-Id".into(), vec![0xff, 0xfe]));
                w
            },
            400,
            "the `Client-Id` header is not UTF-8 text",
        ),
        (
            {
                let mut w = good.clone();
                w.method = "GET".into();
                w
            },
            405,
            "method not allowed: DOKU sends notifications with POST",
        ),
        (
            {
                let mut w = good.clone();
                w.path = "/payments/notifications/".into();
                w
            },
            404,
            "no notification is received at this path",
        ),
        (
            good.clone().with("Signature", &{
                let other = Wire::signed("n-1", br#"{"a":1}"#, "SK-other");
                String::from_utf8(other.headers[3].1.clone()).unwrap()
            }),
            401,
            "the signature does not match: the secret key, a header value, the target or the body differs from what was signed",
        ),
    ];
    for (wire, status, reason) in cases {
        let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
        assert_eq!(decision.status(), status, "{wire:?}");
        assert_eq!(decision.reason(), reason);
        assert!(matches!(decision, Decision::Refused(_)));
    }
    assert_eq!(recorder.runs.load(Ordering::SeqCst), 0);
    assert!(
        recorder.persisted.lock().unwrap().is_empty(),
        "nothing refused is persisted"
    );
    // A query string on the path is ignored: the signature covers the configured path.
    let mut wire = good;
    wire.path = format!("{PATH}?source=doku");
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 200, "{}", decision.reason());
}

#[test]
fn a_key_rotation_accepts_both_keys_and_nothing_else() {
    let receiver = Receiver::builder(PATH)
        .key("SK-old")
        .key("SK-new")
        .clock(FixedClock(NOW))
        .build()
        .unwrap();
    let recorder = Recorder::default();
    for (id, key, status) in [
        ("r-1", "SK-old", 200),
        ("r-2", "SK-new", 200),
        ("r-3", "SK-neither", 401),
    ] {
        let wire = Wire::signed(id, b"{}", key);
        let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
        assert_eq!(decision.status(), status, "{key}");
    }
    assert_eq!(
        Receiver::builder(PATH).build().unwrap_err().to_string(),
        "no secret key: add one with `.key(..)`"
    );
}

#[test]
fn freshness_default_spans_dokus_retries_and_is_a_setting() {
    let at = |seconds_ago: i64| {
        let ts = doku_partner_support::clock::format_timestamp(NOW - seconds_ago);
        Wire::signed_at(&format!("f-{seconds_ago}"), &ts, b"{}", KEY)
    };
    let recorder = Recorder::default();
    let receiver = receiver();
    // A retry that keeps the first timestamp: 30 min, 6 h, 12 h late.
    for late in [30 * 60, 6 * 3600, 12 * 3600, 13 * 3600] {
        let decision = block_on(receiver.receive::<Json, _>(&at(late).request(), &recorder));
        assert_eq!(decision.status(), 200, "{late}: {}", decision.reason());
    }
    let decision = block_on(receiver.receive::<Json, _>(&at(13 * 3600 + 1).request(), &recorder));
    assert_eq!(decision.status(), 401);
    assert_eq!(
        decision.reason(),
        "the `Request-Timestamp` is 1 s older than the accepted window"
    );
    let decision = block_on(receiver.receive::<Json, _>(&at(-301).request(), &recorder));
    assert_eq!(
        decision.reason(),
        "the `Request-Timestamp` is 1 s ahead of the accepted window"
    );
    // A five-minute window, as webhook libraries do, refuses the 30-minute retry.
    let strict = Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .freshness(Freshness::Window {
            max_age: Duration::from_secs(300),
            max_ahead: Duration::from_secs(60),
        })
        .build()
        .unwrap();
    let decision = block_on(strict.receive::<Json, _>(&at(30 * 60).request(), &recorder));
    assert!(matches!(
        decision,
        Decision::Refused(Refusal::NotFresh { .. })
    ));
    let unchecked = Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .freshness(Freshness::Unchecked)
        .build()
        .unwrap();
    let decision = block_on(unchecked.receive::<Json, _>(&at(400 * 86400).request(), &recorder));
    assert_eq!(decision.status(), 200);
    // The retention must cover the window, or a replay would pass both checks.
    let err = Receiver::builder(PATH)
        .key(KEY)
        .retention(Duration::from_secs(12 * 3600))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("must be at least the freshness window"),
        "{err}"
    );
}

#[test]
fn exactly_once_per_request_id_and_a_handler_failure_makes_doku_retry() {
    let receiver = receiver();
    let recorder = Recorder::default();
    let wire = Wire::signed("once-1", br#"{"order":{"invoice_number":"INV-1"}}"#, KEY);
    recorder.fail_handle.store(true, Ordering::SeqCst);
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 500);
    assert_eq!(decision.reason(), "the handler failed; retry later");
    assert!(matches!(
        decision,
        Decision::Failed {
            stage: FailedStage::Handle,
            ..
        }
    ));
    // DOKU's retry: the claim was released, the handler runs again and succeeds.
    recorder.fail_handle.store(false, Ordering::SeqCst);
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 200);
    // Later duplicates: 200, nothing runs.
    for _ in 0..3 {
        let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
        assert_eq!(decision.status(), 200);
        assert!(matches!(decision, Decision::Duplicate { .. }));
    }
    assert_eq!(recorder.runs.load(Ordering::SeqCst), 2);
    // Every verified delivery was persisted, byte for byte.
    assert_eq!(recorder.persisted.lock().unwrap().len(), 5);
    assert!(
        recorder
            .persisted
            .lock()
            .unwrap()
            .iter()
            .all(|b| *b == wire.body)
    );
}

#[test]
fn a_persistence_failure_answers_503_and_runs_nothing() {
    let receiver = receiver();
    let recorder = Recorder::default();
    recorder.fail_persist.store(true, Ordering::SeqCst);
    let wire = Wire::signed("p-1", b"{}", KEY);
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 503);
    assert_eq!(recorder.runs.load(Ordering::SeqCst), 0);
    assert!(receiver.store().is_empty(), "no claim was taken");
    recorder.fail_persist.store(false, Ordering::SeqCst);
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 200);
}

#[test]
fn an_unparseable_body_is_kept_raw_and_never_a_5xx() {
    let receiver = receiver();
    let recorder = Recorder::default();
    let body = b"{\"order\": {\"invoice_number\": \"INV-1\"  -- truncated by a proxy";
    let wire = Wire::signed("bad-json", body, KEY);
    let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &recorder));
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let event = decision.into_event().unwrap();
    assert_eq!(event.raw(), body);
    assert!(event.body().is_none());
    assert!(event.undecodable().unwrap().message.contains("line 1"));
    assert_eq!(recorder.persisted.lock().unwrap()[0], body);
}

#[test]
fn the_receiver_expires_ids_after_the_retention() {
    use doku_partner_support::clock::Clock;
    #[derive(Debug)]
    struct Shared(std::sync::Arc<std::sync::atomic::AtomicI64>);
    impl Clock for Shared {
        fn now_unix(&self) -> i64 {
            self.0.load(Ordering::SeqCst)
        }
    }
    let now = std::sync::Arc::new(std::sync::atomic::AtomicI64::new(NOW));
    let receiver = Receiver::builder(PATH)
        .key(KEY)
        .clock(Shared(now.clone()))
        .freshness(Freshness::Unchecked)
        .build()
        .unwrap();
    let recorder = Recorder::default();
    let wire = Wire::signed("ret-1", b"{}", KEY);
    assert_eq!(
        block_on(receiver.receive::<Json, _>(&wire.request(), &recorder)).status(),
        200
    );
    // Kept for the lease plus the retention (24 h) from the claim.
    let kept = (DEFAULT_LEASE + DEFAULT_RETENTION).as_secs() as i64;
    now.fetch_add(kept - 1, Ordering::SeqCst);
    assert!(matches!(
        block_on(receiver.receive::<Json, _>(&wire.request(), &recorder)),
        Decision::Duplicate { .. }
    ));
    now.fetch_add(61, Ordering::SeqCst);
    assert!(matches!(
        block_on(receiver.receive::<Json, _>(&wire.request(), &recorder)),
        Decision::Accepted { .. }
    ));
    assert_eq!(recorder.runs.load(Ordering::SeqCst), 2);
}

#[test]
fn nothing_secret_or_personal_in_debug() {
    let wire = Wire::signed(
        "dbg-1",
        br#"{"customer":{"email":"taufik@example.com"}}"#,
        KEY,
    );
    let request = wire.request();
    let text = format!("{request:?}");
    assert!(
        !text.contains("taufik") && !text.contains("HMACSHA256"),
        "{text}"
    );
    let receiver = receiver();
    let text = format!("{receiver:?}");
    assert!(!text.contains(KEY), "{text}");
    let decision = block_on(receiver.receive::<Json, _>(&request, &Recorder::default()));
    let text = format!("{decision:?}");
    assert!(decision.is_success(), "{text}");
    assert!(
        !text.contains("taufik") && !text.contains("HMACSHA256"),
        "{text}"
    );
    let refusal = Refusal::Signature(SignatureError::Mismatch);
    assert!(!refusal.to_string().contains(CLIENT_ID));
    let _ = notify::payment_body("INV-1", 100);
}
