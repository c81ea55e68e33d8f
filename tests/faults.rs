//! Faults over loopback, retries, and secrets: every failure maps to the right error variant,
//! keeps the raw body where there is one, leaves the client usable, and never shows the key.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::clock::{Clock, parse_timestamp};
use doku_partner::support::error::TransportKind;
use doku_partner::support::signature::Components;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-fault-test-Wq9xP3mZ";

async fn stand_in() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GetBusinessData>()
        .start()
        .await
        .expect("the stand-in starts")
}

fn builder(base_url: String) -> doku_partner::support::ClientBuilder {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(base_url),
    )
    // Short enough for the hang cases to end quickly, long enough that a loaded machine still
    // reads a good answer (or the 256 KiB of an oversized one) in time: these tests are about
    // how each fault maps to an error, not about speed.
    .timeout(Duration::from_secs(2))
    .connect_timeout(Duration::from_secs(2))
}

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "the secret key leaked: {text}");
    assert!(
        !text.contains("Wq9xP3mZ"),
        "part of the secret key leaked: {text}"
    );
}

/// After a fault, the same client must still work.
async fn assert_usable(client: &Client) {
    let reply = client
        .send(request())
        .await
        .expect("the next call succeeds");
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = builder(format!("http://127.0.0.1:{port}")).build().unwrap();
    let err = client.send(request()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("cannot connect"), "{err}");
    assert!(err.request_id().is_some());
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn each_fault_maps_to_its_error_and_the_client_stays_usable() {
    let mock = stand_in().await;
    let client = builder(mock.base_url())
        .max_response_bytes(256 * 1024)
        .build()
        .unwrap();

    // Reset mid-body.
    mock.push_fault(Fault::ResetMidBody);
    let err = client.send(request()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Interrupted,
                ..
            }
        ),
        "{err:?}"
    );
    assert_usable(&client).await;

    // A server that never answers, and one that stops after the headers.
    for fault in [Fault::Hang, Fault::HeadersThenSilence] {
        mock.push_fault(fault.clone());
        let started = Instant::now();
        let err = client.send(request()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::Transport {
                    kind: TransportKind::Timeout,
                    ..
                }
            ),
            "{fault:?}: {err:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_usable(&client).await;
    }

    // 500 with an HTML body: no envelope, the body kept.
    mock.push_fault(Fault::Status {
        status: 500,
        content_type: "text/html".into(),
        body: "<html><body><h1>500 Internal Server Error</h1></body></html>".into(),
    });
    let err = client.send(request()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.doku_error().is_none());
    assert!(err.body().unwrap().text().contains("<h1>500"), "{err:?}");
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert_usable(&client).await;

    // 401 with DOKU's envelope.
    mock.push_fault(Fault::Status {
        status: 401,
        content_type: "application/json".into(),
        body: r#"{"error":{"code":"invalid_signature","message":"Invalid Header Signature","type":"invalid_request_error"}}"#.into(),
    });
    let err = client.send(request()).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.doku_error().unwrap().message,
        "Invalid Header Signature"
    );
    assert_usable(&client).await;

    // 200 with truncated JSON: a decode error with a path and the raw body.
    mock.push_fault(Fault::TruncatedJson);
    let err = client.send(request()).await.unwrap_err();
    let Error::Decode { path, body, .. } = &err else {
        panic!("expected Decode, got {err:?}");
    };
    assert!(!path.is_empty());
    assert!(body.len() > 100, "the truncated body is kept");
    assert!(err.to_string().contains("cannot decode"), "{err}");
    assert_usable(&client).await;

    // 200 with a body over the limit.
    mock.push_fault(Fault::HugeBody {
        bytes: 8 * 1024 * 1024,
    });
    let err = client.send(request()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: 262_144,
                status: 200,
                ..
            }
        ),
        "{err:?}"
    );
    assert_usable(&client).await;

    // A response whose signature does not match.
    mock.push_fault(Fault::WrongSignature);
    let err = client.send(request()).await.unwrap_err();
    assert!(matches!(err, Error::ResponseSignature { .. }), "{err:?}");
    assert_usable(&client).await;

    assert_no_secret(&format!("{client:?}"));
}

#[tokio::test]
async fn decode_errors_name_the_failing_field() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .route(doku_partner::support::stand_in::StandInRoute::new(
            doku_partner::support::HttpMethod::Get,
            "/adv-core-api/partner/v1.0/business/{client_id}",
            r#"{"id":"BSN-1","brands":[{"id":"B-1","status":{"unexpected":"object"}}]}"#,
        ))
        .start()
        .await
        .unwrap();
    let client = builder(mock.base_url()).build().unwrap();
    let err = client.send(request()).await.unwrap_err();
    let Error::Decode { path, .. } = &err else {
        panic!("expected Decode, got {err:?}");
    };
    assert!(path.starts_with("brands[0]"), "{path}");
}

/// A clock that moves one second per reading, so each attempt gets a fresh timestamp.
#[derive(Debug)]
struct SteppingClock(AtomicI64);

impl Clock for SteppingClock {
    fn now_unix(&self) -> i64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

fn retrying(mock: &StandIn, attempts: u32) -> Client {
    let start = parse_timestamp("2026-11-24T10:00:00Z").unwrap();
    builder(mock.base_url())
        .clock(Arc::new(SteppingClock(AtomicI64::new(start))))
        .retry(
            RetryPolicy::exponential(attempts)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(40)),
        )
        .build()
        .unwrap()
}

