// A POST spec whose generated names would collide in rustc (two setters `with_code`, two
// statics `SCHEMA_ABC_ITEM`, a repeated `one_of` member, a caller header named like a query
// parameter) and that would fail at run time (a token issuer requiring its token): every
// mistake is reported at its spec line, at once, and nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/request_side_errors.yaml")]
pub struct PostThing;

fn main() {}
