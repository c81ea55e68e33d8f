//! Issue 27: what one Get Business Data call costs, in figures that do not depend on the
//! machine's neighbours: instructions (counted by callgrind, `scripts/instructions-per-call.sh`)
//! and heap allocations (counted here), for `Client::send` and for the fair hand-written
//! baseline of `e2e.rs` (`support/hand_written.rs`), against the local stand-in over loopback.
//!
//! `per_call --mode client|hand_written --calls N` runs N calls to warm up, then N calls inside
//! [`measured`], the function the script tells callgrind to count, and prints the allocations
//! per measured call (every thread: the stand-in's share is the same for both modes, so the
//! difference is the client's). The calls run on the main thread (`block_on`); reqwest's
//! connection task and the stand-in run on the runtime's two workers, which callgrind's
//! toggle does not count, so the instructions are the calling thread's, as in BENCHMARKS row 5.
//!
//! Without `--mode` (as `cargo test --benches` runs it) it makes a few calls of each mode and
//! checks that both get the same `Response`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::stand_in::StandIn;
use doku_partner::{Client, Credentials, Environment, SecretKey};
use tokio::runtime::Runtime;

#[path = "support/hand_written.rs"]
mod hand_written;
use hand_written::{CLIENT_ID, HandWritten};

const SECRET: &str = "SK-test-QzL8v2Yk1";

/// Counts heap allocations (of every thread).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What is called: the generated client, or the hand-written baseline.
enum Side {
    Client(Client, Request),
    HandWritten(HandWritten),
}

impl Side {
    fn call(&self, rt: &Runtime) {
        match self {
            Side::Client(client, request) => {
                let reply = rt.block_on(client.send(request)).expect("client call");
                black_box(reply);
            }
            Side::HandWritten(hand) => {
                let response = rt.block_on(hand.call()).expect("hand-written call");
                black_box(response);
            }
        }
    }
}

/// The calls callgrind counts (`--toggle-collect=per_call::measured`).
#[inline(never)]
fn measured(side: &Side, rt: &Runtime, calls: u64) {
    for _ in 0..calls {
        side.call(rt);
    }
}

fn sides(rt: &Runtime, mock: &StandIn) -> (Side, Side) {
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .expect("client");
    let request = Request::new(CLIENT_ID.parse().expect("client id"), Query::Personal);
    let path = request.path();
    let query = request.query_string().expect("a query");
    let hand = HandWritten {
        http: reqwest::Client::builder()
            .user_agent(doku_partner::support::client::USER_AGENT)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client"),
        url: format!("{}{path}?{query}", mock.base_url()).into(),
        target: path.into(),
        key: Arc::new(SecretKey::new(SECRET)),
    };
    // Both sides get the same answer, or the comparison means nothing.
    let ours = rt
        .block_on(client.send(&request))
        .expect("client call")
        .data;
    let theirs = rt.block_on(hand.call()).expect("hand-written call");
    assert_eq!(ours, theirs);
    (Side::Client(client, request), Side::HandWritten(hand))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
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
    let (client, hand) = sides(&rt, &mock);
    let Some(mode) = value("--mode") else {
        // `cargo test --benches`: a smoke run of both sides.
        measured(&client, &rt, 3);
        measured(&hand, &rt, 3);
        return;
    };
    let calls: u64 = value("--calls").and_then(|n| n.parse().ok()).unwrap_or(200);
    let side = match mode.as_str() {
        "client" => &client,
        "hand_written" => &hand,
        other => panic!("--mode client|hand_written, not {other:?}"),
    };
    // Warm up outside `measured`: connections, caches, the allocator's pools.
    for _ in 0..calls {
        side.call(&rt);
    }
    let before = ALLOCATIONS.load(Relaxed);
    measured(side, &rt, calls);
    let allocations = ALLOCATIONS.load(Relaxed) - before;
    println!(
        "allocations per call: {mode} {:.1}",
        allocations as f64 / calls as f64
    );
}