async fn stand_in_at_clock() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GetBusinessData>()
        .clock(Arc::new(doku_partner::support::clock::FixedClock(
            parse_timestamp("2026-11-24T10:00:00Z").unwrap(),
        )))
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn retries_resend_the_same_request_id_with_fresh_signatures() {
    let mock = stand_in_at_clock().await;
    let client = retrying(&mock, 4);
    for status in [503, 502] {
        mock.push_fault(Fault::Status {
            status,
            content_type: "text/plain".into(),
            body: "busy".into(),
        });
    }
    let reply = client.send(request()).await.unwrap();
    assert_eq!(reply.attempts, 3);

    let seen = mock.requests();
    assert_eq!(
        seen.iter().map(|r| r.status).collect::<Vec<_>>(),
        [503, 502, 200]
    );
    let ids: Vec<_> = seen
        .iter()
        .map(|r| r.header("Request-Id").unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| *id == reply.request_id.as_str()),
        "{ids:?}"
    );
    let stamps: Vec<_> = seen
        .iter()
        .map(|r| r.header("Request-Timestamp").unwrap())
        .collect();
    assert_eq!(
        stamps,
        [
            "2026-11-24T10:00:00Z",
            "2026-11-24T10:00:01Z",
            "2026-11-24T10:00:02Z"
        ]
    );
    for r in &seen {
        assert_eq!(r.body, b"");
        Components::request(
            CLIENT_ID,
            reply.request_id.as_str(),
            r.header("Request-Timestamp").unwrap(),
            &r.path,
            None,
        )
        .verify(&SECRET.into(), r.header("Signature").unwrap())
        .expect("each attempt is signed for its own timestamp");
    }
    let signatures: std::collections::HashSet<_> = seen
        .iter()
        .map(|r| r.header("Signature").unwrap())
        .collect();
    assert_eq!(signatures.len(), 3);
}

#[tokio::test]
async fn timeouts_are_retried_and_4xx_never_is() {
    let mock = stand_in_at_clock().await;
    let client = retrying(&mock, 3);

    mock.push_fault(Fault::Hang);
    let reply = client.send(request()).await.unwrap();
    assert_eq!(reply.attempts, 2);
    mock.clear_requests();

    mock.push_fault(Fault::Status {
        status: 400,
        content_type: "application/json".into(),
        body: r#"{"error":{"code":"invalid_header_request","message":"Header Client-Id is required","type":"invalid_request_error"}}"#.into(),
    });
    let err = client.send(request()).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(mock.requests().len(), 1, "a 4xx is final");
    mock.clear_requests();

    // The attempt cap holds.
    for _ in 0..5 {
        mock.push_fault(Fault::Status {
            status: 503,
            content_type: "text/plain".into(),
            body: "down".into(),
        });
    }
    let err = client.send(request()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.body().unwrap().text(), "down");
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn retries_stop_at_the_time_budget() {
    let mock = stand_in_at_clock().await;
    let client = builder(mock.base_url())
        .clock(Arc::new(SteppingClock(AtomicI64::new(
            parse_timestamp("2026-11-24T10:00:00Z").unwrap(),
        ))))
        .retry(
            RetryPolicy::exponential(10)
                .with_initial_backoff(Duration::from_millis(100))
                .with_max_backoff(Duration::from_millis(100))
                .with_max_elapsed(Duration::from_millis(250)),
        )
        .build()
        .unwrap();
    for _ in 0..10 {
        mock.push_fault(Fault::Status {
            status: 504,
            content_type: "text/plain".into(),
            body: "gateway timeout".into(),
        });
    }
    let started = Instant::now();
    let err = client.send(request()).await.unwrap_err();
    assert_eq!(err.status(), Some(504));
    let attempts = mock.requests().len();
    assert!((2..=6).contains(&attempts), "{attempts} attempts");
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A `tracing` writer that collects everything into a string.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_secret_never_shows_in_debug_display_errors_or_traces() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);

    let mock = stand_in().await;
    let credentials = Credentials::new(CLIENT_ID, SECRET);
    let client = builder(mock.base_url()).build().unwrap();
    let mut shown = vec![
        format!("{credentials:?}"),
        format!(
            "{:?} {}",
            credentials.secret_key(),
            credentials.secret_key()
        ),
        format!("{client:?}"),
    ];

    // A failed call of each kind, and a good one.
    let wrong_key = Client::builder(
        Credentials::new(CLIENT_ID, format!("{SECRET}-rotated")),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let err = wrong_key.send(request()).await.unwrap_err();
    shown.push(format!("{err} {err:?}"));
    mock.push_fault(Fault::WrongSignature);
    let err = client.send(request()).await.unwrap_err();
    shown.push(format!("{err} {err:?}"));
    mock.push_fault(Fault::Hang);
    let err = client.send(request()).await.unwrap_err();
    shown.push(format!("{err} {err:?}"));
    let reply = client.send(request()).await.unwrap();
    shown.push(format!("{reply:?}"));

    let traces = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        traces.contains("doku_partner.call") && traces.contains("get_business_data"),
        "the call is traced: {traces}"
    );
    assert!(traces.contains(reply.request_id.as_str()), "{traces}");
    shown.push(traces.clone());
    for text in &shown {
        assert_no_secret(text);
    }
    // Nor the signatures that were sent (each is a credential until its timestamp expires).
    for r in mock.requests() {
        let signature = r.header("Signature").unwrap();
        let tag = signature.trim_start_matches("HMACSHA256=");
        assert!(!traces.contains(tag), "a signature leaked into the traces");
    }
}
