// A misspelled key in `#[doku(...)]`.

#[derive(doku_partner::Endpoint)]
#[doku(spce = "specs/valid.yaml")]
pub struct GetBalance;

fn main() {}
