//! `doku-partner diff` calls the changes of `tests/ui/diff/generate_token.additive.yaml` over
//! `spec/generate_token.yaml` additive (an enum value, an optional body field, an optional
//! response field; checked in doku-partner-codegen/tests/diff_sets.rs). Code written against
//! the shipped spec's bindings still builds against them.
#![deny(warnings, missing_docs)]

use doku_partner::support::Endpoint;

/// Generate Token, with the fixture's additive changes.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../doku-partner-macros/tests/ui/diff/generate_token.additive.yaml")]
pub struct GenerateToken;

/// What a user wrote against the shipped Generate Token bindings.
fn written_against_the_shipped_spec(
    reply: Option<generate_token::Response>,
) -> Option<doku_partner::support::Secret> {
    let body = generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
        .with_valid_time("360");
    let request = generate_token::Request::new(body);
    assert!(request.validate().is_ok());
    assert_eq!(generate_token::GrantType::ClientCredentials.as_str(), "client_credentials");
    reply.map(|r| r.token)
}

fn main() {
    assert_eq!(GenerateToken::NAME, "generate_token");
    assert!(written_against_the_shipped_spec(None).is_none());
}
