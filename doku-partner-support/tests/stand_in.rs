//! The local DOKU stand-in, observed with a plain reqwest client that signs its own requests.

#![cfg(feature = "stand-in")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use doku_partner_support::clock::{Clock, FixedClock, SystemClock, format_timestamp};
use doku_partner_support::conformance::{Conformance, Finding, JsonPath};
use doku_partner_support::stand_in::{Fault, StandIn, StandInRoute};
use doku_partner_support::{
    ApiRequest, ApiResponse, AuthOptions, Components, Endpoint, HttpMethod, SecretKey,
    SignatureError, SignatureScheme,
};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};

const CLIENT: &str = "BRN-0001";
const KEY: &str = "SK-mock-test-key";
const OTHER_CLIENT: &str = "BRN-0002";
const OTHER_KEY: &str = "SK-other-key";

const GET_TEMPLATE: &str = "/adv-core-api/partner/v1.0/business/{client_id}";
const GET_PATH: &str = "/adv-core-api/partner/v1.0/business/BRN-0001";
const GET_BODY: &str = r#"{"message":["SUCCESS"],"response":{"business":{"name":"Toko Kue Bu Siti ☕","id":"BRN-0001"}}}"#;

const POST_TEMPLATE: &str = "/adv-core-api/partner/v1.0/business/{client_id}/sub-account";
const POST_PATH: &str = "/adv-core-api/partner/v1.0/business/BRN-0001/sub-account";
const POST_BODY: &str = r#"{"message":["SUCCESS"],"response":{"sub_account_id":"SAC-1"}}"#;

const QUERY_TEMPLATE: &str = "/adv-core-api/partner/v1.0/transactions";
const QUERY_BODY: &str = r#"{"message":["SUCCESS"],"response":{"transactions":[]}}"#;

fn http(timeout: Duration) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .http1_only()
        .timeout(timeout)
        .build()
        .expect("reqwest client")
}

fn routes() -> StandInBuilderExt {
    StandIn::builder()
        .client(CLIENT, KEY)
        .client(OTHER_CLIENT, OTHER_KEY)
        .route(StandInRoute::new(HttpMethod::Get, GET_TEMPLATE, GET_BODY))
        .route(StandInRoute {
            success_status: 201,
            ..StandInRoute::new(HttpMethod::Post, POST_TEMPLATE, POST_BODY)
        })
        .route(StandInRoute {
            query_in_target: true,
            ..StandInRoute::new(HttpMethod::Get, QUERY_TEMPLATE, QUERY_BODY)
        })
}

type StandInBuilderExt = doku_partner_support::stand_in::StandInBuilder;

async fn start() -> StandIn {
    routes().start().await.expect("mock starts")
}

fn now() -> String {
    format_timestamp(SystemClock.now_unix())
}

fn fresh_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A request with DOKU's four headers, signed by `CLIENT`.
struct Call {
    method: Method,
    path_and_query: String,
    body: Option<Vec<u8>>,
    headers: Vec<(&'static str, Vec<u8>)>,
}

impl Call {
    fn signed(method: Method, path: &str, body: Option<&[u8]>) -> Self {
        Self::signed_as(CLIENT, KEY, method, path, path, body, &fresh_id(), &now())
    }

    #[allow(clippy::too_many_arguments)]
    fn signed_as(
        client_id: &str,
        key: &str,
        method: Method,
        path_and_query: &str,
        target: &str,
        body: Option<&[u8]>,
        request_id: &str,
        timestamp: &str,
    ) -> Self {
        let signature = Components::request(client_id, request_id, timestamp, target, body)
            .sign(&SecretKey::new(key));
        Call {
            method,
            path_and_query: path_and_query.to_owned(),
            body: body.map(<[u8]>::to_vec),
            headers: vec![
                ("Client-Id", client_id.as_bytes().to_vec()),
                ("Request-Id", request_id.as_bytes().to_vec()),
                ("Request-Timestamp", timestamp.as_bytes().to_vec()),
                ("Signature", signature.as_str().as_bytes().to_vec()),
            ],
        }
    }

    fn get() -> Self {
        Self::signed(Method::GET, GET_PATH, None)
    }

