//! Configuring a [`Client`](super::Client): the environment, the policies (conformance,
//! response signatures, retries) and the builder that checks every setting at `build()`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::{Client, Inner, USER_AGENT, error_chain};
use crate::clock::{Clock, RequestIdSource};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::secret::{Credentials, SecretKey};
use crate::token::{BearerToken, StaticToken, TokenCache, TokenSource};

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// Each endpoint's sandbox host from its spec (`https://api-uat.doku.com`).
    Sandbox,
    /// Each endpoint's production host from its spec (`https://api.doku.com`).
    Production,
    /// Any base URL (a local stand-in, a proxy, DOKU's newer `https://api-sandbox.doku.com`),
    /// without a trailing slash.
    BaseUrl(String),
}

impl Environment {
    /// A custom base URL; a trailing `/` is removed.
    pub fn base_url(url: impl Into<String>) -> Self {
        let mut url = url.into();
        while url.ends_with('/') {
            url.pop();
        }
        Environment::BaseUrl(url)
    }

    /// The base URL for one endpoint.
    pub fn url_for<E: Endpoint>(&self) -> &str {
        match self {
            Environment::Sandbox => E::SANDBOX_URL,
            Environment::Production => E::PRODUCTION_URL,
            Environment::BaseUrl(url) => url,
        }
    }
}

/// What to do when a decoded response breaks its documented formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConformanceMode {
    /// Return the response; the findings are in [`Reply::conformance`](super::Reply::conformance). DOKU's own samples
    /// break their documented limits, so this is the default.
    #[default]
    Lenient,
    /// Fail with [`Error::NonConforming`].
    Strict,
}

/// What to do with DOKU's response signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResponseSignaturePolicy {
    /// Verify it when the response carries a `Signature` header (the default).
    #[default]
    VerifyIfPresent,
    /// Refuse responses without a valid signature.
    Require,
    /// Do not look at it.
    Skip,
}

/// What became of the response signature of one reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseSignatureCheck {
    /// Present and valid.
    Verified,
    /// The response had no `Signature` header.
    Absent,
    /// Not checked ([`ResponseSignaturePolicy::Skip`]).
    Skipped,
}

/// The default per-attempt timeout ([`ClientBuilder::timeout`]).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default retry budget of [`RetryPolicy::exponential`]: three default timeouts.
pub const DEFAULT_RETRY_BUDGET: Duration = Duration::from_secs(90);

/// Opt-in retries of transport failures and HTTP 502/503/504.
///
/// Every attempt sends the **same `Request-Id` and body** (DOKU uses the id to refuse
/// duplicates) with a fresh timestamp and signature. A 4xx is never retried, and a retry that
/// DOKU refuses as a duplicate (`idempotent_request`: an earlier attempt reached it, for
/// instance one that timed out on the way back) fails with
/// [`Error::EarlierAttemptReachedDoku`], with every attempt listed. Backoff doubles
/// from `initial_backoff` up to `max_backoff`, with random jitter (each sleep is between half and
/// all of the current step); no attempt starts after `max_elapsed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, including the first (1 = no retries).
    pub max_attempts: u32,
    /// First backoff step.
    pub initial_backoff: Duration,
    /// Largest backoff step.
    pub max_backoff: Duration,
    /// No new attempt starts later than this after the first one.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// No retries (the default).
    pub const fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
            max_elapsed: Duration::ZERO,
        }
    }

    /// Up to `max_attempts` attempts, backoff from 200 ms to 5 s, no attempt started later
    /// than 90 s after the first.
    ///
    /// The 90 s budget fits the client's default 30 s per-attempt timeout: three attempts
    /// that each time out still all run (the third starts at most 60.6 s in). A budget no
    /// longer than the timeout would never retry a timeout. Worst case of a call with retries:
    /// the budget plus one timeout (90 s + 30 s = 120 s with the defaults).
    pub const fn exponential(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: DEFAULT_RETRY_BUDGET,
        }
    }

    /// Sets the first backoff step.
    pub const fn with_initial_backoff(mut self, step: Duration) -> Self {
        self.initial_backoff = step;
        self
    }

    /// Sets the largest backoff step.
    pub const fn with_max_backoff(mut self, step: Duration) -> Self {
        self.max_backoff = step;
        self
    }

    /// Sets the time after which no new attempt starts.
    pub const fn with_max_elapsed(mut self, total: Duration) -> Self {
        self.max_elapsed = total;
        self
    }

    /// The sleep before attempt `attempt + 1` (attempt counts from 1), with jitter.
    pub(super) fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(20))
            .min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(random_unit())
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::none()
    }
}

