//! Issue 6, item 5: one Get Business Data call end to end against the local stand-in over
//! loopback, through the generated client and through a bare `reqwest::Client`.
//!
//! - `client_send`: `Client::send(&Request)` (one request value, sent borrowed: the baseline
//!   builds none): validate, fresh UUID v4 `Request-Id` and timestamp, sign, send, read the body, verify the response signature, decode the
//!   10,199-byte PERSONAL sample into the generated `Response`, conformance check (lenient);
//! - `hand_written`: the fair baseline, what a careful engineer writes by hand over the same
//!   reqwest settings as the client (30 s total timeout, 10 s connect timeout, `User-Agent`, no
//!   redirects): per call a fresh UUID v4 `Request-Id` and timestamp, the request signed with
//!   `Components::request(..).sign`, static header names, the status checked, the body read
//!   with `bytes()`, the response signature verified with `Components::response(..).verify`
//!   over the response's `Client-Id`, `Request-Id` and `Response-Timestamp` headers, and the
//!   body decoded with `serde_json::from_slice` into the same generated `Response` (asserted
//!   equal to the client's). No conformance check, no body limit, no tracing, no retries;
//! - `bare_reqwest` (context): `reqwest::Client::new()`-like client (no timeout), a GET to
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
//! `client_send`, `hand_written` (and its twin) and `bare_reqwest_same_config` share one reqwest
//! client, so one connection pool (`ClientBuilder::http_client`; same settings as the client
//! builds for itself): one call at a time, each side then takes the same kept-alive
//! connection, served by the same stand-in task. With a pool per side, each side's connection
//! and server task were placed on the two cores once for the whole process, which biased a
//! run's latency ratio by a few per cent either way, and the A/A control with it (BENCHMARKS.md
//! note 15; `E2E_SEPARATE_POOLS=1` brings that set-up back).
//!
//! Before the timings, the client's own CPU steps (request id and timestamp, signing, response
//! signature verification, decoding, conformance) are each timed alone on the bench thread and
//! printed, as context for the latency gap.
//!
//! Two groups (`client_send` and `hand_written` in both, the bare ones as context):
//!
//! - `e2e/latency`: one call at a time over one kept-alive connection, criterion's median;
//! - `e2e/throughput_64`: a fixed batch of [`BATCH`] calls shared by [`TASKS`] spawned tasks
//!   (each takes the next call from a shared counter), timed with `Instant` inside
//!   `iter_custom`; criterion reports the batch time and, through `Throughput::Elements`,
//!   requests per second. Each task holds one `Arc` of its side (a [`Side`]) and borrows it
//!   per call, so neither side clones anything per call.
//!
//! Criterion runs `client_send` and `hand_written` in turn, several seconds each, so a load
//! that changes between the two (a neighbour's build on the shared machine) becomes part of
//! their ratio. After the groups (under `cargo bench` only, not `cargo test --benches` nor
//! `--profile-time`), three paired measurements alternate the two sides, round by round and
//! with the side that goes first swapped every round, so that a neighbour's burst hits both:
//!
//! - paired batch: 41 rounds of one 64-task batch of 2,000 calls per side, the median of the
//!   per-round ratios of the batch times (and its quartiles), printed as `paired batch`;
//! - paired latency: 201 rounds of 40 one-at-a-time calls per side, the median of the
//!   per-round ratios (and its quartiles), printed as `paired latency`; in the same rounds, the
//!   A/A control: `hand_written` against a twin built the same way, printed as `paired latency
//!   control (A/A)`, which a fair procedure puts at 1.00 in every run;
//! - CPU per call: the process's CPU time (every thread, from `/proc/self/task/*/schedstat`)
//!   over 9 rounds of 5 batches per side, per call; the stand-in's share is the same for both,
//!   so the (signed) difference is what `client_send` costs over the fair baseline.
//!
//! `scripts/batch-ratio.sh` runs the throughput group and these measurements N times and prints
//! their figures side by side.
//!
//! Run: `cargo bench --bench e2e -- --noplot`. Profile one benchmark (instruction counts of the
//! bench thread inside criterion's routine):
//! `valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=criterion::bencher::Bencher<M>::iter'
//! target/release/deps/e2e-* --bench --profile-time 3 e2e/latency/client_send`.

