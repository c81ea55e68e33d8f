//! Signed calls through the real client against the local DOKU stand-in on 127.0.0.1.

use std::sync::Arc;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, CorporateBusinessLegalEntity, Query, RawRequest, Request,
};
use doku_partner::support::client::{ConformanceMode, ResponseSignatureCheck};
use doku_partner::support::clock::{
    FixedClock, RequestId, SequentialIds, format_timestamp, parse_timestamp,
};
use doku_partner::support::signature::{Components, SignatureError};
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::support::{Conformance, Endpoint};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-test-QzL8v2Yk1";

async fn stand_in(example: &str) -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint_example::<GetBusinessData>(example)
        .start()
        .await
        .expect("the stand-in starts")
}

fn client(mock: &StandIn) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap()
}

fn personal() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

fn corporate() -> Request {
    Request::new(
        CLIENT_ID.parse().unwrap(),
        Query::Corporate {
            business_legal_entity: CorporateBusinessLegalEntity::Pt,
            brand_business_line: BrandBusinessLine::Education,
        },
    )
}

fn example_json(name: &str) -> serde_json::Value {
    let (_, text) = GetBusinessData::EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap();
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn personal_call_is_signed_decoded_and_verified() {
    let mock = stand_in("personal").await;
    let reply = client(&mock).send(personal()).await.unwrap();

    assert_eq!(reply.status, 200);
    assert_eq!(reply.attempts, 1);
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
    assert_eq!(reply.data.id, "BSN-0104-1678960841263");
    // Nothing the server sent is lost: the decoded value serialises back to the sample.
    assert_eq!(
        serde_json::to_value(&reply.data).unwrap(),
        example_json("personal")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(reply.body.as_bytes()).unwrap(),
        example_json("personal")
    );
    // DOKU's sample breaks its own documented formats; lenient mode reports, not fails.
    assert!(!reply.conformance.is_clean());
    assert_eq!(reply.conformance, reply.data.conformance());

    let seen = mock.requests();
    assert_eq!(seen.len(), 1);
    let req = &seen[0];
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.path,
        "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
    );
    assert_eq!(
        req.query.as_deref(),
        Some(
            "businessType=PERSONAL&businessLegalEntity=PERSEORANGAN&brandBusinessLine=RETAIL&businessContactNationality=ID"
        )
    );
    assert_eq!(req.header("Client-Id"), Some(CLIENT_ID));
    assert_eq!(req.header("Request-Id"), Some(reply.request_id.as_str()));
    assert!(
        req.header("user-agent")
            .unwrap()
            .starts_with("doku-partner/")
    );
    assert!(req.body.is_empty());
    // The signature covers the path only (the spec's default) and verifies independently.
    let ts = req.header("Request-Timestamp").unwrap();
    assert!(parse_timestamp(ts).is_some(), "{ts}");
    Components::request(CLIENT_ID, reply.request_id.as_str(), ts, &req.path, None)
        .verify(&SECRET.into(), req.header("Signature").unwrap())
        .unwrap();
}

/// `ClientBuilder::http_client`: the calls go through the caller's reqwest client (its pool
/// and its settings: here its `User-Agent`, where the client would set its own), signed, checked
/// and decoded as always, by two clients built on the same reqwest client.
#[tokio::test]
async fn calls_go_through_a_reqwest_client_of_the_callers_own() {
    let mock = stand_in("personal").await;
    // doku-partner's reqwest has no default crypto provider: the caller installs one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .user_agent("partner-platform/7")
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let build = || {
        Client::builder(
            Credentials::new(CLIENT_ID, SECRET),
            Environment::base_url(mock.base_url()),
        )
        .http_client(http.clone())
        .build()
        .unwrap()
    };
    let (first, second) = (build(), build());
    for client in [&first, &second] {
        let reply = client.send(personal()).await.unwrap();
        assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
        assert_eq!(reply.data.id, "BSN-0104-1678960841263");
    }
    let seen = mock.requests();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.header("user-agent"), Some("partner-platform/7"));
        assert_eq!(
            request.path,
            "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
        );
        assert!(
            request
                .query
                .as_deref()
                .unwrap()
                .starts_with("businessType=PERSONAL&")
        );
    }
}

