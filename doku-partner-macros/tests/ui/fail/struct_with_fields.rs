// The derive on a struct with fields, as if it held the request's values.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
pub struct GetBalance {
    pub client_id: String,
}

fn main() {}
