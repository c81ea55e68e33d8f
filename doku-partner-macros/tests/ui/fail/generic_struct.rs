// The derive on a generic struct.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml")]
pub struct GetBalance<T>(std::marker::PhantomData<T>);

fn main() {}
