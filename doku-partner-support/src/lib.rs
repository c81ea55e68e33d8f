//! Runtime of [doku-partner]: what a user names besides the generated endpoint types — the
//! client, credentials, errors, formats, the local stand-in — and the traits generated code
//! implements. The plumbing only generated code calls (body schemas, encoders, decoders,
//! string entry points) is in a hidden module and is not a public API.
//!
//! - [`format`](mod@format): DOKU's `AN(n)`, `ANS(n)`, `N(n)` formats as checked newtypes.
//! - [`endpoint`]: the traits generated code implements.
//! - [`validation`]: request violations, all at once, before any I/O.
//! - [`multipart`]: `multipart/form-data` bodies (Upload File): file parts, encoding, parsing.
//! - [`conformance`]: documented-format findings on decoded responses.
//! - [`wire_enum`]: the value enums' trait, and [`OrUnknown`] for values read from DOKU.
//! - [`signature`]: DOKU's Non-SNAP HMAC-SHA256 signature; response and notification checks.
//! - [`secret`]: credentials whose secret never shows in `Debug`, logs or errors, and
//!   [`Secret`], the type of a field a spec marks `secret`.
//! - [`redact`]: how fields marked `secret` or `personal` are hidden wherever they are printed.
//! - [`clock`]: timestamps and request ids, injectable for tests.
//! - [`stand_in`] (feature `stand-in`): a local DOKU stand-in server for tests.
//! - [`json`]: values and numbers kept exactly as sent (unknown keys, numbers of any size).
//! - [`error`]: the one error type of a call.
//! - [`inbound`]: receiving DOKU's notifications and callbacks: verified, deduplicated, typed.
//! - `client` (feature `client`, on by default): the async HTTP client; `blocking`: the same,
//!   blocking the calling thread; `token`: bearer tokens, cached and refreshed.
//!
//! [doku-partner]: https://crates.io/crates/doku-partner

#![deny(missing_docs)]

#[cfg(feature = "client")]
pub mod blocking;
// One spare response-body buffer per thread (issue 27).
mod body_buffer;
#[cfg(feature = "client")]
pub mod client;
pub mod clock;
pub mod conformance;
pub mod cut_off;
pub mod datetime;
pub mod endpoint;
pub mod error;
pub mod format;
pub mod inbound;
pub mod json;
pub mod multipart;
pub mod non_snap;
pub mod or_other;
pub mod redact;
pub mod response_headers;
pub mod secret;
mod secret_spans;
pub mod signature;
#[cfg(feature = "stand-in")]
pub mod stand_in;
/// The stand-in's module under its name before 0.2.
#[cfg(feature = "stand-in")]
#[doc(hidden)]
pub use stand_in as mock;
#[cfg(feature = "client")]
pub mod token;
pub mod union;
pub mod validation;
pub mod wire_enum;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder, Environment, Reply};
pub use conformance::{Conformance, ConformanceReport, Finding};
pub use datetime::{CompactDateTime, OrInvalid};
pub use endpoint::{
    ApiRequest, ApiResponse, AuthOptions, Endpoint, HttpMethod, IssuesToken, RequestBody,
    SignatureScheme,
};
pub use error::Error;
pub use format::{An, Ans, FormatError, FormatRule, Num, Text};
pub use or_other::{OrOther, OtherValue};
pub use redact::{Sensitive, Sensitivity};
pub use secret::{Credentials, Secret, SecretKey};
pub use signature::{Components, Signature, SignatureError};
#[cfg(feature = "client")]
pub use token::{BearerToken, TokenSource};
pub use validation::{Limit, RequestErrors, UnknownEnumValue, Violation};
pub use wire_enum::{OrUnknown, WireEnum};

/// What generated code calls; not a public API.
#[doc(hidden)]
pub mod __private;