    fn header(&self, name: &str) -> String {
        let (_, value) = self
            .headers
            .iter()
            .find(|(n, _)| *n == name)
            .expect("header");
        String::from_utf8(value.clone()).expect("utf-8")
    }

    fn without(mut self, name: &str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self
    }

    fn with(mut self, name: &'static str, value: impl Into<Vec<u8>>) -> Self {
        self = self.without(name);
        self.headers.push((name, value.into()));
        self
    }

    fn with_body(mut self, body: &[u8]) -> Self {
        self.body = Some(body.to_vec());
        self
    }

    async fn send_with(
        &self,
        client: &reqwest::Client,
        mock: &StandIn,
    ) -> reqwest::Result<reqwest::Response> {
        let url = format!("{}{}", mock.base_url(), self.path_and_query);
        let mut builder = client.request(self.method.clone(), url);
        for (name, value) in &self.headers {
            builder = builder.header(
                HeaderName::from_static(static_lower(name)),
                HeaderValue::from_bytes(value).expect("header value"),
            );
        }
        if let Some(body) = &self.body {
            builder = builder
                .header("content-type", "application/json")
                .body(body.clone());
        }
        builder.send().await
    }

    async fn send(&self, mock: &StandIn) -> reqwest::Response {
        self.send_with(&http(Duration::from_secs(5)), mock)
            .await
            .expect("request answered")
    }
}

fn static_lower(name: &str) -> &'static str {
    match name {
        "Client-Id" => "client-id",
        "Request-Id" => "request-id",
        "Request-Timestamp" => "request-timestamp",
        "Signature" => "signature",
        other => panic!("unexpected header {other}"),
    }
}

async fn json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> T {
    let body = response.bytes().await.expect("body");
    serde_json::from_slice(&body).expect("JSON body")
}

/// Asserts DOKU's error envelope.
async fn assert_refused(response: reqwest::Response, status: u16, code: &str, message: &str) {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    assert!(response.headers().get("signature").is_none());
    let body: serde_json::Value = json(response).await;
    assert_eq!(
        body,
        serde_json::json!({
            "error": { "code": code, "message": message, "type": "invalid_request_error" }
        })
    );
}

/// Checks the signed success headers and returns the body.
async fn assert_signed_success(
    response: reqwest::Response,
    status: u16,
    request_id: &str,
    target: &str,
) -> bytes::Bytes {
    assert_eq!(response.status().as_u16(), status);
    let headers = response.headers().clone();
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(header("client-id").as_deref(), Some(CLIENT));
    assert_eq!(header("request-id").as_deref(), Some(request_id));
    let timestamp = header("response-timestamp").expect("Response-Timestamp");
    assert!(doku_partner_support::clock::parse_timestamp(&timestamp).is_some());
    let signature = header("signature").expect("Signature");
    let body = response.bytes().await.expect("body");
    Components::response(CLIENT, request_id, &timestamp, target, Some(&body))
        .verify(&SecretKey::new(KEY), &signature)
        .expect("response signature verifies");
    body
}

