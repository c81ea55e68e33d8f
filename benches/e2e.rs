//! Issue 6, item 5: one Get Business Data call end to end against the local stand-in over
//! loopback, through the generated client and through a bare `reqwest::Client`.
//!
//! - `client_send`: `Client::send(Request)`: validate, fresh UUID v4 `Request-Id` and
//!   timestamp, sign, send, read the body, verify the response signature, decode the
//!   10,199-byte PERSONAL sample into the generated `Response`, conformance check (lenient);
//! - `bare_reqwest`: the baseline: `reqwest::Client::new()`-like client (no timeout), a GET to
//!   the same URL with one precomputed, signed header set (`Client-Id`, `Request-Id`,
//!   `Request-Timestamp`, `Signature`, `Accept`), the body read to `Bytes`, nothing else;
//! - `bare_reqwest_then_decode` (context): the baseline plus `serde_json::from_slice` into the
//!   generated `Response`, the least any caller does with the body;
//! - `bare_reqwest_same_config` (context): the same with the client's reqwest settings (30 s
//!   total timeout, 10 s connect timeout, `User-Agent`, no redirects), to separate the cost
//!   of reqwest's per-request timer from the client's own work.
//!
//! The stand-in is started with `check_idempotency(false)` (so the baseline can replay its one
//! signed header set) and `record_requests(false)` (so memory does not grow); it still checks
//! the headers, the timestamp and the request signature, and signs every response, so the
//! server does the same work for both sides. Everything runs on one multi-thread Tokio runtime
//! built here (2 workers on the 2-core bench machine): the stand-in's connection tasks on the
//! workers, each latency sample's call on the bench thread (`block_on`).
//!
//! Before the timings, the client's own CPU steps (request id and timestamp, signing, response
//! signature verification, decoding, conformance) are each timed alone on the bench thread and
//! printed, as context for the latency gap.
//!
//! Two groups:
//!
//! - `e2e/latency`: one call at a time over one kept-alive connection, criterion's median;
//! - `e2e/throughput_64`: a fixed batch of [`BATCH`] calls shared by [`TASKS`] spawned tasks
//!   (each takes the next call from a shared counter), timed with `Instant` inside
//!   `iter_custom`; criterion reports the batch time and, through `Throughput::Elements`,
//!   requests per second.
//!
//! Run: `cargo bench --bench e2e -- --noplot`

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request, Response};
use doku_partner::runtime::client::ResponseSignatureCheck;
use doku_partner::runtime::clock::{
    Clock as _, RequestIdSource as _, SystemClock, UuidV4, format_timestamp,
};
use doku_partner::runtime::decode::decode;
use doku_partner::runtime::mock::MockDoku;
use doku_partner::runtime::{Ans, Components, Conformance as _};
use doku_partner::{Client, Credentials, Environment, SecretKey};
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-test-QzL8v2Yk1";
/// The baseline's one Request-Id, replayed (the stand-in's idempotency check is off).
const BASELINE_REQUEST_ID: &str = "3f6c1a52-8e0b-4c71-9d2e-5b7a4f0c9e18";

/// Concurrent tasks of the throughput group.
const TASKS: usize = 64;
/// Calls per throughput measurement.
const BATCH: usize = 2_000;

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
}

/// The baseline: a reqwest GET with precomputed headers, body read to bytes.
#[derive(Clone)]
struct Bare {
    http: reqwest::Client,
    url: Arc<str>,
    headers: HeaderMap,
}

impl Bare {
    async fn call(&self) -> reqwest::Result<usize> {
        let response = self
            .http
            .get(&*self.url)
            .headers(self.headers.clone())
            .send()
            .await?;
        let body = response.bytes().await?;
        Ok(body.len())
    }

    /// The baseline plus what any caller must do with the body: decode it into the generated
    /// `Response` with plain `serde_json` (no signature check, no conformance).
    async fn call_and_decode(&self) -> reqwest::Result<Response> {
        let response = self
            .http
            .get(&*self.url)
            .headers(self.headers.clone())
            .send()
            .await?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body).expect("the sample decodes"))
    }
}

/// Time of one call of `f`: the median of 21 rounds of 200 calls (after one round to warm
/// up), so that a neighbour's burst on the shared machine does not skew it.
fn median_time<T>(mut f: impl FnMut() -> T) -> Duration {
    const CALLS: u32 = 200;
    let mut rounds: Vec<Duration> = (0..22)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..CALLS {
                black_box(f());
            }
            started.elapsed() / CALLS
        })
        .skip(1)
        .collect();
    rounds.sort();
    rounds[rounds.len() / 2]
}

/// The CPU work `Client::send` does besides HTTP, each step timed alone on the bench thread
/// (printed before the timings, as context for the latency gap).
fn print_client_steps(body: &[u8]) {
    let key = SecretKey::new(SECRET);
    let path = "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263";
    let timestamp = format_timestamp(SystemClock.now_unix());
    let source = UuidV4;
    let request_id = source.next_id();
    let response_signature =
        Components::response(CLIENT_ID, request_id.as_str(), &timestamp, path, Some(body))
            .sign(&key);
    let decoded: Response = decode(body).expect("decodes");
    let steps = [
        (
            "request id (UUID v4) + timestamp",
            median_time(|| (source.next_id(), format_timestamp(SystemClock.now_unix()))),
        ),
        (
            "sign the request (GET)",
            median_time(|| {
                Components::request(CLIENT_ID, request_id.as_str(), &timestamp, path, None)
                    .sign(&key)
            }),
        ),
        (
            "verify the response signature (SHA-256 of the body + HMAC)",
            median_time(|| {
                Components::response(CLIENT_ID, request_id.as_str(), &timestamp, path, Some(body))
                    .verify(&key, response_signature.as_str())
            }),
        ),
        (
            "decode (runtime::decode::decode, serde_path_to_error)",
            median_time(|| decode::<Response>(black_box(body)).unwrap()),
        ),
        (
            "conformance check",
            median_time(|| black_box(&decoded).conformance()),
        ),
    ];
    let mut total = Duration::ZERO;
    for (step, time) in steps {
        println!("client step: {step}: {time:.2?}");
        total += time;
    }
    println!("client steps, sum: {total:.2?}");
    println!(
        "context: decode with plain serde_json::from_slice: {:.2?}",
        median_time(|| serde_json::from_slice::<Response>(black_box(body)).unwrap())
    );
}

