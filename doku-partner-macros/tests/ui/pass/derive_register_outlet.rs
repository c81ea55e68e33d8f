//! The derive on the downstream example's POST spec (nested body, rules, a `one_of` choice,
//! a caller header), in a user's crate that denies warnings and missing docs.
#![deny(warnings, missing_docs)]

/// A fictional outlet registration.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../examples/downstream/spec/register_outlet.yaml")]
pub struct RegisterOutlet;

use register_outlet::body::{OutletDocument, OutletDocumentFileIdOrFileUrl};
use register_outlet::{DocumentCategory, DocumentCode};

fn main() {
    // Exactly one of `file_id` and `file_url` is a type: the choice is made when building.
    let document = OutletDocument::new(
        DocumentCategory::Document,
        OutletDocumentFileIdOrFileUrl::FileId("DCM-1".parse().unwrap()),
    )
    .with_code(DocumentCode::Ktp);
    let json = serde_json::to_string(&document).unwrap();
    assert_eq!(json, r#"{"category":"DOCUMENT","code":"KTP","file_id":"DCM-1"}"#);
}
