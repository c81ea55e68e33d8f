//! Memory under hostile responses, measured with a counting global allocator: what a server
//! announces must not be reserved, and what an error keeps is bounded. The tests in this file
//! share the allocator, so they take turns.
//!
//! Hostile servers are raw sockets on 127.0.0.1; every call is bounded by the client's
//! timeout.

use std::sync::atomic::Ordering;
use std::time::Duration;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::error::{ERROR_BODY_CAP, TransportKind};
use doku_partner::support::stand_in::{StandIn, StandInRoute};
use doku_partner::support::{Endpoint as _, HttpMethod};
use doku_partner::{Client, Credentials, Environment, Error};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

/// The tests here measure the whole process, so they must not overlap.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-reliability-memory";

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

/// A server on 127.0.0.1 that answers every request with `head` and `body`, then holds the
/// connection open (without closing) for `hold`. Plain threads: nothing here depends on the
/// client's runtime.
fn raw_server(head: String, body: impl Into<std::sync::Arc<[u8]>>, hold: Duration) -> String {
    let body: std::sync::Arc<[u8]> = body.into();
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(mut socket) = socket else { return };
            let (head, body) = (head.clone(), std::sync::Arc::clone(&body));
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(head.as_bytes());
                let _ = socket.write_all(&body);
                let _ = socket.flush();
                std::thread::sleep(hold);
            });
        }
    });
    format!("http://{addr}")
}

fn client(base_url: String, limit: usize, timeout: Duration) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(base_url),
    )
    .max_response_bytes(limit)
    .timeout(timeout)
    .connect_timeout(Duration::from_secs(2))
    .build()
    .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Issue item 1: a raised limit and one response announcing that much must not reserve it.
#[test]
fn an_announced_content_length_is_not_reserved() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    runtime().block_on(async {
        let gib = 1usize << 30;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {gib}\r\n\r\n"
        );
        let url = raw_server(head, b"{\"id\":".to_vec(), Duration::from_secs(5));
        let client = client(url, gib, Duration::from_millis(400));
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let err = client.send(request()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Transport {
                    kind: TransportKind::Timeout,
                    ..
                }
            ),
            "{err:?}"
        );
        let grew = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
        assert!(
            grew < 1024 * 1024,
            "a 1 GiB Content-Length raised the heap by {grew} bytes"
        );
    });
}

/// Issue item 1, the default limit: 64 stalled responses that each announce 4 MiB hold what
/// arrived (a few bytes each), not 64 × 4 MiB.
#[test]
fn sixty_four_stalled_responses_hold_what_arrived() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    runtime().block_on(async {
        let announced = 4 * 1024 * 1024;
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {announced}\r\n\r\n"
        );
        let url = raw_server(head, b"{\"id\":".to_vec(), Duration::from_secs(5));
        let client = client(url, announced, Duration::from_millis(800));
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let mut calls = Vec::new();
        for _ in 0..64 {
            let client = client.clone();
            calls.push(tokio::spawn(async move { client.send(request()).await }));
        }
        for call in calls {
            let err = call.await.unwrap().unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Transport {
                        kind: TransportKind::Timeout,
                        ..
                    }
                ),
                "{err:?}"
            );
        }
        let grew = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
        // 64 connections (hyper, TLS-less) and their read buffers: well under 16 MiB; the
        // announced lengths alone would be 256 MiB.
        assert!(
            grew < 16 * 1024 * 1024,
            "64 stalled responses raised the heap by {grew} bytes"
        );
    });
}

async fn stand_in(route: StandInRoute) -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .route(route)
        .record_requests(false)
        .start()
        .await
        .unwrap()
}

/// An error body of about `bytes` bytes: DOKU's envelope followed by many small objects (the
/// shape that made serde's `untagged` buffering cost ten times the body).
fn big_error_body(bytes: usize) -> String {
    let mut body = String::from(
        r#"{"error":{"code":"internal_error","message":"boom","type":"api_error"},"details":["#,
    );
    let mut i = 0u64;
    while body.len() < bytes {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"k":{i},"v":"x"}}"#));
        i += 1;
    }
    body.push_str("]}");
    body
}

