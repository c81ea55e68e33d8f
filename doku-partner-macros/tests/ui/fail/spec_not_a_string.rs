// The spec path written without quotes.

#[derive(doku_partner::Endpoint)]
#[doku(spec = specs/valid.yaml)]
pub struct GetBalance;

fn main() {}