#[tokio::test]
async fn signed_get_gets_the_example_with_a_verifiable_signature() {
    let mock = start().await;
    assert!(mock.base_url().starts_with("http://127.0.0.1:"));
    assert_eq!(mock.base_url(), format!("http://{}", mock.addr()));
    let call = Call::get();
    let request_id = call.header("Request-Id");
    let body = assert_signed_success(call.send(&mock).await, 200, &request_id, GET_PATH).await;
    assert_eq!(body, GET_BODY.as_bytes());

    let recorded = mock.requests();
    assert_eq!(recorded.len(), 1);
    let r = &recorded[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str(), r.query.as_deref()),
        ("GET", GET_PATH, None)
    );
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    for name in ["Client-Id", "Request-Id", "Request-Timestamp", "Signature"] {
        assert_eq!(r.header(name), Some(call.header(name).as_str()), "{name}");
        assert_eq!(
            r.header(&name.to_uppercase()),
            Some(call.header(name).as_str())
        );
    }
    assert_eq!(r.header("X-Absent"), None);

    mock.clear_requests();
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn signed_post_is_answered_and_a_tampered_body_is_refused() {
    let mock = start().await;
    let sent = br#"{"name":"Toko Kue","email":"siti@example.com"}"#;
    let call = Call::signed(Method::POST, POST_PATH, Some(sent));
    let request_id = call.header("Request-Id");
    let body = assert_signed_success(call.send(&mock).await, 201, &request_id, POST_PATH).await;
    assert_eq!(body, POST_BODY.as_bytes());
    assert_eq!(mock.requests()[0].body, sent);
    assert_eq!(
        mock.requests()[0].body_str(),
        std::str::from_utf8(sent).ok()
    );

    let tampered = Call::signed(Method::POST, POST_PATH, Some(sent))
        .with_body(br#"{"name":"Toko Kue","email":"evil@example.com"}"#);
    assert_refused(
        tampered.send(&mock).await,
        401,
        "invalid_signature",
        "Invalid Header Signature",
    )
    .await;
    // A body signed as absent (GET-style signature) but sent anyway.
    let bodiless = Call::signed(Method::POST, POST_PATH, None).with_body(sent);
    assert_refused(
        bodiless.send(&mock).await,
        401,
        "invalid_signature",
        "Invalid Header Signature",
    )
    .await;
    assert_eq!(mock.requests()[1].status, 401);
}

#[tokio::test]
async fn query_is_in_the_target_only_when_the_route_says_so() {
    let mock = start().await;
    let path_and_query = format!("{QUERY_TEMPLATE}?page=1&size=10");
    let id = fresh_id();
    let path_only = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        &path_and_query,
        QUERY_TEMPLATE,
        None,
        &id,
        &now(),
    );
    assert_refused(
        path_only.send(&mock).await,
        401,
        "invalid_signature",
        "Invalid Header Signature",
    )
    .await;
    let with_query = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        &path_and_query,
        &path_and_query,
        None,
        &id,
        &now(),
    );
    let body = assert_signed_success(with_query.send(&mock).await, 200, &id, &path_and_query).await;
    assert_eq!(body, QUERY_BODY.as_bytes());
    assert_eq!(mock.requests()[1].query.as_deref(), Some("page=1&size=10"));

    // The GET route keeps the path only, query or not.
    let id = fresh_id();
    let get_with_query = format!("{GET_PATH}?x=1");
    let call = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        &get_with_query,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_signed_success(call.send(&mock).await, 200, &id, GET_PATH).await;
}

#[tokio::test]
async fn missing_headers_are_named_in_dokus_order() {
    let mock = start().await;
    let all = ["Client-Id", "Request-Id", "Request-Timestamp", "Signature"];
    for (i, name) in all.iter().enumerate() {
        // Headers before `name` present, `name` and every later one missing.
        let mut call = Call::get();
        for missing in &all[i..] {
            call = call.without(missing);
        }
        assert_refused(
            call.send(&mock).await,
            400,
            "invalid_header_request",
            &format!("Header {name} is required"),
        )
        .await;
        // Only `name` missing.
        let call = Call::get().without(name);
        assert_refused(
            call.send(&mock).await,
            400,
            "invalid_header_request",
            &format!("Header {name} is required"),
        )
        .await;
    }
    // Empty and non-UTF-8 values count as missing, and nothing panics.
    let empty = Call::get().with("Request-Id", "");
    assert_refused(
        empty.send(&mock).await,
        400,
        "invalid_header_request",
        "Header Request-Id is required",
    )
    .await;
    let binary = Call::get().with("Client-Id", b"BRN-\xff\xfe".to_vec());
    assert_refused(
        binary.send(&mock).await,
        400,
        "invalid_header_request",
        "Header Client-Id is required",
    )
    .await;
    let recorded = mock.requests();
    assert_eq!(
        recorded.last().unwrap().header("client-id"),
        Some("BRN-\u{fffd}\u{fffd}")
    );
    assert!(recorded.iter().all(|r| r.status == 400));
}

