// `one_of: [file_id, file_url]` is a type: an outlet document cannot hold both (nor neither).

#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../examples/downstream/spec/register_outlet.yaml")]
pub struct RegisterOutlet;

use register_outlet::DocumentCategory;
use register_outlet::body::OutletDocument;

fn main() {
    let _ = OutletDocument {
        category: DocumentCategory::Logo,
        code: None,
        file_id: Some("DCM-1".parse().unwrap()),
        file_url: Some("https://example.invalid/logo.png".parse().unwrap()),
    };
}
