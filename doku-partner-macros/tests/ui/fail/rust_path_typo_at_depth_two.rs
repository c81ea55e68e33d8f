// `list_depth_two.yaml` names `list_owners.yaml`'s enum by a path into this crate with a typo in
// its second module (`crate::api::endpointz::…`, the module is `endpoints`). rustc alone would
// report an unresolved path at the derive, and the generated stand-in resolves only a path's
// first module; the derive walks the crate's modules: one error, at the enum's line, naming the
// module meant.

/// The crate's API.
pub mod api {
    /// The endpoints.
    pub mod endpoints {
        /// List Owners.
        #[derive(doku_partner::Endpoint)]
        #[doku(spec = "specs/crate_paths/list_owners.yaml")]
        pub struct ListOwners;
    }
}

/// List Depth Two.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_depth_two.yaml")]
pub struct ListDepthTwo;

fn main() {}
