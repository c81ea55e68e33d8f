//! Property tests of the receiver's door: 10,000 notifications with one mutation each (a byte
//! of the body, of a header value, of the path, or a header removed) are all refused, and
//! 10,000 valid ones (random ids, bodies and timestamps within the window) are all accepted.

mod support;

use doku_partner_support::clock::{FixedClock, format_timestamp};
use doku_partner_support::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner_support::json::Json;
use proptest::prelude::*;
use support::notify::{KEY, NOW, PATH, Wire};

struct Accept;

impl Handler<Json> for Accept {
    async fn handle(&self, _event: &Event<Json>) -> Result<(), HandlerError> {
        Ok(())
    }
}

/// The in-memory store and this handler never wait, so one poll finishes a delivery.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut f = std::pin::pin!(f);
    loop {
        if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

fn receiver() -> Receiver {
    Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap()
}

#[derive(Debug, Clone)]
enum Mutation {
    /// XOR one byte of the body with a non-zero mask (or append one byte to an empty body).
    Body(usize, u8),
    /// XOR one byte of one of DOKU's four header values.
    Header(usize, usize, u8),
    /// Remove one of DOKU's four headers.
    Remove(usize),
    /// XOR one byte of the path.
    Path(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(i, m)| Mutation::Body(i, m)),
        (0..4usize, any::<usize>(), 1..=255u8).prop_map(|(h, i, m)| Mutation::Header(h, i, m)),
        (0..4usize).prop_map(Mutation::Remove),
        (any::<usize>(), 1..=255u8).prop_map(|(i, m)| Mutation::Path(i, m)),
    ]
}

fn apply(mut wire: Wire, mutation: &Mutation) -> Wire {
    match *mutation {
        Mutation::Body(i, m) => {
            if wire.body.is_empty() {
                wire.body.push(m);
            } else {
                let i = i % wire.body.len();
                wire.body[i] ^= m;
            }
        }
        Mutation::Header(h, i, m) => {
            let value = &mut wire.headers[h].1;
            let i = i % value.len();
            value[i] ^= m;
        }
        Mutation::Remove(h) => {
            wire.headers.remove(h);
        }
        Mutation::Path(i, m) => {
            let mut bytes = wire.path.into_bytes();
            let i = i % bytes.len();
            bytes[i] ^= m;
            wire.path = String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    wire
}

/// What the receiver reads: header values without surrounding HTTP whitespace, the
/// signature without its optional padding.
fn normalized(wire: &Wire) -> Wire {
    let mut wire = wire.clone();
    for (name, value) in &mut wire.headers {
        let mut text = value.trim_ascii().to_vec();
        if name == "Signature" && text.last() == Some(&b'=') {
            text.pop();
        }
        *value = text;
    }
    wire
}

/// A valid notification: id, body and a timestamp up to 13 h old or 5 min ahead.
fn valid() -> impl Strategy<Value = Wire> {
    (
        "[A-Za-z0-9-]{1,128}",
        proptest::collection::vec(any::<u8>(), 0..600),
        -300..=13 * 3600i64,
    )
        .prop_map(|(id, body, age)| Wire::signed_at(&id, &format_timestamp(NOW - age), &body, KEY))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_mutated_notification_is_refused(wire in valid(), mutation in mutation()) {
        let receiver = receiver();
        let mutated = apply(wire.clone(), &mutation);
        // Turning the Signature's `=` padding into a space or tab changes nothing DOKU signs:
        // HTTP strips that whitespace and the padding is optional.
        prop_assume!(normalized(&mutated) != normalized(&wire));
        let decision = block_on(receiver.receive::<Json, _>(&mutated.request(), &Accept));
        prop_assert!(
            (400..500).contains(&decision.status()),
            "{mutation:?} answered {}: {}", decision.status(), decision.reason()
        );
        // The original still passes: the refusal was the mutation's doing.
        let decision = block_on(receiver.receive::<Json, _>(&wire.request(), &Accept));
        prop_assert_eq!(decision.status(), 200, "{}", decision.reason());
    }

    #[test]
    fn no_valid_notification_is_refused(wire in valid()) {
        let decision = block_on(receiver().receive::<Json, _>(&wire.request(), &Accept));
        prop_assert_eq!(decision.status(), 200, "{}", decision.reason());
    }
}
