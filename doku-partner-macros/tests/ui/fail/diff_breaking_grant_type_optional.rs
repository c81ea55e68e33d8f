// `doku-partner diff spec/generate_token.yaml
// tests/ui/diff/generate_token.grant_type_optional.yaml` finds one breaking change,
// `request.field.now-optional`, breaking for the Rust types alone: `grant_type` became optional:
// `Body::new` no longer takes it. The code written against the shipped spec (it builds:
// tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/generate_token.grant_type_optional.yaml")]
pub struct GenerateToken;

include!("../diff/uses/generate_token.rs");

fn main() {
    let _ = written_against_generate_token;
}
