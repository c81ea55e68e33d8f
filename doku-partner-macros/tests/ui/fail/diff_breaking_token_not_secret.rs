// `doku-partner diff spec/generate_token.yaml tests/ui/diff/generate_token.token_not_secret.yaml`
// finds one breaking change, `field.secret.removed`, breaking for the Rust types alone: `token` is
// no longer `secret`: its type is a plain `String`. The code written against the shipped spec (it
// builds: tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/generate_token.token_not_secret.yaml")]
pub struct GenerateToken;

include!("../diff/uses/generate_token.rs");

fn main() {
    let _ = written_against_generate_token;
}
