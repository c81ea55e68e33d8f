// `list_things.yaml` names `crate::things::Kind`, a struct of the crate re-exported from a private
// module. The derive's walk follows the `pub use` to the struct and fails once, at the spec's
// line, naming the item re-exported; nothing of the path reaches rustc (where the walk cannot
// follow, a glob import: rust_path_not_a_spec_enum_through_a_glob.rs).

/// The crate's own things.
pub mod things {
    mod inner {
        /// Not an enum a spec generates.
        #[derive(Debug, Clone, Copy)]
        pub struct Kind;
    }
    pub use inner::Kind;
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
