//! A user's crate under the strictest lints: every spec shipped with doku-partner, once through
//! `#[derive(Endpoint)]` and once as the file `doku-partner generate` writes. CI runs
//! `cargo clippy -- -W clippy::pedantic -W clippy::nursery -D warnings` and `cargo doc` with
//! `-D warnings` on it, so generated code is clean under a user's lints in both forms.

#![deny(missing_docs)]

/// The six endpoints and the two incoming specs through the derive.
pub mod derived {
    /// Check Requirements.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/check_requirements.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct CheckRequirements;

    /// Generate Token.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/generate_token.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct GenerateToken;

    /// Upload File.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/upload_file.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct UploadFile;

    /// Business Registration.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/business_registration.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct BusinessRegistration;

    /// Create Business Lite.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/create_business_lite.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct CreateBusinessLite;

    /// Get Business Data.
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/get_business_data.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct GetBusinessData;

    /// Payment Notification (incoming: what DOKU sends).
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/payment_notification.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct PaymentNotification;

    /// KYB Callback (incoming: what DOKU sends).
    #[derive(doku_partner::Endpoint)]
    #[doku(
        spec = "../../spec/kyb_callback.yaml",
        doc_path = "strict_lints::derived"
    )]
    pub struct KybCallback;
}

/// The six endpoints and the two incoming specs as `doku-partner generate` writes them (built by `build.rs`).
pub mod pasted {
    include!(concat!(env!("OUT_DIR"), "/check_requirements.rs"));
    include!(concat!(env!("OUT_DIR"), "/generate_token.rs"));
    include!(concat!(env!("OUT_DIR"), "/upload_file.rs"));
    include!(concat!(env!("OUT_DIR"), "/business_registration.rs"));
    include!(concat!(env!("OUT_DIR"), "/create_business_lite.rs"));
    include!(concat!(env!("OUT_DIR"), "/get_business_data.rs"));
    include!(concat!(env!("OUT_DIR"), "/payment_notification.rs"));
    include!(concat!(env!("OUT_DIR"), "/kyb_callback.rs"));
}
