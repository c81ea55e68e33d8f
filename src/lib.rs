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
    /// DOKU Partner API: Check Requirements (`GET /adv-core-api/partner/v1.0/file`): which
    /// documents a business type needs.
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/check_requirements.yaml")]
    pub struct CheckRequirements;

    /// DOKU Partner API: Generate Token (`POST /adv-core-api/partner/v1.0/token`): the bearer
    /// token for Upload File.
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/generate_token.yaml")]
    pub struct GenerateToken;

    /// DOKU Partner API: Create Business Lite
    /// (`POST /adv-core-api/partner/v1.0/business/lite/registration`): a business whose owner
    /// completes its data in DOKU's dashboard.
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/create_business_lite.yaml")]
    pub struct CreateBusinessLite;

    /// DOKU Partner API: Business Registration (`POST /adv-core-api/partner/v1.0/business`):
    /// the full registration. DOKU's page survives only in part; see the module's notes.
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/business_registration.yaml")]
    pub struct BusinessRegistration;

    /// DOKU Partner API: Get Business Data (`GET /adv-core-api/partner/v1.0/business/{client_id}`).
    #[derive(crate::Endpoint)]
    #[doku(spec = "spec/get_business_data.yaml")]
    pub struct GetBusinessData;
}

// The README's Rust snippets are compiled as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
