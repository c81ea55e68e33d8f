//! What the derive generates for an incoming spec (`direction: incoming`): the request DOKU
//! sends, described for the [`Receiver`](super::Receiver).

use super::IncomingBody;

/// A request DOKU sends to the partner (an HTTP notification, a KYB callback), described by an
/// incoming spec. `#[derive(Endpoint)]` on a spec with `direction: incoming` implements it;
/// [`Receiver::for_spec`](super::Receiver::for_spec) builds a receiver from it, and
/// `Event<S::Body>` is what the handler gets: the typed body with its conformance findings
/// and the raw bytes.
pub trait IncomingSpec {
    /// The spec's name (`payment_notification`).
    const NAME: &'static str;
    /// The method DOKU sends (`POST`).
    const METHOD: &'static str;
    /// The spec's `path`: a default for the path the partner configures at DOKU.
    const PATH: &'static str;
    /// The status the spec says the partner answers on success (`answer.status`). DOKU
    /// retries a delivery that gets anything else than a 2xx.
    const ANSWER_STATUS: u16;
    /// The samples of the body DOKU sends, `(name, JSON text)`; a spec without any has one
    /// built from its field table, named `minimal`.
    const EXAMPLES: &'static [(&'static str, &'static str)];
    /// The body, decoded leniently: unknown keys kept, unknown enum values kept, each drift
    /// from the spec's field table a conformance finding. With `event.union` (one shape per
    /// channel), an enum of the shapes whose last variant keeps, byte for byte, a body of a
    /// channel no shape lists ([`union::Unknown`](crate::union::Unknown)): received and
    /// answered like any other, with one finding at the discriminator.
    type Body: IncomingBody;
}
