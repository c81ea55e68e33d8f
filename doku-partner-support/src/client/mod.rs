//! The async HTTP client: validate, sign, send, check, decode — one call.
//!
//! ```no_run
//! # async fn demo() -> Result<(), doku_partner_support::Error> {
//! use doku_partner_support::client::{Client, Environment};
//! use doku_partner_support::Credentials;
//!
//! let client = Client::builder(
//!     Credentials::new("BRN-0001-1234567890", "SK-...from your vault..."),
//!     Environment::Sandbox,
//! )
//! .build()?;
//! # let _ = client; Ok(()) }
//! ```
//!
//! One [`Client`] holds one connection pool (its own, or that of the reqwest client given to
//! [`ClientBuilder::http_client`]); clone it freely (it is an `Arc`), share it across tasks. No
//! lock is held across an `await`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::clock::{Clock, RequestId, RequestIdSource, SystemClock, UuidV4, format_timestamp};
use crate::conformance::Conformance as _;
use crate::endpoint::{ApiRequest, Endpoint, RequestBody};
use crate::error::{AttemptRecord, DokuError, ERROR_BODY_CAP, Error, RawBody, TransportKind};
use crate::secret::Credentials;
use crate::signature::{Components, SignatureError};
use crate::token::TokenCache;
use crate::validation::{RequestErrors, Violation};

mod builder;
mod reply;
mod wire;

pub use builder::{
    ClientBuilder, ConformanceMode, DEFAULT_RETRY_BUDGET, DEFAULT_TIMEOUT, Environment,
    ResponseSignatureCheck, ResponseSignaturePolicy, RetryPolicy,
};
pub use reply::{ConformanceOnRead, Reply};
use wire::*;

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("doku-partner/", env!("CARGO_PKG_VERSION"));

// DOKU's headers, parsed once (a name given as `&str` is lowercased and allocated per call).
const CLIENT_ID: HeaderName = HeaderName::from_static("client-id");
const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");
const REQUEST_TIMESTAMP: HeaderName = HeaderName::from_static("request-timestamp");
const SIGNATURE: HeaderName = HeaderName::from_static("signature");
const RESPONSE_TIMESTAMP: HeaderName = HeaderName::from_static("response-timestamp");

/// A DOKU API client: one connection pool, one set of credentials, one environment.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    credentials: Credentials,
    environment: Environment,
    max_response_bytes: usize,
    conformance: ConformanceMode,
    response_signature: ResponseSignaturePolicy,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    request_ids: Arc<dyn RequestIdSource>,
    tokens: Option<TokenCache>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("client_id", &self.inner.credentials.client_id())
            .field("secret_key", self.inner.credentials.secret_key())
            .field("environment", &self.inner.environment)
            .field("conformance", &self.inner.conformance)
            .field("response_signature", &self.inner.response_signature)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Why a signed value with a line break is refused.
const LINE_BREAK_PROBLEM: &str =
    "contains a line break (CR or LF), which would let two requests share one signature";

/// Why a signature next to an unreadable `Response-Timestamp` is refused.
const UNREADABLE_TIMESTAMP: &str =
    "cannot be checked: the Response-Timestamp header is not visible ASCII";

/// DOKU's error code for a `Request-Id` it has already seen.
const IDEMPOTENT_REQUEST: &str = "idempotent_request";

/// What a call got to, for its tracing span (recorded on every way out).
#[derive(Default)]
struct Progress {
    attempts: u32,
    status: Option<u16>,
}

