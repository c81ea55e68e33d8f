//! The one error type of a call: each variant says what went wrong, where, and keeps what the
//! server sent.
//!
//! Nothing in here holds the secret key or the request signature, so errors can be logged as
//! they are.

use std::fmt;

use crate::clock::InvalidRequestId;
use crate::conformance::ConformanceReport;
use crate::signature::SignatureError;
use crate::validation::RequestErrors;

mod doku_error;
mod raw_body;

pub use doku_error::{DokuError, ENVELOPE_TEXT_CAP, EnvelopeForm};
pub use raw_body::RawBody;

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

    /// The client's configuration refuses the call: `build()` refused a setting (base URL,
    /// Client-Id, retry policy), or an endpoint needs something the client was not given (a
    /// bearer token source). Nothing was sent.
    #[error("client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// The request did not get a complete HTTP response: connect, TLS, timeout, or a
    /// connection that broke while the body was read.
    ///
    /// Its message names what failed and where; the cause is its [`source()`](std::error::Error::source)
    /// chain, so a reporter that prints the chain (anyhow, eyre, tracing) prints it once.
    #[error("{kind} while calling {endpoint} (Request-Id {request_id})")]
    Transport {
        /// What failed.
        kind: TransportKind,
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent (retries reuse it).
        request_id: String,
        /// The underlying error's chain flattened to text (its messages joined by `: `), for a
        /// log line that does not walk `source()`; not part of this error's own message.
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

    /// A retry was refused by DOKU as a duplicate (`idempotent_request`): **an earlier attempt
    /// of this request reached DOKU**, which did (or is doing) the work. The call may well
    /// have succeeded. Look the result up (quote the `Request-Id`) before doing anything
    /// else; do not resend it under a new `Request-Id`.
    ///
    /// Only a retry gets this variant: DOKU refusing the first attempt as a duplicate (a
    /// `Request-Id` you reused) is [`Error::Http`].
    #[error(
        "an earlier attempt of this request reached DOKU: {endpoint} refused attempt {attempts} as a duplicate (Request-Id {request_id}: {envelope}), so the request may have succeeded; look it up before resending. Attempts: {}",
        AttemptRecord::list(history)
    )]
    EarlierAttemptReachedDoku {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` every attempt sent.
        request_id: String,
        /// Attempts made, the refused one included.
        attempts: u32,
        /// What became of each attempt, in order (the last one is the refusal).
        history: Vec<AttemptRecord>,
        /// The HTTP status of the refusal.
        status: u16,
        /// DOKU's refusal (code `idempotent_request`).
        envelope: Box<DokuError>,
        /// The refusal's body as received.
        body: RawBody,
    },

    /// **The request may have been done at DOKU, and no answer says whether it was**: a call
    /// that changes something at DOKU (any method but `GET`: a registration, Create Business
    /// Lite, an upload, a token) failed after the connection to DOKU was up: a timeout, a
    /// connection that broke before the answer was complete, or a 5xx (a gateway's 502/504
    /// says nothing of what DOKU behind it did). `cause` is that failure.
    ///
    /// Where the line lies: a failure **before** any request byte left ([`TransportKind::Connect`],
    /// including a connect timeout; [`TransportKind::Tls`]; a connection that closed before
    /// hyper started writing the request, which hyper-util resends by itself on a reused
    /// connection) or any answer of DOKU's below 500 is a definite outcome and keeps its own
    /// variant. Once hyper has started writing, a reset or a timeout cannot tell whether DOKU
    /// read and committed the request (bytes a socket accepted may or may not have reached
    /// it), so it is this variant.
    ///
    /// Resolve it before anything else, and never by sending the request again under a new
    /// `Request-Id`: `doku_partner::exactly_once::resolve` resends it once under this
    /// `Request-Id` (DOKU refuses a used one as a duplicate, so nothing is done twice).
    #[error(
        "the outcome of {endpoint} is unknown (Request-Id {request_id}): DOKU may have done it. Resolve it with the same Request-Id (doku_partner::exactly_once::resolve), never by sending it under a new one. Attempts: {}",
        AttemptRecord::list(history)
    )]
    UnknownOutcome {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` every attempt sent: the key to resolve the outcome with.
        request_id: String,
        /// Attempts made.
        attempts: u32,
        /// What became of each attempt, in order.
        history: Vec<AttemptRecord>,
        /// The last attempt's failure ([`Error::Transport`] or [`Error::Http`] with a 5xx),
        /// also this error's [`source()`](std::error::Error::source) (so a reporter that
        /// prints the chain prints it once).
        #[source]
        cause: Box<Error>,
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

    /// DOKU answered an error in an envelope the spec does not declare for this endpoint
    /// (`errors.envelopes`): a finding about the spec or about DOKU, kept whole. The envelope
    /// is parsed as [`Error::Http`]'s would be.
    #[error(
        "{endpoint} answered HTTP {status} in the {} envelope, which its spec does not declare (it declares {}) (Request-Id {request_id}): {envelope}",
        envelope.form.spec_name(),
        crate::error::EnvelopeForm::list(declared)
    )]
    UndeclaredEnvelope {
        /// The HTTP status.
        status: u16,
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// DOKU's error, in the undeclared envelope.
        envelope: Box<DokuError>,
        /// The envelopes the spec declares.
        declared: &'static [EnvelopeForm],
        /// The body as received.
        body: RawBody,
    },

    /// A declared response header is not as declared
    /// ([`response_headers`](crate::response_headers)): a `same_as_request` header that
    /// differs (in every mode), or, in strict mode, a missing mandatory header or a value that
    /// breaks its format.
    #[error(
        "the {endpoint} response headers are not as declared (Request-Id {request_id}): {}",
        findings.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    ResponseHeaders {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` that was sent.
        request_id: String,
        /// Every header that is not as declared.
        findings: Vec<crate::response_headers::HeaderFinding>,
        /// The body as received.
        body: RawBody,
    },
}

impl Error {
    /// The raw response body, when the failure happened after one arrived.
    pub fn body(&self) -> Option<&RawBody> {
        match self {
            Error::UnknownOutcome { cause, .. } => cause.body(),
            Error::Http { body, .. }
            | Error::EarlierAttemptReachedDoku { body, .. }
            | Error::Decode { body, .. }
            | Error::ResponseSignature { body, .. }
            | Error::NonConforming { body, .. }
            | Error::UndeclaredEnvelope { body, .. }
            | Error::ResponseHeaders { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::UnknownOutcome { cause, .. } => cause.status(),
            Error::Http { status, .. }
            | Error::UndeclaredEnvelope { status, .. }
            | Error::EarlierAttemptReachedDoku { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `Request-Id` sent, when the request got that far (quote it to DOKU support).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Transport { request_id, .. }
            | Error::Http { request_id, .. }
            | Error::EarlierAttemptReachedDoku { request_id, .. }
            | Error::UnknownOutcome { request_id, .. }
            | Error::BodyTooLarge { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::ResponseSignature { request_id, .. }
            | Error::NonConforming { request_id, .. }
            | Error::UndeclaredEnvelope { request_id, .. }
            | Error::ResponseHeaders { request_id, .. } => Some(request_id),
            _ => None,
        }
    }

    /// Whether DOKU may have done this call's work although the call failed
    /// ([`Error::UnknownOutcome`]): resolve it before sending anything again.
    pub fn is_unknown_outcome(&self) -> bool {
        matches!(self, Error::UnknownOutcome { .. })
    }

    /// DOKU's error envelope, when it sent one.
    pub fn doku_error(&self) -> Option<&DokuError> {
        match self {
            Error::Http { envelope, .. } => envelope.as_deref(),
            Error::UndeclaredEnvelope { envelope, .. } => Some(envelope),
            Error::EarlierAttemptReachedDoku { envelope, .. } => Some(envelope),
            Error::UnknownOutcome { cause, .. } => cause.doku_error(),
            _ => None,
        }
    }

    /// Attempts made, where the error records them ([`Error::EarlierAttemptReachedDoku`],
    /// [`Error::UnknownOutcome`]).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::EarlierAttemptReachedDoku { attempts, .. }
            | Error::UnknownOutcome { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }
}

/// What became of one attempt of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttemptRecord {
    /// 1 for the first attempt.
    pub number: u32,
    /// When the attempt ended, counted from the start of the first one.
    pub ended_after: std::time::Duration,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The transport failure, when no complete response arrived.
    pub transport: Option<TransportKind>,
}

impl AttemptRecord {
    /// A record (for the client; fields are public to read).
    pub fn new(
        number: u32,
        ended_after: std::time::Duration,
        status: Option<u16>,
        transport: Option<TransportKind>,
    ) -> Self {
        AttemptRecord {
            number,
            ended_after,
            status,
            transport,
        }
    }

    /// `#1 timeout at 500 ms; #2 HTTP 400 at 620 ms`.
    fn list(history: &[AttemptRecord]) -> String {
        let parts: Vec<String> = history.iter().map(ToString::to_string).collect();
        parts.join("; ")
    }
}

