//! Receiving what DOKU sends to the partner: payment notifications and KYB callbacks.
//!
//! Framework-agnostic: hand [`Receiver::receive`] the method, the path, the headers and the raw
//! body bytes of a request; it answers a [`Decision`] — the status to send back and, when
//! accepted, the typed [`Event`] with its raw bytes. In order, it:
//!
//! 1. checks the method, the path and DOKU's four headers, and verifies the `Signature` over the
//!    **raw bytes** and the configured path (`Request-Target`), in constant time, with each
//!    configured key (more than one during a key rotation), then the [`Freshness`] of
//!    `Request-Timestamp` — a refusal is a 4xx with a [`Refusal`] that says why;
//! 2. hands the verified raw bytes to [`Handler::persist`] **before** parsing anything, so
//!    nothing DOKU sent is lost (a failure answers 503: DOKU retries);
//! 3. claims the `Request-Id` in the [`DedupStore`]: a duplicate answers 200 and runs nothing,
//!    a delivery whose twin is still being handled answers 409 (DOKU retries later);
//! 4. parses the body leniently (unknown keys kept, unknown enum values kept, format findings
//!    listed): a body that does not parse still reaches the handler, with its raw bytes and
//!    the reason, and never turns into a 5xx by itself;
//! 5. runs [`Handler::handle`] exactly once per `Request-Id`: on success the id is completed
//!    (kept for the retention) and the answer is 200; on failure the claim is released and the
//!    answer is 500, so that DOKU retries.
//!
//! ```
//! use doku_partner_support::inbound::{Event, Handler, HandlerError, InboundRequest, Receiver};
//! use doku_partner_support::json::Json;
//!
//! struct Orders;
//! impl Handler<Json> for Orders {
//!     async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
//!         println!("{} paid: {:?}", event.request_id(), event.body());
//!         Ok(())
//!     }
//! }
//!
//! # futures_lite_block_on(async {
//! let receiver = Receiver::builder("/payments/notifications")
//!     .key("SK-hCJ42G28TA0MKG9LE2E_1")
//!     .build()
//!     .unwrap();
//! let request = InboundRequest::new("POST", "/payments/notifications", b"{}");
//! let decision = receiver.receive(&request, &Orders).await;
//! assert_eq!(decision.status(), 400); // no DOKU headers
//! # });
//! # fn futures_lite_block_on<F: std::future::Future>(f: F) -> F::Output {
//! #     let waker = std::task::Waker::noop();
//! #     let mut cx = std::task::Context::from_waker(&waker);
//! #     let mut f = std::pin::pin!(f);
//! #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v; } }
//! # }
//! ```

#[cfg(feature = "axum")]
pub mod axum;
mod check;
mod event;
#[cfg(feature = "postgres")]
pub mod postgres;
mod spec;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use crate::clock::{Clock, SystemClock};
use crate::secret::SecretKey;

pub use check::{Freshness, MAX_REQUEST_ID_BYTES, Refusal};
pub use event::{Event, IncomingBody, Undecodable};
pub use spec::IncomingSpec;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use store::{Claim, ClaimOutcome, DedupStore, MemoryStore, StoreError};

/// The error a [`Handler`] returns; its text goes to the [`Decision`], never to DOKU.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// An incoming HTTP request, borrowed from whatever server received it.
#[derive(Clone)]
pub struct InboundRequest<'a> {
    method: &'a str,
    path: &'a str,
    headers: Vec<(&'a str, &'a [u8])>,
    body: &'a [u8],
}

impl<'a> InboundRequest<'a> {
    /// A request: its method, its path (a query string is ignored) and its raw body.
    pub fn new(method: &'a str, path: &'a str, body: &'a [u8]) -> Self {
        InboundRequest {
            method,
            path,
            headers: Vec::with_capacity(8),
            body,
        }
    }

    /// Adds a header as received (names compare case-insensitively).
    #[must_use]
    pub fn header(mut self, name: &'a str, value: &'a (impl AsRef<[u8]> + ?Sized)) -> Self {
        self.headers.push((name, value.as_ref()));
        self
    }

    /// Adds a header as received.
    pub fn push_header(&mut self, name: &'a str, value: &'a [u8]) {
        self.headers.push((name, value));
    }

    /// The raw body.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }
}