/// A random number in `[0, 1)` for jitter, from the std hasher's random keys (no extra crate).
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    pub(super) credentials: Credentials,
    pub(super) environment: Environment,
    pub(super) connect_timeout: Duration,
    pub(super) timeout: Duration,
    pub(super) max_response_bytes: usize,
    pub(super) conformance: ConformanceMode,
    pub(super) response_signature: ResponseSignaturePolicy,
    pub(super) retry: RetryPolicy,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) request_ids: Arc<dyn RequestIdSource>,
    pub(super) token_source: Option<Arc<dyn TokenSource>>,
    pub(super) token_margin: Duration,
    pub(super) http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("environment", &self.environment)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("conformance", &self.conformance)
            .field("response_signature", &self.response_signature)
            .field("retry", &self.retry)
            .field("own_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Connect timeout (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Total timeout of one attempt, from sending to the last body byte (default 30 s,
    /// [`DEFAULT_TIMEOUT`]). With retries, keep it well under [`RetryPolicy::max_elapsed`]
    /// (default 90 s), or an attempt that times out is never retried.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Largest response body accepted, in bytes (default 4 MiB). Reading stops at the limit.
    ///
    /// The buffer grows with the bytes that arrive (never with an announced
    /// `Content-Length`) and its capacity never exceeds the limit, so one call holds at most
    /// this much of body; an error keeps at most [`ERROR_BODY_CAP`](crate::error::ERROR_BODY_CAP) bytes of it. See
    /// SECURITY.md for the memory a call may use.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Lenient (default) or strict conformance checking of responses.
    pub fn conformance(mut self, mode: ConformanceMode) -> Self {
        self.conformance = mode;
        self
    }

    /// What to do with DOKU's response signature (default: verify if present).
    pub fn response_signature(mut self, policy: ResponseSignaturePolicy) -> Self {
        self.response_signature = policy;
        self
    }

    /// Retries (default: none).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The clock for `Request-Timestamp` (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The source of `Request-Id`s (default: UUID v4).
    pub fn request_ids(mut self, source: Arc<dyn RequestIdSource>) -> Self {
        self.request_ids = source;
        self
    }

    /// A fixed access token for the endpoints that need `Authorization: Bearer` (kept
    /// redacted, never refreshed). [`token_source`](Self::token_source) refreshes tokens.
    pub fn bearer_token(mut self, token: impl Into<SecretKey>) -> Self {
        self.token_source = Some(Arc::new(StaticToken(BearerToken::new(token, None))));
        self
    }

    /// Where the endpoints that need `Authorization: Bearer` get their token
    /// (`doku_partner::tokens::GenerateTokenSource` asks DOKU's Generate Token endpoint). The
    /// client fetches a token on first need, shares one fetch between concurrent calls,
    /// replaces it [`token_refresh_margin`](Self::token_refresh_margin) before it expires, and
    /// on a `401` naming the token fetches one more and retries once. See [`crate::token`].
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.token_source = Some(Arc::new(source));
        self
    }

    /// How long before its expiry a token is replaced (default 60 s).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.token_margin = margin;
        self
    }

    /// Sends through `http`, a reqwest client of your own, instead of one built here, so that
    /// its connection pool (its connections, TLS sessions and their tasks) is shared with
    /// whatever else uses it: other API clients (progenitor's take a `reqwest::Client` too),
    /// or, in `benches/e2e.rs`, the hand-written baseline, so that both sides of a comparison
    /// run over the same connection.
    ///
    /// The client then does not configure the connection, and these are yours:
    /// - **timeouts**: [`timeout`](Self::timeout) and [`connect_timeout`](Self::connect_timeout)
    ///   are not applied; set `reqwest::ClientBuilder::timeout` and `connect_timeout` (the
    ///   defaults here are 30 s and 10 s; reqwest's own default is no timeout at all);
    /// - **no redirects**: build it with `.redirect(reqwest::redirect::Policy::none())`. A
    ///   followed redirect would send the signed headers to another URL and change the
    ///   `Request-Target` the signature covers; DOKU never redirects;
    /// - **TLS**: rustls and the roots it trusts. doku-partner's reqwest is built without a
    ///   crypto provider: install one before building yours (e.g.
    ///   `rustls::crypto::ring::default_provider().install_default()`; [`build`](Self::build)
    ///   of any `Client` without this option installs ring too);
    /// - the `User-Agent` ([`USER_AGENT`](super::USER_AGENT) is set only on a client built
    ///   here).
    ///
    /// Everything else (signing, the response checks, the body limit, retries, tokens) is the
    /// client's, as without this option.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client (and its connection pool).
    pub fn build(self) -> Result<Client, Error> {
        let config = |message: String| Error::Config { message };
        let id = self.credentials.client_id();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(config(format!(
                "the Client-Id {id:?} must be non-empty visible ASCII (it is sent as a header)"
            )));
        }
        if self.credentials.secret_key().is_empty() {
            return Err(config("the secret key is empty".to_owned()));
        }
        if let Environment::BaseUrl(url) = &self.environment
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            return Err(config(format!(
                "the base URL {url:?} must start with https:// (or http:// for a local stand-in)"
            )));
        }
        if self.retry.max_attempts == 0 {
            return Err(config(
                "RetryPolicy::max_attempts counts the first attempt and must be at least 1"
                    .to_owned(),
            ));
        }
        if self.retry.max_attempts > 1 && self.retry.max_elapsed <= self.timeout {
            tracing::warn!(
                timeout_ms = self.timeout.as_millis() as u64,
                retry_budget_ms = self.retry.max_elapsed.as_millis() as u64,
                "the retry budget (RetryPolicy::max_elapsed) is not longer than the per-attempt \
                 timeout: an attempt that times out will never be retried"
            );
        }
        // reqwest is built without a default crypto provider so that ring (no C toolchain
        // beyond cc, no aws-lc build script) is used; an already installed one is fine too.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = match self.http {
            // The caller's: its settings are the caller's (see `http_client`).
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                // A redirect would change Request-Target after signing; DOKU never redirects.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| config(error_chain(&e)))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials: self.credentials,
                environment: self.environment,
                max_response_bytes: self.max_response_bytes,
                conformance: self.conformance,
                response_signature: self.response_signature,
                retry: self.retry,
                clock: self.clock,
                request_ids: self.request_ids,
                tokens: self
                    .token_source
                    .map(|source| TokenCache::new(source, self.token_margin)),
            }),
        })
    }
}
