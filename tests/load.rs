//! Load and memory: 1,000 calls from 64 tasks through one client, and a response body far over
//! the limit, measured with a counting global allocator. The tests in this file share the
//! allocator, so they take turns.

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::time::Duration;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment, Error};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{LIVE, PEAK};

/// The tests here measure the whole process, so they must not overlap.
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-load-test-key";

async fn setup(limit: usize) -> (StandIn, Client) {
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint_example::<GetBusinessData>("corporate")
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .max_response_bytes(limit)
    .timeout(Duration::from_secs(20))
    .build()
    .unwrap();
    (mock, client)
}

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

#[test]
fn a_thousand_calls_from_64_tasks_through_one_client() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (mock, client) = setup(4 * 1024 * 1024).await;
        // Warm up the pool, then measure the high-water mark of the run itself.
        client.send(request()).await.unwrap();
        mock.clear_requests();
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);

        let mut tasks = Vec::new();
        for task in 0..64 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                let calls = 1000 / 64 + usize::from(task < 1000 % 64);
                let mut ids = Vec::with_capacity(calls);
                for _ in 0..calls {
                    let reply = client.send(request()).await.expect("every call succeeds");
                    assert_eq!(reply.status, 200);
                    ids.push(reply.request_id.as_str().to_owned());
                }
                ids
            }));
        }
        let mut ids = HashSet::new();
        for task in tasks {
            ids.extend(task.await.unwrap());
        }
        assert_eq!(ids.len(), 1000, "1,000 distinct Request-Ids");
        let seen = mock.requests();
        assert_eq!(seen.len(), 1000);
        assert!(seen.iter().all(|r| r.status == 200));
        let server_ids: HashSet<_> = seen
            .iter()
            .map(|r| r.header("Request-Id").unwrap().to_owned())
            .collect();
        assert_eq!(server_ids, ids);

        // 64 calls in flight hold at most 64 responses (~10 KiB of JSON each, plus decoded
        // values) at once; 1,000 recorded requests stay in the stand-in. Far below 64 MiB.
        let grew = PEAK.load(Ordering::Relaxed) - baseline;
        assert!(grew < 64 * 1024 * 1024, "peak heap grew by {grew} bytes");
    });
}

#[test]
fn the_body_limit_holds_without_buffering_the_body() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let limit = 64 * 1024;
        let (mock, client) = setup(limit).await;
        client.send(request()).await.unwrap();
        let baseline = LIVE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);

        let body = 32 * 1024 * 1024;
        mock.push_fault(Fault::HugeBody { bytes: body });
        let err = client.send(request()).await.unwrap_err();
        assert!(
            matches!(err, Error::BodyTooLarge { limit: 65_536, .. }),
            "{err:?}"
        );
        let grew = PEAK.load(Ordering::Relaxed) - baseline;
        assert!(
            grew < 4 * 1024 * 1024,
            "a {body}-byte body raised the heap by {grew} bytes"
        );
        // And the client is still usable.
        client.send(request()).await.unwrap();
    });
}
