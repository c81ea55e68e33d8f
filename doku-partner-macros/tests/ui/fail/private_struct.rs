// The derive on a struct that is not `pub`.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
struct GetBalance;

fn main() {}
