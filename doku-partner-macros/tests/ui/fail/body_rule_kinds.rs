// Rules across objects, `same` and `total` (issue 26), each written wrong: a total that is
// text, a `same` that names an array, a `require` that reaches into an array's elements from
// outside. Every one is reported at its line and column, at once, and nothing is generated.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/bad_rules.yaml")]
pub struct PlaceOrder;

fn main() {}
