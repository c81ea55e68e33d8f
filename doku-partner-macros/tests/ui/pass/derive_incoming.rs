//! The derive on the two incoming specs the workspace ships (what DOKU sends to the partner),
//! in a user's crate that denies warnings and missing docs: the typed body, the `Event` alias
//! and `IncomingSpec`, no request side.
#![deny(warnings, missing_docs)]

use doku_partner::inbound::IncomingSpec;
use doku_partner::support::Conformance;

/// Payment Notification.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payment_notification.yaml")]
pub struct PaymentNotification;

/// KYB Callback.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/kyb_callback.yaml")]
pub struct KybCallback;

fn main() {
    let (_, sample) = PaymentNotification::EXAMPLES[0];
    let event: payment_notification::Event = serde_json::from_str(sample).expect("DOKU's sample");
    assert!(event.conformance().findings.is_empty());
    // One shape per channel (`event.union`); the fields every channel has, whatever the shape.
    let payment_notification::Event::VirtualAccount(va) = &event else {
        panic!("the BCA VA sample is not the VA shape: {event:?}")
    };
    assert_eq!(event.order(), Some(&va.order));
    assert!(matches!(
        serde_json::from_str::<payment_notification::Event>(r#"{"channel":{"id":"QRIS"}}"#),
        Ok(payment_notification::Event::Other(_))
    ));
    assert_eq!(PaymentNotification::ANSWER_STATUS, 200);
    let callback: kyb_callback::Event = serde_json::from_str("{}").expect("nothing is required");
    assert!(callback.status.is_none());
    assert_eq!(KybCallback::PATH, "/doku/kyb-callback");
}