/// The span's `outcome`: `ok`, or what kind of failure.
fn outcome_label<T>(result: &Result<T, Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::InvalidRequest(_) | Error::InvalidRequestId(_)) => "invalid_request",
        Err(Error::Config { .. }) => "config",
        Err(Error::Transport { kind, .. }) => match kind {
            TransportKind::Connect => "connect",
            TransportKind::Tls => "tls",
            TransportKind::Timeout => "timeout",
            TransportKind::Interrupted => "interrupted",
            _ => "transport",
        },
        Err(Error::Http { .. }) => "http_error",
        Err(Error::EarlierAttemptReachedDoku { .. }) => "earlier_attempt_reached_doku",
        Err(Error::UnknownOutcome { .. }) => "unknown_outcome",
        Err(Error::BodyTooLarge { .. }) => "body_too_large",
        Err(Error::Decode { .. }) => "decode",
        Err(Error::ResponseSignature { .. }) => "response_signature",
        Err(Error::NonConforming { .. }) => "non_conforming",
        Err(Error::UndeclaredEnvelope { .. }) => "undeclared_envelope",
        Err(Error::ResponseHeaders { .. }) => "response_headers",
    }
}

/// One attempt's outcome, before the retry decision.
enum Attempt {
    // Not boxed: an allocation per call for an enum that lives on the stack for one attempt.
    Done(Received),
    Failed(Error),
}

struct Received {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Client {
    /// Starts building a client.
    pub fn builder(credentials: Credentials, environment: Environment) -> ClientBuilder {
        ClientBuilder {
            credentials,
            environment,
            connect_timeout: Duration::from_secs(10),
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: 4 * 1024 * 1024,
            conformance: ConformanceMode::default(),
            response_signature: ResponseSignaturePolicy::default(),
            retry: RetryPolicy::none(),
            clock: Arc::new(SystemClock),
            request_ids: Arc::new(UuidV4),
            token_source: None,
            token_margin: Duration::from_secs(60),
            http: None,
        }
    }

