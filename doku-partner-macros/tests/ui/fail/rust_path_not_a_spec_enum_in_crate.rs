// `list_things.yaml` names `crate::things::Kind`, a struct of the crate that no spec generates.
// The derive knows a spec beside it that generates a `Kind`, so only the build can see what the
// path names: the first error names the spec's line and says the type is no spec's enum. The
// errors after it are rustc's about the same type, which the generated code uses as the enum
// (comparing, hashing, `as_str`): not yet folded into the first (issue 25).

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
