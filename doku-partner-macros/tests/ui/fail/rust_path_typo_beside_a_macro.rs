// `list_beside_macro.yaml` has a typo in its path's first module (`crate::endpointz::…`), in a
// crate whose root calls a macro: the derive cannot tell from the source what the macro adds,
// so it leaves the path to rustc, where the generated stand-in for the first module makes the
// one error name the spec's line.

macro_rules! nothing {
    () => {};
}
nothing!();

/// The crate's endpoints.
pub mod endpoints {
    /// List Owners.
    #[derive(doku_partner::Endpoint)]
    #[doku(spec = "specs/crate_paths/list_owners.yaml")]
    pub struct ListOwners;
}

/// List Beside Macro.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_beside_macro.yaml")]
pub struct ListBesideMacro;

fn main() {}
