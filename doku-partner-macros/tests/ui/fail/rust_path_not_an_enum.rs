// `rust_path` names a type of the crate that no spec generates (a struct that happens to have
// the enum's name). Only the build can know: its first error names the spec's line and says
// what is wrong; rustc's errors about the generated code using the type follow it (the derive
// cannot tell a type from a path).

/// Not an enum a spec generates.
#[derive(Debug, Clone, Copy)]
pub struct BusinessType;

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/rust_path_not_an_enum.yaml")]
pub struct CheckKind;

fn main() {}
