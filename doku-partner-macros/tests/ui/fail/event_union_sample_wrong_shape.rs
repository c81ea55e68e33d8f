// An event sample whose `channel.id` names the Virtual Account variant but which has the Alfa
// shape: the derive checks an incoming spec's samples against the variant each names, as it
// does a response's.

#[derive(doku_partner::Endpoint)]
#[doku(spec = "specs/union/event_union_sample_wrong_shape.yaml")]
pub struct PaymentEvent;

fn main() {}
