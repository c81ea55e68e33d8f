//! A request enum whose documented list is cut off (issue 26): Upload File's document `code`
//! (`spec/upload_file.yaml`, `enum_cut_off: true`) and a JSON test endpoint of the same shape
//! with a length limit (`tests/specs/cut_off_codes.yaml`). A listed code is a variant; a code
//! the page's list lost is sent when it is written like the listed ones; a malformed one is
//! refused with every problem, before any I/O by the client and at the door by the stand-in.

use doku_partner::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use doku_partner::endpoints::upload_file::{self, DocumentCode, UploadCategory};
use doku_partner::endpoints::{GenerateToken, UploadFile};

use doku_partner::support::multipart::{FilePart, parse};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Endpoint, OrOther, Violation};
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error};
use serde_json::Value;

mod bindings {
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "tests/specs/cut_off_codes.yaml")]
    pub struct CutOffCodes;
}
use bindings::{CutOffCodes, cut_off_codes};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const KEY: &str = "SK-cut-off-codes";

#[test]
fn a_listed_code_is_a_variant_and_a_lost_one_is_checked_when_made() {
    let listed: OrOther<DocumentCode> = DocumentCode::Ktp.into();
    assert_eq!(listed.as_str(), "KTP");
    assert_eq!("KTP".parse::<OrOther<DocumentCode>>().unwrap(), listed);
    let lost = OrOther::<DocumentCode>::other("NPWP").unwrap();
    assert_eq!(lost.as_str(), "NPWP");
    assert_eq!(lost.known(), None);
    // A listed code is its variant, never an `Other`.
    assert!(OrOther::<DocumentCode>::other("KTP").is_err());
    // Every problem at once: another case of a listed code, characters no listed code uses.
    let error = OrOther::<DocumentCode>::other("izin_usaha").unwrap_err();
    assert_eq!(error.enum_name, "DocumentCode");
    assert_eq!(error.problems.len(), 2, "{error}");
    assert_eq!(
        error.to_string(),
        "\"izin_usaha\" cannot be a DocumentCode value the page's list lost: it is the listed \
         IZIN_USAHA in another case (DOKU's values are case-sensitive): send IZIN_USAHA; \
         characters 'i', 'z', 'n', 'u', 's', 'a', 'h': the listed values are written in \
         upper-case letters, digits, '_' only"
    );
    let error = OrOther::<DocumentCode>::other("IZIN-USAHA 2").unwrap_err();
    assert_eq!(
        error.problems,
        [
            "characters '-', ' ': the listed values are written in upper-case letters, digits, '_' only"
        ]
    );
    // Digits are a code's own: a numbered code the list lost is sent.
    assert_eq!(
        OrOther::<DocumentCode>::other("IZIN_2024")
            .unwrap()
            .as_str(),
        "IZIN_2024"
    );
    // The enum's docs and its type say the list is cut off.
    assert!(DocumentCode::ALL.contains(&DocumentCode::LicenseFca));
}

/// Upload File against the stand-in: a listed code and a code the list lost are both sent as
/// the form's `code` part, byte for byte, and accepted.
#[tokio::test]
async fn upload_file_sends_a_listed_code_and_one_the_list_lost() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, KEY)
        .endpoint::<GenerateToken>()
        .endpoint::<UploadFile>()
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(mock.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .build()
    .unwrap();
    for code in [
        OrOther::from(DocumentCode::Ktp),
        OrOther::other("NPWP").unwrap(),
    ] {
        let file = FilePart::from_bytes("ktp.png", "image/png", b"\x89PNG\r\n\x1a\n".to_vec());
        let body = Upload::new(UploadCategory::Document, BodyFileOrFileUrl::File(file))
            .with_code(code.clone());
        let reply = client.send(upload_file::Request::from(body)).await.unwrap();
        assert_eq!(reply.status, 200);
        let sent = mock.requests();
        let upload = sent.last().unwrap();
        let parts = parse(upload.header("Content-Type").unwrap(), &upload.body).unwrap();
        assert_eq!(parts[1].name, "code");
        assert_eq!(parts[1].bytes, code.as_str().as_bytes());
    }
}

#[test]
fn a_code_that_cannot_be_one_the_list_lost_is_refused_before_io_with_every_problem() {
    // A listed code in another case, characters no listed code uses, a code over ANS(30).
    let raw = r#"{"code":"ktp"}"#;
    let errors = cut_off_codes::RawRequest { body: raw }
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 1 problem(s)\n  - `code` = \"ktp\" is not a listed value, nor one the \
         page's cut-off list could have lost: it is the listed KTP in another case (DOKU's values \
         are case-sensitive): send KTP; characters 'k', 't', 'p': the listed values are written \
         in upper-case letters, digits, '_' only"
    );
    let long = r#"{"code":"SURAT_KETERANGAN_DOMISILI_USAHA"}"#;
    let errors = cut_off_codes::RawRequest { body: long }
        .validate()
        .unwrap_err();
    assert_eq!(errors.violations.len(), 1, "{errors}");
    assert!(
        matches!(&errors.violations[0], Violation::Format(e) if e.to_string().contains("30")),
        "{errors}"
    );
    // Well-formed and unlisted: sent as it is.
    let ok = cut_off_codes::RawRequest {
        body: r#"{"code":"NPWP"}"#,
    }
    .validate()
    .unwrap();
    assert_eq!(
        String::from_utf8(ok.body_bytes()).unwrap(),
        r#"{"code":"NPWP"}"#
    );
    // A typed body with a lost code that breaks only the length: refused by `validate` (what
    // `send` runs before any I/O).
    let typed = cut_off_codes::Request::from(cut_off_codes::body::Body::new(
        OrOther::other("SURAT_KETERANGAN_DOMISILI_USAHA").unwrap(),
    ));
    assert!(typed.validate().is_err());
}

#[path = "support/signed_post.rs"]
mod signed_post;

/// A raw POST to the test endpoint, signed correctly (so only the body can be refused).
async fn post_signed(mock: &StandIn, body: &str) -> (u16, Value) {
    signed_post::post_signed(mock, (CLIENT_ID, KEY), "/test/v1/documents", body).await
}

#[tokio::test]
async fn the_stand_in_accepts_a_well_formed_lost_code_and_refuses_a_malformed_one() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, KEY)
        .endpoint::<CutOffCodes>()
        .start()
        .await
        .unwrap();
    // Building the library's client installs the TLS crypto provider reqwest needs.
    let client = Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let (status, answer) = post_signed(&mock, r#"{"code":"NPWP"}"#).await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = post_signed(&mock, r#"{"code":"Izin_usaha"}"#).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("the listed IZIN_USAHA in another case")
            && message.contains("characters 'z', 'i', 'n', 'u', 's', 'a', 'h'"),
        "{answer}"
    );
    // Every violation of the body at once: the code and, beside it, an undocumented key.
    let (status, answer) = post_signed(&mock, r#"{"code":"NIB-1","note":"x"}"#).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("character '-'") && message.contains("`note` is not a documented field"),
        "{answer}"
    );
    // The typed client refuses a lost code over the format's length before any I/O: nothing
    // more is recorded.
    let before = mock.requests().len();
    let typed = cut_off_codes::Request::from(cut_off_codes::body::Body::new(
        OrOther::other("SURAT_KETERANGAN_DOMISILI_USAHA").unwrap(),
    ));
    let error = client.send(&typed).await.unwrap_err();
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.violations.len() == 1),
        "{error:?}"
    );
    assert_eq!(mock.requests().len(), before);
    assert_eq!(CutOffCodes::PATH_TEMPLATE, "/test/v1/documents");
}
