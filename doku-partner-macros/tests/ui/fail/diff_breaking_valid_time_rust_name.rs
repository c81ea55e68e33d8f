// `doku-partner diff spec/generate_token.yaml
// tests/ui/diff/generate_token.valid_time_rust_name.yaml` finds one breaking change,
// `rust.name.changed`, breaking for the Rust types alone: `valid_time` got `rust_name:
// validity_minutes`: its setter is renamed. The code written against the shipped spec (it builds:
// tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/generate_token.valid_time_rust_name.yaml")]
pub struct GenerateToken;

include!("../diff/uses/generate_token.rs");

fn main() {
    let _ = written_against_generate_token;
}
