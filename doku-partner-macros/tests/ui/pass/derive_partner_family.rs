//! The derive on every Partner API spec the workspace ships, in a user's crate that denies
//! warnings and missing docs: a GET with rules, POSTs with nested JSON bodies, a cut-off page.
#![deny(warnings, missing_docs)]

use doku_partner::support::Endpoint;

/// Check Requirements.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/check_requirements.yaml")]
pub struct CheckRequirements;

/// Generate Token.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/generate_token.yaml")]
pub struct GenerateToken;

/// Create Business Lite.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/create_business_lite.yaml")]
pub struct CreateBusinessLite;

/// Upload File.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/upload_file.yaml")]
pub struct UploadFile;

/// Business Registration.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/business_registration.yaml")]
pub struct BusinessRegistration;

fn main() {
    // A body built by hand: required fields through `new`, optional ones through `with_*`.
    let body = generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
        .with_valid_time("360");
    let request = generate_token::Request::from(body);
    assert!(request.validate().is_ok());
    assert_eq!(
        request.body_bytes(),
        br#"{"grant_type":"client_credentials","valid_time":"360"}"#
    );
    assert!(GenerateToken::BODY.is_some());
    assert!(CheckRequirements::BODY.is_none());

    // From JSON: the page's sample.
    let (_, sample) = CreateBusinessLite::REQUEST_EXAMPLES[0];
    let body = create_business_lite::body::Body::from_json(sample).expect("the page's sample");
    assert_eq!(body.business.contact.phone_calling_code.as_str(), "62");

    // The cut-off sample is documented, not offered as a body to send.
    assert!(BusinessRegistration::REQUEST_EXAMPLES.is_empty());
    let _: Option<business_registration::body::BusinessBrand> = None;

    // A multipart form: a file (or a URL), the rules checked by `validate`.
    let file = doku_partner::support::multipart::FilePart::from_bytes("a.png", "image/png", vec![1]);
    let body = upload_file::body::Body::new(
        upload_file::UploadCategory::Document,
        upload_file::body::BodyFileOrFileUrl::File(file),
    );
    assert!(body.validate().is_err(), "a DOCUMENT needs a code");
    assert!(body.with_code(upload_file::DocumentCode::Ktp).validate().is_ok());
    assert!(UploadFile::MULTIPART && UploadFile::AUTH.bearer_token);
}
