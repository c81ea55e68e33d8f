// `doku-partner diff spec/business_registration.yaml
// tests/ui/diff/business_registration.nickname.yaml` finds one breaking change,
// `request.field.added-to-literal`, breaking for the Rust types alone: an optional
// `business.nickname` was added to an object built as a struct literal. The code written against
// the shipped spec (it builds: tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/business_registration.nickname.yaml")]
pub struct BusinessRegistration;

include!("../diff/uses/business_registration.rs");

fn main() {
    let _ = written_against_business_registration;
}
