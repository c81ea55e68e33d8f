//! The whole Partner API flow against the stateful stand-in, as `examples/onboard.rs` runs it:
//! what the flow registers is what Get Business Data reads back, uploads get fresh IDs, and the
//! token is fetched once for the whole flow.

use doku_partner::endpoints::create_business_lite::body as lite;
use doku_partner::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use doku_partner::endpoints::upload_file::{DocumentCode, UploadCategory};
use doku_partner::endpoints::{
    GenerateToken, check_requirements, create_business_lite, get_business_data, upload_file,
};
use doku_partner::stand_in::PartnerStandIn;
use doku_partner::support::Endpoint;
use doku_partner::support::multipart::FilePart;
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-partner-flow";

#[tokio::test]
async fn what_is_registered_is_read_back() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .build()
    .unwrap();

    let requirements = client
        .send(check_requirements::Request::new(
            check_requirements::Query::Personal,
        ))
        .await
        .unwrap();
    assert_eq!(requirements.data.business.contact.documents[0].code, "KTP");

    let mut ids = Vec::new();
    for name in ["ktp.png", "liveness.jpg"] {
        let file = FilePart::from_bytes(name, "image/png", vec![7; 100]);
        let upload = Upload::new(UploadCategory::Document, BodyFileOrFileUrl::File(file))
            .with_code(DocumentCode::Ktp);
        let reply = client
            .send(upload_file::Request::from(upload))
            .await
            .unwrap();
        assert!(reply.data.link.ends_with(&reply.data.id));
        ids.push(reply.data.id);
    }
    assert_ne!(ids[0], ids[1], "each upload gets its own file ID");
    assert_eq!(stand_in.files(), 2);

    let body = lite::Body::new(
        lite::Business::new(
            "ref-42",
            "Toko Baca Ulang",
            lite::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
        ),
        lite::InvitedUser::new("ani@example.com"),
    );
    let created = client
        .send(create_business_lite::Request::from(body))
        .await
        .unwrap();
    let business = &created.data.business;
    assert_eq!(business.partner_ref_id, "ref-42");
    let brand_id = business.brands[0].id.clone();

    let data = client
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .unwrap()
        .data;
    assert_eq!(data.id, business.id);
    assert_eq!(data.name, "Toko Baca Ulang");
    assert_eq!(data.email, "ani@example.com");
    assert_eq!(data.brands[0].id, brand_id);
    assert_eq!(stand_in.businesses(), 1);

    // One token for the whole flow.
    let token_calls = stand_in
        .server()
        .requests()
        .iter()
        .filter(|r| r.path == GenerateToken::PATH_TEMPLATE)
        .count();
    assert_eq!(token_calls, 1);
}
