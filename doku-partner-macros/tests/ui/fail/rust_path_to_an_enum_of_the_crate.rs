// `list_by_enum.yaml` names `crate::things::Kind`, an enum this crate declares with the same
// variants, which no spec generates (no `WireEnum`, no wire values). The derive walks the crate's
// modules: one error, at the enum's line, and none of rustc's about the generated code using it.

/// The crate's own things.
pub mod things {
    /// An enum of the crate.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Kind {
        /// Personal.
        Personal,
        /// Corporate.
        Corporate,
    }
}

/// List Owners.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_owners.yaml")]
pub struct ListOwners;

/// List By Enum.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_by_enum.yaml")]
pub struct ListByEnum;

fn main() {}
