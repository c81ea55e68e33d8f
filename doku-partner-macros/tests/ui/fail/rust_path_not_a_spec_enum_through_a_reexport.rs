// `list_things.yaml` names `crate::things::Kind`, a struct of the crate re-exported from a private
// module: the derive does not follow a re-export (nor a type alias, nor what a macro adds), so
// only the build sees what the path names. The first error names the spec's line; the rest are
// rustc's about the generated code using the struct as the enum (comparing, hashing, `as_str`),
// the last one saying the type is no spec's enum. Not folded into the first: stable Rust cannot
// swap a type for a stand-in when a trait is missing (what the derive's walk avoids where it
// can read the crate: rust_path_not_a_spec_enum_in_crate.rs).

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
