// `list_things.yaml` names `crate::things::Kind`, a struct of the crate that a glob import
// brings in (`pub use inner::*;`). The derive's walk looks the name up among what the glob brings
// (the `pub` items of `inner`) and fails once, at the spec's line; nothing of the path reaches
// rustc (where the walk cannot tell, a macro call: rust_path_not_a_spec_enum_beside_a_macro.rs).

/// The crate's own things.
pub mod things {
    mod inner {
        /// Not an enum a spec generates.
        #[derive(Debug, Clone, Copy)]
        pub struct Kind;
    }
    pub use inner::*;
}

/// List Owners.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_owners.yaml")]
pub struct ListOwners;

/// List Things.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_things.yaml")]
pub struct ListThings;

fn main() {}
