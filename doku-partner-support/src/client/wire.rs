//! The client's small conversions at the HTTP boundary: reading the response body within its
//! limit, the `Authorization` header, caller headers, methods, and classifying transport errors
//! (TLS failures are never retried).

use bytes::Bytes;
use reqwest::header::HeaderValue;

use super::Received;
use crate::endpoint::{ApiRequest, Endpoint, HttpMethod};
use crate::error::{AttemptRecord, DokuError, Error, TransportKind};
use crate::token::BearerToken;
use crate::validation::{RequestErrors, Violation};

/// Why a response body was not read.
pub(super) enum BodyError {
    /// More than the limit arrived.
    TooLarge,
    /// The connection failed while the body was read.
    Transport(reqwest::Error),
}

/// Reads the body of `response`, refusing it once more than `limit` bytes have arrived.
///
/// A body that arrives in one chunk (the usual case) is kept as reqwest hands it over, without
/// a copy, unless `own_copy` (an endpoint whose responses hold secrets): then it is copied into
/// a buffer of the client's own, which `RawBody` zeroes when dropped (reqwest's buffer is shared
/// with the connection's and cannot be zeroed) and then keeps for the thread's next copy
/// (`body_buffer`). A body in several chunks is gathered in one
/// buffer that grows with the bytes that arrive, never with the announced length (a
/// `Content-Length` is the server's claim, and reserving it up front would let one header, or
/// many stalled responses, take the memory the limit is meant to protect), and kept as it is.
pub(super) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    own_copy: bool,
) -> Result<Bytes, BodyError> {
    let mut only: Option<Bytes> = None;
    let mut buf = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        let needed = only.as_ref().map_or(buf.len(), Bytes::len) + chunk.len();
        if needed > limit {
            return Err(BodyError::TooLarge);
        }
        if only.is_none() && buf.is_empty() {
            only = Some(chunk);
            continue;
        }
        grow_within(&mut buf, needed, limit);
        if let Some(earlier) = only.take() {
            buf.extend_from_slice(&earlier);
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(match only {
        // The thread's spare buffer when it fits (`body_buffer`), else an exact allocation.
        Some(only) if own_copy => crate::body_buffer::copy_of(&only),
        Some(only) => only,
        None => Bytes::from(buf),
    })
}

/// Whether `E`'s responses have fields its spec marks secret (a body to zero when dropped).
pub(super) fn has_secrets<E: Endpoint>() -> bool {
    E::SENSITIVE
        .iter()
        .any(|s| s.kind == crate::redact::Sensitivity::Secret)
}

/// Makes room for `needed` bytes in `buf`: doubling (amortized growth), but never past
/// `limit`, so the buffer's capacity stays within the body limit and within twice what arrived.
pub(super) fn grow_within(buf: &mut Vec<u8>, needed: usize, limit: usize) {
    if needed <= buf.capacity() {
        return;
    }
    let target = needed
        .max(buf.capacity().saturating_mul(2))
        .min(limit)
        .max(needed);
    buf.reserve_exact(target - buf.len());
}

/// `Authorization: Bearer <token>`, marked sensitive (kept out of debug output). A token that
/// is not a valid header value is sent as `Bearer` alone, which DOKU refuses with a 401.
///
/// The text is built in a buffer that is wiped when freed (exactly sized, so it never
/// reallocates and leaves a copy behind). The `HeaderValue` itself (and the copies reqwest,
/// hyper and rustls make of it) cannot be wiped: see SECURITY.md.
pub(super) fn authorization(token: &BearerToken) -> HeaderValue {
    let secret = token.expose_secret();
    let mut text = zeroize::Zeroizing::new(String::with_capacity("Bearer ".len() + secret.len()));
    text.push_str("Bearer ");
    text.push_str(secret);
    let mut value =
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
    value.set_sensitive(true);
    value
}

/// Whether a response refuses the bearer token: a `401` whose error code or message names
/// the token (DOKU documents no token errors; the stand-in answers `invalid_token`).
pub(super) fn token_refused(received: &Received) -> bool {
    received.status == 401
        && DokuError::parse(&received.body).is_some_and(|e| {
            let names_token = |s: &str| s.to_ascii_lowercase().contains("token");
            names_token(&e.code) || names_token(&e.message)
        })
}

/// The caller's headers (the spec's `source: caller`), as header values. `validate` has
/// already refused values that cannot be sent; this keeps it that way without a panic.
pub(super) fn caller_headers<R: ApiRequest>(
    request: &R,
) -> Result<Vec<(&'static str, HeaderValue)>, Error> {
    let mut headers = Vec::new();
    let mut errors = RequestErrors::new();
    request.for_each_header(&mut |name, value| match HeaderValue::from_str(value) {
        Ok(mut value) => {
            // Caller headers may carry credentials (an Authorization value): keep them out of
            // reqwest's and hyper's debug output.
            value.set_sensitive(true);
            headers.push((name, value));
        }
        Err(_) => errors.push(Violation::InvalidHeader {
            name,
            problem: "may only hold visible ASCII characters, spaces and tabs",
        }),
    });
    errors.finish(|| headers).map_err(Error::from)
}

pub(super) fn method(m: HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

/// `failure`, or [`Error::UnknownOutcome`] around it when DOKU may have done the work: the
/// endpoint changes something (not a `GET`) and the failure came after the connection was up
/// (see [`Error::UnknownOutcome`] for where the line lies).
pub(super) fn unknown_if_uncertain<E: Endpoint>(
    failure: Error,
    history: Vec<AttemptRecord>,
) -> Error {
    if E::METHOD == HttpMethod::Get || !may_have_been_done(&failure) {
        return failure;
    }
    let Some(request_id) = failure.request_id().map(str::to_owned) else {
        return failure;
    };
    Error::UnknownOutcome {
        endpoint: E::NAME,
        request_id,
        attempts: history.len() as u32,
        history,
        cause: Box::new(failure),
    }
}

/// Whether DOKU may have read and committed the request that ended in `failure`.
fn may_have_been_done(failure: &Error) -> bool {
    match failure {
        Error::Transport { kind, source, .. } => {
            // A connect timeout is reported as a timeout; no byte of the request left.
            let unsent = source.as_deref().is_some_and(|source| {
                source
                    .downcast_ref::<reqwest::Error>()
                    .is_some_and(|e| e.is_connect() || e.is_builder())
                    || never_started(source)
            });
            match kind {
                TransportKind::Connect | TransportKind::Tls => false,
                _ => !unsent,
            }
        }
        Error::Http { status, .. } | Error::UndeclaredEnvelope { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Whether hyper gave the request back without writing any of it: its `Canceled` error, which
/// it returns with the request itself when the connection closed before the request was
/// started (on a reused connection hyper-util then resends it by itself; on a fresh one the
/// error reaches us).
fn never_started(e: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_canceled)
        {
            return true;
        }
        source = s.source();
    }
    false
}

pub(super) fn transport_kind(e: &reqwest::Error) -> TransportKind {
    if e.is_timeout() {
        return TransportKind::Timeout;
    }
    if is_tls_failure(e) {
        return TransportKind::Tls;
    }
    if e.is_connect() {
        TransportKind::Connect
    } else if e.is_body() || e.is_request() || e.is_decode() {
        TransportKind::Interrupted
    } else {
        TransportKind::Other
    }
}

/// Whether a rustls error is anywhere in the chain of `e`.
///
/// The chain alone does not show it: hyper-util's connector wraps the handshake failure in an
/// `io::Error` (kind `InvalidData`), and `io::Error::source` skips the error it wraps (it
/// returns the wrapped error's own source, and a `rustls::Error` has none). So each
/// `io::Error` is opened with `get_ref`.
pub(super) fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            return true;
        }
        if let Some(inner) = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            && is_tls_failure(inner)
        {
            return true;
        }
        source = s.source();
    }
    false
}

/// An error and its sources, joined by `: ` (reqwest's own message alone is often just
/// "error sending request").
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