use std::future::Future;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request, Response};
use doku_partner::support::__private::decode::decode;
use doku_partner::support::client::ResponseSignatureCheck;
use doku_partner::support::clock::{
    Clock as _, RequestIdSource as _, SystemClock, UuidV4, format_timestamp,
};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Ans, Components, Conformance as _};
use doku_partner::{Client, Credentials, Environment, SecretKey};
use reqwest::header::{ACCEPT, HeaderMap, HeaderName, HeaderValue};
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

#[path = "support/hand_written.rs"]
mod hand_written;
use hand_written::HandWritten;

use hand_written::CLIENT_ID;
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
    let mut copy: Vec<u8> = Vec::with_capacity(body.len());
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
            "decode (support::__private::decode::decode, serde_path_to_error)",
            median_time(|| decode::<Response>(black_box(body)).unwrap()),
        ),
        (
            // Counted per byte by callgrind (`rep movsb`: 11.4k of the client's instructions
            // over the baseline's, BENCHMARKS.md note 15), timed here for what it costs.
            "copy the body into a reused buffer (one memcpy, as for a body with secrets)",
            median_time(|| {
                copy.clear();
                copy.extend_from_slice(black_box(body));
                copy.len()
            }),
        ),
        (
            "conformance check",
            median_time(|| black_box(&decoded).conformance()),
        ),
        (
            "line-break checks of sign_checked + verify_checked (2 x Components::check)",
            median_time(|| {
                let request = Components::request(
                    black_box(CLIENT_ID),
                    request_id.as_str(),
                    &timestamp,
                    path,
                    None,
                );
                let response = Components::response(
                    black_box(CLIENT_ID),
                    request_id.as_str(),
                    &timestamp,
                    path,
                    Some(body),
                );
                (request.check(), response.check())
            }),
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

/// One side of the throughput measurements: a call that borrows what it needs, so that neither
/// side clones anything per call (each task holds one `Arc` of the side for the whole batch).
trait Side: Send + Sync + 'static {
    /// One call, its result checked.
    fn call(&self) -> impl Future<Output = ()> + Send + '_;
}

/// The generated client with one request, sent borrowed (`Client::send(&Request)`): the
/// baseline builds no request value either.
struct ClientSide {
    client: Client,
    request: Request,
}

impl Side for ClientSide {
    async fn call(&self) {
        self.client.send(&self.request).await.unwrap();
    }
}

impl Side for HandWritten {
    async fn call(&self) {
        HandWritten::call(self).await.unwrap();
    }
}

impl Side for Bare {
    async fn call(&self) {
        Bare::call(self).await.unwrap();
    }
}

/// `BATCH` calls of `side` shared by `TASKS` tasks.
async fn batch<S: Side>(side: Arc<S>) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    for _ in 0..TASKS {
        let (side, next) = (Arc::clone(&side), Arc::clone(&next));
        tasks.spawn(async move {
            while next.fetch_add(1, Relaxed) < BATCH {
                side.call().await;
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("a batch task panicked");
    }
}

fn time_batches<S: Side>(rt: &Runtime, iters: u64, side: &Arc<S>) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let started = Instant::now();
        rt.block_on(batch(Arc::clone(side)));
        total += started.elapsed();
    }
    total
}

/// `cargo bench` (criterion's `--bench`), not `cargo test --benches`, not `--profile-time`.
fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench") && !profiling()
}

/// Under `--profile-time` (e.g. in `valgrind --tool=callgrind`): only the chosen benchmark.
fn profiling() -> bool {
    std::env::args().any(|a| a == "--profile-time")
}

/// The median and quartiles of per-round ratios, sorted in place.
fn ratio_quartiles(ratios: &mut [f64]) -> (f64, f64, f64) {
    ratios.sort_by(f64::total_cmp);
    let n = ratios.len();
    (ratios[n / 2], ratios[n / 4], ratios[3 * n / 4])
}

