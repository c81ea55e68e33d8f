// A response union whose discriminator names no field of the response (`channel.code`):
// reported at the spec line, with the field it probably means.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/union_discriminator_missing.yaml")]
pub struct UnionDiscriminatorMissing;

fn main() {}
