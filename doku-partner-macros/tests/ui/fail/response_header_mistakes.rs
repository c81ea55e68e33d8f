// Response headers and error envelopes written wrongly: the same header twice in another
// case, a header in a format no header has (`boolean`), `same_as_request` on a header the
// request does not send, an envelope DOKU does not have (`messages`), and an `error`
// envelope whose sample is the `message` one. Every mistake is reported at its spec line, at
// once; nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/response_header_mistakes.yaml")]
pub struct Things;

fn main() {}