impl fmt::Debug for InboundRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values and body may carry personal data and the signature: names and sizes only.
        f.debug_struct("InboundRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A verified delivery's raw bytes, as handed to [`Handler::persist`] before parsing.
#[derive(Clone, Copy)]
pub struct RawDelivery<'a> {
    /// `Request-Id` (duplicates share it).
    pub request_id: &'a str,
    /// `Client-Id`.
    pub client_id: &'a str,
    /// `Request-Timestamp`, as sent.
    pub request_timestamp: &'a str,
    /// The body, byte for byte.
    pub body: &'a [u8],
}

impl fmt::Debug for RawDelivery<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawDelivery")
            .field("request_id", &self.request_id)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The partner's code for one kind of incoming request.
pub trait Handler<E>: Send + Sync {
    /// Keeps the raw bytes of every verified delivery (duplicates included) before anything is
    /// parsed. An error answers 503 and runs nothing, so DOKU retries. Default: keeps nothing.
    fn persist(
        &self,
        raw: RawDelivery<'_>,
    ) -> impl Future<Output = Result<(), HandlerError>> + Send {
        let _ = raw;
        async { Ok(()) }
    }

    /// Acts on the event; runs once per `Request-Id`. An error answers 500 and releases the
    /// id, so DOKU's retry runs it again. Keep it short (DOKU waits for the answer): the
    /// claim's lease ([`ReceiverBuilder::lease`]) must outlast it.
    fn handle(&self, event: &Event<E>) -> impl Future<Output = Result<(), HandlerError>> + Send;
}

/// What to answer, and what happened.
// One per request, moved once or twice: boxing the event would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Decision<E> {
    /// Verified, handled once, recorded: answer 200.
    Accepted {
        /// The event, with its raw bytes.
        event: Event<E>,
        /// The handler succeeded but recording it failed: a redelivery after the lease could
        /// run it again. Worth an alert.
        unrecorded: Option<StoreError>,
    },
    /// Verified, and its `Request-Id` was handled already: answer 200, nothing ran.
    Duplicate {
        /// The `Request-Id`.
        request_id: String,
    },
    /// Verified, and another delivery of the same `Request-Id` is being handled: answer 409;
    /// DOKU retries.
    InProgress {
        /// The `Request-Id`.
        request_id: String,
    },
    /// Refused at the door: nothing was stored, parsed or run.
    Refused(Refusal),
    /// Verified, but storing, claiming or handling failed: answer 5xx; DOKU retries.
    Failed {
        /// The `Request-Id`.
        request_id: String,
        /// Which step failed.
        stage: FailedStage,
        /// Why (for the partner's logs; not sent to DOKU).
        error: HandlerError,
    },
}

/// The step of a [`Decision::Failed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailedStage {
    /// [`Handler::persist`] (503).
    Persist,
    /// The deduplication store (503).
    Store,
    /// [`Handler::handle`] (500).
    Handle,
}

impl<E> Decision<E> {
    /// The HTTP status to answer.
    pub fn status(&self) -> u16 {
        match self {
            Decision::Accepted { .. } | Decision::Duplicate { .. } => 200,
            Decision::InProgress { .. } => 409,
            Decision::Refused(refusal) => refusal.status(),
            Decision::Failed {
                stage: FailedStage::Handle,
                ..
            } => 500,
            Decision::Failed { .. } => 503,
        }
    }

    /// A short text for the response body: never a header value, the body or a handler's
    /// error text.
    pub fn reason(&self) -> String {
        match self {
            Decision::Accepted { .. } => "accepted".to_owned(),
            Decision::Duplicate { .. } => "duplicate: already handled".to_owned(),
            Decision::InProgress { .. } => "being handled; retry later".to_owned(),
            Decision::Refused(refusal) => refusal.to_string(),
            Decision::Failed {
                stage: FailedStage::Handle,
                ..
            } => "the handler failed; retry later".to_owned(),
            Decision::Failed { .. } => "not stored; retry later".to_owned(),
        }
    }

    /// `true` for a 2xx answer.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status())
    }

    /// The event, when accepted.
    pub fn event(&self) -> Option<&Event<E>> {
        match self {
            Decision::Accepted { event, .. } => Some(event),
            _ => None,
        }
    }

    /// The event, when accepted.
    pub fn into_event(self) -> Option<Event<E>> {
        match self {
            Decision::Accepted { event, .. } => Some(event),
            _ => None,
        }
    }
}

