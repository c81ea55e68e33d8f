// `list_things.yaml` names `crate::things::Kind`, a struct of the crate that no spec generates.
// A spec beside it generates a `Kind`, so the loader cannot tell; the derive walks the crate's
// modules and finds the struct: one error at the spec's line, saying what the path names and
// where the crate's derives generate `Kind`, and nothing of the path reaches rustc (when the
// walk cannot tell: rust_path_not_a_spec_enum_through_a_reexport.rs).

/// The crate's own things.
pub mod things {
    /// Not an enum a spec generates.
    #[derive(Debug, Clone, Copy)]
    pub struct Kind;
}

/// List Owners.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared/list_owners.yaml")]
pub struct ListOwners;

/// List Things.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared/list_things.yaml")]
pub struct ListThings;

fn main() {}
