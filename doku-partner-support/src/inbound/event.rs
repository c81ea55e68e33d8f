//! The accepted event: who sent it, its raw bytes, and its body parsed leniently.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::conformance::{Conformance, ConformanceReport, Finding, JsonPath};
use crate::json::Json;

use super::check::Verified;
use super::store::Claim;

/// A body type the receiver can parse: a generated incoming type, or [`Json`] for the body as
/// sent, untyped.
pub trait IncomingBody: Sized + Send + Sync + 'static {
    /// Parses the raw body.
    fn decode(raw: &[u8]) -> Result<Self, Undecodable>;

    /// The documented-format findings of the parsed body.
    fn findings(&self) -> ConformanceReport;
}

impl<T> IncomingBody for T
where
    T: DeserializeOwned + Conformance + Send + Sync + 'static,
{
    fn decode(raw: &[u8]) -> Result<Self, Undecodable> {
        crate::__private::decode::decode(raw).map_err(|failure| Undecodable {
            path: failure.path,
            message: failure.message,
        })
    }

    fn findings(&self) -> ConformanceReport {
        self.conformance()
    }
}

/// The body as sent, untyped: nothing is documented about it, so nothing is found.
impl Conformance for Json {
    fn check_conformance(&self, _path: &mut JsonPath, _out: &mut Vec<Finding>) {}
}

/// Why a verified body did not parse into its type (it is still delivered, raw).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the body does not parse at `{path}`: {message}")]
pub struct Undecodable {
    /// JSON path of the failing value (`.` for the document).
    pub path: String,
    /// The parser's message, with line and column.
    pub message: String,
}

/// A verified delivery, handed to the handler once per `Request-Id`.
pub struct Event<E> {
    request_id: String,
    client_id: String,
    request_timestamp: String,
    signature: String,
    raw: Vec<u8>,
    body: Result<E, Undecodable>,
    conformance: ConformanceReport,
    claim: Claim,
    keep_until: i64,
}

impl<E: IncomingBody> Event<E> {
    pub(super) fn parse(
        verified: &Verified<'_>,
        raw: &[u8],
        claim: Claim,
        keep_until: i64,
    ) -> Self {
        let body = E::decode(raw);
        let conformance = body.as_ref().map(E::findings).unwrap_or_default();
        Event {
            request_id: verified.request_id.to_owned(),
            client_id: verified.client_id.to_owned(),
            request_timestamp: verified.timestamp.to_owned(),
            signature: verified.signature.to_owned(),
            raw: raw.to_vec(),
            body,
            conformance,
            claim,
            keep_until,
        }
    }
}

impl<E> Event<E> {
    /// `Request-Id`: DOKU's id of this notification, shared by its retries.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// `Client-Id`.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `Request-Timestamp`, as sent.
    pub fn request_timestamp(&self) -> &str {
        &self.request_timestamp
    }

    /// The verified `Signature` header, as sent (to forward the request to another verifier;
    /// left out of `Debug`).
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The body, byte for byte as DOKU sent it.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// The parsed body; `None` when it did not parse (see [`undecodable`](Self::undecodable)).
    pub fn body(&self) -> Option<&E> {
        self.body.as_ref().ok()
    }

    /// Why the body did not parse, if it did not.
    pub fn undecodable(&self) -> Option<&Undecodable> {
        self.body.as_ref().err()
    }

    /// The parsed body, or why it did not parse.
    pub fn parsed(&self) -> Result<&E, &Undecodable> {
        self.body.as_ref()
    }

    /// Values that break their documented format or value set (empty when the body did not
    /// parse).
    pub fn conformance(&self) -> &ConformanceReport {
        &self.conformance
    }

    /// The deduplication claim this delivery holds while its handler runs (the PostgreSQL
    /// store completes it inside the partner's transaction with it).
    pub fn claim(&self) -> &Claim {
        &self.claim
    }

    /// Until when (Unix seconds) the id is kept once done: the claim's time plus the lease
    /// plus the retention. The receiver completes the claim with it; so does a handler that
    /// completes it inside its own transaction.
    pub fn keep_until(&self) -> i64 {
        self.keep_until
    }
}

/// Ids and sizes only: the body may hold personal data (names, emails, account numbers), so
/// neither the raw bytes nor the parsed body are printed.
impl<E> fmt::Debug for Event<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("request_id", &self.request_id)
            .field("client_id", &self.client_id)
            .field("request_timestamp", &self.request_timestamp)
            .field("raw_len", &self.raw.len())
            .field("parsed", &self.body.is_ok())
            .field("conformance", &self.conformance.len())
            .finish()
    }
}
