//! Retries after DOKU did the work: an attempt that timed out on the way back, then a retry
//! refused as a duplicate, must read "an earlier attempt of this request reached DOKU" with the
//! attempt history, not a bare `HTTP 400 idempotent_request`.

use std::time::{Duration, Instant};

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::error::TransportKind;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-reliability-retries";

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

async fn stand_in() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GetBusinessData>()
        .start()
        .await
        .unwrap()
}

fn retrying(mock: &StandIn, attempts: u32) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .timeout(Duration::from_millis(300))
    .connect_timeout(Duration::from_millis(500))
    .retry(
        RetryPolicy::exponential(attempts)
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(20)),
    )
    .build()
    .unwrap()
}

#[tokio::test]
async fn a_retry_refused_as_a_duplicate_says_an_earlier_attempt_reached_doku() {
    let mock = stand_in().await;
    let client = retrying(&mock, 3);
    mock.push_fault(Fault::WorkThenDelay(Duration::from_secs(2)));
    let started = Instant::now();
    let err = client.send(request()).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded by the timeout"
    );
    let Error::EarlierAttemptReachedDoku {
        attempts,
        history,
        status,
        request_id,
        ..
    } = &err
    else {
        panic!("expected EarlierAttemptReachedDoku, got {err:?}");
    };
    assert_eq!(*attempts, 2);
    assert_eq!(*status, 400);
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].number, 1);
    assert_eq!(history[0].transport, Some(TransportKind::Timeout));
    assert_eq!(history[0].status, None);
    assert_eq!(history[1].status, Some(400));
    assert!(history[0].ended_after <= history[1].ended_after);
    let text = err.to_string();
    assert!(
        text.contains("an earlier attempt of this request reached DOKU"),
        "{text}"
    );
    assert!(
        text.contains("#1 timeout") && text.contains("#2 HTTP 400"),
        "{text}"
    );
    assert_eq!(err.attempts(), Some(2));
    assert_eq!(err.doku_error().unwrap().code, "idempotent_request");
    assert_eq!(err.request_id(), Some(request_id.as_str()));

    // The stand-in did the work on the first attempt, though the client had hung up.
    let seen = mock.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].status, 200, "the first attempt was done");
    assert_eq!(seen[1].status, 400);
    assert_eq!(seen[0].header("Request-Id"), seen[1].header("Request-Id"));
}

#[tokio::test]
async fn a_plain_delay_leaves_the_id_unused_and_the_retry_succeeds() {
    let mock = stand_in().await;
    let client = retrying(&mock, 3);
    mock.push_fault(Fault::Delay(Duration::from_secs(2)));
    let reply = client.send(request()).await.unwrap();
    assert_eq!(reply.attempts, 2);
}

#[tokio::test]
async fn a_reused_request_id_on_the_first_attempt_stays_an_http_error() {
    let mock = stand_in().await;
    let client = retrying(&mock, 3);
    let id: doku_partner::support::clock::RequestId = "reused-id-1".to_owned().try_into().unwrap();
    client
        .send_with_request_id(request(), id.clone())
        .await
        .unwrap();
    let err = client
        .send_with_request_id(request(), id)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Http { status: 400, .. }), "{err:?}");
    assert_eq!(err.doku_error().unwrap().code, "idempotent_request");
}
