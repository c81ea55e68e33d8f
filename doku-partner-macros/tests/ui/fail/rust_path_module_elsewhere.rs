// `list_admins.yaml` names `list_owners.yaml`'s enum as the module beside its own derive
// (`super::list_owners::Kind`), but that derive sits in another module. The derive sees both
// specs in one folder; walking the crate's modules it finds where the other derive is: one
// error at the spec's line with the path meant, not an unresolved import at the derive.

/// Owners.
pub mod owners {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/shared/list_owners.yaml")]
    pub struct ListOwners;
}

/// Admins.
pub mod admins {
    /// List Admins.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/shared/list_admins.yaml")]
    pub struct ListAdmins;
}

fn main() {}
