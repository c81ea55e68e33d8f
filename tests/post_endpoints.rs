//! The facade's POST bindings against the local stand-in: Business Registration (a page cut
//! off before its response: the stand-in answers the minimal body built from the empty field
//! table, and the client keeps whatever comes back) and Generate Token with a retry that
//! resends the same bytes.

use doku_partner::endpoints::{
    BusinessRegistration, GenerateToken, business_registration, generate_token,
};
use doku_partner::support::Endpoint;
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::stand_in::{Fault, StandIn};
use doku_partner::{Client, Credentials, Environment};
use serde_json::{Value, json};

const CLIENT_ID: &str = "BRN-0001-10791114622547";
const SECRET: &str = "SK-post-endpoints";

/// The page's cut-off sample, completed with the address and contact rows the page's table
/// still has, and made to keep the page's PERSONAL rules (its own sample breaks them).
fn complete_registration() -> String {
    let (_, partial) = (
        "page",
        include_str!("../spec/examples/business_registration.request.json"),
    );
    let mut body: Value = serde_json::from_str(partial).unwrap();
    body["business"]["addresses"] = json!([{
        "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
        "country": "ID",
        "name": "Jalan Gatot Subroto No 20",
        "primary": true
    }]);
    body["business"]["contacts"] = json!([{"name": "Merchant Owner"}]);
    // The page's own sample breaks its PERSONAL rules: the brand's name and description are
    // the business's.
    body["business"]["brands"][0]["name"] = body["business"]["name"].clone();
    body["business"]["brands"][0]["description"] = body["business"]["description"].clone();
    body.to_string()
}

#[tokio::test]
async fn business_registration_is_served_from_its_field_table_and_nothing_is_dropped() {
    // The page documents no response: the stand-in serves the minimal body (`{}`).
    assert_eq!(BusinessRegistration::EXAMPLES, &[("minimal", "{}")]);
    assert!(
        BusinessRegistration::REQUEST_EXAMPLES.is_empty(),
        "the cut-off sample is no body"
    );
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<BusinessRegistration>()
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let text = complete_registration();
    let request = business_registration::RawRequest { body: &text }
        .validate()
        .expect("the completed sample is a valid registration");
    let reply = client.send(&request).await.unwrap();
    assert!(reply.data.extra.is_empty());
    let sent: Value = serde_json::from_slice(&mock.requests()[0].body).unwrap();
    assert_eq!(sent, serde_json::from_str::<Value>(&text).unwrap());

    // The page's own sample, cut off, is refused before any I/O: it lacks both arrays.
    let partial = include_str!("../spec/examples/business_registration.request.json");
    let errors = business_registration::RawRequest { body: partial }
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 4 problem(s)\n  - `business.addresses` is required\n  - `business.contacts` is required\n  - `business.brands[0].name` must be the same as `business.name` when `business.type` is PERSONAL\n  - `business.brands[0].description` must be the same as `business.description` when `business.type` is PERSONAL"
    );
}

#[tokio::test]
async fn a_retried_post_resends_the_same_body_with_a_fresh_signature() {
    let mock = StandIn::builder()
        .client(CLIENT_ID, SECRET)
        .endpoint::<GenerateToken>()
        .start()
        .await
        .unwrap();
    mock.push_fault(Fault::Status {
        status: 503,
        content_type: "application/json".into(),
        body: "{}".into(),
    });
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(mock.base_url()),
    )
    .retry(RetryPolicy::exponential(3).with_initial_backoff(std::time::Duration::from_millis(1)))
    .build()
    .unwrap();
    let request = generate_token::Request::from(generate_token::body::Body::new(
        generate_token::GrantType::ClientCredentials,
    ));
    let reply = client.send(&request).await.unwrap();
    assert_eq!(reply.attempts, 2);
    let seen = mock.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(seen[0].body, br#"{"grant_type":"client_credentials"}"#);
    assert_eq!(seen[0].header("Request-Id"), seen[1].header("Request-Id"));
}
