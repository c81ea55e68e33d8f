// A response union chosen by a JSON integer (`order.amount`): a discriminator is a string
// field; the help names the ones the response has.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/union_discriminator_not_string.yaml")]
pub struct UnionDiscriminatorNotString;

fn main() {}
