//! A successful call ([`Reply`]) and its conformance report, worked out when first read
//! ([`ConformanceOnRead`]).

use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

use crate::clock::RequestId;
use crate::conformance::{Conformance, ConformanceReport};
use crate::error::RawBody;

use super::ResponseSignatureCheck;

/// A successful call: the decoded response and what the client learned on the way.
#[derive(Debug, Clone)]
pub struct Reply<T> {
    /// The decoded response. Fields the spec does not know are kept in its `extra` maps.
    pub data: T,
    /// Values that break their documented format (empty in strict mode, which fails instead).
    /// Read it as a [`ConformanceReport`] (`reply.conformance.is_clean()`,
    /// `&reply.conformance.findings`); in lenient mode it is worked out on first read.
    pub conformance: ConformanceOnRead,
    /// The `Request-Id` sent (the same on every attempt).
    pub request_id: RequestId,
    /// The HTTP status.
    pub status: u16,
    /// What became of the response signature.
    pub response_signature: ResponseSignatureCheck,
    /// The headers the spec declares (`Endpoint::RESPONSE_HEADERS`), as received, and the
    /// findings of their checks (empty in strict mode, which fails instead).
    pub headers: crate::response_headers::ResponseHeaders,
    /// Attempts made (1 unless retries were needed).
    pub attempts: u32,
    /// The body exactly as received.
    pub body: RawBody,
}

/// The [`ConformanceReport`] of a reply's body, worked out the first time it is read, so that a
/// call whose caller never reads it does not pay for the walk (about a third of the client's
/// work over a hand-written call, issue 27).
///
/// It keeps the body as received (shared with [`Reply::body`], not copied) and, when first
/// dereferenced, decodes it again into the endpoint's response type and walks that: decoding is
/// deterministic, so the report is the one the reply's `data` had when it arrived, finding for
/// finding, even if `data` has since been changed or moved out. Later reads return the same
/// report. Strict mode (and a `debug` log level, which logs the number of findings) walks at
/// once and stores the report here.
///
/// Dereferences to [`ConformanceReport`]: `reply.conformance.is_clean()`, `.len()` and
/// `&reply.conformance.findings` read the report; [`into_report`](Self::into_report) takes it.
#[derive(Clone)]
pub struct ConformanceOnRead {
    body: RawBody,
    walk: fn(&[u8]) -> ConformanceReport,
    report: OnceLock<ConformanceReport>,
}

impl ConformanceOnRead {
    /// The report of `body`, decoded as `T`, to be worked out on first read.
    pub(crate) fn deferred<T: DeserializeOwned + Conformance>(body: RawBody) -> Self {
        Self {
            body,
            walk: walk::<T>,
            report: OnceLock::new(),
        }
    }

    /// A report already worked out (of `body` decoded as `T`).
    pub(crate) fn ready<T: DeserializeOwned + Conformance>(
        body: RawBody,
        report: ConformanceReport,
    ) -> Self {
        Self {
            body,
            walk: walk::<T>,
            report: OnceLock::from(report),
        }
    }

    /// The report (worked out now if this is the first read).
    pub fn report(&self) -> &ConformanceReport {
        self.report
            .get_or_init(|| (self.walk)(self.body.as_bytes()))
    }

    /// Whether the report has been worked out already (read before, or strict mode).
    pub fn is_worked_out(&self) -> bool {
        self.report.get().is_some()
    }

    /// The report, by value.
    pub fn into_report(self) -> ConformanceReport {
        self.report();
        let Self { report, .. } = self;
        report.into_inner().unwrap_or_default()
    }
}

/// Decodes `body` as `T` and walks it. The body decoded before the reply was made, and decoding
/// is deterministic, so the decode succeeds; were it ever to fail, the report would be empty
/// rather than a panic.
fn walk<T: DeserializeOwned + Conformance>(body: &[u8]) -> ConformanceReport {
    match serde_json::from_slice::<T>(body) {
        Ok(value) => value.conformance(),
        Err(_) => ConformanceReport::default(),
    }
}

impl Deref for ConformanceOnRead {
    type Target = ConformanceReport;

    fn deref(&self) -> &ConformanceReport {
        self.report()
    }
}

impl AsRef<ConformanceReport> for ConformanceOnRead {
    fn as_ref(&self) -> &ConformanceReport {
        self.report()
    }
}

impl From<ConformanceOnRead> for ConformanceReport {
    fn from(value: ConformanceOnRead) -> Self {
        value.into_report()
    }
}

/// Prints the report (working it out if needed), as [`ConformanceReport`]'s `Debug` does.
impl fmt::Debug for ConformanceOnRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.report(), f)
    }
}

impl fmt::Display for ConformanceOnRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.report(), f)
    }
}

/// Two reports are equal when they hold the same findings.
impl PartialEq for ConformanceOnRead {
    fn eq(&self, other: &Self) -> bool {
        self.report() == other.report()
    }
}

impl Eq for ConformanceOnRead {}

impl PartialEq<ConformanceReport> for ConformanceOnRead {
    fn eq(&self, other: &ConformanceReport) -> bool {
        self.report() == other
    }
}

impl PartialEq<ConformanceOnRead> for ConformanceReport {
    fn eq(&self, other: &ConformanceOnRead) -> bool {
        self == other.report()
    }
}
