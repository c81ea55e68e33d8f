// Code a user wrote against the shipped Generate Token bindings, included beside a derive whose
// module is `generate_token` (issue 23's build cross-check): it builds on spec/generate_token.yaml
// (tests/ui/pass/diff_breaking_builds_before.rs) and stops building on each fixture the diff calls
// breaking for the Rust types alone (tests/ui/fail/diff_breaking_*.rs).

/// Reads the token and builds the next request, as the shipped bindings have them.
pub fn written_against_generate_token(
    reply: &generate_token::Response,
) -> (&doku_partner::support::Secret, generate_token::Request) {
    let body = generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
        .with_valid_time("360");
    (&reply.token, generate_token::Request::new(body))
}