/// A receiver's configuration is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// No key to verify with.
    #[error("no secret key: add one with `.key(..)`")]
    NoKey,
    /// A key is empty.
    #[error("a secret key is empty")]
    EmptyKey,
    /// The path is not an absolute path without query or line break.
    #[error(
        "the notification path must start with `/` and hold no `?`, `#` or line break (it is the path of your Notification URL)"
    )]
    Path,
    /// The retention is shorter than the freshness window, so a replay could pass both.
    #[error(
        "the retention ({retention_s} s) must be at least the freshness window ({window_s} s), or a replayed notification would be neither too old nor a duplicate"
    )]
    Retention {
        /// The retention, in seconds.
        retention_s: u64,
        /// The freshness window, in seconds.
        window_s: u64,
    },
}

/// Builds a [`Receiver`].
pub struct ReceiverBuilder<S> {
    path: String,
    keys: Vec<SecretKey>,
    client_ids: Vec<String>,
    freshness: Freshness,
    retention: Duration,
    lease: Duration,
    clock: Arc<dyn Clock>,
    store: S,
}

impl<S> fmt::Debug for ReceiverBuilder<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReceiverBuilder")
            .field("path", &self.path)
            .field("keys", &self.keys.len())
            .field("freshness", &self.freshness)
            .finish_non_exhaustive()
    }
}

/// DOKU's last retry comes 12 h after the first attempt; a day keeps every id well past it.
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(24 * 3600);
/// How long a claim holds before another delivery may take it over.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(5 * 60);

impl<S: DedupStore> ReceiverBuilder<S> {
    /// Adds a secret key to verify with; add the old and the new one during a rotation.
    #[must_use]
    pub fn key(mut self, key: impl Into<SecretKey>) -> Self {
        self.keys.push(key.into());
        self
    }

    /// Accepts only these `Client-Id`s (by default any Client-Id whose signature verifies).
    #[must_use]
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_ids.push(client_id.into());
        self
    }

    /// The freshness policy (default [`Freshness::DOKU_RETRY_SPAN`]).
    #[must_use]
    pub fn freshness(mut self, freshness: Freshness) -> Self {
        self.freshness = freshness;
        self
    }

    /// How long a handled id is kept (default [`DEFAULT_RETENTION`], 24 h).
    #[must_use]
    pub fn retention(mut self, retention: Duration) -> Self {
        self.retention = retention;
        self
    }

    /// How long a claim holds while its handler runs (default [`DEFAULT_LEASE`], 5 min).
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// The clock (tests pin it).
    #[must_use]
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The deduplication store (default: a [`MemoryStore`]).
    pub fn store<T: DedupStore>(self, store: T) -> ReceiverBuilder<T> {
        ReceiverBuilder {
            path: self.path,
            keys: self.keys,
            client_ids: self.client_ids,
            freshness: self.freshness,
            retention: self.retention,
            lease: self.lease,
            clock: self.clock,
            store,
        }
    }

    /// Checks the configuration.
    pub fn build(self) -> Result<Receiver<S>, ConfigError> {
        if self.keys.is_empty() {
            return Err(ConfigError::NoKey);
        }
        if self.keys.iter().any(SecretKey::is_empty) {
            return Err(ConfigError::EmptyKey);
        }
        if !self.path.starts_with('/') || self.path.contains(['?', '#', '\n', '\r']) {
            return Err(ConfigError::Path);
        }
        if let Some(window) = self.freshness.span()
            && self.retention < window
        {
            return Err(ConfigError::Retention {
                retention_s: self.retention.as_secs(),
                window_s: window.as_secs(),
            });
        }
        Ok(Receiver {
            path: self.path,
            keys: self.keys,
            client_ids: self.client_ids,
            freshness: self.freshness,
            retention_s: secs(self.retention),
            lease_s: secs(self.lease),
            clock: self.clock,
            store: self.store,
            next_purge: AtomicI64::new(i64::MIN),
        })
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// How often the receiver asks its store to forget expired ids.
const PURGE_EVERY_S: i64 = 60;

/// Verifies, deduplicates, parses and hands DOKU's incoming requests to a [`Handler`].
pub struct Receiver<S = MemoryStore> {
    path: String,
    keys: Vec<SecretKey>,
    client_ids: Vec<String>,
    freshness: Freshness,
    retention_s: i64,
    lease_s: i64,
    clock: Arc<dyn Clock>,
    store: S,
    next_purge: AtomicI64,
}

impl<S> fmt::Debug for Receiver<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("path", &self.path)
            .field("keys", &self.keys.len())
            .field("freshness", &self.freshness)
            .field("retention_s", &self.retention_s)
            .finish_non_exhaustive()
    }
}

