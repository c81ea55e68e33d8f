// A limit that depends on a value the request names (issue 26), written wrong: a limit not
// below the field's own format, a `max_value` on text, a `when` value that is not in its
// enum, a `when` on an array of objects. Every one is reported at its line and column, at
// once, and nothing is generated.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/bad_limit_rules.yaml")]
pub struct PayOrder;

fn main() {}
