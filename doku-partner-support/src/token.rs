//! Bearer tokens for the endpoints whose spec asks for one (`auth.bearer_token`, Upload File).
//!
//! A [`Client`] with a [`TokenSource`] (`ClientBuilder::token_source`) gets a token the first
//! time a bearer endpoint is called, keeps it until shortly before it expires (the JWT's `exp`,
//! or the lifetime the source reports), then fetches a fresh one. Concurrent calls share one
//! fetch: 1,000 uploads started together make one token request. A `401` whose error names the
//! token makes the client drop the token, fetch one more and retry once.
//!
//! Tokens are [`SecretKey`]s: `Debug` and `Display` print `[redacted]`, the bytes are wiped on
//! drop, they are never logged, and they are sent only to endpoints whose spec asks for them.
//! The `Authorization` header value built from one is marked sensitive and is not wiped (it
//! lives in reqwest's request until the request is dropped; see SECURITY.md).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use base64::Engine as _;

use crate::client::Client;
use crate::error::Error;
use crate::secret::SecretKey;

/// A bearer token and when it expires.
#[derive(Clone)]
pub struct BearerToken {
    value: SecretKey,
    expires_at: Option<i64>,
}

impl BearerToken {
    /// A token that expires at `expires_at` (Unix seconds), or never (`None`: a token the
    /// caller manages, used until DOKU refuses it).
    pub fn new(value: impl Into<SecretKey>, expires_at: Option<i64>) -> Self {
        BearerToken {
            value: value.into(),
            expires_at,
        }
    }

    /// A JWT such as Generate Token returns: it expires at its `exp` claim; a token whose
    /// payload has none (or is not a JWT) expires `fallback` after `now` (Unix seconds).
    /// The signature is not checked: the token is DOKU's, DOKU checks it.
    pub fn from_jwt(value: impl Into<SecretKey>, now: i64, fallback: Option<Duration>) -> Self {
        let value = value.into();
        let expires_at = jwt_exp(value.expose_secret()).or_else(|| {
            fallback.map(|d| now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
        });
        BearerToken { value, expires_at }
    }

    /// When the token expires (Unix seconds), if known.
    pub fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// The token in clear, for the `Authorization` header only.
    pub fn expose_secret(&self) -> &str {
        self.value.expose_secret()
    }

    /// Whether the token is still good `margin` from `now`.
    fn fresh(&self, now: i64, margin: Duration) -> bool {
        let margin = i64::try_from(margin.as_secs()).unwrap_or(i64::MAX);
        self.expires_at
            .is_none_or(|exp| now.saturating_add(margin) < exp)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerToken")
            .field("value", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// The `exp` claim of a JWT's payload, without checking anything else.
fn jwt_exp(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    // The decoded claims are part of the token: wiped when freed.
    let bytes = zeroize::Zeroizing::new(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .ok()?,
    );
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("exp")?.as_i64()
}

/// What [`TokenSource::fetch`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<BearerToken, Error>> + Send + 'a>>;

/// Where a client gets bearer tokens: `doku_partner::tokens::GenerateTokenSource` (DOKU's Generate
/// Token endpoint), a [`StaticToken`], or your own (a vault, another service).
///
/// `fetch` gets the client it serves, to call DOKU with; it must not call an endpoint that
/// needs a bearer token itself (the client waits for this fetch before such calls).
pub trait TokenSource: Send + Sync + 'static {
    /// Fetches a new token.
    fn fetch<'a>(&'a self, client: &'a Client) -> TokenFuture<'a>;
}

/// A token you already have; never refreshed (a refused token stays refused).
#[derive(Debug, Clone)]
pub struct StaticToken(pub BearerToken);

impl TokenSource for StaticToken {
    fn fetch<'a>(&'a self, _client: &'a Client) -> TokenFuture<'a> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// The client's current token, fetched once for all the calls that wait for it.
pub(crate) struct TokenCache {
    source: Arc<dyn TokenSource>,
    /// How long before its expiry a token is replaced.
    margin: Duration,
    current: tokio::sync::Mutex<Option<Arc<BearerToken>>>,
    fetches: AtomicU64,
}

impl TokenCache {
    pub(crate) fn new(source: Arc<dyn TokenSource>, margin: Duration) -> Self {
        TokenCache {
            source,
            margin,
            current: tokio::sync::Mutex::new(None),
            fetches: AtomicU64::new(0),
        }
    }

    /// The current token, or a fresh one. Callers that arrive during a fetch wait for it
    /// (the lock is held across the fetch), so there is one fetch however many callers.
    pub(crate) async fn get(&self, client: &Client, now: i64) -> Result<Arc<BearerToken>, Error> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref()
            && token.fresh(now, self.margin)
        {
            return Ok(Arc::clone(token));
        }
        self.fetches.fetch_add(1, Ordering::Relaxed);
        tracing::debug!("fetching a bearer token");
        let token = Arc::new(self.source.fetch(client).await?);
        *current = Some(Arc::clone(&token));
        Ok(token)
    }

    /// Drops `stale` if it is still the current token (a concurrent refusal already replaced
    /// it otherwise), so one refusal makes one new fetch.
    pub(crate) async fn invalidate(&self, stale: &Arc<BearerToken>) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|t| Arc::ptr_eq(t, stale)) {
            *current = None;
        }
    }

    /// How many tokens were fetched so far.
    pub(crate) fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .field("fetches", &self.fetches())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.c2ln", b64(r#"{"alg":"RS256"}"#), b64(payload))
    }

    #[test]
    fn a_jwt_expires_at_its_exp_claim_else_after_the_fallback() {
        let token = BearerToken::from_jwt(jwt(r#"{"exp":1704866191,"iat":1704844591}"#), 0, None);
        assert_eq!(token.expires_at(), Some(1_704_866_191));
        let token = BearerToken::from_jwt("not-a-jwt", 1000, Some(Duration::from_secs(60)));
        assert_eq!(token.expires_at(), Some(1060));
        let token = BearerToken::from_jwt(jwt(r#"{"sub":"x"}"#), 1000, None);
        assert_eq!(token.expires_at(), None);
    }

    #[test]
    fn freshness_keeps_a_margin_before_expiry() {
        let token = BearerToken::new("t", Some(1000));
        assert!(token.fresh(900, Duration::from_secs(60)));
        assert!(!token.fresh(940, Duration::from_secs(60)));
        assert!(!token.fresh(1000, Duration::ZERO));
        assert!(BearerToken::new("t", None).fresh(i64::MAX, Duration::from_secs(60)));
    }

    #[test]
    fn a_token_never_shows_in_debug() {
        let token = BearerToken::new("eyJ-secret-token", Some(1));
        let text = format!("{token:?} {:?}", StaticToken(token.clone()));
        assert!(!text.contains("eyJ-secret-token"), "{text}");
    }
}