/// Runs `a` then `b` in even rounds and `b` then `a` in odd ones (so that neither side always
/// follows the other, e.g. into a connection pool or allocator state the other left), returning
/// their times in that round.
fn alternating(
    round: usize,
    mut a: impl FnMut() -> Duration,
    mut b: impl FnMut() -> Duration,
) -> (Duration, Duration) {
    if round.is_multiple_of(2) {
        let ta = a();
        (ta, b())
    } else {
        let tb = b();
        (a(), tb)
    }
}

/// Latency of `client_send` against `hand_written`, and of `hand_written` against an
/// identical twin (the A/A control), measured in the same rounds of 40 one-at-a-time calls per
/// side, the order of the three sides rotated and reversed from round to round (so that a
/// neighbour's burst hits all three), as the medians of the per-round ratios.
///
/// The control shows what the procedure itself adds: two sides doing exactly the same work
/// (the twin is built the same way as `hand_written`, see `twin` in `e2e`) should be at 1.00 in
/// every run; a control that moves from run to run as much as the A/B ratio does says that the
/// A/B ratio's spread is a per-process bias of the set-up, not the client.
fn print_paired_latency(
    mut ours: impl FnMut(),
    mut by_hand: impl FnMut(),
    mut by_hand_twin: impl FnMut(),
) {
    // Many short rounds (8,040 calls per side in all, as 41 rounds of 200 were): the two sides
    // of a pair are then measured milliseconds apart, under the same neighbours, and the median
    // of 201 ratios moves less from run to run than that of 41.
    const ROUNDS: usize = 201;
    const CALLS: u32 = 40;
    fn time(f: &mut dyn FnMut()) -> Duration {
        let started = Instant::now();
        for _ in 0..CALLS {
            f();
        }
        started.elapsed() / CALLS
    }
    // times[side][round]; round 0 warms up and is not counted.
    let mut times: [Vec<Duration>; 3] = Default::default();
    for round in 0..=ROUNDS {
        let mut order = [0usize, 1, 2];
        order.rotate_left(round % 3);
        if (round / 3).is_multiple_of(2) {
            order.reverse();
        }
        let mut this_round = [Duration::ZERO; 3];
        for side in order {
            this_round[side] = match side {
                0 => time(&mut ours),
                1 => time(&mut by_hand),
                _ => time(&mut by_hand_twin),
            };
        }
        if round > 0 {
            for (side, t) in this_round.into_iter().enumerate() {
                times[side].push(t);
            }
        }
    }
    let ratios = |a: usize, b: usize| -> Vec<f64> {
        times[a]
            .iter()
            .zip(&times[b])
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect()
    };
    let (median, q1, q3) = ratio_quartiles(&mut ratios(0, 1));
    let (control, c1, c3) = ratio_quartiles(&mut ratios(2, 1));
    let median_of = |side: usize| {
        let mut v = times[side].clone();
        v.sort();
        v[ROUNDS / 2]
    };
    println!(
        "paired latency ({ROUNDS} alternating rounds of {CALLS} calls, medians): client_send \
         {:.2?}, hand_written {:.2?}, ratio {median:.3} (quartiles {q1:.3}-{q3:.3})",
        median_of(0),
        median_of(1),
    );
    println!(
        "paired latency control (A/A): ratio {control:.3} (quartiles {c1:.3}-{c3:.3}); \
         hand_written_twin {:.2?} against hand_written {:.2?}, same rounds",
        median_of(2),
        median_of(1),
    );
}

