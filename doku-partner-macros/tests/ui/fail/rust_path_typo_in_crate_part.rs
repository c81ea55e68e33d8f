// `list_users.yaml` names `list_owners.yaml`'s enum by a path into this crate with a typo in
// its crate part (`crate::endpointz::…`, the module is `endpoints`). The derive walks the
// crate's modules: one error at the spec's line (`specs/shared/list_users.yaml:19:3`) with the
// module meant, not an unresolved import at the derive.

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

fn main() {}
