//! `list_reexported.yaml` names `list_owners.yaml`'s `Kind` through a re-export of the crate
//! (`rust_path: crate::shared::Kind`, `shared` re-exporting the derive's enum): the derive's
//! walk follows the `pub use` to the enum the other spec generates, and it is one type.
#![deny(warnings, missing_docs)]

/// The crate's endpoints.
pub mod endpoints {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/crate_paths/list_owners.yaml")]
    pub struct ListOwners;
}

/// What the crate's endpoints share.
pub mod shared {
    pub use crate::endpoints::list_owners::Kind;
}

/// List Reexported.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_reexported.yaml")]
pub struct ListReexported;

use endpoints::list_owners;

fn main() {
    let kind: list_owners::Kind = list_reexported::Kind::Corporate;
    assert_eq!(list_reexported::Kind::ALL, list_owners::Kind::ALL);
    let request = list_reexported::Request::new(list_reexported::Query { kind });
    assert_eq!(request.query_string().as_deref(), Some("kind=CORPORATE"));
}
