// `list_by_function.yaml` names `crate::things::Kind`, a function of this crate. The derive
// walks the crate's modules: one error, at the enum's line, saying what the path names and where
// the crate's derives generate a `Kind`.

/// The crate's own things.
pub mod things {
    /// A function, not an enum a spec generates.
    #[allow(non_snake_case)]
    pub fn Kind() {}
}

/// List Owners.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_owners.yaml")]
pub struct ListOwners;

/// List By Function.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_by_function.yaml")]
pub struct ListByFunction;

fn main() {}
