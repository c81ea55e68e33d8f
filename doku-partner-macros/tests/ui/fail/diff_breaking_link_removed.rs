// `doku-partner diff spec/upload_file.yaml tests/ui/diff/upload_file.link_removed.yaml` finds one
// breaking change, `response.field.removed`, breaking for the Rust types alone: the response's
// `link` was removed. The code written against the shipped spec (it builds:
// tests/ui/pass/diff_breaking_builds_before.rs) no longer builds.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../diff/upload_file.link_removed.yaml")]
pub struct UploadFile;

include!("../diff/uses/upload_file.rs");

fn main() {
    let _ = written_against_upload_file;
}
