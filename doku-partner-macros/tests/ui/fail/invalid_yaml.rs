// A spec that is not valid YAML: the error points at the line in the spec.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/invalid_yaml.yaml")]
pub struct GetBalance;

fn main() {}