/// Issue 27: a lenient call does not walk the response; the report is worked out when first
/// read, from the body as received, with every finding the decoded data had on arrival, even
/// after the data was changed or moved out of the reply.
#[tokio::test]
async fn the_conformance_report_is_worked_out_on_first_read_with_every_finding() {
    let mock = stand_in("personal").await;
    let mut reply = client(&mock).send(personal()).await.unwrap();
    assert!(
        !reply.conformance.is_worked_out(),
        "a lenient call walks nothing"
    );
    let on_arrival = reply.data.conformance();
    assert!(on_arrival.len() > 10, "{on_arrival}");
    let unread = reply.clone();

    reply.data.brands.clear();
    let data = reply.data;
    assert!(data.conformance().len() < on_arrival.len());
    assert_eq!(reply.conformance, on_arrival);
    assert!(reply.conformance.is_worked_out());
    assert_eq!(reply.conformance.to_string(), on_arrival.to_string());
    // A clone made before the first read works it out on its own, the same.
    assert!(!unread.conformance.is_worked_out());
    assert_eq!(unread.conformance.clone().into_report(), on_arrival);
    assert_eq!(
        format!("{:?}", unread.conformance),
        format!("{on_arrival:?}")
    );

    // Strict mode walks at once: it must refuse a non-conforming response, with the same report.
    let strict = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .conformance(ConformanceMode::Strict)
    .build()
    .unwrap();
    let err = strict.send(personal()).await.unwrap_err();
    let Error::NonConforming { report, .. } = &err else {
        panic!("expected NonConforming, got {err:?}");
    };
    assert_eq!(*report, on_arrival);
}

#[tokio::test]
async fn corporate_call_and_deterministic_headers() {
    let now = parse_timestamp("2026-11-24T10:00:00Z").unwrap();
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint_example::<GetBusinessData>("corporate")
        .clock(Arc::new(FixedClock(now + 30)))
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(format!("{}/", mock.base_url())),
    )
    .clock(Arc::new(FixedClock(now)))
    .request_ids(Arc::new(SequentialIds::new("test")))
    .build()
    .unwrap();

    let first = client.send(&corporate()).await.unwrap();
    let second = client.send(&corporate()).await.unwrap();
    assert_eq!(first.request_id.as_str(), "test-1");
    assert_eq!(second.request_id.as_str(), "test-2");
    assert_eq!(
        serde_json::to_value(&first.data).unwrap(),
        example_json("corporate")
    );

    let seen = mock.requests();
    assert_eq!(
        seen[0].header("Request-Timestamp"),
        Some("2026-11-24T10:00:00Z")
    );
    assert_eq!(seen[0].header("Request-Id"), Some("test-1"));
    assert_eq!(
        seen[0].query.as_deref(),
        Some(
            "businessType=CORPORATE&businessLegalEntity=PT&brandBusinessLine=EDUCATION&businessContactNationality=ID"
        )
    );
    // The exact string the server verified.
    let components = Components::request(
        CLIENT_ID,
        seen[0].header("Request-Id").unwrap(),
        seen[0].header("Request-Timestamp").unwrap(),
        &seen[0].path,
        (!seen[0].body.is_empty()).then_some(&seen[0].body[..]),
    );
    assert_eq!(
        components.component_string(),
        "Client-Id:BRN-0104-1678960841263\n\
         Request-Id:test-1\n\
         Request-Timestamp:2026-11-24T10:00:00Z\n\
         Request-Target:/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
    );
    // Same inputs, same signature: nothing random but the id source and the clock.
    let expected = Components::request(
        CLIENT_ID,
        "test-1",
        &format_timestamp(now),
        "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263",
        None,
    )
    .sign(&SECRET.into());
    assert_eq!(seen[0].header("Signature"), Some(expected.as_str()));
}

/// A second endpoint, from the downstream example's spec: optional parameters and a rule the
/// types cannot express, checked by `send` before any I/O.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "examples/downstream/spec/list_settlements.yaml")]
pub struct ListSettlements;

fn settlements(
    status: list_settlements::SettlementStatus,
    channel: list_settlements::Channel,
) -> list_settlements::Request {
    list_settlements::Request::new(
        "BRN-0104 1678960841263".parse().unwrap(),
        list_settlements::SettlementType::Weekly,
        list_settlements::Query {
            status: Some(status),
            channel: Some(channel),
            page: Some("2".parse().unwrap()),
            from_date: "2024-01-01".parse().unwrap(),
        },
    )
}

