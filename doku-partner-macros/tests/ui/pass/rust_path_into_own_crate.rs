//! Two endpoints of the user's crate share an enum: `list_users.yaml` names `list_owners.yaml`'s
//! `Kind` by its path in this crate (`rust_path: crate::endpoints::list_owners::Kind`). It is
//! one type: a value of one endpoint's enum goes into the other's request as it is.
#![deny(warnings, missing_docs)]

/// The crate's endpoints.
pub mod endpoints {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/shared/list_owners.yaml")]
    pub struct ListOwners;

    /// List Users.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/shared/list_users.yaml")]
    pub struct ListUsers;
}

use endpoints::{list_owners, list_users};

fn main() {
    let kind: list_owners::Kind = list_users::Kind::Corporate;
    assert_eq!(kind.as_str(), "CORPORATE");
    assert_eq!(list_users::Kind::ALL, list_owners::Kind::ALL);
    match kind {
        list_users::Kind::Personal => unreachable!("CORPORATE was set"),
        list_users::Kind::Corporate => {}
    }
    let request = list_users::Request::new(list_users::Query { kind });
    assert_eq!(request.query_string().as_deref(), Some("kind=CORPORATE"));
}
