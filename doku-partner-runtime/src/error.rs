//! The one error type of a call: each variant says what went wrong, where, and keeps what the
//! server sent.
//!
//! Nothing in here holds the secret key or the request signature, so errors can be logged as
//! they are.

use std::fmt;

use serde::Deserialize;

use crate::clock::InvalidRequestId;
use crate::conformance::ConformanceReport;
use crate::signature::SignatureError;
use crate::validation::RequestErrors;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request was refused before any network I/O; every violation is listed.
    #[error(transparent)]
    InvalidRequest(#[from] RequestErrors),

    /// A caller-given `Request-Id` is not valid.
    #[error("invalid Request-Id: {0}")]
    InvalidRequestId(#[from] InvalidRequestId),

    /// The client could not be built (bad base URL, TLS setup).
    #[error("cannot build the DOKU client: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// The request did not get a complete HTTP response: connect, TLS, timeout, or a
    /// connection that broke while the body was read.
    #[error("{kind} while calling {endpoint} (Request-Id {request_id}): {message}")]
    Transport {
        /// What failed.
        kind: TransportKind,
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent (retries reuse it).
        request_id: String,
        /// The underlying error, flattened to text (its chain joined by `: `).
        message: String,
        /// The underlying error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// DOKU answered with a status other than the endpoint's success status.
    #[error(
        "{endpoint} answered HTTP {status} (Request-Id {request_id}){}",
        envelope.as_ref().map(|e| format!(": {e}")).unwrap_or_else(|| format!(": {}", body.preview()))
    )]
    Http {
        /// The HTTP status.
        status: u16,
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// DOKU's error, when the body is one of its envelopes (boxed to keep `Error` small).
        envelope: Option<Box<DokuError>>,
        /// The body as received.
        body: RawBody,
    },

    /// The response body is larger than the client's limit; reading stopped at the limit.
    #[error(
        "{endpoint} sent a response body over the {limit}-byte limit (Request-Id {request_id}); raise it with ClientBuilder::max_response_bytes"
    )]
    BodyTooLarge {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// The limit in bytes.
        limit: usize,
        /// HTTP status of the response.
        status: u16,
    },

    /// The success body is not the JSON the spec describes.
    #[error(
        "cannot decode the {endpoint} response at `{path}`: {message} (Request-Id {request_id})"
    )]
    Decode {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// JSON path of the value that failed (`brands[0].status`; `.` for the root).
        path: String,
        /// serde_json's message.
        message: String,
        /// The body as received.
        body: RawBody,
    },

    /// The response's signature is missing (when required) or does not verify.
    #[error("the {endpoint} response signature was rejected: {error} (Request-Id {request_id})")]
    ResponseSignature {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// What is wrong.
        error: SignatureError,
        /// The body as received.
        body: RawBody,
    },

    /// Strict conformance mode: the response decoded, but breaks its documented formats.
    #[error(
        "the {endpoint} response breaks its documented formats (Request-Id {request_id}): {report}"
    )]
    NonConforming {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// Every finding.
        report: ConformanceReport,
        /// The body as received.
        body: RawBody,
    },
}

impl Error {
    /// The raw response body, when the failure happened after one arrived.
    pub fn body(&self) -> Option<&RawBody> {
        match self {
            Error::Http { body, .. }
            | Error::Decode { body, .. }
            | Error::ResponseSignature { body, .. }
            | Error::NonConforming { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `Request-Id` sent, when the request got that far (quote it to DOKU support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Transport { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::BodyTooLarge { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::ResponseSignature { request_id, .. }
            | Error::NonConforming { request_id, .. } => Some(request_id),
            _ => None,
        }
    }

    /// DOKU's error envelope, when it sent one.
    pub fn doku_error(&self) -> Option<&DokuError> {
        match self {
            Error::Http { envelope, .. } => envelope.as_deref(),
            _ => None,
        }
    }
}

/// What kind of transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// The TCP connection could not be made (refused, unreachable, DNS).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// The call took longer than the connect or total timeout.
    Timeout,
    /// The connection broke after the request was sent (reset, closed mid-body).
    Interrupted,
    /// Anything else reqwest reports (invalid header value, redirect loop, ...).
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "cannot connect",
            TransportKind::Tls => "TLS failure",
            TransportKind::Timeout => "timeout",
            TransportKind::Interrupted => "connection interrupted",
            TransportKind::Other => "transport error",
        })
    }
}

