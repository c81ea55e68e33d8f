// `doc_path` names the module as another crate does (`my_crate::endpoints`): an absolute
// `::path` or something that is not a path is refused at the attribute.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml", doc_path = "::my_crate::endpoints")]
pub struct GetBalance;

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/valid.yaml", doc_path = "not a path")]
pub struct GetBalanceAgain;

fn main() {}
