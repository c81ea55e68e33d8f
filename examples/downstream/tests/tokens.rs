//! Bearer tokens end to end: an endpoint whose spec asks for one (Register Outlet, as Upload
//! File does) gets it from Generate Token through `GenerateTokenSource`; the client caches it,
//! fetches it once for many concurrent calls, replaces it before it expires, and on a 401
//! that names the token fetches one more and retries once (`token_secrecy.rs`: it never
//! shows).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use doku_partner::support::Endpoint;
use doku_partner::support::clock::{Clock, SystemClock};
use doku_partner::support::stand_in::StandIn;
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment};
use downstream_example::{CreateBusinessLite, GenerateToken, RegisterOutlet, register_outlet};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-downstream-token-test";

/// A clock both sides share, moved by hand.
#[derive(Debug)]
struct ManualClock(AtomicI64);

impl Clock for ManualClock {
    fn now_unix(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock(AtomicI64::new(SystemClock.now_unix())))
}

async fn mock(clock: Arc<ManualClock>) -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GenerateToken>()
        .endpoint::<RegisterOutlet>()
        .endpoint::<CreateBusinessLite>()
        .clock(clock)
        .start()
        .await
        .unwrap()
}

fn client(mock: &StandIn, clock: Arc<ManualClock>, tokens: GenerateTokenSource) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .clock(clock)
    .token_source(tokens)
    .build()
    .unwrap()
}

fn outlet(reference: &str) -> register_outlet::Request {
    let body =
        register_outlet::body::Body::from_json(RegisterOutlet::REQUEST_EXAMPLES[0].1).unwrap();
    register_outlet::Request::new("BRN-1".parse().unwrap(), body, reference.parse().unwrap())
}

fn token_requests(mock: &StandIn) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path == GenerateToken::PATH_TEMPLATE)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_fetch_one_token() {
    let clock = clock();
    let mock = mock(clock.clone()).await;
    let client = client(
        &mock,
        clock,
        GenerateTokenSource::new().valid_for_minutes(60),
    );
    let tasks: Vec<_> = (0..1000)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { client.send(outlet(&format!("REF-{i}"))).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("every call succeeds");
    }
    assert_eq!(mock.tokens_issued(), 1);
    assert_eq!(
        token_requests(&mock),
        1,
        "one Generate Token request for 1,000 calls"
    );
    assert_eq!(mock.requests().len(), 1001);
}

#[tokio::test]
async fn a_token_is_replaced_shortly_before_it_expires() {
    let clock = clock();
    let mock = mock(clock.clone()).await;
    // 10 minutes, replaced 60 s (the default margin) before the JWT's `exp`.
    let client = client(
        &mock,
        clock.clone(),
        GenerateTokenSource::new().valid_for_minutes(10),
    );
    client.send(outlet("REF-1")).await.unwrap();
    clock.0.fetch_add(8 * 60, Ordering::SeqCst);
    client.send(outlet("REF-2")).await.unwrap();
    assert_eq!(
        mock.tokens_issued(),
        1,
        "8 minutes in, the token is still good"
    );
    clock.0.fetch_add(90, Ordering::SeqCst);
    client.send(outlet("REF-3")).await.unwrap();
    assert_eq!(
        mock.tokens_issued(),
        2,
        "30 s before expiry it was replaced"
    );
    // The new token was asked for with the configured lifetime.
    let asks: Vec<_> = mock
        .requests()
        .into_iter()
        .filter(|r| r.path == GenerateToken::PATH_TEMPLATE)
        .map(|r| r.body_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        asks,
        [r#"{"grant_type":"client_credentials","valid_time":"10"}"#; 2]
    );
}

#[tokio::test]
async fn a_refused_token_is_fetched_again_and_the_call_retried_once() {
    let clock = clock();
    let mock = mock(clock.clone()).await;
    let client = client(
        &mock,
        clock,
        GenerateTokenSource::new().valid_for_minutes(60),
    );
    client.send(outlet("REF-1")).await.unwrap();
    // DOKU expires the token early (a rotation, a restart): the client only learns it from
    // the 401.
    mock.expire_tokens();
    let reply = client
        .send(outlet("REF-2"))
        .await
        .expect("retried with a fresh token");
    assert_eq!(reply.attempts, 2);
    assert_eq!(mock.tokens_issued(), 2);
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 201, 401, 200, 201]);
    let seen = mock.requests();
    assert_eq!(
        seen[2].header("Request-Id"),
        seen[4].header("Request-Id"),
        "same Request-Id"
    );
    assert_ne!(
        seen[2].header("Authorization"),
        seen[4].header("Authorization")
    );
}

#[tokio::test]
async fn a_token_issued_to_another_client_is_refused() {
    let clock = clock();
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .client("BRN-0002-00000000000002", "SK-other")
        .endpoint::<GenerateToken>()
        .endpoint::<RegisterOutlet>()
        .clock(clock.clone())
        .start()
        .await
        .unwrap();
    let ours = client(&mock, clock.clone(), GenerateTokenSource::new());
    ours.send(outlet("REF-1")).await.unwrap();
    let token = mock.requests()[1]
        .header("Authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();

    // Another partner presenting our token: refused, even after the one refresh (a fixed
    // token source has nothing better to offer).
    let theirs = Client::builder(
        Credentials::new("BRN-0002-00000000000002", "SK-other"),
        Environment::base_url(mock.base_url()),
    )
    .clock(clock)
    .bearer_token(token)
    .build()
    .unwrap();
    let err = theirs.send(outlet("REF-2")).await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    let doku_partner::support::Error::Http { envelope, .. } = &err else {
        panic!("{err:?}");
    };
    let envelope = envelope.as_deref().unwrap();
    assert_eq!(envelope.code, "invalid_token");
    assert_eq!(envelope.message, "Invalid token");
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [200, 201, 401, 401],
        "one retry, then the refusal"
    );
}