#[tokio::test]
async fn timestamp_format_and_range() {
    let now = 1_780_000_000;
    let mock = routes()
        .clock(Arc::new(FixedClock(now)))
        .start()
        .await
        .unwrap();
    let at = |offset: i64| {
        Call::signed_as(
            CLIENT,
            KEY,
            Method::GET,
            GET_PATH,
            GET_PATH,
            None,
            &fresh_id(),
            &format_timestamp(now + offset),
        )
    };
    for bad in [
        "2026-05-28T20:26:40.000Z",
        "2026-05-28T20:26:40+07:00",
        "2026-05-28 20:26:40Z",
        "now",
    ] {
        let call = Call::signed_as(
            CLIENT,
            KEY,
            Method::GET,
            GET_PATH,
            GET_PATH,
            None,
            &fresh_id(),
            bad,
        );
        assert_refused(
            call.send(&mock).await,
            400,
            "invalid_header_request",
            "Invalid format Header Request-Timestamp",
        )
        .await;
    }
    for offset in [-3601, 3601, -86_400 * 365] {
        assert_refused(
            at(offset).send(&mock).await,
            400,
            "request_time_out_of_range",
            "Header Request-Timestamp is not in +- 3600 second of now",
        )
        .await;
    }
    for offset in [-3600, -3599, 0, 3599, 3600] {
        let call = at(offset);
        let response = call.send(&mock).await;
        assert_eq!(response.status(), 200, "{offset}");
        assert_eq!(
            response.headers()["response-timestamp"].to_str().unwrap(),
            format_timestamp(now)
        );
    }
}

