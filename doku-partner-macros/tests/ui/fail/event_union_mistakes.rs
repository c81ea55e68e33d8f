// An incoming spec's event in one shape per channel (`event.union`), written wrongly: the
// mistakes of union_mistakes.rs, reported by the same checks at their spec lines, at once,
// naming the `event` section; nothing reaches rustc.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/event_union_mistakes.yaml")]
pub struct PaymentEvent;

fn main() {}
