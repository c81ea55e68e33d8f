// A request enum whose documented list is cut off (issue 26), marked wrong: `enum_cut_off` on a
// body field that names no enum, and on a response field (which keeps unknown values in
// `OrUnknown` already). Both are reported at their line and column, at once.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/bad_cut_off_enum.yaml")]
pub struct UploadDocument;

fn main() {}
