// A response in one shape per channel, written wrongly: a variant repeating a common field,
// a value the discriminator's enum does not list (a typo) and a value two variants cover.
// Every mistake is reported at its spec line, at once; nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/union_mistakes.yaml")]
pub struct UnionMistakes;

fn main() {}
