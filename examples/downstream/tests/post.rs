//! POST endpoints end to end, from a crate outside doku-partner: Generate Token and Create
//! Business Lite (specs shipped with doku-partner) and this crate's Register Outlet (nested
//! body, rules, a caller header) go through `Client` to the local DOKU stand-in, and the test
//! asserts on the bytes the stand-in received.

use doku_partner::support::clock::Clock as _;
use doku_partner::support::signature::digest;
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Components, Endpoint, SecretKey, Violation};
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error};
use downstream_example::{
    CreateBusinessLite, GenerateToken, RegisterOutlet, create_business_lite, generate_token,
    register_outlet,
};
use serde_json::Value;

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-downstream-post-test";

async fn mock() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GenerateToken>()
        .endpoint::<CreateBusinessLite>()
        .endpoint::<RegisterOutlet>()
        .start()
        .await
        .expect("the stand-in starts")
}

fn client(mock: &StandIn) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .build()
    .expect("client builds")
}

/// What DOKU checks on every signed POST: the body is JSON with `Content-Type:
/// application/json`, and the signature covers five lines, the last one the body's `Digest`.
fn assert_signed_json_post(recorded: &doku_partner::support::stand_in::RecordedRequest) {
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.header("Content-Type"), Some("application/json"));
    let components = Components::request(
        recorded.header("Client-Id").unwrap(),
        recorded.header("Request-Id").unwrap(),
        recorded.header("Request-Timestamp").unwrap(),
        &recorded.path,
        Some(&recorded.body),
    );
    let signed = components.component_string();
    assert_eq!(signed.lines().count(), 5, "{signed}");
    assert!(
        signed.ends_with(&format!("\nDigest:{}", digest(&recorded.body))),
        "{signed}"
    );
    components
        .verify(
            &SecretKey::from(SECRET),
            recorded.header("Signature").unwrap(),
        )
        .expect("the signature the stand-in received verifies");
}

#[tokio::test]
async fn generate_token_sends_the_documented_body_signed_with_its_digest() {
    let mock = mock().await;
    let request = generate_token::Request::from(
        generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
            .with_valid_time("360"),
    );
    let reply = client(&mock).send(&request).await.expect("token issued");
    assert!(reply.data.token.expose_secret().starts_with("eyJ"));

    let recorded = &mock.requests()[0];
    assert_eq!(recorded.path, "/adv-core-api/partner/v1.0/token");
    assert_eq!(
        recorded.body_str(),
        Some(r#"{"grant_type":"client_credentials","valid_time":"360"}"#)
    );
    assert_signed_json_post(recorded);
}

#[tokio::test]
async fn create_business_lite_sends_the_nested_body_of_the_page() {
    let mock = mock().await;
    let sample = <CreateBusinessLite as Endpoint>::REQUEST_EXAMPLES[0].1;
    // The page's sample, through the JSON entry point, as a partner's stored JSON would go.
    let request = create_business_lite::RawRequest { body: sample }
        .validate()
        .expect("the page's sample is a valid body");
    let reply = client(&mock)
        .send(&request)
        .await
        .expect("business created");
    assert_eq!(reply.status, 200);

    let recorded = &mock.requests()[0];
    let sent: Value = serde_json::from_slice(&recorded.body).unwrap();
    let page: Value = serde_json::from_str(sample).unwrap();
    assert_eq!(sent, page, "the body sent is the page's sample");
    assert_signed_json_post(recorded);
}

#[tokio::test]
async fn a_caller_header_is_sent_and_the_stand_in_requires_it() {
    let mock = mock().await;
    let body =
        register_outlet::body::Body::from_json(<RegisterOutlet as Endpoint>::REQUEST_EXAMPLES[0].1)
            .expect("the sample is valid");
    let request = register_outlet::Request::new(
        "BRN-0104-1678960841263".parse().unwrap(),
        body,
        "REF-2024-0001".parse().unwrap(),
    );
    let reply = client(&mock)
        .send(&request)
        .await
        .expect("outlet registered");
    assert_eq!(reply.status, 201);
    // First the token, then the call.
    let recorded = &mock.requests()[1];
    assert_eq!(recorded.header("X-Partner-Ref"), Some("REF-2024-0001"));
    assert_eq!(
        recorded.path,
        "/demo/v1/brands/BRN-0104-1678960841263/outlets"
    );
    assert_signed_json_post(recorded);
}

#[tokio::test]
async fn an_invalid_body_is_refused_before_any_io_with_every_violation() {
    let mock = mock().await;
    // Built by hand as a user would, with what the types cannot refuse: empty text and a rule
    // across fields.
    let business = create_business_lite::body::Business::new(
        "13aa67f8-c2ac-437c-9eb5-e5b1934fbfcc",
        "",
        create_business_lite::body::BusinessContact::new("John Michael", "", "62", "81510229216"),
    );
    let body = create_business_lite::body::Body::new(
        business,
        create_business_lite::body::InvitedUser::new("owner@example.invalid"),
    );
    let request = create_business_lite::Request::from(body);
    let err = client(&mock).send(&request).await.unwrap_err();
    let Error::InvalidRequest(errors) = err else {
        panic!("expected InvalidRequest, got {err:?}");
    };
    let fields: Vec<String> = errors
        .violations
        .iter()
        .map(|v| match v {
            Violation::Format(e) => e.field.as_deref().unwrap_or_default().to_owned(),
            other => other.to_string(),
        })
        .collect();
    assert_eq!(fields, ["business.name", "business.contact.email"]);
    assert!(mock.requests().is_empty(), "nothing reached the stand-in");
}

#[tokio::test]
async fn the_stand_in_refuses_a_body_that_breaks_the_schema() {
    let mock = mock().await;
    let path = "/adv-core-api/partner/v1.0/token";
    // A client that signs correctly but sends the wrong body: the stand-in answers as DOKU
    // would, with every violation.
    let body = br#"{"grant_type":"password","extra":1}"#;
    let (status, answer) = signed_post(&mock, "req-1", path, body, "application/json").await;
    assert_eq!(status, 400, "{answer}");
    let answer: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(answer["error"]["code"], "invalid_request_body");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("`grant_type` = \"password\" is not a documented value"),
        "{message}"
    );
    assert!(
        message.contains("`extra` is not a documented field"),
        "{message}"
    );

    // An empty body (what a generator that drops the body sends) is refused too.
    let (status, answer) = signed_post(&mock, "req-2", path, b"", "application/json").await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("`(body)` is required"), "{answer}");

    // And a JSON body sent as another media type.
    let (status, answer) = signed_post(&mock, "req-3", path, body, "text/plain").await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("Content-Type"), "{answer}");
    assert_eq!(mock.requests().len(), 3);
}