/// Issue item 5: a 3.5 MB error body peaked at 35 MiB of heap. Now the call holds the body
/// (its buffer, at most the 4 MiB limit) and little else, and the error keeps 64 KiB of it.
#[test]
fn an_error_body_costs_about_its_size_and_the_error_keeps_a_capped_prefix() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    runtime().block_on(async {
        // A raw server holding one copy of the body for the whole test, so that only the
        // client's allocations move the counters.
        let body = big_error_body(3_500_000);
        let size = body.len();
        let head = format!(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n"
        );
        let url = raw_server(head, body.into_bytes(), Duration::from_secs(5));
        let limit = 4 * 1024 * 1024;
        let client = client(url, limit, Duration::from_secs(20));
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let err = client.send(request()).await.unwrap_err();
        let grew = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
        assert_eq!(err.status(), Some(500));
        assert_eq!(err.doku_error().unwrap().code, "internal_error");
        let raw = err.body().unwrap();
        assert_eq!(raw.len(), ERROR_BODY_CAP);
        assert_eq!(raw.received_len(), size);
        assert!(raw.is_truncated());
        // What the error itself holds: the heap it gives back when dropped.
        let with_error = LIVE.load(Ordering::Relaxed);
        drop(err);
        let kept = with_error.saturating_sub(LIVE.load(Ordering::Relaxed));
        eprintln!("a {size}-byte error body: peak +{grew} bytes, the error holds {kept} bytes");
        // The client's buffer (at most the 4 MiB limit) and hyper's read buffers; the old
        // `untagged` envelope parse alone cost ten times the body.
        assert!(
            grew < limit + limit / 2,
            "a {size}-byte error body raised the heap by {grew} bytes"
        );
        assert!(
            kept <= ERROR_BODY_CAP + 1024,
            "the error holds {kept} bytes"
        );
    });
}

/// Measures what a *successful* call of a large body costs (the decoded value of the
/// generated types), to document it in SECURITY.md; the bound asserted is the documented one.
#[test]
fn a_large_success_costs_a_bounded_multiple_of_its_body() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    runtime().block_on(async {
        let mut sample: serde_json::Value =
            serde_json::from_str(GetBusinessData::EXAMPLES[0].1).unwrap();
        let brands = sample["brands"].as_array().cloned().unwrap_or_default();
        let one = brands.first().cloned().unwrap_or(serde_json::json!({}));
        let mut many = Vec::new();
        let mut text = serde_json::to_string(&sample).unwrap();
        while text.len() < 3_000_000 {
            for _ in 0..200 {
                many.push(one.clone());
            }
            sample["brands"] = serde_json::Value::Array(many.clone());
            text = serde_json::to_string(&sample).unwrap();
        }
        drop(many);
        let size = text.len();
        let route = StandInRoute::new(
            HttpMethod::Get,
            "/adv-core-api/partner/v1.0/business/{client_id}",
            text,
        );
        let mock = stand_in(route).await;
        let limit = 4 * 1024 * 1024;
        let client = client(mock.base_url(), limit, Duration::from_secs(20));
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let reply = client.send(request()).await.unwrap();
        let grew = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
        eprintln!(
            "a {size}-byte success: peak +{grew} bytes ({:.1}x the body)",
            grew as f64 / size as f64
        );
        assert_eq!(reply.body.len(), size);
        // This includes the stand-in's copy of the body (one body size, in this process).
        assert!(
            grew < SUCCESS_FACTOR * size,
            "a {size}-byte success raised the heap by {grew} bytes"
        );
    });
}

/// The documented bound of a successful call's peak heap, in multiples of the body (measured:
/// 4.2, the stand-in's copy included).
const SUCCESS_FACTOR: usize = 6;
