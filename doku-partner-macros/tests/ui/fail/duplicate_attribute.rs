// Two specs on one struct: one derive describes one endpoint.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
#[doku(spec = "specs/unknown_format.yaml")]
pub struct GetBalance;

fn main() {}