#[tokio::test]
async fn unknown_clients_and_wrong_keys_are_refused() {
    let mock = start().await;
    let id = fresh_id();
    let unknown = Call::signed_as(
        "BRN-9999",
        KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_refused(
        unknown.send(&mock).await,
        401,
        "invalid_client_id",
        "Invalid Client-Id",
    )
    .await;
    let wrong_key = Call::signed_as(
        CLIENT,
        "SK-wrong",
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_refused(
        wrong_key.send(&mock).await,
        401,
        "invalid_signature",
        "Invalid Header Signature",
    )
    .await;
    let other_clients_key = Call::signed_as(
        CLIENT,
        OTHER_KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_refused(
        other_clients_key.send(&mock).await,
        401,
        "invalid_signature",
        "Invalid Header Signature",
    )
    .await;
    for garbage in ["HMACSHA256=", "hello", "HMACSHA256=!!!!"] {
        let call = Call::get().with("Signature", garbage);
        assert_refused(
            call.send(&mock).await,
            401,
            "invalid_signature",
            "Invalid Header Signature",
        )
        .await;
    }
    // The second client is registered with its own key.
    let other = Call::signed_as(
        OTHER_CLIENT,
        OTHER_KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_eq!(other.send(&mock).await.status(), 200);
    // None of the refusals consumed the id.
    let call = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_eq!(call.send(&mock).await.status(), 200);
}

#[tokio::test]
async fn request_ids_are_consumed_by_successes_only() {
    let mock = start().await;
    let id = fresh_id();
    let call = || {
        Call::signed_as(
            CLIENT,
            KEY,
            Method::GET,
            GET_PATH,
            GET_PATH,
            None,
            &id,
            &now(),
        )
    };
    assert_eq!(call().send(&mock).await.status(), 200);
    assert_refused(
        call().send(&mock).await,
        400,
        "idempotent_request",
        "Request-Id has been used",
    )
    .await;
    // Per Client-Id.
    let other = Call::signed_as(
        OTHER_CLIENT,
        OTHER_KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_eq!(other.send(&mock).await.status(), 200);

    // A 503 does not consume the id: the client's retry with the same id succeeds.
    let id = fresh_id();
    let call = || {
        Call::signed_as(
            CLIENT,
            KEY,
            Method::GET,
            GET_PATH,
            GET_PATH,
            None,
            &id,
            &now(),
        )
    };
    mock.push_fault(Fault::Status {
        status: 503,
        content_type: "application/json".into(),
        body: r#"{"message":["SERVICE UNAVAILABLE"]}"#.into(),
    });
    let first = call().send(&mock).await;
    assert_eq!(first.status(), 503);
    assert_eq!(
        first.text().await.unwrap(),
        r#"{"message":["SERVICE UNAVAILABLE"]}"#
    );
    assert_signed_success(call().send(&mock).await, 200, &id, GET_PATH).await;
    assert_refused(
        call().send(&mock).await,
        400,
        "idempotent_request",
        "Request-Id has been used",
    )
    .await;
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 400, 200, 503, 200, 400]);
}

#[tokio::test]
async fn unknown_paths_and_methods() {
    let mock = start().await;
    let call = Call::signed(Method::GET, "/adv-core-api/partner/v1.0/nothing", None);
    let response = call.send(&mock).await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = json(response).await;
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(body["error"]["type"], "invalid_request_error");
    assert!(body["error"]["message"].is_string());
    // `{client_id}` needs a non-empty segment.
    let call = Call::signed(Method::GET, "/adv-core-api/partner/v1.0/business/", None);
    assert_eq!(call.send(&mock).await.status(), 404);
    let call = Call::signed(Method::DELETE, GET_PATH, None);
    let response = call.send(&mock).await;
    assert_eq!(response.status(), 405);
    let body: serde_json::Value = json(response).await;
    assert_eq!(body["error"]["code"], "method_not_allowed");
    // Door checks come first: an unsigned request to an unknown path is a 400.
    let call = Call::signed(Method::GET, "/nowhere", None).without("Signature");
    assert_eq!(call.send(&mock).await.status(), 400);
}

#[tokio::test]
async fn faults_apply_in_order_and_only_to_requests_that_pass_the_checks() {
    let mock = start().await;
    for status in [500, 502] {
        mock.push_fault(Fault::Status {
            status,
            content_type: "text/plain".into(),
            body: format!("error {status}"),
        });
    }
    assert_eq!(
        Call::get().without("Signature").send(&mock).await.status(),
        400
    );
    assert_eq!(
        Call::signed(Method::GET, "/nowhere", None)
            .send(&mock)
            .await
            .status(),
        404
    );
    let response = Call::get().send(&mock).await;
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["content-type"], "text/plain");
    assert!(response.headers().get("signature").is_none());
    assert_eq!(response.text().await.unwrap(), "error 500");
    assert_eq!(Call::get().send(&mock).await.status(), 502);
    assert_eq!(Call::get().send(&mock).await.status(), 200);
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let mock = start().await;
    mock.push_fault(Fault::Delay(Duration::from_millis(250)));
    let call = Call::get();
    let started = Instant::now();
    let response = call.send(&mock).await;
    assert!(started.elapsed() >= Duration::from_millis(250));
    let body = assert_signed_success(response, 200, &call.header("Request-Id"), GET_PATH).await;
    assert_eq!(body, GET_BODY.as_bytes());
}

#[tokio::test]
async fn hang_never_answers_and_does_not_consume_the_id() {
    let mock = start().await;
    mock.push_fault(Fault::Hang);
    let call = Call::get();
    let started = Instant::now();
    let err = call
        .send_with(&http(Duration::from_millis(300)), &mock)
        .await
        .expect_err("no answer");
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(mock.requests()[0].status, 0);
    // The same request again (fresh timestamp, same id) is answered.
    let retry = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &call.header("Request-Id"),
        &now(),
    );
    assert_eq!(retry.send(&mock).await.status(), 200);
}

#[tokio::test]
async fn hanging_connections_close_when_the_mock_is_dropped() {
    let mock = start().await;
    mock.push_fault(Fault::Hang);
    let base = mock.base_url();
    let call = Call::get();
    let client = http(Duration::from_secs(5));
    let pending = tokio::spawn(async move {
        let started = Instant::now();
        let result = client
            .get(format!("{base}{GET_PATH}"))
            .header("client-id", call.header("Client-Id"))
            .header("request-id", call.header("Request-Id"))
            .header("request-timestamp", call.header("Request-Timestamp"))
            .header("signature", call.header("Signature"))
            .send()
            .await;
        (result.map(|r| r.status()), started.elapsed())
    });
    // Wait until the mock has the request, then drop it.
    let deadline = Instant::now() + Duration::from_secs(2);
    while mock.requests().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(mock.requests().len(), 1);
    let base = mock.base_url();
    drop(mock);
    let (result, elapsed) = pending.await.unwrap();
    let err = result.expect_err("connection closed without an answer");
    assert!(!err.is_timeout(), "{err:?}");
    assert!(elapsed < Duration::from_secs(4));
    // And the port no longer accepts connections.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let err = http(Duration::from_secs(2))
        .get(format!("{base}{GET_PATH}"))
        .send()
        .await
        .expect_err("server gone");
    assert!(err.is_connect(), "{err:?}");
}

#[tokio::test]
async fn headers_then_silence() {
    let mock = start().await;
    mock.push_fault(Fault::HeadersThenSilence);
    let call = Call::get();
    let response = call
        .send_with(&http(Duration::from_millis(300)), &mock)
        .await
        .expect("headers arrive");
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(GET_BODY.len() as u64));
    assert!(response.headers().get("signature").is_some());
    let err = response.bytes().await.expect_err("no body");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(mock.requests()[0].status, 200);
}

