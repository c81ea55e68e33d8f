// A spec with three independent mistakes: all are reported in one build.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/several_errors.yaml")]
pub struct GetBalance;

fn main() {}
