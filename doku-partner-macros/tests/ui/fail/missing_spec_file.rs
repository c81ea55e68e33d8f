// A spec path that names no file (a typo in the file name).

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/get_balanse.yaml")]
pub struct GetBalance;

fn main() {}