#[tokio::test]
async fn reset_mid_body() {
    let mock = start().await;
    mock.push_fault(Fault::ResetMidBody);
    let call = Call::get();
    let mut response = call
        .send_with(&http(Duration::from_secs(3)), &mock)
        .await
        .expect("headers arrive");
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), Some(GET_BODY.len() as u64));
    let started = Instant::now();
    let mut received = Vec::new();
    let err = loop {
        match response.chunk().await {
            Ok(Some(chunk)) => received.extend_from_slice(&chunk),
            Ok(None) => panic!("body completed: {received:?}"),
            Err(err) => break err,
        }
    };
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.is_body() || err.is_decode(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(received, &GET_BODY.as_bytes()[..GET_BODY.len() / 2]);
    // The next connection works.
    assert_eq!(Call::get().send(&mock).await.status(), 200);
}

#[tokio::test]
async fn truncated_json_is_framed_and_signed() {
    let mock = start().await;
    mock.push_fault(Fault::TruncatedJson);
    let call = Call::get();
    let response = call.send(&mock).await;
    assert_eq!(response.content_length(), Some((GET_BODY.len() / 2) as u64));
    let body = assert_signed_success(response, 200, &call.header("Request-Id"), GET_PATH).await;
    assert_eq!(body, &GET_BODY.as_bytes()[..GET_BODY.len() / 2]);
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
}

#[tokio::test]
async fn huge_body_is_streamed_chunked_and_signed() {
    let mock = start().await;
    let size = 3 * 1024 * 1024 + 5;
    mock.push_fault(Fault::HugeBody { bytes: size });
    let call = Call::get();
    let response = call.send(&mock).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.content_length(), None);
    assert_eq!(response.headers()["transfer-encoding"], "chunked");
    let body = assert_signed_success(response, 200, &call.header("Request-Id"), GET_PATH).await;
    assert_eq!(body.len(), size);
    assert!(body.iter().all(|&b| b == b'x'));

    // Empty is a valid size too.
    mock.push_fault(Fault::HugeBody { bytes: 0 });
    let call = Call::get();
    let body = assert_signed_success(
        call.send(&mock).await,
        200,
        &call.header("Request-Id"),
        GET_PATH,
    )
    .await;
    assert!(body.is_empty());
}

#[tokio::test]
async fn wrong_signature_and_unsigned() {
    let mock = start().await;
    mock.push_fault(Fault::WrongSignature);
    mock.push_fault(Fault::Unsigned);

    let call = Call::get();
    let response = call.send(&mock).await;
    assert_eq!(response.status(), 200);
    let timestamp = response.headers()["response-timestamp"]
        .to_str()
        .unwrap()
        .to_owned();
    let signature = response.headers()["signature"].to_str().unwrap().to_owned();
    let body = response.bytes().await.unwrap();
    assert_eq!(body, GET_BODY.as_bytes());
    assert_eq!(
        Components::response(
            CLIENT,
            &call.header("Request-Id"),
            &timestamp,
            GET_PATH,
            Some(&body)
        )
        .verify(&SecretKey::new(KEY), &signature),
        Err(SignatureError::Mismatch)
    );

    let response = Call::get().send(&mock).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("signature").is_none());
    assert!(response.headers().get("response-timestamp").is_none());
    assert_eq!(response.headers()["client-id"], CLIENT);
    assert_eq!(response.text().await.unwrap(), GET_BODY);
}

