// `doku-partner diff spec/get_business_data.yaml tests/ui/diff/get_business_data.id_secret.yaml`
// finds one breaking change, `field.secret.added`, breaking for the Rust types alone: the
// response's `id` is marked `secret`: its type is `Secret`. The code written against the shipped
// spec (it builds: tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/get_business_data.id_secret.yaml")]
pub struct GetBusinessData;

include!("../diff/uses/get_business_data.rs");

fn main() {
    let _ = written_against_get_business_data;
}
