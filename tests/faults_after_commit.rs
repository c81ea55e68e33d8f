//! DOKU's failures on either side of its commit, against the stateful stand-in with the real
//! client over 127.0.0.1: after "commit, then reset / hang / 502" the business is stored
//! exactly once and a retry with the same Request-Id is refused as a duplicate; after "502
//! before commit" nothing is stored and the retry registers it; DOKU's `idempotent_request` and
//! `request_time_out_of_range` on demand.

use std::time::Duration;

use doku_partner::endpoints::create_business_lite::{self, body as lite};
use doku_partner::endpoints::get_business_data;
use doku_partner::stand_in::PartnerStandIn;
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::error::TransportKind;
use doku_partner::support::stand_in::{Fault, Refusal};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0001-10791114622548";
const SECRET: &str = "SK-faults-after-commit";

fn client(stand_in: &PartnerStandIn, retry: RetryPolicy) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .bearer_token("unused-by-these-endpoints")
    .timeout(Duration::from_millis(400))
    .retry(retry)
    .build()
    .unwrap()
}

fn retries() -> RetryPolicy {
    RetryPolicy::exponential(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_elapsed(Duration::from_secs(5))
}

fn registration(partner_ref_id: &str) -> create_business_lite::Request {
    create_business_lite::Request::from(lite::Body::new(
        lite::Business::new(
            partner_ref_id,
            "Toko Sekali Saja",
            lite::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
        ),
        lite::InvitedUser::new("ani@example.com"),
    ))
}

/// What Get Business Data finds for `partner_ref_id`'s brand: the business's name.
async fn business_name(stand_in: &PartnerStandIn, client: &Client, partner_ref_id: &str) -> String {
    let brand_id = stand_in
        .brand_id_of(partner_ref_id)
        .expect("the business is stored");
    client
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .expect("Get Business Data finds it")
        .data
        .name
}

fn assert_earlier_attempt_reached_doku(
    err: &Error,
    first: Option<TransportKind>,
    status: Option<u16>,
) {
    let Error::EarlierAttemptReachedDoku {
        history, envelope, ..
    } = err
    else {
        panic!("expected EarlierAttemptReachedDoku, got {err:?}");
    };
    assert_eq!(envelope.code, "idempotent_request");
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(history[0].transport, first, "{history:?}");
    assert_eq!(history[0].status, status, "{history:?}");
}

#[tokio::test]
async fn commit_then_reset_stores_once_and_the_retry_is_a_duplicate() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    // Without retries: an unknown outcome (its cause a transport error), yet the business is
    // there.
    stand_in.server().push_fault(Fault::CommitThenReset);
    let no_retry = client(&stand_in, RetryPolicy::none());
    let err = no_retry
        .send(registration("ref-reset-1"))
        .await
        .unwrap_err();
    let Error::UnknownOutcome { cause, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(matches!(**cause, Error::Transport { .. }), "{err:?}");
    assert_eq!(stand_in.businesses(), 1);
    assert_eq!(
        business_name(&stand_in, &no_retry, "ref-reset-1").await,
        "Toko Sekali Saja"
    );

    // With retries: the same Request-Id again is DOKU's duplicate, and still one business.
    stand_in.server().push_fault(Fault::CommitThenReset);
    let err = client(&stand_in, retries())
        .send(registration("ref-reset-2"))
        .await
        .unwrap_err();
    let kind = transport_kind(&err);
    assert_ne!(
        kind,
        TransportKind::Timeout,
        "a reset is not a timeout: {err:?}"
    );
    assert_earlier_attempt_reached_doku(&err, Some(kind), None);
    assert_eq!(stand_in.businesses(), 2);
    assert!(stand_in.brand_id_of("ref-reset-2").is_some());
}

fn transport_kind(err: &Error) -> TransportKind {
    match err {
        Error::EarlierAttemptReachedDoku { history, .. } => history[0]
            .transport
            .expect("the first attempt failed in transport"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn commit_then_hang_times_out_after_storing() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    stand_in.server().push_fault(Fault::CommitThenHang);
    let err = client(&stand_in, retries())
        .send(registration("ref-hang"))
        .await
        .unwrap_err();
    assert_earlier_attempt_reached_doku(&err, Some(TransportKind::Timeout), None);
    assert_eq!(stand_in.businesses(), 1);
    assert_eq!(
        business_name(
            &stand_in,
            &client(&stand_in, RetryPolicy::none()),
            "ref-hang"
        )
        .await,
        "Toko Sekali Saja"
    );
}

#[tokio::test]
async fn bad_gateway_after_commit_stores_once() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    stand_in
        .server()
        .push_fault(Fault::bad_gateway_after_commit());
    let err = client(&stand_in, retries())
        .send(registration("ref-502-after"))
        .await
        .unwrap_err();
    assert_earlier_attempt_reached_doku(&err, None, Some(502));
    assert_eq!(stand_in.businesses(), 1);
    assert!(stand_in.brand_id_of("ref-502-after").is_some());
}

#[tokio::test]
async fn bad_gateway_before_commit_stores_nothing_and_the_retry_registers() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    stand_in.server().push_fault(Fault::bad_gateway());
    let err = client(&stand_in, RetryPolicy::none())
        .send(registration("ref-502-before"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502), "{err:?}");
    assert_eq!(stand_in.businesses(), 0, "nothing stored before the commit");

    stand_in.server().push_fault(Fault::bad_gateway());
    let reply = client(&stand_in, retries())
        .send(registration("ref-502-before"))
        .await
        .expect("the retry with the same Request-Id registers");
    assert_eq!(stand_in.businesses(), 1);
    assert_eq!(
        stand_in.brand_id_of("ref-502-before").as_deref(),
        Some(reply.data.business.brands[0].id.as_str())
    );
    let ids: Vec<_> = stand_in
        .server()
        .requests()
        .iter()
        .rev()
        .take(2)
        .map(|r| (r.status, r.header("request-id").unwrap().to_owned()))
        .collect();
    assert_eq!(ids[0].0, 200);
    assert_eq!(ids[1].0, 502);
    assert_eq!(ids[0].1, ids[1].1, "the retry sent the same Request-Id");
}

#[tokio::test]
async fn dokus_refusals_on_demand() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    for refusal in [Refusal::IdempotentRequest, Refusal::RequestTimeOutOfRange] {
        stand_in.server().push_fault(Fault::Refuse(refusal));
        let err = client(&stand_in, RetryPolicy::none())
            .send(registration("ref-refused"))
            .await
            .unwrap_err();
        let Error::Http {
            status, envelope, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(*status, 400);
        let envelope = envelope.as_ref().expect("DOKU's envelope");
        assert_eq!(envelope.code, refusal.code());
        assert_eq!(envelope.message, refusal.message());
        assert_eq!(stand_in.businesses(), 0, "a refusal does nothing");
    }
    // The faults are used up: the next registration goes through.
    client(&stand_in, RetryPolicy::none())
        .send(registration("ref-refused"))
        .await
        .unwrap();
    assert_eq!(stand_in.businesses(), 1);
}
