//! # doku-partner
//!
//! A typed, validated, signed client for the DOKU Partner API, generated at compile time from
//! YAML endpoint specs.
//!
//! - [`Endpoint`]: the derive; point it at a spec and get the endpoint's request, response and
//!   value types.
//! - [`runtime`]: what generated code calls: checked formats, DOKU's HMAC-SHA256 signature, the
//!   HTTP client, errors and (feature `mock`) a local DOKU stand-in.
//! - [`endpoints`]: ready bindings for every spec shipped in this repository's `spec/`.
//!
//! See the README for a walk-through.

#![deny(missing_docs)]

// Generated code names the runtime as `::doku_partner::runtime`; this makes that path resolve
// inside this crate too.
extern crate self as doku_partner;

pub use doku_partner_macros::Endpoint;
pub use doku_partner_runtime as runtime;
#[cfg(feature = "client")]
pub use doku_partner_runtime::{Client, Environment, Reply};
pub use doku_partner_runtime::{Credentials, Error, SecretKey};

/// Ready bindings for every spec in this repository's `spec/` folder.
pub mod endpoints {
    /// DOKU Partner API: Get Business Data (`GET /adv-core-api/partner/v1.0/business/{client_id}`).
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/get_business_data.yaml")]
    pub struct GetBusinessData;
}

// The README's Rust snippets are compiled as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
