//! Version 1.

/// The endpoints.
pub mod endpoints {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "../specs/crate_paths/list_owners.yaml")]
    pub struct ListOwners;
}
