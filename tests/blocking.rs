//! The blocking client, from plain threads, against the stand-in running on its own runtime.

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::client::ResponseSignatureCheck;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-blocking-test";

/// The stand-in on a runtime of its own, as a user's test would run it beside sync code.
fn stand_in() -> (tokio::runtime::Runtime, StandIn) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let mock = runtime
        .block_on(
            StandIn::builder()
                .client(CLIENT_ID, SECRET)
                .endpoint::<GetBusinessData>()
                .start(),
        )
        .unwrap();
    (runtime, mock)
}

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

#[test]
fn blocking_calls_from_several_threads() {
    let (_runtime, mock) = stand_in();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build_blocking()
    .unwrap();

    let reply = client.send(request()).unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
    assert_eq!(reply.data.id, "BSN-0104-1678960841263");

    mock.push_fault(Fault::Status {
        status: 503,
        content_type: "text/plain".into(),
        body: "busy".into(),
    });
    let err = client.send(request()).unwrap_err();
    assert_eq!(err.status(), Some(503));

    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..5 {
                    client.send(request()).unwrap();
                }
            });
        }
    });
    assert_eq!(mock.requests().len(), 22);
}

#[test]
fn inside_an_async_runtime_it_refuses_instead_of_stalling() {
    let (runtime, mock) = stand_in();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build_blocking()
    .unwrap();
    let err = runtime
        .block_on(async { client.send(request()) })
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("use the async Client"), "{err}");
    // Dropping it inside a runtime does not panic either.
    runtime.block_on(async move { drop(client) });
}
