// The derive on an enum: an endpoint is a unit struct (a marker).

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
pub enum GetBalance {
    Sandbox,
    Production,
}

fn main() {}
