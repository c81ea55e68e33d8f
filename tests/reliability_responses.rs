//! Hostile response headers from a raw socket on 127.0.0.1: a `Signature` that is present but
//! unreadable is a signature failure under every policy but `Skip`, never "absent".

use std::time::Duration;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{Query, Request};
use doku_partner::support::client::{ResponseSignatureCheck, ResponseSignaturePolicy};
use doku_partner::support::{Endpoint as _, SignatureError};
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0104-1678960841263";
const SECRET: &str = "SK-reliability-responses";

fn request() -> Request {
    Request::new(CLIENT_ID.parse().unwrap(), Query::Personal)
}

/// A server on 127.0.0.1 that answers every request with `response` (bytes exactly as given)
/// and closes the connection.
fn raw_server(response: Vec<u8>) -> String {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(mut socket) = socket else { return };
            let response = response.clone();
            std::thread::spawn(move || {
                let _ = socket.set_read_timeout(Some(Duration::from_secs(5)));
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(&response);
                let _ = socket.flush();
            });
        }
    });
    format!("http://{addr}")
}

/// A 200 with the endpoint's sample body and extra header lines (raw bytes).
fn response_with(headers: &[&[u8]]) -> Vec<u8> {
    let body = GetBusinessData::EXAMPLES[0].1.as_bytes();
    let mut out =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n".to_vec();
    out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    for line in headers {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn client(url: String, policy: ResponseSignaturePolicy) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(url),
    )
    .timeout(Duration::from_secs(2))
    .connect_timeout(Duration::from_secs(2))
    .response_signature(policy)
    .build()
    .unwrap()
}

fn is_malformed(err: &Error) -> bool {
    matches!(
        err,
        Error::ResponseSignature {
            error: SignatureError::Malformed { .. },
            ..
        }
    )
}

#[tokio::test]
async fn a_non_ascii_signature_header_is_a_signature_failure_not_an_absent_one() {
    let url = raw_server(response_with(&[
        b"Response-Timestamp: 2026-11-24T10:00:00Z",
        b"Signature: HMACSHA256=\xff\xfeAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    ]));
    for policy in [
        ResponseSignaturePolicy::VerifyIfPresent,
        ResponseSignaturePolicy::Require,
    ] {
        let err = client(url.clone(), policy)
            .send(request())
            .await
            .expect_err("an unreadable signature is refused");
        assert!(is_malformed(&err), "{policy:?}: {err:?}");
        assert!(err.to_string().contains("not visible ASCII"), "{err}");
        assert!(err.body().is_some(), "the body is kept");
    }
    // Skip still skips.
    let reply = client(url, ResponseSignaturePolicy::Skip)
        .send(request())
        .await
        .unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Skipped);
}

#[tokio::test]
async fn a_non_ascii_response_timestamp_is_a_signature_failure() {
    let url = raw_server(response_with(&[
        b"Response-Timestamp: 2026-11-24T10:00:00Z\xa0",
        b"Signature: HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4=",
    ]));
    let err = client(url, ResponseSignaturePolicy::VerifyIfPresent)
        .send(request())
        .await
        .unwrap_err();
    assert!(is_malformed(&err), "{err:?}");
    assert!(err.to_string().contains("Response-Timestamp"), "{err}");
}

#[tokio::test]
async fn a_response_without_signature_is_still_absent_by_default() {
    let url = raw_server(response_with(&[]));
    let reply = client(url, ResponseSignaturePolicy::VerifyIfPresent)
        .send(request())
        .await
        .unwrap();
    assert_eq!(reply.response_signature, ResponseSignatureCheck::Absent);
}