/// `BATCH` calls of `call` shared by `TASKS` tasks.
async fn batch<F, Fut>(call: Arc<F>)
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..TASKS {
        let (call, next) = (Arc::clone(&call), Arc::clone(&next));
        tasks.spawn(async move {
            while next.fetch_add(1, Relaxed) < BATCH {
                call().await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a batch task panicked");
    }
}

fn time_batches<F, Fut>(rt: &Runtime, iters: u64, call: &Arc<F>) -> Duration
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        rt.block_on(batch(Arc::clone(call)));
        total += started.elapsed();
    }
    total
}

fn e2e(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mock = rt
        .block_on(
            MockDoku::builder()
                .client(CLIENT_ID, SECRET)
                .endpoint::<GetBusinessData>()
                .check_idempotency(false)
                .record_requests(false)
                .start(),
        )
        .expect("the stand-in starts");

    // Built first: `build` installs rustls' ring provider, which the bare reqwest clients
    // (built without a default provider) need too.
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .expect("client");
    let client_id: Ans<50> = CLIENT_ID.parse().expect("client id");
    let request = Request::new(client_id, Query::Personal);

    // The baseline's URL and one signed header set, computed once.
    let path = request.path();
    let url = match request.query_string() {
        Some(query) => format!("{}{path}?{query}", mock.base_url()),
        None => format!("{}{path}", mock.base_url()),
    };
    let timestamp = format_timestamp(SystemClock.now_unix());
    let signature = Components::request(CLIENT_ID, BASELINE_REQUEST_ID, &timestamp, &path, None)
        .sign(&SecretKey::new(SECRET));
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("client-id", CLIENT_ID),
        ("request-id", BASELINE_REQUEST_ID),
        ("request-timestamp", &timestamp),
        ("signature", signature.as_str()),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let bare = Bare {
        http: reqwest::Client::builder().build().expect("reqwest client"),
        url: url.into(),
        headers,
    };
    let bare_same_config = Bare {
        http: reqwest::Client::builder()
            .user_agent(doku_partner::runtime::client::USER_AGENT)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client"),
        ..bare.clone()
    };

    // Both sides get the same answer, fully checked on ours, or the comparison means nothing.
    let reply = rt.block_on(client.send(request.clone())).expect("call");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
    assert_eq!(reply.data.id, "BSN-0104-1678960841263");
    assert!(!reply.conformance.is_clean(), "the sample has findings");
    for baseline in [&bare, &bare_same_config] {
        let (status, body) = rt.block_on(async {
            let response = baseline
                .http
                .get(&*baseline.url)
                .headers(baseline.headers.clone())
                .send()
                .await
                .expect("baseline call");
            (
                response.status(),
                response.bytes().await.expect("baseline body"),
            )
        });
        assert_eq!(status, 200);
        assert_eq!(&body[..], reply.body.as_bytes());
        // Replaying the header set works (idempotency check off).
        rt.block_on(baseline.call()).expect("replayed call");
    }
    assert!(mock.requests().is_empty(), "recording is off");
    print_client_steps(reply.body.as_bytes());

    let mut group = c.benchmark_group("e2e/latency");
    group.bench_function("client_send", |b| {
        b.iter(|| rt.block_on(client.send(request.clone())).unwrap())
    });
    group.bench_function("bare_reqwest", |b| {
        b.iter(|| rt.block_on(bare.call()).unwrap())
    });
    group.bench_function("bare_reqwest_same_config", |b| {
        b.iter(|| rt.block_on(bare_same_config.call()).unwrap())
    });
    group.bench_function("bare_reqwest_then_decode", |b| {
        b.iter(|| rt.block_on(bare.call_and_decode()).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group(format!("e2e/throughput_{TASKS}"));
    group
        .throughput(Throughput::Elements(BATCH as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    let ours = Arc::new({
        let (client, request) = (client.clone(), request.clone());
        move || {
            let (client, request) = (client.clone(), request.clone());
            async move {
                client.send(request).await.unwrap();
            }
        }
    });
    group.bench_function("client_send", |b| {
        b.iter_custom(|iters| time_batches(&rt, iters, &ours))
    });
    for (name, baseline) in [
        ("bare_reqwest", &bare),
        ("bare_reqwest_same_config", &bare_same_config),
    ] {
        let call = Arc::new({
            let baseline = Arc::new(baseline.clone());
            move || {
                let baseline = Arc::clone(&baseline);
                async move {
                    baseline.call().await.unwrap();
                }
            }
        });
        group.bench_function(name, |b| {
            b.iter_custom(|iters| time_batches(&rt, iters, &call))
        });
    }
    group.finish();
    drop(mock);
}

criterion_group! {
    name = benches;
    config = config();
    targets = e2e
}
criterion_main!(benches);
