// `list_things.yaml` names `crate::things::Kind`, a struct of the crate that a macro declares:
// the source cannot tell what a macro call adds, so the path reaches rustc. The first error
// names the spec's line; the rest are rustc's about the generated code using the struct as the
// enum (comparing, hashing, `as_str`), the last one saying the type is no spec's enum. Not folded
// into the first: stable Rust cannot swap a type for a stand-in when a trait is missing, and
// naming the type only through a projection (`<T as SpecEnum>::Enum`, a trait each spec enum
// implements) was tried: rustc then reports the unsatisfied projection at every use of the type
// (20 errors), not once. Where the walk can tell: rust_path_not_a_spec_enum_through_a_glob.rs.

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
