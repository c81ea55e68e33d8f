//! Any spec with the library's stand-in and token source, not only the family: two specs of a
//! user's own (the CLI's fixtures, `doku-partner-cli/tests/fixtures/any_spec/`), derived here,
//! served by `PartnerStandIn::builder(..).endpoint::<E>()` beside the family, and called by a
//! `Client` whose bearer tokens come from the user's own issuing endpoint
//! (`tokens::IssuedBy`): fetched once, refused when expired, fetched again.

use doku_partner::stand_in::PartnerStandIn;
use doku_partner::tokens::IssuedBy;
use doku_partner::{Client, Credentials, Environment, Error};

/// The user's token issuer (`auth.issues_token`, token field `access_token`).
#[derive(doku_partner::Endpoint)]
#[doku(spec = "doku-partner-cli/tests/fixtures/any_spec/issue_token.yaml")]
pub struct IssueToken;

/// The user's endpoint that needs a bearer token.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "doku-partner-cli/tests/fixtures/any_spec/open_ticket.yaml")]
pub struct OpenTicket;

const CLIENT_ID: &str = "BRN-0001-0000000000077";
const KEY: &str = "SK-any-spec-library";

fn ticket(body: &str) -> Result<open_ticket::Request, doku_partner::support::RequestErrors> {
    open_ticket::RawRequest {
        shop_id: "SHOP0001",
        priority: Some("HIGH"),
        body,
        x_partner_ref: "REF20240001",
    }
    .validate()
}

#[tokio::test]
async fn a_users_own_specs_are_served_and_their_token_comes_from_their_own_issuer() {
    let stand_in = PartnerStandIn::builder(CLIENT_ID, KEY)
        .endpoint::<IssueToken>()
        .endpoint::<OpenTicket>()
        .start()
        .await
        .unwrap();
    let issue = issue_token::RawRequest {
        body: r#"{"grant":"client_credentials","minutes":"30"}"#,
    }
    .validate()
    .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(stand_in.base_url()),
    )
    .token_source(IssuedBy::<IssueToken>::new(issue))
    .build()
    .unwrap();
    let good = ticket(
        r#"{"subject":"Refund not received","amount":150000,"topic":"REFUND","invoice_number":"INV20240001"}"#,
    )
    .unwrap();
    let reply = client.send(&good).await.unwrap();
    assert_eq!(reply.status, 201);
    assert_eq!(reply.data.ticket_id, "TCK000000001");
    let reply = client.send(&good).await.unwrap();
    assert_eq!(reply.status, 201);
    assert_eq!(
        stand_in.server().tokens_issued(),
        1,
        "one token for both calls"
    );
    let requests = stand_in.server().requests();
    let bearer = requests
        .iter()
        .filter(|r| r.path.ends_with("/tickets"))
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect::<Vec<_>>();
    assert_eq!(bearer.len(), 2);
    assert!(bearer[0].starts_with("Bearer ") && bearer[0] == bearer[1]);

    // Expired at the stand-in: refused with 401 invalid_token, a new one fetched, sent again.
    stand_in.server().expire_tokens();
    let reply = client.send(&good).await.unwrap();
    assert_eq!(reply.status, 201);
    assert_eq!(stand_in.server().tokens_issued(), 2);

    // The stand-in checks the user's rule as the generated code does: REFUND needs
    // `invoice_number`; refused before any I/O, every violation listed.
    let before = stand_in.server().requests().len();
    let errors = ticket(r#"{"subject":"","amount":"1","topic":"REFUND"}"#).unwrap_err();
    assert_eq!(errors.violations.len(), 3, "{errors}");
    assert_eq!(stand_in.server().requests().len(), before);
}

#[tokio::test]
async fn a_token_issuer_without_issues_token_is_a_config_error() {
    use doku_partner::endpoints::GetBusinessData;
    use doku_partner::endpoints::get_business_data::{Query, Request};
    let stand_in = PartnerStandIn::builder(CLIENT_ID, KEY)
        .endpoint::<OpenTicket>()
        .start()
        .await
        .unwrap();
    let wrong = Request::new("BRN-0001-0000000000077".parse().unwrap(), Query::Personal);
    let client = Client::builder(
        Credentials::new(CLIENT_ID, KEY),
        Environment::base_url(stand_in.base_url()),
    )
    .token_source(IssuedBy::<GetBusinessData>::new(wrong))
    .build()
    .unwrap();
    let good = ticket(
        r#"{"subject":"Refund not received","amount":150000,"topic":"REFUND","invoice_number":"INV20240001"}"#,
    )
    .unwrap();
    match client.send(&good).await {
        Err(Error::Config { message }) => {
            assert!(message.contains("issues no bearer token"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(stand_in.server().requests().is_empty());
}
