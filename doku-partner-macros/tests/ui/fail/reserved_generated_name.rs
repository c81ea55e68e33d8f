// An enum named like a type the generated code writes itself (`Query`): reported at the spec's
// line and column, not as a pile of rustc errors without one.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/reserved_generated_name.yaml")]
pub struct GetThing;

fn main() {}
