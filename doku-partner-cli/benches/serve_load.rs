//! Issue 21: `doku-partner serve` under load on loopback, signed requests per second.
//!
//! The bench starts the real command (`doku-partner serve --port 0`, a process of its own,
//! built with the bench profile) and sends it batches of [`BATCH`] Generate Token requests
//! (POST with a JSON body) from [`TASKS`] concurrent tasks over kept-alive connections. Each
//! request is signed afresh as a client must: a new UUID v4 `Request-Id`, the current
//! `Request-Timestamp`, `Signature` with the `Digest` line; the server runs every door check
//! (headers, timestamp window, Client-Id, signature, Request-Id not used before, route, body
//! against the spec), issues and stores a token, and signs its answer. Each answer's status
//! is checked (200).
//!
//! The baseline, in the same run with the same client and load: a bare axum server (in this
//! process, its own 2-worker runtime) answering the same path with Generate Token's sample
//! and no checks: the floor of loopback HTTP with this client. The ratio is the batch time of
//! `serve` over the baseline's; criterion reports requests/s through `Throughput::Elements`.
//!
//! Run: `cargo bench -p doku-partner-cli --bench serve_load -- --noplot`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use doku_partner_support::SecretKey;
use doku_partner_support::clock::{Clock, RequestId, SystemClock, format_timestamp};
use doku_partner_support::signature::Components;

const CLIENT_ID: &str = "BRN-0001-10791114622570";
const KEY: &str = "SK-serve-load";
const PATH: &str = "/adv-core-api/partner/v1.0/token";
const BODY: &[u8] = br#"{"grant_type":"client_credentials","valid_time":"360"}"#;
/// Requests per timed batch.
const BATCH: usize = 1_000;
/// Concurrent tasks sharing a batch.
const TASKS: usize = 16;

/// The `serve` process, killed (by its own id) when dropped.
struct Serving {
    child: Child,
    base: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Serving {
    let mut child = Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .args(["serve", "--port", "0"])
        .env("DOKU_CLIENT_ID", CLIENT_ID)
        .env("DOKU_SECRET_KEY", KEY)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start doku-partner serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read the address");
    let base = first
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_owned();
    Serving { child, base }
}

/// The baseline: the same path answered with Generate Token's sample, nothing checked.
fn bare_server(rt: &tokio::runtime::Runtime) -> String {
    let app = axum::Router::new().route(
        PATH,
        axum::routing::post(|| async {
            (
                [("content-type", "application/json")],
                r#"{"token":"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjB9.x","expired_in":21600}"#,
            )
        }),
    );
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    rt.spawn(async move { axum::serve(listener, app).await });
    base
}

/// One signed Generate Token request; its status.
async fn send(http: &reqwest::Client, url: &str, key: &SecretKey) -> u16 {
    let request_id = RequestId::new_v4();
    let timestamp = format_timestamp(SystemClock.now_unix());
    let signature =
        Components::request(CLIENT_ID, request_id.as_str(), &timestamp, PATH, Some(BODY)).sign(key);
    let response = http
        .post(url)
        .header("Client-Id", CLIENT_ID)
        .header("Request-Id", request_id.as_str())
        .header("Request-Timestamp", timestamp)
        .header("Signature", signature.as_str())
        .header("Content-Type", "application/json")
        .body(BODY)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    let _ = response.bytes().await.expect("body");
    status
}

/// `iters` batches of [`BATCH`] requests to `url`, [`TASKS`] at a time; the time they took.
fn time_batches(
    rt: &tokio::runtime::Runtime,
    iters: u64,
    http: &reqwest::Client,
    url: &str,
) -> Duration {
    let key = SecretKey::new(KEY);
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let next = Arc::new(AtomicUsize::new(0));
        let start = Instant::now();
        rt.block_on(async {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..TASKS {
                let (http, url, key, next) =
                    (http.clone(), url.to_owned(), key.clone(), Arc::clone(&next));
                tasks.spawn(async move {
                    while next.fetch_add(1, Ordering::Relaxed) < BATCH {
                        let status = send(&http, &url, &key).await;
                        assert_eq!(status, 200, "every signed request is accepted");
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.expect("task");
            }
        });
        total += start.elapsed();
    }
    total
}

fn benches(c: &mut Criterion) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let baseline_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let serving = serve();
    let bare = bare_server(&baseline_rt);
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let serve_url = format!("{}{PATH}", serving.base);
    let bare_url = format!("{bare}{PATH}");

    let mut group = c.benchmark_group("serve_load");
    group
        .throughput(Throughput::Elements(BATCH as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("serve_signed", |b| {
        b.iter_custom(|iters| time_batches(&client_rt, iters, &http, &serve_url));
    });
    group.bench_function("bare_axum", |b| {
        b.iter_custom(|iters| time_batches(&client_rt, iters, &http, &bare_url));
    });
    group.finish();
    drop(serving);
}

criterion_group!(serve_load, benches);
criterion_main!(serve_load);
