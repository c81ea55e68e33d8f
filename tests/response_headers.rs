//! Declared response headers (`response.headers`) and error envelopes (`errors.envelopes`) on
//! the wire: the bytes the stand-in sends, what the client reads and checks of them, and both
//! envelopes decoded into typed errors that keep the body as received.

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use doku_partner::support::client::{
    ConformanceMode, ResponseSignatureCheck, ResponseSignaturePolicy,
};
use doku_partner::support::clock::{format_timestamp, parse_timestamp};
use doku_partner::support::error::EnvelopeForm;
use doku_partner::support::response_headers::HeaderProblem;
use doku_partner::support::signature::Components;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::support::{Endpoint, SignatureError};
use doku_partner::{Client, Credentials, Environment, Error};
use hmac::{KeyInit as _, Mac as _};

mod things {
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "tests/specs/response_headers.yaml")]
    pub struct Things;
}
use things::Things;
use things::things::Request;

const CLIENT_ID: &str = "BRN-0001-1";
const KEY: &str = "SK-things-1";
const SAMPLE: &str = "{\"id\":\"THING-1\"}\n";

async fn stand_in() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, KEY)
        .endpoint::<Things>()
        .endpoint::<doku_partner::payments::CheckStatus>()
        .start()
        .await
        .expect("the stand-in starts")
}

fn client(base_url: String) -> doku_partner::support::ClientBuilder {
    Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(base_url),
    )
}

fn request() -> Request {
    Request::new("THING-1".parse().unwrap())
}

/// DOKU's formula for a GET, written out with the HMAC crates alone.
fn signed(request_id: &str, timestamp: &str, target: &str) -> String {
    let text = format!(
        "Client-Id:{CLIENT_ID}\nRequest-Id:{request_id}\nRequest-Timestamp:{timestamp}\nRequest-Target:{target}"
    );
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(KEY.as_bytes()).unwrap();
    mac.update(text.as_bytes());
    format!(
        "HMACSHA256={}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

#[tokio::test]
async fn the_stand_in_sends_exactly_the_declared_headers_and_the_client_reads_them() {
    let mock = stand_in().await;
    // By hand: the bytes the stand-in answers, whatever the client does with them.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let timestamp = format_timestamp(i64::try_from(now).unwrap());
    let target = "/demo/v1/things/THING-1";
    let answer = reqwest::Client::new()
        .get(format!("{}{target}", mock.base_url()))
        .header("Client-Id", CLIENT_ID)
        .header("Request-Id", "by-hand-1")
        .header("Request-Timestamp", &timestamp)
        .header("Signature", signed("by-hand-1", &timestamp, target))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let headers = answer.headers().clone();
    let mut names: Vec<&str> = headers
        .keys()
        .map(|n| n.as_str())
        .filter(|n| !matches!(*n, "content-type" | "content-length" | "date"))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "client-id",
            "request-id",
            "response-timestamp",
            "signature",
            "x-trace"
        ]
    );
    let header = |name: &str| headers[name].to_str().unwrap().to_owned();
    assert_eq!(header("client-id"), CLIENT_ID);
    assert_eq!(header("request-id"), "by-hand-1");
    assert_eq!(header("x-trace"), "TRACE1", "the spec's example");
    let stamp = header("response-timestamp");
    assert!(parse_timestamp(&stamp).is_some(), "{stamp}");
    let body = answer.bytes().await.unwrap();
    assert_eq!(&body[..], SAMPLE.as_bytes());
    Components::response(CLIENT_ID, "by-hand-1", &stamp, target, Some(&body))
        .verify_checked(&KEY.into(), &header("signature"))
        .expect("signed over the body as sent");

    // The client: every declared header read, checked, clean; the signature verified.
    let reply = client(mock.base_url())
        .build()
        .unwrap()
        .send(request())
        .await
        .unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Verified);
    assert!(reply.headers.is_clean(), "{:?}", reply.headers);
    assert_eq!(reply.headers.get("client-id"), Some(CLIENT_ID));
    assert_eq!(
        reply.headers.get("Request-Id"),
        Some(reply.request_id.as_str())
    );
    assert_eq!(reply.headers.get("X-Trace"), Some("TRACE1"));
    assert!(parse_timestamp(reply.headers.response_timestamp().unwrap()).is_some());
    let signature = reply.headers.get("Signature").unwrap().to_owned();
    let shown = format!("{reply:?}");
    assert!(!shown.contains(&signature), "{shown}");
}

