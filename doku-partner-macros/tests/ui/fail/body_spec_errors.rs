// A POST spec with several body mistakes: every one is reported at its line and column, at
// once, and nothing is generated.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/bad_body.yaml")]
pub struct SendInvoice;

fn main() {}
