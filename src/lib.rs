//! # doku-partner
//!
//! A typed, validated, signed client for the DOKU Partner API, generated at compile time from
//! YAML endpoint specs.
//!
//! - [`Endpoint`]: the derive; point it at a spec and get the endpoint's request, response and
//!   value types.
//! - [`support`]: what generated code calls: checked formats, DOKU's HMAC-SHA256 signature, the
//!   HTTP client, errors and (feature `stand-in`) a local DOKU stand-in.
//! - [`endpoints`]: ready bindings for every spec shipped in this repository's `spec/`.
//! - [`tokens`]: bearer tokens from Generate Token, for Upload File.
//! - `stand_in` (feature `stand-in`): a local DOKU with state, for the whole family.
//!
//! # Onboarding a sub-merchant, in DOKU's order
//!
//! 1. [`CheckRequirements`](endpoints::CheckRequirements) (`GET .../file`): which documents a
//!    business type needs, their file types and sizes.
//! 2. [`GenerateToken`](endpoints::GenerateToken) (`POST .../token`): a bearer token.
//!    [`tokens::GenerateTokenSource`] does it for you: the client fetches, caches and refreshes it.
//! 3. [`UploadFile`](endpoints::UploadFile) (`POST .../file`, multipart, bearer token): each
//!    document; DOKU answers with a file ID.
//! 4. [`BusinessRegistration`](endpoints::BusinessRegistration) (`POST .../business`) with the
//!    file IDs, or [`CreateBusinessLite`](endpoints::CreateBusinessLite)
//!    (`POST .../business/lite/registration`) to let the owner fill in the rest; DOKU answers
//!    with the business ID and its brand's Client-Id.
//! 5. [`GetBusinessData`](endpoints::GetBusinessData) (`GET .../business/{client_id}`): the
//!    business as DOKU holds it, with each part's review status.
//!
//! `cargo run --example onboard` runs the whole flow (against the local stand-in when no
//! credentials are set). See the README for a walk-through.

#![deny(missing_docs)]

// Generated code names its support crate as `::doku_partner::support`; this makes that path
// resolve inside this crate too.
extern crate self as doku_partner;

pub use doku_partner_macros::Endpoint;
/// What generated code calls, and what a user names besides the endpoints (the client, errors,
/// formats, the local stand-in).
pub mod support {
    #[doc(inline)]
    pub use doku_partner_support::*;

    /// Re-exports for generated code only; not a public API.
    #[doc(hidden)]
    pub mod __private {
        pub use doku_partner_macros::{MaskedDebug, ResponseObject, ResponseUnion, ValueEnum};
        pub use doku_partner_support::__private::*;
    }
}
#[cfg(feature = "client")]
pub use doku_partner_support::{Client, Environment, Reply};
pub use doku_partner_support::{Credentials, Error, SecretKey};
/// [`support`] under its name before 0.2 (it read as an async runtime). The other old names
/// still resolve to the new items too:
///
/// ```
/// # #![allow(deprecated)]
/// # #[cfg(feature = "stand-in")] {
/// let _: fn() -> doku_partner::support::stand_in::StandInBuilder =
///     doku_partner::runtime::mock::MockDoku::builder;
/// let _: doku_partner::runtime::mock::MockDokuBuilder = doku_partner::stand_in::StandIn::builder();
/// let _: doku_partner::tokens::GenerateTokenSource = doku_partner::tokens::GenerateTokens::new();
/// # }
/// ```
#[doc(hidden)]
pub use support as runtime;

/// What a user of the bindings names, in one import: `use doku_partner::prelude::*;`.
///
/// The derive and the traits its code implements (`Endpoint`, `ApiRequest`: a request's
/// `path`, `query_string` and `validate`), the credentials, the client, the value types a
/// response holds (`OrUnknown`) and the errors. Everything else stays at its path in
/// [`support`].
pub mod prelude {
    // The derive (macro namespace) and the trait (type namespace) share the name, as serde's do.
    pub use crate::Endpoint;
    #[cfg(feature = "stand-in")]
    pub use doku_partner_support::stand_in::StandIn;
    pub use doku_partner_support::{
        ApiRequest, Credentials, Endpoint, Error, OrUnknown, RequestErrors, SecretKey, WireEnum,
    };
    #[cfg(feature = "client")]
    pub use doku_partner_support::{Client, Environment, Reply};
}

/// Ready bindings for every spec in this repository's `spec/` folder.
pub mod endpoints {
    /// DOKU Partner API: Check Requirements (`GET /adv-core-api/partner/v1.0/file`): which
    /// documents a business type needs.
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/check_requirements.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct CheckRequirements;

    /// DOKU Partner API: Generate Token (`POST /adv-core-api/partner/v1.0/token`): the bearer
    /// token for Upload File.
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/generate_token.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct GenerateToken;

    /// DOKU Partner API: Upload File (`POST /adv-core-api/partner/v1.0/file`): one business
    /// document, as a multipart form, with a bearer token from Generate Token.
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/upload_file.yaml", doc_path = "doku_partner::endpoints")]
    pub struct UploadFile;