#[tokio::test]
async fn invalid_requests_never_reach_the_network() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<ListSettlements>()
        .start()
        .await
        .unwrap();
    let client = client(&mock);

    // Values from a form: every violation at once, as the client's error type.
    let raw = RawRequest {
        client_id: "BRN-0104-1678960841263",
        business_type: "PERSONAL",
        business_legal_entity: "PT",
        brand_business_line: "MINING",
        business_contact_nationality: "ID",
    };
    let err = Error::from(raw.validate().unwrap_err());
    let Error::InvalidRequest(errors) = &err else {
        panic!("expected InvalidRequest, got {err:?}");
    };
    assert_eq!(errors.violations.len(), 2, "{err}");
    assert!(err.to_string().contains("`businessLegalEntity`"), "{err}");
    assert!(err.to_string().contains("`brandBusinessLine`"), "{err}");

    // A typed request that breaks a rule the types cannot express: refused by `send`.
    let err = client
        .send(settlements(
            list_settlements::SettlementStatus::OnHold,
            list_settlements::Channel::Qris,
        ))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(err.to_string().contains("`channel` = \"QRIS\""), "{err}");
    assert!(mock.requests().is_empty(), "nothing was sent");

    // The valid one is encoded, signed and served.
    let reply = client
        .send(settlements(
            list_settlements::SettlementStatus::Paid,
            list_settlements::Channel::Qris,
        ))
        .await
        .unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
    let seen = &mock.requests()[0];
    assert_eq!(
        seen.path,
        "/demo/v1/brands/BRN-0104%201678960841263/settlements/WEEKLY"
    );
    assert_eq!(
        seen.query.as_deref(),
        Some("status=PAID&channel=QRIS&page=2&fromDate=2024-01-01")
    );
}

#[tokio::test]
async fn door_errors_come_back_as_typed_http_errors_with_dokus_envelope() {
    let mock = stand_in("personal").await;
    let cases: Vec<(Client, u16, &str)> = vec![
        (
            Client::builder(
                Credentials::new(CLIENT_ID, "SK-wrong"),
                Environment::base_url(mock.base_url()),
            )
            .build()
            .unwrap(),
            401,
            "invalid_signature",
        ),
        (
            Client::builder(
                Credentials::new("BRN-9999-0000000000000", SECRET),
                Environment::base_url(mock.base_url()),
            )
            .build()
            .unwrap(),
            401,
            "invalid_client_id",
        ),
        (
            Client::builder(
                Credentials::new(CLIENT_ID, SECRET),
                Environment::base_url(mock.base_url()),
            )
            .clock(Arc::new(FixedClock(0)))
            .build()
            .unwrap(),
            400,
            "request_time_out_of_range",
        ),
        (
            // Year 10000: a timestamp that is not `YYYY-MM-DDTHH:MM:SSZ`.
            Client::builder(
                Credentials::new(CLIENT_ID, SECRET),
                Environment::base_url(mock.base_url()),
            )
            .clock(Arc::new(FixedClock(253_402_300_800)))
            .build()
            .unwrap(),
            400,
            "invalid_header_request",
        ),
    ];
    for (client, status, code) in cases {
        let err = client.send(personal()).await.unwrap_err();
        assert_eq!(err.status(), Some(status), "{err}");
        let envelope = err.doku_error().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(envelope.code, code);
        assert!(err.to_string().contains(code), "{err}");
        let body = err.body().unwrap().text();
        assert!(body.contains(code), "raw body kept: {body}");
        assert!(err.request_id().is_some());
    }
}

#[tokio::test]
async fn a_reused_request_id_is_refused_as_idempotent() {
    let mock = stand_in("personal").await;
    let client = client(&mock);
    let id = RequestId::try_from("order-42-fetch").unwrap();
    client
        .send_with_request_id(personal(), id.clone())
        .await
        .unwrap();
    let err = client
        .send_with_request_id(personal(), id)
        .await
        .unwrap_err();
    assert_eq!(
        err.doku_error().unwrap().code,
        "idempotent_request",
        "{err}"
    );
}

#[tokio::test]
async fn strict_mode_refuses_dokus_own_sample_and_keeps_the_body() {
    let mock = stand_in("personal").await;
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .conformance(ConformanceMode::Strict)
    .build()
    .unwrap();
    let err = client.send(personal()).await.unwrap_err();
    let Error::NonConforming { report, body, .. } = &err else {
        panic!("expected NonConforming, got {err:?}");
    };
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.path.to_string().starts_with("brands[0].")),
        "{report}"
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(body.as_bytes()).unwrap(),
        example_json("personal")
    );
    assert!(err.to_string().contains("break"), "{err}");
}

#[tokio::test]
async fn response_signature_policies() {
    use doku_partner::support::client::ResponseSignaturePolicy;
    let mock = stand_in("personal").await;

    mock.push_fault(Fault::WrongSignature);
    let err = client(&mock).send(personal()).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ResponseSignature {
                error: SignatureError::Mismatch,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.body().is_some_and(|b| !b.is_empty()));

    mock.push_fault(Fault::Unsigned);
    let reply = client(&mock).send(personal()).await.unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Absent);

    let strict = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .response_signature(ResponseSignaturePolicy::Require);
    let strict = strict.build().unwrap();
    mock.push_fault(Fault::Unsigned);
    let err = strict.send(personal()).await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ResponseSignature {
                error: SignatureError::Missing {
                    header: "Signature"
                },
                ..
            }
        ),
        "{err:?}"
    );
    // And a signed one passes the required policy.
    let reply = strict.send(personal()).await.unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
}