#[tokio::test]
async fn unsigned_responses_when_asked() {
    let mock = routes().sign_responses(false).start().await.unwrap();
    let response = Call::get().send(&mock).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("signature").is_none());
    assert_eq!(response.text().await.unwrap(), GET_BODY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests() {
    let mock = Arc::new(start().await);
    let client = http(Duration::from_secs(5));
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (mock, client) = (Arc::clone(&mock), client.clone());
        tasks.push(tokio::spawn(async move {
            let call = if i % 2 == 0 {
                Call::get()
            } else {
                Call::signed(
                    Method::POST,
                    POST_PATH,
                    Some(format!(r#"{{"n":{i}}}"#).as_bytes()),
                )
            };
            let response = call.send_with(&client, &mock).await.expect("answered");
            let status = response.status().as_u16();
            let body = response.bytes().await.expect("body");
            (status, body)
        }));
    }
    for (i, task) in tasks.into_iter().enumerate() {
        let (status, body) = task.await.unwrap();
        if i % 2 == 0 {
            assert_eq!((status, &body[..]), (200, GET_BODY.as_bytes()));
        } else {
            assert_eq!((status, &body[..]), (201, POST_BODY.as_bytes()));
        }
    }
    let recorded = mock.requests();
    assert_eq!(recorded.len(), 50);
    assert!(recorded.iter().all(|r| r.status == 200 || r.status == 201));
}

// A hand-written endpoint, standing in for generated code.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Business {
    message: Vec<String>,
}

impl Conformance for Business {
    fn check_conformance(&self, _: &mut JsonPath, _: &mut Vec<Finding>) {}
}

impl ApiResponse for Business {}

#[derive(Debug)]
struct GetBusiness;

impl ApiRequest for GetBusiness {
    type Endpoint = GetBusinessEndpoint;

    fn path(&self) -> String {
        GET_PATH.to_owned()
    }

    fn query_string(&self) -> Option<String> {
        None
    }
}

struct GetBusinessEndpoint;

impl Endpoint for GetBusinessEndpoint {
    const NAME: &'static str = "get_business";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH_TEMPLATE: &'static str = GET_TEMPLATE;
    const AUTH: AuthOptions = AuthOptions {
        signature: SignatureScheme::NonSnapHmacSha256,
        query_in_target: false,
        bearer_token: false,
    };
    const SANDBOX_URL: &'static str = "https://api-sandbox.doku.com";
    const PRODUCTION_URL: &'static str = "https://api.doku.com";
    const SUCCESS_STATUS: u16 = 200;
    const EXAMPLES: &'static [(&'static str, &'static str)] = &[
        ("success", r#"{"message":["SUCCESS"]}"#),
        ("inactive", r#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#),
    ];
    type Request = GetBusiness;
    type Response = Business;
}

#[derive(Debug)]
struct NoExamplesRequest;

impl ApiRequest for NoExamplesRequest {
    type Endpoint = NoExamples;

    fn path(&self) -> String {
        "/none".to_owned()
    }

    fn query_string(&self) -> Option<String> {
        None
    }
}

struct NoExamples;

impl Endpoint for NoExamples {
    const NAME: &'static str = "no_examples";
    const METHOD: HttpMethod = HttpMethod::Get;
    const PATH_TEMPLATE: &'static str = "/none";
    const AUTH: AuthOptions = GetBusinessEndpoint::AUTH;
    const SANDBOX_URL: &'static str = GetBusinessEndpoint::SANDBOX_URL;
    const PRODUCTION_URL: &'static str = GetBusinessEndpoint::PRODUCTION_URL;
    const SUCCESS_STATUS: u16 = 200;
    const EXAMPLES: &'static [(&'static str, &'static str)] = &[];
    type Request = NoExamplesRequest;
    type Response = Business;
}

#[tokio::test]
async fn endpoints_serve_their_examples() {
    let mock = StandIn::builder()
        .client(CLIENT, KEY)
        .endpoint::<GetBusinessEndpoint>()
        .start()
        .await
        .unwrap();
    let response = Call::get().send(&mock).await;
    assert_eq!(response.text().await.unwrap(), r#"{"message":["SUCCESS"]}"#);

    let mock = StandIn::builder()
        .client(CLIENT, KEY)
        .endpoint_example::<GetBusinessEndpoint>("inactive")
        .start()
        .await
        .unwrap();
    let response = Call::get().send(&mock).await;
    assert_eq!(
        json::<Business>(response).await.message,
        ["PAYMENT CHANNEL IS INACTIVE"]
    );
    assert_eq!(
        StandInRoute::for_endpoint::<GetBusinessEndpoint>("success").map(|r| r.path_template),
        Some(GET_TEMPLATE)
    );
    assert_eq!(
        StandInRoute::for_endpoint::<GetBusinessEndpoint>("nope"),
        None
    );
}

#[tokio::test]
async fn configuration_errors_surface_at_start() {
    let err = StandIn::builder()
        .endpoint_example::<GetBusinessEndpoint>("nope")
        .start()
        .await
        .expect_err("unknown example");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("nope"), "{err}");
    assert!(err.to_string().contains("success, inactive"), "{err}");

    let err = StandIn::builder()
        .endpoint::<NoExamples>()
        .start()
        .await
        .expect_err("no example");
    assert!(err.to_string().contains("no_examples"), "{err}");

    let err = StandIn::builder()
        .route(StandInRoute::new(HttpMethod::Get, "relative/path", "{}"))
        .start()
        .await
        .expect_err("relative path");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

#[tokio::test]
async fn hostile_requests_do_not_break_the_server() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    let mock = start().await;
    for raw in [
        &b"GET / HTTP/1.1\r\nHost: x\r\nClient-Id: \xff\xfe\r\nConnection: close\r\n\r\n"[..],
        b"GARBAGE\r\n\r\n",
        b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc",
        b"GET /%zz/../\xc3\x28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let mut stream = tokio::net::TcpStream::connect(mock.addr()).await.unwrap();
        stream.write_all(raw).await.unwrap();
        stream.shutdown().await.ok();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), stream.read_to_end(&mut answer)).await;
    }
    assert_eq!(Call::get().send(&mock).await.status(), 200);
    assert!(
        mock.requests()
            .iter()
            .any(|r| r.status == 400 && r.header("client-id").is_some())
    );
}