impl Receiver<MemoryStore> {
    /// A receiver for the Notification URL path `path` (`/payments/notifications`), with an
    /// in-memory store until [`ReceiverBuilder::store`] sets another.
    pub fn builder(path: impl Into<String>) -> ReceiverBuilder<MemoryStore> {
        ReceiverBuilder {
            path: path.into(),
            keys: Vec::new(),
            client_ids: Vec::new(),
            freshness: Freshness::default(),
            retention: DEFAULT_RETENTION,
            lease: DEFAULT_LEASE,
            clock: Arc::new(SystemClock),
            store: MemoryStore::new(),
        }
    }

    /// A receiver for what an incoming spec describes, on the spec's default `path`
    /// ([`IncomingSpec::PATH`]); use [`Receiver::builder`] for a path of your own.
    pub fn for_spec<E: IncomingSpec>() -> ReceiverBuilder<MemoryStore> {
        Self::builder(E::PATH)
    }
}

impl<S: DedupStore> Receiver<S> {
    /// The configured path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The deduplication store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// Receives one request: see the [module docs](self).
    pub async fn receive<E, H>(&self, request: &InboundRequest<'_>, handler: &H) -> Decision<E>
    where
        E: IncomingBody,
        H: Handler<E> + ?Sized,
    {
        let now = self.clock.now_unix();
        let door = check::Door {
            path: &self.path,
            keys: &self.keys,
            client_ids: &self.client_ids,
            freshness: self.freshness,
        };
        let verified = match door.check(request, now) {
            Ok(verified) => verified,
            Err(refusal) => return Decision::Refused(refusal),
        };
        let failed = |stage, error| Decision::Failed {
            request_id: verified.request_id.to_owned(),
            stage,
            error,
        };
        let raw = RawDelivery {
            request_id: verified.request_id,
            client_id: verified.client_id,
            request_timestamp: verified.timestamp,
            body: request.body,
        };
        if let Err(error) = handler.persist(raw).await {
            return failed(FailedStage::Persist, error);
        }
        self.purge_now_and_then(now).await;
        let claim = match self
            .store
            .claim(verified.request_id, now, now.saturating_add(self.lease_s))
            .await
        {
            Ok(ClaimOutcome::Claimed(claim)) => claim,
            Ok(ClaimOutcome::Done) => {
                return Decision::Duplicate {
                    request_id: verified.request_id.to_owned(),
                };
            }
            Ok(ClaimOutcome::InProgress) => {
                return Decision::InProgress {
                    request_id: verified.request_id.to_owned(),
                };
            }
            Err(error) => return failed(FailedStage::Store, Box::new(error)),
        };
        let keep_until = now
            .saturating_add(self.lease_s)
            .saturating_add(self.retention_s);
        let event = Event::parse(&verified, request.body, claim, keep_until);
        match handler.handle(&event).await {
            Ok(()) => {
                let unrecorded = self.store.complete(event.claim(), keep_until).await.err();
                Decision::Accepted { event, unrecorded }
            }
            Err(error) => {
                // If releasing fails too, the lease still ends the claim.
                let _ = self.store.release(event.claim()).await;
                failed(FailedStage::Handle, error)
            }
        }
    }

    /// Purges expired ids at most once a minute, from whichever delivery comes first.
    async fn purge_now_and_then(&self, now: i64) {
        let due = self.next_purge.load(Ordering::Relaxed);
        if now >= due
            && self
                .next_purge
                .compare_exchange(
                    due,
                    now + PURGE_EVERY_S,
                    Ordering::AcqRel,
                    Ordering::Relaxed,
                )
                .is_ok()
        {
            // A failed purge is retried a minute later; it never refuses a delivery.
            let _ = self.store.purge(now).await;
        }
    }
}