/// A server on 127.0.0.1 answering one request with `head` (`{rid}`: the request's
/// Request-Id) and `body`.
fn serve_once(head: &'static str, body: &'static str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                return;
            }
            seen.extend_from_slice(&buf[..n]);
        }
        let text = String::from_utf8_lossy(&seen).to_string();
        let rid = text
            .lines()
            .find_map(|l| l.strip_prefix("request-id: "))
            .unwrap_or_default()
            .to_owned();
        let head = head.replace("{rid}", &rid);
        let answer = format!(
            "{head}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).unwrap();
    });
    url
}

#[tokio::test]
async fn a_request_id_that_differs_is_an_error_keeping_the_body_in_every_mode() {
    let url = serve_once(
        "HTTP/1.1 200 OK\r\nclient-id: BRN-0001-1\r\nrequest-id: not-yours\r\nresponse-timestamp: 2020-08-11T08:45:42Z",
        "{\"id\":\"THING-9\"}",
    );
    let error = client(url)
        .response_signature(ResponseSignaturePolicy::Skip)
        .build()
        .unwrap()
        .send(request())
        .await
        .unwrap_err();
    let Error::ResponseHeaders { findings, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].header, "Request-Id");
    let HeaderProblem::Differs { received, .. } = &findings[0].problem else {
        panic!("{findings:?}")
    };
    assert_eq!(received, "not-yours");
    assert_eq!(body.as_bytes(), b"{\"id\":\"THING-9\"}");
    assert!(
        error.to_string().contains("`Request-Id` is `not-yours`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_missing_or_malformed_header_is_a_finding_and_strict_mode_refuses_it() {
    const HEAD: &str = "HTTP/1.1 200 OK\r\nclient-id: BRN-0001-1\r\nrequest-id: {rid}\r\nresponse-timestamp: 2020-08-11 08:45:42\r\nx-trace: not-an-AN";
    let reply = client(serve_once(HEAD, "{\"id\":\"THING-1\"}"))
        .response_signature(ResponseSignaturePolicy::Skip)
        .build()
        .unwrap()
        .send(request())
        .await
        .unwrap();
    let problems: Vec<(&str, &HeaderProblem)> = reply
        .headers
        .findings()
        .iter()
        .map(|f| (f.header, &f.problem))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert_eq!(
        problems[0],
        ("Response-Timestamp", &HeaderProblem::NotATimestamp)
    );
    assert_eq!(problems[1].0, "X-Trace");
    assert!(matches!(problems[1].1, HeaderProblem::Format(_)));
    assert_eq!(reply.data.id, "THING-1");

    let error = client(serve_once(
        "HTTP/1.1 200 OK\r\nclient-id: BRN-0001-1\r\nrequest-id: {rid}",
        "{\"id\":\"THING-1\"}",
    ))
    .response_signature(ResponseSignaturePolicy::Skip)
    .conformance(ConformanceMode::Strict)
    .build()
    .unwrap()
    .send(request())
    .await
    .unwrap_err();
    let Error::ResponseHeaders { findings, body, .. } = &error else {
        panic!("{error:?}")
    };
    // X-Trace is optional: only the mandatory Response-Timestamp is missing.
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0].header, &findings[0].problem),
        ("Response-Timestamp", &HeaderProblem::Missing)
    );
    assert_eq!(body.as_bytes(), b"{\"id\":\"THING-1\"}");
}

