// `list_things.yaml` names `crate::things::Kind`, a struct of the crate that a macro declares:
// the source cannot tell what a macro call adds, so the path reaches rustc. One error, at the
// spec's line: the generated code resolves the path to a stand-in enum with the spec's values
// when the type is no spec's enum (an inherent constant of a probe type exists only where
// `WireEnum` holds, else a trait's answers; a const generic picks the type), so nothing else
// compares, hashes or calls `as_str` on the struct (before, rustc added five errors of its own
// about the struct, none saying why). Where the walk can tell:
// rust_path_not_a_spec_enum_through_a_glob.rs.

/// The crate's own things.
pub mod things {
    /// Declares the struct.
    macro_rules! declare {
        () => {
            /// Not an enum a spec generates.
            #[derive(Debug, Clone, Copy)]
            pub struct Kind;
        };
    }
    declare!();
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
