// A path parameter's `target` misspelled, `raw` on a free-text format (a line break would add
// a line to the signed string) and `target` on a query parameter: every mistake is reported
// at its spec line, at once, and nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/path_target_errors.yaml")]
pub struct GetOrderStatus;

fn main() {}
