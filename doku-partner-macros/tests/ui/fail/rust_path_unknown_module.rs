// `rust_path` names Get Business Data's enum through a misspelled module. rustc alone would
// report an unresolved import at the derive, without the spec's line; the derive resolves the
// module against the specs doku_partner ships first: one error, at the enum's line, with the
// module meant.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/rust_path_unknown_module.yaml")]
pub struct CheckKind;

fn main() {}
