// `doku-partner diff spec/get_business_data.yaml
// tests/ui/diff/get_business_data.client_id_widened.yaml` finds one breaking change,
// `request.format.widened-retyped`, breaking for the Rust types alone: `client_id` widened from
// ANS(50) to ANS(64): its type is `Ans<64>`. The code written against the shipped spec (it builds:
// tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/get_business_data.client_id_widened.yaml")]
pub struct GetBusinessData;

include!("../diff/uses/get_business_data.rs");

fn main() {
    let _ = written_against_get_business_data;
}
