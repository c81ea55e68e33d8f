// A spec may name another endpoint's enum (`rust_path`) only when the pages agree on its
// values: here this spec lists PERSONAL alone, Get Business Data also has CORPORATE.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared_enum_mismatch.yaml")]
pub struct CheckPersonal;

fn main() {}
