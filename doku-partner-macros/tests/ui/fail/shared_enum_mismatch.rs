// A spec may name another endpoint's enum (`rust_path`) only when the pages agree on its
// values: here this spec lists PERSONAL alone, Get Business Data also has CORPORATE. The
// derive knows the enums doku_partner ships: one error at the enum's line, with both lists
// (the compile-time check of the values stays behind it, for a path only rustc resolves).

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared_enum_mismatch.yaml")]
pub struct CheckPersonal;

fn main() {}
