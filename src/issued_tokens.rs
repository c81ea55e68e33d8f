//! Bearer tokens from any endpoint whose spec issues them (`auth.issues_token`), not only
//! DOKU's Generate Token: [`IssuedBy`], re-exported as `doku_partner::tokens::IssuedBy`.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use doku_partner_support::__private::serde_json;
use doku_partner_support::token::{BearerToken, TokenFuture, TokenSource};
use doku_partner_support::{Client, Endpoint, Error, SecretKey};

/// Tokens from endpoint `E`, any endpoint whose spec has `auth.issues_token` (yours, derived
/// with `#[derive(Endpoint)]`): each fetch sends `request` with the client's own credentials
/// and reads the token from the reply's `token_field`. A token expires at its JWT `exp`; when it
/// carries none, after `lifetime` (if given). [`GenerateTokenSource`](crate::tokens::GenerateTokenSource)
/// is the same for DOKU's Generate Token.
///
/// ```no_run
/// # fn demo() -> Result<(), doku_partner::Error> {
/// use doku_partner::endpoints::GenerateToken;
/// use doku_partner::endpoints::generate_token::{GrantType, Request, body::Body};
/// use doku_partner::tokens::IssuedBy;
/// use doku_partner::{Client, Credentials, Environment};
///
/// let request = Request::from(Body::new(GrantType::ClientCredentials));
/// let client = Client::builder(Credentials::new("BRN-...", "SK-..."), Environment::Sandbox)
///     .token_source(IssuedBy::<GenerateToken>::new(request))
///     .build()?;
/// # Ok(()) }
/// ```
pub struct IssuedBy<E: Endpoint> {
    request: E::Request,
    lifetime: Option<Duration>,
    endpoint: PhantomData<fn() -> E>,
}

impl<E: Endpoint> IssuedBy<E> {
    /// Tokens got by sending `request` to `E`.
    pub fn new(request: E::Request) -> Self {
        IssuedBy {
            request,
            lifetime: None,
            endpoint: PhantomData,
        }
    }

    /// How long a token lives when it carries no `exp` (the lifetime the request asked for).
    #[must_use]
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.lifetime = Some(lifetime);
        self
    }
}

impl<E: Endpoint> fmt::Debug for IssuedBy<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedBy")
            .field("endpoint", &E::NAME)
            .field("lifetime", &self.lifetime)
            .finish_non_exhaustive()
    }
}

impl<E> TokenSource for IssuedBy<E>
where
    E: Endpoint + 'static,
    E::Request: Send + Sync + 'static,
{
    fn fetch<'a>(&'a self, client: &'a Client) -> TokenFuture<'a> {
        Box::pin(async move {
            let Some(issues) = E::ISSUES_TOKEN else {
                return Err(Error::Config {
                    message: format!(
                        "`{}` issues no bearer token (its spec has no auth.issues_token)",
                        E::NAME
                    ),
                });
            };
            let reply = client.send(&self.request).await?;
            let missing = || Error::Config {
                message: format!(
                    "`{}` answered without its token field `{}`",
                    E::NAME,
                    issues.token_field
                ),
            };
            // The reply as JSON, the token moved out of it (a `String` that `SecretKey::new`
            // zeroes once copied); a `secret` field encodes as DOKU sent it.
            let mut value = serde_json::to_value(&reply.data).map_err(|_| missing())?;
            let pointer = format!("/{}", issues.token_field.replace('.', "/"));
            let token = match value.pointer_mut(&pointer).map(serde_json::Value::take) {
                Some(serde_json::Value::String(token)) => token,
                _ => return Err(missing()),
            };
            Ok(BearerToken::from_jwt(
                SecretKey::new(token),
                client.now_unix(),
                self.lifetime,
            ))
        })
    }
}