/// DOKU's error envelope: `{"error":{"code","message","type"}}`, or the business form
/// `{"message":["PAYMENT CHANNEL IS INACTIVE"]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DokuError {
    /// Machine code (`invalid_signature`); empty for the business form.
    pub code: String,
    /// Human message (`Invalid Header Signature`).
    pub message: String,
    /// Error type (`invalid_request_error`), when given.
    pub type_: Option<String>,
}

impl DokuError {
    /// Parses one of DOKU's error envelopes; `None` when the body is something else.
    pub fn parse(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Inner {
            code: Option<String>,
            message: Option<String>,
            #[serde(rename = "type")]
            type_: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Envelope {
            Error { error: Inner },
            Business { message: Vec<String> },
        }
        match serde_json::from_slice::<Envelope>(body).ok()? {
            Envelope::Error { error } if error.code.is_some() || error.message.is_some() => {
                Some(DokuError {
                    code: error.code.unwrap_or_default(),
                    message: error.message.unwrap_or_default(),
                    type_: error.type_,
                })
            }
            Envelope::Error { .. } => None,
            Envelope::Business { message } => Some(DokuError {
                code: String::new(),
                message: message.join("; "),
                type_: None,
            }),
        }
    }
}

impl fmt::Display for DokuError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.code.is_empty(), self.message.is_empty()) {
            (false, false) => write!(f, "{} ({})", self.message, self.code),
            (false, true) => f.write_str(&self.code),
            _ => f.write_str(&self.message),
        }
    }
}

/// A response body exactly as received (it may not be UTF-8).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    /// Wraps received bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        RawBody(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` for an empty body.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first 200 characters, on one line, for messages.
    pub fn preview(&self) -> String {
        const MAX: usize = 200;
        if self.0.is_empty() {
            return "(empty body)".to_owned();
        }
        let text = self.text();
        let mut out: String = text
            .chars()
            .take(MAX)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.chars().nth(MAX).is_some() {
            out.push_str(&format!("… ({} bytes)", self.0.len()));
        }
        out
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        RawBody(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_envelopes_and_nothing_else() {
        let e = DokuError::parse(
            br#"{"error":{"code":"invalid_signature","message":"Invalid Header Signature","type":"invalid_request_error"}}"#,
        )
        .unwrap();
        assert_eq!(e.code, "invalid_signature");
        assert_eq!(
            e.to_string(),
            "Invalid Header Signature (invalid_signature)"
        );
        let b = DokuError::parse(br#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#).unwrap();
        assert_eq!(b.to_string(), "PAYMENT CHANNEL IS INACTIVE");
        assert_eq!(DokuError::parse(b"<html>502 Bad Gateway</html>"), None);
        assert_eq!(DokuError::parse(br#"{"error":{}}"#), None);
        assert_eq!(DokuError::parse(br#"{"error":"x"}"#), None);
    }

    #[test]
    fn http_error_message_uses_the_envelope_or_a_body_preview() {
        let err = Error::Http {
            status: 500,
            endpoint: "get_business_data",
            request_id: "r-1".into(),
            envelope: None,
            body: RawBody::new(b"<html>\n<h1>Internal</h1></html>".to_vec()),
        };
        assert_eq!(
            err.to_string(),
            "get_business_data answered HTTP 500 (Request-Id r-1): <html> <h1>Internal</h1></html>"
        );
        assert_eq!(
            err.body().unwrap().as_bytes(),
            b"<html>\n<h1>Internal</h1></html>"
        );
        assert_eq!(err.status(), Some(500));
        let long = RawBody::new(vec![b'a'; 1000]);
        assert!(long.preview().ends_with("… (1000 bytes)"));
    }
}
