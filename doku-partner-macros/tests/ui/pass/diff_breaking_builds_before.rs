//! The code of `tests/ui/diff/uses/` builds on the shipped specs. Each
//! `tests/ui/fail/diff_breaking_*.rs` builds the same code on a fixture that `doku-partner diff`
//! calls breaking for the Rust types alone, and fails: a crate that built against the old spec
//! does not build against the new one (issue 23; the rules are checked in
//! doku-partner-codegen/tests/diff_crosscheck.rs).
#![deny(warnings, missing_docs)]

/// Generate Token, as shipped.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/generate_token.yaml")]
pub struct GenerateToken;

/// Upload File, as shipped.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/upload_file.yaml")]
pub struct UploadFile;

/// Get Business Data, as shipped.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/get_business_data.yaml")]
pub struct GetBusinessData;

/// Business Registration, as shipped.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/business_registration.yaml")]
pub struct BusinessRegistration;

/// The payment notification, as shipped.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payment_notification.yaml")]
pub struct PaymentNotification;

include!("../diff/uses/generate_token.rs");
include!("../diff/uses/upload_file.rs");
include!("../diff/uses/get_business_data.rs");
include!("../diff/uses/business_registration.rs");
include!("../diff/uses/payment_notification.rs");

fn main() {
    let _ = written_against_generate_token;
    let _ = written_against_upload_file;
    let _ = written_against_get_business_data;
    let _ = written_against_business_registration;
    assert!(written_against_payment_notification(
        payment_notification::TransactionStatus::Failed
    ));
}
