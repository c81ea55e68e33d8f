//! DOKU's `yyyyMMddHHmmss` date-times on the wire (tests/specs/compact_dates.yaml, a test
//! endpoint with one field per zone notation): the bytes a typed body sends, what the client
//! refuses before any I/O and the stand-in refuses at its door, and what a response decodes
//! to, a value that breaks the notation kept as sent and reported.

use doku_partner::support::clock::parse_timestamp;
use doku_partner::support::datetime::{CompactDateTime, OrInvalid, Utc, Wib, ZoneUnstated};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Conformance, Endpoint};
use doku_partner::{Client, Credentials, Environment};
use serde_json::Value;

/// The derive on the test spec.
mod bindings {
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "tests/specs/compact_dates.yaml")]
    pub struct CompactDates;
}
use bindings::{CompactDates, compact_dates};

const CLIENT_ID: &str = "BRN-0214-1714016624673";
const KEY: &str = "SK-compact-dates";

#[test]
fn a_typed_body_sends_the_wall_clock_of_its_zone() {
    // Checkout's sample: the page expires 2024-07-12T03:45:31Z, 10:45:31 WIB.
    let instant = parse_timestamp("2024-07-12T03:45:31Z").unwrap();
    let body = compact_dates::body::Body::new(CompactDateTime::<Wib>::from_unix_utc(instant))
        .with_settled_date(CompactDateTime::<Utc>::from_unix_utc(instant))
        .with_logged_dates(vec![
            "20240101000000"
                .parse::<CompactDateTime<ZoneUnstated>>()
                .unwrap(),
        ]);
    let request = compact_dates::Request::from(body);
    request.validate().unwrap();
    assert_eq!(
        String::from_utf8(request.body_bytes()).unwrap(),
        r#"{"expired_date":"20240712104531","settled_date":"20240712034531","logged_dates":["20240101000000"]}"#
    );
    // The type carries the zone: WIB and UTC readings of one instant are different texts of
    // different types, and each converts back to the same instant.
    assert_eq!(request.body.expired_date.unix_utc(), instant);
    assert_eq!(
        request.body.settled_date.as_ref().unwrap().unix_utc(),
        instant
    );
    assert_eq!(CompactDateTime::<Wib>::NOTATION, "yyyyMMddHHmmss UTC+7");
}

#[test]
fn a_request_that_breaks_the_notation_is_refused_before_io_with_every_violation() {
    // ISO 8601 where DOKU wants 14 digits, 29 February of a common year, a 13-digit value.
    let raw = r#"{"expired_date":"2024-07-12T10:45:31","settled_date":"20230229000000","logged_dates":["2024071200000"]}"#;
    let errors = compact_dates::RawRequest { body: raw }
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 3 problem(s)\n  \
         - `expired_date` = \"2024-07-12T10:45:31\" is not a date-time in yyyyMMddHHmmss UTC+7 (14 digits of a real date and time, e.g. 20240712104531)\n  \
         - `settled_date` = \"20230229000000\" is not a date-time in yyyyMMddHHmmss UTC+0 (14 digits of a real date and time, e.g. 20240712104531)\n  \
         - `logged_dates[0]` = \"2024071200000\" is not a date-time in yyyyMMddHHmmss (14 digits of a real date and time, e.g. 20240712104531)"
    );
    // The typed constructors refuse the same values.
    assert!(
        "2024-07-12T10:45:31"
            .parse::<CompactDateTime<Wib>>()
            .is_err()
    );
    assert!(CompactDateTime::<Utc>::parse("20230229000000").is_err());
}

#[path = "support/signed_post.rs"]
mod signed_post;

/// A raw POST to the test endpoint, signed correctly (so only the body can be refused).
async fn post_signed(mock: &StandIn, body: &str) -> (u16, Value) {
    signed_post::post_signed(mock, (CLIENT_ID, KEY), "/test/v1/compact-dates", body).await
}

#[tokio::test]
async fn the_stand_in_refuses_a_signed_body_that_breaks_the_notation_and_serves_the_type() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, KEY)
        .endpoint::<CompactDates>()
        .start()
        .await
        .unwrap();
    // Building the library's client installs the TLS crypto provider reqwest needs.
    let client = Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    // Signed correctly, so only the body can be what is refused.
    let (status, answer) = post_signed(&mock, r#"{"expired_date":"20240712 104531"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], "invalid_request_body");
    assert_eq!(
        answer["error"]["message"],
        "`expired_date` = \"20240712 104531\" is not a date-time in yyyyMMddHHmmss UTC+7 (14 digits of a real date and time, e.g. 20240712104531)"
    );

    // The client's typed call goes through, and the stand-in's answer decodes to the type.
    let request = compact_dates::Request::from(compact_dates::body::Body::new(
        "20240712104531".parse().unwrap(),
    ));
    let reply = client.send(&request).await.unwrap();
    let expires = reply
        .data
        .expired_date
        .valid()
        .expect("the spec's example fits");
    assert_eq!(expires.unix_utc(), 1_720_755_931);
    assert!(reply.data.conformance().findings.is_empty());
}

#[test]
fn a_response_value_that_breaks_the_notation_is_kept_and_reported() {
    type Response = <CompactDates as Endpoint>::Response;
    let answer = r#"{"expired_date":"2024-07-12T10:45:31+07:00","created_date":"20240712094531"}"#;
    let typed: Response = serde_json::from_str(answer).unwrap();
    assert_eq!(
        typed.expired_date,
        OrInvalid::Invalid("2024-07-12T10:45:31+07:00".to_owned())
    );
    let created = typed.created_date.as_ref().unwrap().valid().unwrap();
    assert_eq!(created.fields(), (2024, 7, 12, 9, 45, 31));
    // Nothing lost: the same bytes go back out.
    assert_eq!(serde_json::to_string(&typed).unwrap(), answer);
    let findings: Vec<String> = typed
        .conformance()
        .findings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        findings,
        ["expired_date: \"2024-07-12T10:45:31+07:00\" is not a date-time (yyyyMMddHHmmss UTC+7)"]
    );
}
