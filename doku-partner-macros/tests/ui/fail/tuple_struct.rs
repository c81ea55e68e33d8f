// The derive on a tuple struct.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
pub struct GetBalance(String);

fn main() {}