impl fmt::Display for AttemptRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} ", self.number)?;
        match (self.status, self.transport) {
            (Some(status), _) => write!(f, "HTTP {status}")?,
            (None, Some(kind)) => write!(f, "{kind}")?,
            (None, None) => f.write_str("no answer")?,
        }
        write!(f, " at {} ms", self.ended_after.as_millis())
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

/// The most bytes of a response body an [`Error`] keeps (64 KiB). The rest is dropped when
/// the error is made; [`RawBody::received_len`] tells how long the body was. A [`Reply`]
/// keeps its body whole (it is bounded by `ClientBuilder::max_response_bytes`).
///
/// [`Reply`]: crate::client::Reply
pub const ERROR_BODY_CAP: usize = 64 * 1024;

/// A value that breaks its format, as a request error: `"BRN-1".parse()?` in a function
/// that returns `Result<_, doku_partner::Error>`.
impl From<crate::format::FormatError> for Error {
    fn from(e: crate::format::FormatError) -> Self {
        let mut errors = RequestErrors::new();
        errors.push(crate::validation::Violation::Format(e));
        Error::InvalidRequest(errors)
    }
}

/// A string that is not one of an enum's values, as a request error.
impl From<crate::validation::UnknownEnumValue> for Error {
    fn from(e: crate::validation::UnknownEnumValue) -> Self {
        let mut errors = RequestErrors::new();
        errors.push(crate::validation::Violation::UnknownValue {
            field: e.enum_name.into(),
            value: e.value,
            expected: e.expected,
        });
        Error::InvalidRequest(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reporter printing the message and then each `source()` prints the cause once.
    #[test]
    fn a_transport_error_states_its_cause_only_through_source() {
        #[derive(Debug, thiserror::Error)]
        #[error("connection refused")]
        struct Refused;
        #[derive(Debug, thiserror::Error)]
        #[error("error sending request")]
        struct Sending(#[source] Refused);

        let err = Error::Transport {
            kind: TransportKind::Connect,
            endpoint: "get_business_data",
            request_id: "id-1".into(),
            message: "error sending request: connection refused".into(),
            source: Some(Box::new(Sending(Refused))),
        };
        let mut report = err.to_string();
        let mut cause = std::error::Error::source(&err);
        while let Some(c) = cause {
            report.push_str(": ");
            report.push_str(&c.to_string());
            cause = c.source();
        }
        assert_eq!(
            report,
            "cannot connect while calling get_business_data (Request-Id id-1): error sending \
             request: connection refused"
        );
    }

    #[test]
    fn parses_both_envelopes_and_nothing_else() {
        let e = DokuError::parse(
            br#"{"error":{"code":"invalid_signature","message":"Invalid Header Signature","type":"invalid_request_error"}}"#,
        )
        .unwrap();
        assert_eq!(e.code, "invalid_signature");
        assert_eq!(e.form, EnvelopeForm::Error);
        assert_eq!(
            e.to_string(),
            "Invalid Header Signature (invalid_signature)"
        );
        let b = DokuError::parse(br#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#).unwrap();
        assert_eq!(b.to_string(), "PAYMENT CHANNEL IS INACTIVE");
        assert_eq!(b.form, EnvelopeForm::Message);
        assert_eq!(DokuError::parse(b"<html>502 Bad Gateway</html>"), None);
        assert_eq!(DokuError::parse(br#"{"error":{}}"#), None);
        assert_eq!(DokuError::parse(br#"{"error":"x"}"#), None);
        assert_eq!(DokuError::parse(br#"{"message":"x"}"#), None);
        assert_eq!(DokuError::parse(br#"{"message":["a",1]}"#), None);
        assert_eq!(DokuError::parse(br#"{"error":{"code":7}}"#), None);
        assert_eq!(DokuError::parse(b"[1,2]"), None);
        assert_eq!(DokuError::parse(br#"{"error":{"code":"c"}} x"#), None);
        // Other fields, nested anything, nulls: skipped.
        let e = DokuError::parse(
            br#"{"trace":[{"a":[1,{"b":null}]}],"error":{"code":"c","message":null,"extra":{"x":[1]}}}"#,
        )
        .unwrap();
        assert_eq!((e.code.as_str(), e.message.as_str()), ("c", ""));
        // `error` that is not an envelope object falls back to the business form.
        let b = DokuError::parse(br#"{"error":true,"message":["A","B"]}"#).unwrap();
        assert_eq!(b.message, "A; B");
        assert_eq!(b.form, EnvelopeForm::Message);
    }

    #[test]
    fn envelope_text_and_error_bodies_are_capped() {
        let long = "é".repeat(ENVELOPE_TEXT_CAP);
        let body = format!(r#"{{"error":{{"code":"c","message":"{long}"}}}}"#);
        let e = DokuError::parse(body.as_bytes()).unwrap();
        assert!(e.message.len() <= ENVELOPE_TEXT_CAP + '…'.len_utf8());
        assert!(e.message.ends_with('…'));
        let many: Vec<String> = (0..10_000).map(|i| format!("\"message {i}\"")).collect();
        let body = format!(r#"{{"message":[{}]}}"#, many.join(","));
        let b = DokuError::parse(body.as_bytes()).unwrap();
        assert!(b.message.starts_with("message 0; message 1"));
        assert!(b.message.len() <= ENVELOPE_TEXT_CAP + '…'.len_utf8());

        let raw = RawBody::capped(vec![b'a'; 100_000], ERROR_BODY_CAP);
        assert_eq!(raw.len(), ERROR_BODY_CAP);
        assert_eq!(raw.received_len(), 100_000);
        assert!(raw.is_truncated());
        assert!(raw.preview().ends_with("… (100000 bytes)"));
        let small = RawBody::capped(b"abc".to_vec(), ERROR_BODY_CAP);
        assert!(!small.is_truncated());
        assert_eq!(small, RawBody::new(b"abc".to_vec()));
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

#[cfg(test)]
mod conversion_tests {
    use super::*;

    #[test]
    fn a_format_error_is_a_request_error() {
        fn client_id(text: &str) -> Result<crate::Ans<5>, Error> {
            Ok(text.parse()?)
        }
        let err = client_id("BRN-0001").unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest(e) if e.violations.len() == 1),
            "{err}"
        );
        assert!(err.to_string().contains("more than the 5 allowed"), "{err}");
    }
}
