//! `list_deep.yaml` names `list_owners.yaml`'s `Kind` three modules deep in this crate, in module
//! files (`rust_path: crate::deep_modules::v1::endpoints::list_owners::Kind`). The derive walks
//! the modules' files and finds it; it is one type.
#![deny(warnings, missing_docs)]

mod deep_modules;

/// List Deep.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_deep.yaml")]
pub struct ListDeep;

use deep_modules::v1::endpoints::list_owners;

fn main() {
    let kind: list_owners::Kind = list_deep::Kind::Corporate;
    assert_eq!(list_deep::Kind::ALL, list_owners::Kind::ALL);
    let request = list_deep::Request::new(list_deep::Query { kind });
    assert_eq!(request.query_string().as_deref(), Some("kind=CORPORATE"));
}
