// DOKU's yyyyMMddHHmmss date-times written wrongly: a query parameter in the notation, the
// pattern in lower case (`mm` is minutes, `hh` a 12-hour clock), a zone named otherwise than
// the pages do (`WIB`: did you mean `UTC+7`?), a value sent as a JSON integer, a zone no page
// names (`UTC+8`). Every mistake is reported at its spec line, at once; nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/compact_date_mistakes.yaml")]
pub struct ExpiringThing;

fn main() {}
