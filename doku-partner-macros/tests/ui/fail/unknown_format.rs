// A spec with a format DOKU does not have (`ANX(12)`).

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/unknown_format.yaml")]
pub struct GetBalance;

fn main() {}
