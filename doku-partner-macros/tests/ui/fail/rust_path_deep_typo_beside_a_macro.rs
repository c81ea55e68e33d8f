// `list_deep_beside_macro.yaml` has a typo in its path's second module
// (`crate::api::endpointz::…`), inside a module that calls a macro: the source cannot show all
// that module holds, but `endpointz` is one letter from `endpoints`, a module it does show, so
// the derive reports the typo at the spec's line. (Below the first module, a path left to
// rustc would fail without the spec's location.)

/// The crate's API.
pub mod api {
    macro_rules! nothing {
        () => {};
    }
    nothing!();

    /// The endpoints.
    pub mod endpoints {
        /// List Owners.
        #[derive(doku_partner::Endpoint)]
        #[doku(spec = "specs/crate_paths/list_owners.yaml")]
        pub struct ListOwners;
    }
}

/// List Deep Beside Macro.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_deep_beside_macro.yaml")]
pub struct ListDeepBesideMacro;

fn main() {}