#[tokio::test]
async fn the_stand_in_refuses_a_request_without_its_token_or_its_caller_header() {
    let mock = mock().await;
    let body = <RegisterOutlet as Endpoint>::REQUEST_EXAMPLES[0]
        .1
        .as_bytes();
    let path = "/demo/v1/brands/BRN-1/outlets";
    let (status, answer) = signed_post(&mock, "req-1", path, body, "application/json").await;
    assert_eq!(status, 401);
    assert!(
        answer.contains("Header Authorization is required"),
        "{answer}"
    );

    // With a token the stand-in issued, the missing caller header is what is refused.
    let token = client(&mock)
        .send(generate_token::Request::from(
            generate_token::body::Body::new(generate_token::GrantType::ClientCredentials),
        ))
        .await
        .unwrap()
        .data
        .token;
    let bearer = format!("Authorization: Bearer {}\r\n", token.expose_secret());
    let (status, answer) =
        signed_post_with(&mock, "req-2", path, body, "application/json", &bearer).await;
    assert_eq!(status, 400);
    assert!(
        answer.contains("Header X-Partner-Ref is required"),
        "{answer}"
    );
}

#[test]
fn every_request_sample_decodes_into_the_typed_body_and_re_encodes_to_the_same_json() {
    fn round_trip<T>(samples: &[(&str, &str)], from_json: impl Fn(&str) -> T)
    where
        T: serde::Serialize,
    {
        assert!(!samples.is_empty());
        for (name, json) in samples {
            let typed = from_json(json);
            let again = serde_json::to_value(&typed).unwrap();
            let original: Value = serde_json::from_str(json).unwrap();
            assert_eq!(again, original, "sample {name}");
        }
    }
    round_trip(<GenerateToken as Endpoint>::REQUEST_EXAMPLES, |j| {
        generate_token::body::Body::from_json(j).unwrap()
    });
    round_trip(<CreateBusinessLite as Endpoint>::REQUEST_EXAMPLES, |j| {
        create_business_lite::body::Body::from_json(j).unwrap()
    });
    round_trip(<RegisterOutlet as Endpoint>::REQUEST_EXAMPLES, |j| {
        register_outlet::body::Body::from_json(j).unwrap()
    });
}

#[test]
fn bodies_are_serialised_once_in_table_order_and_retries_resend_the_same_bytes() {
    let body = generate_token::body::Body::new(generate_token::GrantType::ClientCredentials);
    let request = generate_token::Request::from(body);
    // Unset optional fields are left out, not sent as null.
    assert_eq!(
        request.body_bytes(),
        br#"{"grant_type":"client_credentials"}"#
    );
    assert_eq!(request.body_bytes(), request.body_bytes());
}

/// A correctly signed POST sent with a bare HTTP/1.1 client over a TCP socket, bypassing
/// `Client` (which would never send these bodies); the status and body of the answer.
async fn signed_post(
    mock: &StandIn,
    request_id: &str,
    path: &str,
    body: &[u8],
    content_type: &str,
) -> (u16, String) {
    signed_post_with(mock, request_id, path, body, content_type, "").await
}

/// [`signed_post`] with extra header lines (`"Name: value\r\n"` each).
async fn signed_post_with(
    mock: &StandIn,
    request_id: &str,
    path: &str,
    body: &[u8],
    content_type: &str,
    extra_headers: &str,
) -> (u16, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let stamp = doku_partner::support::clock::format_timestamp(
        doku_partner::support::clock::SystemClock.now_unix(),
    );
    let signed_body = (!body.is_empty()).then_some(body);
    let signature = Components::request(CLIENT_ID, request_id, &stamp, path, signed_body)
        .sign(&SecretKey::from(SECRET));
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nClient-Id: {CLIENT_ID}\r\nRequest-Id: {request_id}\r\n\
         Request-Timestamp: {stamp}\r\nSignature: {}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n{extra_headers}\r\n",
        mock.addr(),
        signature.as_str(),
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(mock.addr()).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8(answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}