/// The 64-task batch time of `client_send` against `hand_written`, measured in alternating
/// rounds of one batch each (so that a neighbour's burst, or the machine's drift between
/// criterion's two groups, hits both sides alike), as the median of the per-round ratios with
/// its quartiles. Criterion times the two sides in separate groups, one after the other, so a
/// load that changes between them shows up in its ratio; this one does not.
fn print_paired_batches<A: Side, B: Side>(rt: &Runtime, ours: &Arc<A>, by_hand: &Arc<B>) {
    const ROUNDS: usize = 41;
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    // Round 0 warms up and is not counted.
    for round in 0..=ROUNDS {
        let (ta, tb) = alternating(
            round,
            || time_batches(rt, 1, ours),
            || time_batches(rt, 1, by_hand),
        );
        if round > 0 {
            a.push(ta);
            b.push(tb);
            ratios.push(ta.as_secs_f64() / tb.as_secs_f64());
        }
    }
    a.sort();
    b.sort();
    let (median, q1, q3) = ratio_quartiles(&mut ratios);
    let per_second = |t: Duration| BATCH as f64 / t.as_secs_f64();
    println!(
        "paired batch ({ROUNDS} alternating rounds of one {BATCH}-call batch per side, {TASKS} \
         tasks, medians): client_send {:.2?} ({:.0} req/s), hand_written {:.2?} ({:.0} req/s), \
         ratio {median:.3} (quartiles {q1:.3}-{q3:.3})",
        a[ROUNDS / 2],
        per_second(a[ROUNDS / 2]),
        b[ROUNDS / 2],
        per_second(b[ROUNDS / 2]),
    );
}

