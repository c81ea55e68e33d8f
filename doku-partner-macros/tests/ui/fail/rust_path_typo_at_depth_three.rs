// `list_depth_three.yaml` names `list_owners.yaml`'s enum three modules deep, in module files
// (`deep_modules/mod.rs`, `deep_modules/v1.rs`), with a typo in the third module
// (`endpointz`). The derive reads the module files: one error, at the enum's line.

mod deep_modules;

/// List Depth Three.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/crate_paths/list_depth_three.yaml")]
pub struct ListDepthThree;

fn main() {}
