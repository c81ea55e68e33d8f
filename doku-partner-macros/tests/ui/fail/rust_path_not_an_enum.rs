// `rust_path` names a type of the crate that no spec generates (a struct that happens to have
// the enum's name). The derive knows no spec whose module it would be: one error at the enum's
// line, nothing for rustc to report about the generated code using the struct.

/// Not an enum a spec generates.
#[derive(Debug, Clone, Copy)]
pub struct BusinessType;

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/rust_path_not_an_enum.yaml")]
pub struct CheckKind;

fn main() {}