    /// Now, by the client's clock (Unix seconds): what `Request-Timestamp` and token expiry
    /// are measured with.
    pub fn now_unix(&self) -> i64 {
        self.inner.clock.now_unix()
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// The Client-Id requests are signed for.
    pub fn client_id(&self) -> &str {
        self.inner.credentials.client_id()
    }

    /// Validates, signs and sends a request with a fresh `Request-Id`; checks, decodes and
    /// conformance-checks the response.
    pub async fn send<R: ApiRequest>(
        &self,
        request: R,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        let request_id = self.inner.request_ids.next_id();
        self.send_with_request_id(request, request_id).await
    }

    /// Like [`Client::send`], with a `Request-Id` of your own (an idempotency key you stored
    /// before calling, so that a resend after a crash is recognised by DOKU as a duplicate).
    pub async fn send_with_request_id<R: ApiRequest>(
        &self,
        request: R,
        request_id: RequestId,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        self.send_borrowed(&request, request_id).await
    }

    /// Like [`Client::send_with_request_id`], for a request the caller keeps (to resend it
    /// under the same `Request-Id` when the outcome is unknown: `doku_partner::exactly_once`).
    pub async fn send_borrowed<R: ApiRequest>(
        &self,
        request: &R,
        request_id: RequestId,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        self.send_at_most(request, request_id, self.inner.retry.max_attempts)
            .await
    }

    /// One attempt under `request_id`, whatever the retry policy (a refused bearer token is
    /// still fetched again once: DOKU refuses it before doing anything). What
    /// `doku_partner::exactly_once::resolve` resends an unknown outcome with, so that
    /// resolving costs exactly one request.
    pub async fn send_one_attempt<R: ApiRequest>(
        &self,
        request: &R,
        request_id: RequestId,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        self.send_at_most(request, request_id, 1).await
    }

    async fn send_at_most<R: ApiRequest>(
        &self,
        request: &R,
        request_id: RequestId,
        max_attempts: u32,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        type E<R> = <R as ApiRequest>::Endpoint;
        request.validate()?;
        let span = tracing::info_span!(
            "doku_partner.call",
            endpoint = E::<R>::NAME,
            request_id = request_id.as_str(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        // Read the clock only for a span that records (no subscriber: no latency to record).
        let started = (!span.is_disabled()).then(Instant::now);
        let mut progress = Progress::default();
        let result = self
            .call::<R>(request, request_id, max_attempts, &mut progress)
            .instrument(span.clone())
            .await;
        // Recorded on every way out (a failure before any attempt, a transport failure, an
        // HTTP error, a bad signature, a decode failure), before the last event, so that the
        // event carries them too.
        span.record("attempts", progress.attempts);
        if let Some(status) = progress
            .status
            .or_else(|| result.as_ref().err().and_then(Error::status))
        {
            span.record("status", status);
        }
        if let Some(started) = started {
            span.record("latency_ms", started.elapsed().as_millis() as u64);
        }
        span.record("outcome", outcome_label(&result));
        span.in_scope(|| match &result {
            Ok(_) => tracing::info!("DOKU call succeeded"),
            Err(e) => tracing::warn!(error = %e, "DOKU call failed"),
        });
        result
    }

    async fn call<R: ApiRequest>(
        &self,
        request: &R,
        request_id: RequestId,
        max_attempts: u32,
        progress: &mut Progress,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        type E<R> = <R as ApiRequest>::Endpoint;
        let inner = &*self.inner;
        // Only endpoints whose spec asks for a token get one.
        let tokens = match (E::<R>::AUTH.bearer_token, &inner.tokens) {
            (false, _) => None,
            (true, Some(tokens)) => Some(tokens),
            (true, None) => {
                return Err(Error::Config {
                    message: format!(
                        "{} needs a bearer token; set ClientBuilder::token_source (e.g. \
                         doku_partner::tokens::GenerateTokenSource) or ClientBuilder::bearer_token",
                        E::<R>::NAME
                    ),
                });
            }
        };
        let body = request.body();
        let headers = caller_headers(request)?;
        // One buffer for the URL: the base, the path, `?` and the query written into it, and
        // the signed Request-Target a slice of it (issue 27: three strings a call before).
        let base = inner.environment.url_for::<E<R>>();
        let mut url = String::with_capacity(base.len() + 1 + R::PATH_AND_QUERY_CAPACITY);
        url.push_str(base);
        let path_start = url.len();
        request.write_path(&mut url);
        let path_end = url.len();
        url.push('?');
        request.write_query(&mut url);
        if url.len() == path_end + 1 {
            url.pop();
        }
        let path = &url[path_start..path_end];
        // Request-Target: the path as sent, or with the spec's `target: raw` parameters as
        // they are; the query string only when the endpoint says so.
        let signed =
            crate::signature::signed_path(E::<R>::PATH_TEMPLATE, path, E::<R>::RAW_IN_TARGET);
        let target_with_query;
        let target: &str = match (&signed, E::<R>::AUTH.query_in_target) {
            (std::borrow::Cow::Borrowed(_), true) => &url[path_start..],
            (std::borrow::Cow::Borrowed(_), false) => path,
            (std::borrow::Cow::Owned(signed), true) => {
                // `?query`, or nothing.
                target_with_query = format!("{signed}{}", &url[path_end..]);
                &target_with_query
            }
            (std::borrow::Cow::Owned(signed), false) => signed,
        };

        let started = Instant::now();
        let mut attempt = 0u32;
        let mut token = match tokens {
            Some(tokens) => Some(tokens.get(self, inner.clock.now_unix()).await?),
            None => None,
        };
        let mut refreshed = false;
        let mut history: Vec<AttemptRecord> = Vec::new();
        let (received, last_attempt) = loop {
            attempt += 1;
            progress.attempts = attempt;
            let authorization = token.as_deref().map(authorization);
            let outcome = self
                .attempt::<E<R>>(
                    &url,
                    target,
                    &request_id,
                    &headers,
                    authorization,
                    body.as_ref(),
                )
                .await;
            let (status, kind) = match &outcome {
                Attempt::Done(r) => (Some(r.status), None),
                Attempt::Failed(Error::Transport { kind, .. }) => (None, Some(*kind)),
                Attempt::Failed(e) => (e.status(), None),
            };
            progress.status = status;
            // Kept only when it can be reported (a retry follows, or DOKU says an earlier
            // attempt reached it): a call that succeeds at once allocates no history.
            let record = AttemptRecord::new(attempt, started.elapsed(), status, kind);
            // DOKU refusing a retry as a duplicate: an earlier attempt reached it (and the
            // call may have succeeded there). Say so, with the attempts, instead of a bare 400.
            if let Attempt::Done(r) = &outcome
                && attempt > 1
                && (400..500).contains(&r.status)
                && let Some(envelope) =
                    DokuError::parse(&r.body).filter(|e| e.code == IDEMPOTENT_REQUEST)
            {
                let Attempt::Done(r) = outcome else {
                    unreachable!("matched above")
                };
                history.push(record);
                return Err(Error::EarlierAttemptReachedDoku {
                    endpoint: E::<R>::NAME,
                    request_id: request_id.as_str().to_owned(),
                    attempts: attempt,
                    history,
                    status: r.status,
                    envelope: Box::new(envelope),
                    body: RawBody::shared_capped(r.body, ERROR_BODY_CAP)
                        .with_sensitive_of::<E<R>>(),
                });
            }
            // A refused token: fetch one more and try once again, whatever the retry policy
            // (a 401 is refused before DOKU does any work, so the Request-Id is unused).
            if let (Some(tokens), Some(stale), Attempt::Done(r)) = (tokens, &token, &outcome)
                && !refreshed
                && token_refused(r)
            {
                refreshed = true;
                history.push(record);
                tracing::info!("bearer token refused; fetching a new one");
                tokens.invalidate(stale).await;
                token = Some(tokens.get(self, inner.clock.now_unix()).await?);
                continue;
            }
            let retryable = match &outcome {
                Attempt::Failed(Error::Transport { kind, .. }) => matches!(
                    kind,
                    TransportKind::Connect | TransportKind::Timeout | TransportKind::Interrupted
                ),
                Attempt::Done(r) => matches!(r.status, 502..=504),
                Attempt::Failed(_) => false,
            };
            if retryable && attempt < max_attempts.min(inner.retry.max_attempts) {
                let pause = inner.retry.backoff(attempt);
                if started.elapsed() + pause <= inner.retry.max_elapsed {
                    tracing::warn!(attempt, pause_ms = pause.as_millis() as u64, "retrying");
                    history.push(record);
                    tokio::time::sleep(pause).await;
                    continue;
                }
            }
            match outcome {
                Attempt::Done(r) => break (r, record),
                Attempt::Failed(e) => {
                    history.push(record);
                    return Err(unknown_if_uncertain::<E<R>>(e, history));
                }
            }
        };
        self.finish::<E<R>>(received, target, request_id, attempt)
            .map_err(|e| {
                history.push(last_attempt);
                unknown_if_uncertain::<E<R>>(e, history)
            })
    }

    /// Signs and sends once; reads the body up to the limit.
    async fn attempt<E: Endpoint>(
        &self,
        url: &str,
        target: &str,
        request_id: &RequestId,
        headers: &[(&'static str, HeaderValue)],
        authorization: Option<HeaderValue>,
        body: Option<&RequestBody>,
    ) -> Attempt {
        let inner = &*self.inner;
        let timestamp = format_timestamp(inner.clock.now_unix());
        let digested = body.filter(|_| E::DIGEST_BODY).map(|b| b.bytes.as_slice());
        let signature = match Components::request(
            inner.credentials.client_id(),
            request_id.as_str(),
            &timestamp,
            target,
            digested,
        )
        .sign_checked(inner.credentials.secret_key())
        {
            Ok(signature) => signature,
            Err(SignatureError::LineBreak { component }) => {
                let mut errors = RequestErrors::new();
                errors.push(Violation::InvalidHeader {
                    name: component,
                    problem: LINE_BREAK_PROBLEM,
                });
                return Attempt::Failed(Error::InvalidRequest(errors));
            }
            Err(other) => {
                return Attempt::Failed(Error::Config {
                    message: format!("cannot sign the request: {other}"),
                });
            }
        };
        let mut builder = inner
            .http
            .request(method(E::METHOD), url)
            .header(CLIENT_ID, inner.credentials.client_id())
            .header(REQUEST_ID, request_id.as_str())
            // Moved, not copied: `HeaderValue::try_from(String)` checks the same bytes.
            .header(REQUEST_TIMESTAMP, timestamp)
            .header(SIGNATURE, signature.into_string())
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(value) = authorization {
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        for (name, value) in headers {
            builder = builder.header(*name, value.clone());
        }
        if let Some(body) = body {
            builder = builder
                .header(CONTENT_TYPE, body.content_type.as_str())
                .body(body.bytes.clone());
        }
        let transport = |e: reqwest::Error| {
            Attempt::Failed(Error::Transport {
                kind: transport_kind(&e),
                endpoint: E::NAME,
                request_id: request_id.as_str().to_owned(),
                message: error_chain(&e),
                source: Some(Box::new(e)),
            })
        };
        let mut response = match builder.send().await {
            Ok(r) => r,
            Err(e) => return transport(e),
        };
        let status = response.status().as_u16();
        let limit = inner.max_response_bytes;
        let too_large = || {
            Attempt::Failed(Error::BodyTooLarge {
                endpoint: E::NAME,
                request_id: request_id.as_str().to_owned(),
                limit,
                status,
            })
        };
        let announced = response.content_length();
        if announced.is_some_and(|n| n > limit as u64) {
            return too_large();
        }
        let body = match read_body(&mut response, limit, has_secrets::<E>()).await {
            Ok(body) => body,
            Err(BodyError::TooLarge) => return too_large(),
            Err(BodyError::Transport(e)) => return transport(e),
        };
        Attempt::Done(Received {
            status,
            headers: std::mem::take(response.headers_mut()),
            body,
        })
    }

    /// Status, signature, decoding and conformance of a complete response.
    fn finish<E: Endpoint>(
        &self,
        received: Received,
        target: &str,
        request_id: RequestId,
        attempts: u32,
    ) -> Result<Reply<E::Response>, Error> {
        let inner = &*self.inner;
        let Received {
            status,
            headers,
            body,
        } = received;
        if status != E::SUCCESS_STATUS {
            let envelope = DokuError::parse(&body).map(Box::new);
            let body = RawBody::shared_capped(body, ERROR_BODY_CAP).with_sensitive_of::<E>();
            // An envelope the spec does not declare for this endpoint (`errors.envelopes`).
            if let Some(envelope) = &envelope
                && !E::ERROR_ENVELOPES.is_empty()
                && !E::ERROR_ENVELOPES.contains(&envelope.form)
            {
                return Err(Error::UndeclaredEnvelope {
                    status,
                    endpoint: E::NAME,
                    request_id: request_id.as_str().to_owned(),
                    envelope: envelope.clone(),
                    declared: E::ERROR_ENVELOPES,
                    body,
                });
            }
            return Err(Error::Http {
                status,
                endpoint: E::NAME,
                request_id: request_id.as_str().to_owned(),
                envelope,
                body,
            });
        }
        // A header that is present but not visible ASCII is not "absent": it is refused below,
        // so a byte of garbage cannot turn a signed response into an unsigned one.
        let header = |name: &HeaderName| match headers.get(name) {
            None => Ok(None),
            Some(v) => v.to_str().map(Some).map_err(|_| ()),
        };
        let signature_error = |error: SignatureError, body: Bytes| Error::ResponseSignature {
            endpoint: E::NAME,
            request_id: request_id.as_str().to_owned(),
            error,
            body: RawBody::shared_capped(body, ERROR_BODY_CAP).with_sensitive_of::<E>(),
        };
        let response_signature = match (inner.response_signature, header(&SIGNATURE)) {
            (ResponseSignaturePolicy::Skip, _) => ResponseSignatureCheck::Skipped,
            (_, Err(())) => {
                return Err(signature_error(
                    SignatureError::Malformed {
                        reason: "is present but not visible ASCII",
                    },
                    body,
                ));
            }
            // A spec declaring a mandatory `Signature` header makes it required (DOKU signs
            // every success of that endpoint: an unsigned one is not DOKU's).
            (ResponseSignaturePolicy::VerifyIfPresent, Ok(None))
                if !crate::response_headers::signature_mandatory(E::RESPONSE_HEADERS) =>
            {
                ResponseSignatureCheck::Absent
            }
            (_, Ok(None)) => {
                return Err(signature_error(
                    SignatureError::Missing {
                        header: "Signature",
                    },
                    body,
                ));
            }
            (_, Ok(Some(signature))) => {
                let timestamp = match header(&RESPONSE_TIMESTAMP) {
                    Ok(Some(timestamp)) => timestamp,
                    Ok(None) => {
                        return Err(signature_error(
                            SignatureError::Missing {
                                header: "Response-Timestamp",
                            },
                            body,
                        ));
                    }
                    Err(()) => {
                        return Err(signature_error(
                            SignatureError::Malformed {
                                reason: UNREADABLE_TIMESTAMP,
                            },
                            body,
                        ));
                    }
                };
                let components = Components::response(
                    inner.credentials.client_id(),
                    request_id.as_str(),
                    timestamp,
                    target,
                    (!body.is_empty()).then_some(&body[..]),
                );
                // No component can hold a line break, so `verify` checks what `verify_checked`
                // would: the Client-Id was checked when the client was built, the Request-Id
                // and the target by `sign_checked` in this attempt, and a `Response-Timestamp`
                // read with `to_str` is visible ASCII (issue 27: scanning the same values a
                // second time cost about 550 instructions a call).
                debug_assert!(components.check().is_ok(), "checked when signing");
                let checked = components.verify(inner.credentials.secret_key(), signature);
                if let Err(error) = checked {
                    return Err(signature_error(error, body));
                }
                ResponseSignatureCheck::Verified
            }
        };
        let declared_headers = crate::response_headers::check(
            E::RESPONSE_HEADERS,
            // `HeaderMap::get` with a `&str` matches case-insensitively without allocating.
            |name| headers.get(name).map(|v| v.to_str().map_err(|_| ())),
            |name| {
                if name.eq_ignore_ascii_case("Client-Id") {
                    Some(inner.credentials.client_id())
                } else if name.eq_ignore_ascii_case("Request-Id") {
                    Some(request_id.as_str())
                } else {
                    None
                }
            },
        );
        if declared_headers
            .findings()
            .iter()
            .any(|f| f.is_fatal() || inner.conformance == ConformanceMode::Strict)
        {
            return Err(Error::ResponseHeaders {
                endpoint: E::NAME,
                request_id: request_id.as_str().to_owned(),
                findings: declared_headers.into_findings(),
                body: RawBody::shared_capped(body, ERROR_BODY_CAP).with_sensitive_of::<E>(),
            });
        }
        // Where the secret values lie is noted while decoding, so that dropping the body wipes
        // them rather than every byte (`secret_spans`).
        let (decoded, wipe) =
            crate::secret_spans::noting(&body, crate::__private::decode::decode::<E::Response>);
        let data = match decoded {
            Ok(data) => data,
            Err(failure) => {
                return Err(Error::Decode {
                    endpoint: E::NAME,
                    request_id: request_id.as_str().to_owned(),
                    message: crate::redact::decode_message(
                        &failure.path,
                        failure.message,
                        E::SENSITIVE,
                    ),
                    path: failure.path,
                    body: RawBody::shared_capped(body, ERROR_BODY_CAP).with_sensitive_of::<E>(),
                });
            }
        };
        let body = RawBody::shared_wiping(body, wipe).with_sensitive_of::<E>();
        // The walk is paid for only when the report is read, unless strict mode needs it now
        // (or a `debug` log level asks for the number of findings).
        let conformance = if inner.conformance == ConformanceMode::Strict
            || tracing::enabled!(tracing::Level::DEBUG)
        {
            let report = data.conformance();
            if !report.is_clean() {
                if inner.conformance == ConformanceMode::Strict {
                    return Err(Error::NonConforming {
                        endpoint: E::NAME,
                        request_id: request_id.as_str().to_owned(),
                        report,
                        body: body.capped_to(ERROR_BODY_CAP),
                    });
                }
                tracing::debug!(
                    findings = report.len(),
                    "response breaks documented formats"
                );
            }
            ConformanceOnRead::ready::<E::Response>(body.clone(), report)
        } else {
            ConformanceOnRead::deferred::<E::Response>(body.clone())
        };
        Ok(Reply {
            data,
            conformance,
            request_id,
            status,
            response_signature,
            headers: declared_headers,
            attempts,
            body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let p = RetryPolicy::exponential(5)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(300));
        for _ in 0..50 {
            let b1 = p.backoff(1);
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&b1));
            let b2 = p.backoff(2);
            assert!((Duration::from_millis(100)..=Duration::from_millis(200)).contains(&b2));
            let b9 = p.backoff(9);
            assert!((Duration::from_millis(150)..=Duration::from_millis(300)).contains(&b9));
        }
        let distinct: std::collections::HashSet<_> = (0..20).map(|_| p.backoff(3)).collect();
        assert!(distinct.len() > 1, "jitter varies the sleeps");
    }

    #[test]
    fn the_body_buffer_grows_with_what_arrives_and_stays_within_the_limit() {
        let limit = 100_000;
        let mut buf = Vec::new();
        for chunk in [10usize, 5_000, 16_384, 16_384, 40_000, 20_000] {
            let needed = buf.len() + chunk;
            grow_within(&mut buf, needed, limit);
            buf.extend(std::iter::repeat_n(0u8, chunk));
            assert!(buf.capacity() <= limit, "{} > {limit}", buf.capacity());
            assert!(
                buf.capacity() <= 2 * needed,
                "{} for {needed}",
                buf.capacity()
            );
        }
        assert_eq!(buf.len(), 97_778);
    }

    #[test]
    fn default_retry_budget_lets_timed_out_attempts_be_retried() {
        // Issue: timeout and budget were both 30 s, so a timeout was never retried.
        let builder = Client::builder(Credentials::new("BRN-1", "SK-1"), Environment::Sandbox);
        let policy = RetryPolicy::exponential(3);
        // Worst case: every attempt times out, every backoff is its full step.
        let mut start_of_next = Duration::ZERO;
        for attempt in 1..policy.max_attempts {
            start_of_next += builder.timeout + policy.initial_backoff * (1 << (attempt - 1));
            assert!(
                start_of_next <= policy.max_elapsed,
                "attempt {} would start at {start_of_next:?}, after the {:?} budget",
                attempt + 1,
                policy.max_elapsed
            );
        }
        assert_eq!(builder.timeout, DEFAULT_TIMEOUT);
        assert!(policy.max_elapsed > builder.timeout);
    }

    #[test]
    fn builder_refuses_bad_settings_with_reasons() {
        let creds = Credentials::new("BRN-1", "SK-1");
        let err = Client::builder(creds.clone(), Environment::base_url("ftp://x"))
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("must start with https://"),
            "{err}"
        );
        let err = Client::builder(Credentials::new("BRN 1", "SK-1"), Environment::Sandbox)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("visible ASCII"), "{err}");
        let err = Client::builder(creds, Environment::Sandbox)
            .retry(RetryPolicy::exponential(0))
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("at least 1"), "{err}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let client = Client::builder(
            Credentials::new("BRN-1", "SK-top-secret-value"),
            Environment::Sandbox,
        )
        .bearer_token("tok-secret-value")
        .build()
        .unwrap();
        let shown = format!("{client:?}");
        assert!(
            !shown.contains("top-secret") && !shown.contains("tok-secret"),
            "{shown}"
        );
        assert!(shown.contains("BRN-1"));
    }
}