#[tokio::test]
async fn a_declared_mandatory_signature_is_required_under_the_default_policy() {
    let error = client(serve_once(
        "HTTP/1.1 200 OK\r\nclient-id: BRN-0001-1\r\nrequest-id: {rid}\r\nresponse-timestamp: 2020-08-11T08:45:42Z",
        "{\"id\":\"THING-1\"}",
    ))
    .build()
    .unwrap()
    .send(request())
    .await
    .unwrap_err();
    let Error::ResponseSignature {
        error: why, body, ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(
        *why,
        SignatureError::Missing {
            header: "Signature"
        }
    );
    assert_eq!(body.as_bytes(), b"{\"id\":\"THING-1\"}");
}

#[tokio::test]
async fn both_envelopes_decode_into_typed_errors_and_an_undeclared_one_says_so() {
    let mock = stand_in().await;
    let client = client(mock.base_url()).build().unwrap();

    // Declared (`error`): the stand-in injects it, the client decodes it into Error::Http.
    mock.push_fault_for::<Things>(Fault::error_envelope(400, "invalid_thing", "Bad thing"))
        .expect("`error` is declared");
    let error = client.send(request()).await.unwrap_err();
    let Error::Http {
        status,
        envelope,
        body,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    let envelope = envelope.as_ref().unwrap();
    assert_eq!(
        (
            envelope.form,
            envelope.code.as_str(),
            envelope.message.as_str()
        ),
        (EnvelopeForm::Error, "invalid_thing", "Bad thing")
    );
    assert_eq!(
        body.as_bytes(),
        br#"{"error":{"code":"invalid_thing","message":"Bad thing","type":"invalid_request_error"}}"#
    );

    // Undeclared (`message`): the stand-in refuses to inject it for this endpoint...
    let refused = mock
        .push_fault_for::<Things>(Fault::business_refusal(
            400,
            &["PAYMENT CHANNEL IS INACTIVE"],
        ))
        .unwrap_err();
    assert_eq!(refused.form, EnvelopeForm::Message);
    assert_eq!(
        refused.to_string(),
        "things does not answer the `message` envelope: its spec declares error"
    );
    // ... and, played anyway, the client keeps it whole and says it is not declared.
    mock.push_fault(Fault::business_refusal(
        400,
        &["PAYMENT CHANNEL IS INACTIVE"],
    ));
    let error = client.send(request()).await.unwrap_err();
    let Error::UndeclaredEnvelope {
        status,
        envelope,
        declared,
        body,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(envelope.form, EnvelopeForm::Message);
    assert_eq!(envelope.message, "PAYMENT CHANNEL IS INACTIVE");
    assert_eq!(*declared, Things::ERROR_ENVELOPES);
    assert_eq!(
        body.as_bytes(),
        br#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#
    );
    assert!(
        error
            .to_string()
            .contains("which its spec does not declare"),
        "{error}"
    );
    assert_eq!(
        error.doku_error().map(|e| e.form),
        Some(EnvelopeForm::Message)
    );

    // Check Status declares both: the stand-in injects `message` there, and it is Error::Http.
    mock.push_fault_for::<doku_partner::payments::CheckStatus>(Fault::business_refusal(
        400,
        &["PAYMENT CHANNEL IS INACTIVE"],
    ))
    .expect("Check Status declares `message`");
    let error = client
        .send(doku_partner::payments::check_status::Request::new(
            "INV-1".parse().unwrap(),
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Http { envelope: Some(e), .. } if e.form == EnvelopeForm::Message),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_admin_api_injects_a_declared_envelope_and_refuses_an_undeclared_one() {
    use doku_partner::stand_in::PartnerStandIn;
    let stand_in = PartnerStandIn::builder("BRN-PARTNER-1", "SK-partner-1")
        .admin_api()
        .endpoint::<doku_partner::payments::VaPaymentCode>()
        .start()
        .await
        .unwrap();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let fault = |body: serde_json::Value| {
        let request = http
            .post(format!("{}/__stand-in/faults", stand_in.base_url()))
            .body(body.to_string());
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let va = "/doku-virtual-account/v2/payment-code";
    // DOKU VA declares the `error` envelope only.
    let (status, text) = fault(serde_json::json!({"fault": "message_envelope", "path": va})).await;
    assert_eq!(status, 409, "{text}");
    assert!(
        text.contains("does not answer the `message` envelope: its spec declares error"),
        "{text}"
    );
    let (status, text) = fault(serde_json::json!({
        "fault": "error_envelope", "path": va, "code": "invalid_va", "message": "Bad VA"
    }))
    .await;
    assert_eq!(status, 200, "{text}");
    // Checkout declares both.
    let (status, text) = fault(serde_json::json!({
        "fault": "message_envelope", "path": "/checkout/v1/payment"
    }))
    .await;
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("\"faults_queued\":2"), "{text}");
    // Without a path there is nothing to check against: refused.
    let (status, text) = fault(serde_json::json!({"fault": "message_envelope"})).await;
    assert_eq!(status, 400, "{text}");
}
