//! `list_unseen.yaml` names `list_owners.yaml`'s `Kind` through a module a macro declares
//! (`rust_path: crate::shared::Kind`): the derive's walk cannot see `shared`, so the generated
//! code picks the type when the build knows it. A spec's enum there is used as it is: one type.
#![deny(warnings, missing_docs)]

/// The crate's endpoints.
pub mod endpoints {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/crate_paths/list_owners.yaml")]
    pub struct ListOwners;
}

/// Declares the module the crate's endpoints share.
macro_rules! shared {
    () => {
        /// What the crate's endpoints share.
        pub mod shared {
            pub use crate::endpoints::list_owners::Kind;
        }
    };
}
shared!();

/// List Unseen.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_unseen.yaml")]
pub struct ListUnseen;

use endpoints::list_owners;

fn main() {
    let kind: list_owners::Kind = list_unseen::Kind::Corporate;
    assert_eq!(list_unseen::Kind::ALL, list_owners::Kind::ALL);
    let request = list_unseen::Request::new(list_unseen::Query { kind });
    assert_eq!(request.query_string().as_deref(), Some("kind=CORPORATE"));
}