#[tokio::test]
async fn an_id_in_flight_is_reserved() {
    let mock = Arc::new(start().await);
    mock.push_fault(Fault::Delay(Duration::from_millis(300)));
    let id = fresh_id();
    let call = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    let slow = {
        let mock = Arc::clone(&mock);
        tokio::spawn(async move { call.send(&mock).await.status() })
    };
    let deadline = Instant::now() + Duration::from_secs(2);
    while mock.requests().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(mock.requests()[0].status, 0, "still delayed");
    let duplicate = Call::signed_as(
        CLIENT,
        KEY,
        Method::GET,
        GET_PATH,
        GET_PATH,
        None,
        &id,
        &now(),
    );
    assert_refused(
        duplicate.send(&mock).await,
        400,
        "idempotent_request",
        "Request-Id has been used",
    )
    .await;
    assert_eq!(slow.await.unwrap(), 200);
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 400]);
}

#[tokio::test]
async fn idempotency_check_can_be_turned_off_for_benchmarks() {
    let mock = routes()
        .check_idempotency(false)
        .start()
        .await
        .expect("mock starts");
    // One signed request, replayed: every copy is answered, and still signed and verified.
    let call = Call::get();
    let id = call.header("Request-Id");
    for _ in 0..3 {
        assert_signed_success(call.send(&mock).await, 200, &id, GET_PATH).await;
    }
    // The other checks still run.
    let forged = Call::get().with("Signature", "HMACSHA256=AAAA");
    assert_eq!(forged.send(&mock).await.status(), 401);
    let statuses: Vec<u16> = mock.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 401]);
}

#[tokio::test]
async fn recording_can_be_turned_off_for_benchmarks() {
    let mock = routes()
        .record_requests(false)
        .start()
        .await
        .expect("mock starts");
    let call = Call::get();
    let id = call.header("Request-Id");
    assert_signed_success(call.send(&mock).await, 200, &id, GET_PATH).await;
    // Refused requests are not recorded either; the idempotency check is still on.
    assert_refused(
        call.send(&mock).await,
        400,
        "idempotent_request",
        "Request-Id has been used",
    )
    .await;
    assert!(mock.requests().is_empty());
}
