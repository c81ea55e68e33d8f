//! The receiver with a generated, lenient type: a verified body that has drifted from its
//! documentation (a key DOKU added, a status value it never documented) is answered 200, kept
//! byte for byte, parsed, and yields exactly one conformance finding for the undocumented
//! value. The type is Get Business Data's business object, the closest documented shape to
//! the KYB callback (whose body DOKU does not document; see the notes of issue 20).
//!
//! An outgoing spec's types keep an undocumented key in `extra` without reporting it; the types
//! of an incoming spec also report it (`tests/inbound_incoming.rs`).

use doku_partner::SecretKey;
use doku_partner::endpoints::get_business_data::Response;
use doku_partner::inbound::{Decision, Event, Handler, HandlerError, InboundRequest, Receiver};
use doku_partner::support::Conformance;
use doku_partner::support::clock::FixedClock;
use doku_partner::support::conformance::Problem;
use doku_partner::support::signature::Components;

const PERSONAL: &str = include_str!("../spec/examples/get_business_data.personal.json");
const KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const PATH: &str = "/doku/kyb-callback";
const NOW: i64 = 1_795_514_400;
const TIMESTAMP: &str = "2026-11-24T10:00:00Z";

struct Accept;

impl Handler<Response> for Accept {
    async fn handle(&self, _event: &Event<Response>) -> Result<(), HandlerError> {
        Ok(())
    }
}

#[tokio::test]
async fn a_drifted_body_is_accepted_kept_byte_exact_with_one_finding_per_drift() {
    // DOKU adds a key and a status value nobody documented.
    let drifted = PERSONAL
        .replacen("\"type\": \"PERSONAL\"", "\"type\": \"FRANCHISE\"", 1)
        .replacen(
            '{',
            "{\n    \"kyb_decision\": {\"status\": \"APPROVED\"},",
            1,
        );
    assert_ne!(drifted, PERSONAL);
    let signature = Components::request(
        "BRN-0201-1676357010382",
        "kyb-1",
        TIMESTAMP,
        PATH,
        Some(drifted.as_bytes()),
    )
    .sign(&SecretKey::new(KEY));
    let request = InboundRequest::new("POST", PATH, drifted.as_bytes())
        .header("Client-Id", "BRN-0201-1676357010382")
        .header("Request-Id", "kyb-1")
        .header("Request-Timestamp", TIMESTAMP)
        .header("Signature", signature.as_str());
    let receiver = Receiver::builder(PATH)
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap();
    let decision = receiver.receive::<Response, _>(&request, &Accept).await;
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let Decision::Accepted { event, .. } = decision else {
        unreachable!()
    };
    assert_eq!(event.raw(), drifted.as_bytes(), "kept byte for byte");
    let business = event.body().expect("parsed despite the drift");
    assert_eq!(business.type_.to_string(), "FRANCHISE");
    assert!(
        business.extra.contains_key("kyb_decision"),
        "the new key is kept"
    );
    // Exactly one finding more than DOKU's own sample has: the undocumented status.
    let baseline: Response = serde_json::from_str(PERSONAL).unwrap();
    let before = baseline.conformance().findings;
    let after = &event.conformance().findings;
    let new: Vec<_> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].path, "type");
    assert!(matches!(&new[0].problem, Problem::UnknownEnumValue(v) if v == "FRANCHISE"));
    assert_eq!(after.len(), before.len() + 1);
}
