//! Upload File end to end against the local stand-in: a multipart form built as bytes,
//! signed with a `Digest` over exactly those bytes, sent with a bearer token from Generate
//! Token; the file's type and size and the body rules are checked before any I/O.

use doku_partner::endpoints::upload_file::body::{Body, BodyFileOrFileUrl};
use doku_partner::endpoints::upload_file::{DocumentCode, Request, UploadCategory};
use doku_partner::endpoints::{GenerateToken, UploadFile};
use doku_partner::support::multipart::{FilePart, parse};
use doku_partner::support::signature::digest;
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Components, Endpoint, SecretKey, Violation};
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-upload-file-test";

async fn stand_in() -> StandIn {
    StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GenerateToken>()
        .endpoint::<UploadFile>()
        .start()
        .await
        .unwrap()
}

fn client(mock: &StandIn) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .build()
    .unwrap()
}

/// A small PNG-looking file, with bytes a text encoding would mangle.
fn scan() -> FilePart {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    FilePart::from_bytes("ktp.png", "image/png", bytes)
}

#[tokio::test]
async fn a_document_is_sent_as_a_signed_multipart_form_with_a_bearer_token() {
    let mock = stand_in().await;
    let file = scan();
    let request = Request::from(
        Body::new(
            UploadCategory::Document,
            BodyFileOrFileUrl::File(file.clone()),
        )
        .with_code(DocumentCode::Ktp),
    );
    let reply = client(&mock).send(&request).await.expect("uploaded");
    assert_eq!(reply.data.id, "CNT-0104-1676639713907");
    assert_eq!(
        reply.data.category.as_str(),
        "DOCUMENT",
        "the stand-in answers the category sent, as the page says"
    );

    let seen = mock.requests();
    assert_eq!(
        seen[0].path,
        GenerateToken::PATH_TEMPLATE,
        "first the token"
    );
    let upload = &seen[1];
    assert_eq!(upload.path, UploadFile::PATH_TEMPLATE);
    assert!(
        upload
            .header("Authorization")
            .unwrap()
            .starts_with("Bearer eyJ")
    );
    let content_type = upload.header("Content-Type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );

    // The parts, as DOKU would read them.
    let parts = parse(content_type, &upload.body).unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["category", "code", "file"]);
    assert_eq!(parts[0].bytes, b"DOCUMENT");
    assert_eq!(parts[1].bytes, b"KTP");
    assert_eq!(parts[2].file_name.as_deref(), Some("ktp.png"));
    assert_eq!(parts[2].content_type.as_deref(), Some("image/png"));
    assert_eq!(parts[2].bytes, file.bytes(), "the file's bytes, untouched");

    // Five signed lines, the Digest over the exact form bytes (the spec's `digest: body`).
    let components = Components::request(
        upload.header("Client-Id").unwrap(),
        upload.header("Request-Id").unwrap(),
        upload.header("Request-Timestamp").unwrap(),
        &upload.path,
        Some(&upload.body),
    );
    let signed = components.component_string();
    assert_eq!(signed.lines().count(), 5);
    assert!(signed.ends_with(&format!("Digest:{}", digest(&upload.body))));
    components
        .verify(
            &SecretKey::from(SECRET),
            upload.header("Signature").unwrap(),
        )
        .unwrap();
}

#[tokio::test]
async fn a_file_url_instead_of_a_file() {
    let mock = stand_in().await;
    let request = Request::from(Body::new(
        UploadCategory::Logo,
        BodyFileOrFileUrl::FileUrl("https://www.website.domain/assets-lna/images/logo.png".into()),
    ));
    let reply = client(&mock).send(&request).await.unwrap();
    assert_eq!(reply.data.category.as_str(), "LOGO");
    let upload = &mock.requests()[1];
    let parts = parse(upload.header("Content-Type").unwrap(), &upload.body).unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["category", "file_url"]);
}

#[tokio::test]
async fn type_size_and_rules_are_checked_before_any_io() {
    let mock = stand_in().await;
    let client = client(&mock);
    let gif = FilePart::from_bytes("proof.gif", "image/gif", vec![1; 10]);
    let huge = FilePart::from_bytes("scan.jpg", "image/jpeg", vec![0; 15 * 1024 * 1024 + 1]);
    let empty = FilePart::from_bytes("scan.pdf", "application/pdf", Vec::new());
    let cases = [
        (
            Body::new(UploadCategory::Document, BodyFileOrFileUrl::File(scan())),
            "`code` is required when `category` is DOCUMENT",
        ),
        (
            Body::new(UploadCategory::PhotoProof, BodyFileOrFileUrl::File(gif)),
            "file `file` is named \"proof.gif\"; allowed: .JPG, .JPEG, .PNG, .PDF",
        ),
        (
            Body::new(UploadCategory::Logo, BodyFileOrFileUrl::File(huge)),
            "file `file` is 15728641 bytes, more than the 15728640 allowed",
        ),
        (
            Body::new(UploadCategory::Logo, BodyFileOrFileUrl::File(empty)),
            "file `file` is empty",
        ),
        (
            Body::new(
                UploadCategory::Logo,
                BodyFileOrFileUrl::FileUrl(String::new()),
            ),
            "`file_url` is empty",
        ),
    ];
    for (body, expected) in cases {
        let err = client.send(Request::from(body)).await.unwrap_err();
        let Error::InvalidRequest(errors) = err else {
            panic!("{expected}: {err:?}");
        };
        assert_eq!(errors.violations.len(), 1, "{errors}");
        let text = errors.violations[0].to_string();
        assert!(text.contains(expected), "{text}");
        assert!(!matches!(errors.violations[0], Violation::NotJson { .. }));
    }
    assert!(
        mock.requests().is_empty(),
        "nothing was sent, not even a token request"
    );
}

#[test]
fn a_file_from_a_path_or_a_reader_keeps_to_the_limit() {
    let dir = std::env::temp_dir().join(format!("doku-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("Liveness.JPG");
    std::fs::write(&path, b"jpeg bytes").unwrap();
    let file = FilePart::from_path(&path, 1024).unwrap();
    assert_eq!(file.file_name(), "Liveness.JPG");
    assert_eq!(file.content_type(), "image/jpeg");
    assert_eq!(file.bytes(), b"jpeg bytes");
    assert!(FilePart::from_path(&path, 4).is_err(), "over the limit");
    assert!(FilePart::from_path(dir.join("missing.png"), 4).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
