// A response sample whose `channel.id` names the Virtual Account variant but which has the
// Alfa shape: the derive checks every sample against the variant it names.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/union_sample_wrong_shape.yaml")]
pub struct UnionSampleWrongShape;

fn main() {}
