//! The fair baseline of the end-to-end benchmarks (`e2e.rs`, `per_call.rs`): one Get Business
//! Data call written by hand over reqwest, as a careful engineer would.

use std::sync::Arc;

use doku_partner::SecretKey;
use doku_partner::endpoints::get_business_data::Response;
use doku_partner::support::Components;
use doku_partner::support::clock::{Clock as _, RequestId, SystemClock, format_timestamp};
use reqwest::header::{ACCEPT, HeaderName};

/// The Client-Id both sides sign for.
pub const CLIENT_ID: &str = "BRN-0104-1678960841263";

/// The fair baseline: what a careful engineer writes by hand over the same reqwest settings as
/// the client. Per call: a fresh `Request-Id` (UUID v4) and timestamp, the request signed with
/// `Components::request(..).sign`, the four DOKU headers and `Accept` (static header names),
/// the status checked, the response signature verified with `Components::response(..)` and
/// `verify` over the response's own `Client-Id`, `Request-Id` and `Response-Timestamp`
/// headers, the body read with `bytes()` and decoded with `serde_json::from_slice` into the
/// same generated `Response`. No conformance check, no tracing, no retries, no body limit.
#[derive(Clone)]
pub struct HandWritten {
    /// The reqwest client, with the generated client's settings.
    pub http: reqwest::Client,
    /// The full URL with the query.
    pub url: Arc<str>,
    /// The signed `Request-Target` (the path).
    pub target: Arc<str>,
    /// The secret key.
    pub key: Arc<SecretKey>,
}

const CLIENT_ID_HEADER: HeaderName = HeaderName::from_static("client-id");
const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("request-id");
const REQUEST_TIMESTAMP_HEADER: HeaderName = HeaderName::from_static("request-timestamp");
const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("signature");

impl HandWritten {
    /// One call: sign, send, check the status, verify the response signature, decode.
    pub async fn call(&self) -> Result<Response, String> {
        let request_id = RequestId::new_v4();
        let timestamp = format_timestamp(SystemClock.now_unix());
        let signature = Components::request(
            CLIENT_ID,
            request_id.as_str(),
            &timestamp,
            &self.target,
            None,
        )
        .sign(&self.key);
        let mut response = self
            .http
            .get(&*self.url)
            .header(CLIENT_ID_HEADER, CLIENT_ID)
            .header(REQUEST_ID_HEADER, request_id.as_str())
            .header(REQUEST_TIMESTAMP_HEADER, &timestamp)
            .header(SIGNATURE_HEADER, signature.as_str())
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status() != reqwest::StatusCode::OK {
            return Err(format!("HTTP {}", response.status()));
        }
        let headers = std::mem::take(response.headers_mut());
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("no readable {name} header"))
        };
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        Components::response(
            header("client-id")?,
            header("request-id")?,
            header("response-timestamp")?,
            &self.target,
            Some(&body),
        )
        .verify(&self.key, header("signature")?)
        .map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}