/// CPU time of the whole process so far (every thread: the bench thread, the runtime's workers
/// running the stand-in and the connections), from `/proc/self/task/*/schedstat` (ns on CPU).
/// The stand-in's work is the same for both sides, so the difference per call is ours.
fn process_cpu() -> Duration {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").expect("/proc/self/task") {
        let path = task.expect("task").path().join("schedstat");
        if let Ok(text) = std::fs::read_to_string(path) {
            total += text
                .split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    Duration::from_nanos(total)
}

/// Process CPU per call of `client_send` and `hand_written` in the 64-task batches, measured
/// in alternating rounds (so that both see the same neighbours), and their difference.
fn print_cpu_per_call<A: Side, B: Side>(rt: &Runtime, ours: &Arc<A>, by_hand: &Arc<B>) {
    const ROUNDS: usize = 9;
    const BATCHES: u64 = 5;
    let calls = (BATCHES as usize * BATCH) as u32;
    let cpu_of = |run: &dyn Fn()| {
        let before = process_cpu();
        run();
        (process_cpu() - before) / calls
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (ta, tb) = alternating(
            round,
            || {
                cpu_of(&|| {
                    time_batches(rt, BATCHES, ours);
                })
            },
            || {
                cpu_of(&|| {
                    time_batches(rt, BATCHES, by_hand);
                })
            },
        );
        a.push(ta);
        b.push(tb);
    }
    // Signed, in µs: a round where the client used less CPU counts as such.
    let micros = |d: &Duration| d.as_secs_f64() * 1e6;
    let mut diff: Vec<f64> = a
        .iter()
        .zip(&b)
        .map(|(a, b)| micros(a) - micros(b))
        .collect();
    a.sort();
    b.sort();
    diff.sort_by(f64::total_cmp);
    let median = |v: &[Duration]| v[v.len() / 2];
    println!(
        "cpu per call (process, {TASKS} tasks, median of {ROUNDS} alternating rounds of \
         {calls} calls): client_send {:.2?} (min {:.2?}, max {:.2?}), hand_written {:.2?} \
         (min {:.2?}, max {:.2?}), difference {:+.2}µs (min {:+.2}µs, max {:+.2}µs)",
        median(&a),
        a[0],
        a[ROUNDS - 1],
        median(&b),
        b[0],
        b[ROUNDS - 1],
        diff[ROUNDS / 2],
        diff[0],
        diff[ROUNDS - 1],
    );
}

/// A reqwest client with the generated client's settings (30 s total timeout, 10 s connect
/// timeout, `User-Agent`, no redirects).
fn same_config_http() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(doku_partner::support::client::USER_AGENT)
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

fn e2e(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mock = rt
        .block_on(
            StandIn::builder()
                .client(CLIENT_ID, SECRET)
                .endpoint::<GetBusinessData>()
                .check_idempotency(false)
                .record_requests(false)
                .start(),
        )
        .expect("the stand-in starts");

    // reqwest is built without a default crypto provider (as the client builds it).
    let _ = rustls::crypto::ring::default_provider().install_default();
    // One connection pool for the compared sides (`client_send`, `hand_written`, its twin and
    // `bare_reqwest_same_config`): one at a time, every call then takes the same kept-alive
    // connection, served by the same stand-in task, whichever side makes it. With a pool each,
    // each side had a connection and a server task of its own, placed on the two cores once
    // for the whole process: a bias of a few per cent, fixed for the run, in the A/B ratio
    // and in the A/A control alike (BENCHMARKS.md note 15).
    // `E2E_SEPARATE_POOLS=1` gives each of the three a pool of its own, as before, to see that
    // bias again in the control.
    let separate_pools = std::env::var_os("E2E_SEPARATE_POOLS").is_some_and(|v| v == "1");
    let shared_http = same_config_http();
    let pool = || {
        if separate_pools {
            same_config_http()
        } else {
            shared_http.clone()
        }
    };
    if separate_pools {
        println!("E2E_SEPARATE_POOLS=1: client_send, hand_written and its twin each own a pool");
    }
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .http_client(pool())
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
        http: shared_http.clone(),
        ..bare.clone()
    };
    let hand_written = HandWritten {
        http: pool(),
        url: Arc::clone(&bare.url),
        target: path.clone().into(),
        key: Arc::new(SecretKey::new(SECRET)),
    };

    // Both sides get the same answer, fully checked on ours, or the comparison means nothing.
    let reply = rt.block_on(client.send(&request)).expect("call");
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
    // The A/A control of the paired latency: `hand_written` again, built the same way (over
    // the shared pool, as the two compared sides are).
    let twin = HandWritten {
        http: pool(),
        ..hand_written.clone()
    };
    let by_hand = rt.block_on(hand_written.call()).expect("hand-written call");
    assert_eq!(rt.block_on(twin.call()).expect("twin call"), by_hand);
    assert_eq!(by_hand, reply.data, "both decode the same value");
    assert!(mock.requests().is_empty(), "recording is off");
    if !profiling() {
        print_client_steps(reply.body.as_bytes());
    }

    // Every `client_send` sends the request borrowed (`&Request`), as `per_call.rs` does: the
    // baseline builds no request value, so cloning one per call would be work only one side
    // does.
    let mut group = c.benchmark_group("e2e/latency");
    group.bench_function("client_send", |b| {
        b.iter(|| rt.block_on(client.send(&request)).unwrap())
    });
    group.bench_function("hand_written", |b| {
        b.iter(|| rt.block_on(hand_written.call()).unwrap())
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
    // Each side is shared by the batch's tasks through one `Arc` per task: no side clones
    // anything per call.
    let ours = Arc::new(ClientSide {
        client: client.clone(),
        request: request.clone(),
    });
    let by_hand = Arc::new(hand_written.clone());
    group.bench_function("client_send", |b| {
        b.iter_custom(|iters| time_batches(&rt, iters, &ours))
    });
    group.bench_function("hand_written", |b| {
        b.iter_custom(|iters| time_batches(&rt, iters, &by_hand))
    });
    for (name, baseline) in [
        ("bare_reqwest", &bare),
        ("bare_reqwest_same_config", &bare_same_config),
    ] {
        let side = Arc::new(baseline.clone());
        group.bench_function(name, |b| {
            b.iter_custom(|iters| time_batches(&rt, iters, &side))
        });
    }
    group.finish();
    // Not in `cargo test --benches` (one quick pass of each bench) nor under `--profile-time`.
    if measuring() {
        print_paired_batches(&rt, &ours, &by_hand);
        print_paired_latency(
            || drop(black_box(rt.block_on(client.send(&request)).unwrap())),
            || drop(black_box(rt.block_on(hand_written.call()).unwrap())),
            || drop(black_box(rt.block_on(twin.call()).unwrap())),
        );
        print_cpu_per_call(&rt, &ours, &by_hand);
    }
    drop(mock);
}

criterion_group! {
    name = benches;
    config = config();
    targets = e2e
}
criterion_main!(benches);