    /// DOKU Partner API: Create Business Lite
    /// (`POST /adv-core-api/partner/v1.0/business/lite/registration`): a business whose owner
    /// completes its data in DOKU's dashboard.
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/create_business_lite.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct CreateBusinessLite;

    /// DOKU Partner API: Business Registration (`POST /adv-core-api/partner/v1.0/business`):
    /// the full registration. DOKU's page survives only in part; see the module's notes.
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/business_registration.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct BusinessRegistration;

    /// DOKU Partner API: Get Business Data (`GET /adv-core-api/partner/v1.0/business/{client_id}`).
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/get_business_data.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct GetBusinessData;

    /// DOKU → partner: the Non-SNAP payment notification (`POST` to the partner's Notification
    /// URL), an incoming spec: [`inbound::IncomingSpec`](crate::inbound::IncomingSpec), and
    /// `Event<payment_notification::Event>` for the receiver's handler.
    #[derive(crate::Endpoint)]
    #[doku(
        spec = "spec/payment_notification.yaml",
        doc_path = "doku_partner::endpoints"
    )]
    pub struct PaymentNotification;

    /// DOKU → partner: the KYB result callback (undocumented by DOKU: every field optional and
    /// kept, see the spec's notes), an incoming spec like [`PaymentNotification`].
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/kyb_callback.yaml", doc_path = "doku_partner::endpoints")]
    pub struct KybCallback;
}

/// Bearer tokens for the endpoints that need one (Upload File):
/// [`GenerateTokenSource`](tokens::GenerateTokenSource) gets them from DOKU's Generate Token
/// endpoint; the client caches, shares and refreshes them (see [`support::token`]).
#[cfg(feature = "client")]
pub mod tokens {
    use std::time::Duration;

    pub use crate::issued_tokens::IssuedBy;
    pub use doku_partner_support::token::{BearerToken, StaticToken, TokenFuture, TokenSource};

    use crate::endpoints::generate_token::{GrantType, Request, body::Body};
    use crate::support::Client;

    /// Tokens from DOKU's Generate Token endpoint (`grant_type=client_credentials`), signed
    /// with the client's own credentials. A token expires at its JWT `exp`; when DOKU's token
    /// carries none, after the `valid_time` asked for.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), doku_partner::Error> {
    /// use doku_partner::tokens::GenerateTokenSource;
    /// use doku_partner::{Client, Credentials, Environment};
    ///
    /// let client = Client::builder(Credentials::new("BRN-...", "SK-..."), Environment::Sandbox)
    ///     .token_source(GenerateTokenSource::new().valid_for_minutes(60))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
    pub struct GenerateTokenSource {
        valid_time_minutes: Option<u32>,
    }

    /// [`GenerateTokenSource`] under its name before 0.2 (one letter from `GenerateToken`, the
    /// endpoint).
    #[doc(hidden)]
    #[deprecated(since = "0.2.0", note = "renamed `GenerateTokenSource`")]
    pub type GenerateTokens = GenerateTokenSource; // its name before 0.2

    impl GenerateTokenSource {
        /// Tokens of DOKU's default lifetime (the request leaves `valid_time` out).
        pub const fn new() -> Self {
            GenerateTokenSource {
                valid_time_minutes: None,
            }
        }

        /// Asks for tokens valid this many minutes (`valid_time`).
        #[must_use]
        pub const fn valid_for_minutes(mut self, minutes: u32) -> Self {
            self.valid_time_minutes = Some(minutes);
            self
        }
    }

    impl TokenSource for GenerateTokenSource {
        fn fetch<'a>(&'a self, client: &'a Client) -> TokenFuture<'a> {
            Box::pin(async move {
                let mut body = Body::new(GrantType::ClientCredentials);
                if let Some(minutes) = self.valid_time_minutes {
                    body = body.with_valid_time(minutes.to_string());
                }
                let reply = client.send(Request::from(body)).await?;
                let lifetime = self
                    .valid_time_minutes
                    .map(|m| Duration::from_secs(u64::from(m) * 60));
                Ok(BearerToken::from_jwt(
                    reply.data.token,
                    client.now_unix(),
                    lifetime,
                ))
            })
        }
    }
}

#[cfg(feature = "client")]
pub mod exactly_once;
#[cfg(feature = "client")]
mod issued_tokens;
#[cfg(feature = "client")]
pub mod onboarding;
pub mod payments;
#[cfg(feature = "stand-in")]
pub mod stand_in;
pub mod sub_merchant;

// The README's Rust snippets are compiled as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Receiving DOKU's notifications and callbacks: verified over the raw bytes, deduplicated by
/// `Request-Id` (in memory; SQLite with feature `sqlite`; PostgreSQL with feature `postgres`),
/// parsed leniently. See the README's "Receiving DOKU's notifications".
pub use doku_partner_support::inbound;
