// `list_members.yaml` names the `Kind` of `list_owners.yaml`, whose derive is on a struct named
// otherwise (its module is `owners`, not `list_owners`): the derive cannot tell which spec the
// module is, so the values are compared when the crate builds. This spec lists one value of the
// two: one error, naming the spec's line and both lists' owner.

/// List Owners, under another name.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared/list_owners.yaml")]
pub struct Owners;

/// List Members.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/shared/list_members.yaml")]
pub struct ListMembers;

fn main() {}
