//! An incoming spec end to end: `spec/payment_notification.yaml` generates the typed body of
//! DOKU's payment notification and `IncomingSpec`; the receiver built from it verifies a
//! signed delivery, answers 2xx, keeps the bytes exactly, and the typed event reports one
//! conformance finding per drift from the spec (a key DOKU added, a status it never
//! documented), while DOKU's own samples decode without any, each as its channel's shape
//! (`event.union`); a channel the spec does not list is received all the same, kept byte for
//! byte as `Event::Other` and reported.

use doku_partner::SecretKey;
use doku_partner::endpoints::PaymentNotification;
use doku_partner::endpoints::payment_notification::{Event as Notification, TransactionStatus};
use doku_partner::inbound::{
    Decision, Event, Handler, HandlerError, InboundRequest, IncomingSpec, Receiver,
};
use doku_partner::support::clock::FixedClock;
use doku_partner::support::conformance::Problem;
use doku_partner::support::signature::Components;
use doku_partner::support::{Conformance, OrUnknown};

const BCA: &str = include_str!("../spec/examples/payment_notification.bca_va.json");
const KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
const NOW: i64 = 1_795_514_400;
const TIMESTAMP: &str = "2026-11-24T10:00:00Z";
const CLIENT_ID: &str = "MCH-0001-10791114622547";

struct Accept;

impl Handler<Notification> for Accept {
    async fn handle(&self, _event: &Event<Notification>) -> Result<(), HandlerError> {
        Ok(())
    }
}

/// The `Signature` DOKU sends for `body` to the spec's path.
fn signature(request_id: &str, body: &str) -> String {
    Components::request(
        CLIENT_ID,
        request_id,
        TIMESTAMP,
        PaymentNotification::PATH,
        Some(body.as_bytes()),
    )
    .sign(&SecretKey::new(KEY))
    .as_str()
    .to_owned()
}

/// The receiver the spec builds, at the test's clock.
fn receiver() -> Receiver {
    Receiver::for_spec::<PaymentNotification>()
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap()
}

/// `body` as DOKU sends it to the spec's path, with its `signature`.
fn signed_request<'a>(
    request_id: &'a str,
    body: &'a str,
    signature: &'a str,
) -> InboundRequest<'a> {
    InboundRequest::new("POST", PaymentNotification::PATH, body.as_bytes())
        .header("Client-Id", CLIENT_ID)
        .header("Request-Id", request_id)
        .header("Request-Timestamp", TIMESTAMP)
        .header("Signature", signature)
}

#[test]
fn the_spec_says_where_what_and_what_to_answer() {
    assert_eq!(PaymentNotification::NAME, "payment_notification");
    assert_eq!(PaymentNotification::METHOD, "POST");
    assert_eq!(PaymentNotification::PATH, "/payments/notifications");
    assert_eq!(PaymentNotification::ANSWER_STATUS, 200);
    let names: Vec<&str> = PaymentNotification::EXAMPLES
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(names, ["bca_va", "bni_va", "akulaku_p2p"]);
}

#[test]
fn every_sample_of_dokus_pages_decodes_as_its_channel_without_a_finding() {
    for (name, json) in PaymentNotification::EXAMPLES {
        let event: Notification =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.conformance().findings, [], "{name}");
        // Each sample is its channel's shape, with that channel's own object typed.
        let (shape, channel) = match &event {
            Notification::VirtualAccount(va) => {
                assert!(
                    !va.virtual_account_info
                        .as_ref()
                        .unwrap()
                        .virtual_account_number
                        .as_deref()
                        .unwrap_or_default()
                        .is_empty(),
                    "{name}"
                );
                ("VirtualAccount", va.channel.id.as_str())
            }
            Notification::PeerToPeer(p2p) => {
                let info = p2p.peer_to_peer_info.as_ref().expect(name);
                assert_eq!(info.identifier.len(), 2, "{name}");
                ("PeerToPeer", p2p.channel.id.as_str())
            }
            Notification::Other(unknown) => panic!("{name}: {unknown:?}"),
        };
        let expected = match *name {
            "bca_va" => ("VirtualAccount", "VIRTUAL_ACCOUNT_BCA"),
            "bni_va" => ("VirtualAccount", "VIRTUAL_ACCOUNT_BNI"),
            "akulaku_p2p" => ("PeerToPeer", "PEER_TO_PEER_AKULAKU"),
            other => panic!("a sample this test does not know: {other}"),
        };
        assert_eq!((shape, channel), expected, "{name}");
        // The fields every channel has, whatever the shape.
        assert_eq!(
            event.transaction().map(|t| &t.status),
            Some(&OrUnknown::Known(TransactionStatus::Success)),
            "{name}"
        );
        // Lossless: the typed value serialises back to the JSON DOKU sent.
        let back = serde_json::to_value(&event).unwrap();
        let sent: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, sent, "{name}");
    }
}

#[tokio::test]
async fn a_drifted_notification_is_accepted_kept_byte_exact_with_one_finding_per_drift() {
    let drifted = BCA.replacen("\"SUCCESS\"", "\"PENDING\"", 1).replacen(
        '{',
        "{\n    \"settlement\": {\"date\": \"2021-01-28\"},",
        1,
    );
    assert_ne!(drifted, BCA);
    let receiver = receiver();
    let signature = signature("notif-1", &drifted);
    let request = signed_request("notif-1", &drifted, &signature);
    let decision = receiver.receive::<Notification, _>(&request, &Accept).await;
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let Decision::Accepted { event, .. } = decision else {
        unreachable!()
    };
    assert_eq!(event.raw(), drifted.as_bytes(), "kept byte for byte");
    let body = event.body().expect("parsed despite the drift");
    let Notification::VirtualAccount(body) = body else {
        panic!("not the VA shape: {body:?}")
    };
    assert_eq!(body.order.invoice_number, "INV-20210124-0001");
    assert_eq!(body.order.amount, 150_000);
    assert_eq!(body.transaction.status.to_string(), "PENDING");
    assert!(body.extra.contains_key("settlement"), "the new key is kept");
    assert_eq!(
        body.virtual_account_payment
            .as_ref()
            .and_then(|p| p.identifer.as_ref())
            .map(Vec::len),
        Some(3),
        "the BCA sample's `identifer` is typed"
    );

    let findings = &event.conformance().findings;
    assert_eq!(findings.len(), 2, "{findings:?}");
    assert!(
        findings.iter().any(|f| f.path == ""
            && matches!(&f.problem, Problem::UndocumentedKey(k) if k == "settlement")),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|f| f.path == "transaction.status"
            && matches!(&f.problem, Problem::UnknownEnumValue(v) if v == "PENDING")),
        "{findings:?}"
    );
    let shown: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        shown.contains(&"(body): key \"settlement\" is not documented (field table)".to_owned()),
        "{shown:?}"
    );

    // The retry DOKU makes of the same delivery: answered 200, not handled twice.
    let again = receiver.receive::<Notification, _>(&request, &Accept).await;
    assert_eq!(again.status(), 200);
    assert!(matches!(again, Decision::Duplicate { .. }));
}

/// A channel the spec lists no shape for (BRI VA: its tab is on DOKU's page, its sample is
/// not): received and answered 2xx, so DOKU does not retry it; the body is kept byte for byte,
/// both as the raw request and as `Event::Other`, and reported once, at `channel.id`.
#[tokio::test]
async fn a_notification_of_an_unlisted_channel_is_answered_kept_and_reported() {
    let bri = BCA
        .replace("\"BCA\"", "\"BRI\"")
        .replace("VIRTUAL_ACCOUNT_BCA", "VIRTUAL_ACCOUNT_BRI");
    let signature = signature("notif-bri", &bri);
    let request = signed_request("notif-bri", &bri, &signature);
    let decision = receiver()
        .receive::<Notification, _>(&request, &Accept)
        .await;
    assert_eq!(decision.status(), 200, "{}", decision.reason());
    let Decision::Accepted { event, .. } = decision else {
        unreachable!()
    };
    assert_eq!(event.raw(), bri.as_bytes());
    let body = event.body().expect("an unknown channel still decodes");
    let Notification::Other(unknown) = body else {
        panic!("BRI VA has no shape in the spec: {body:?}")
    };
    assert_eq!(unknown.discriminator(), Some("VIRTUAL_ACCOUNT_BRI"));
    // The JSON value exactly as sent, indentation included (the whitespace after it is no
    // part of it; `event.raw()` above holds the request's every byte).
    assert_eq!(
        unknown.body().as_text(),
        bri.trim_end(),
        "the body exactly as sent"
    );
    assert_eq!(serde_json::to_string(body).unwrap(), bri.trim_end());
    assert_eq!(body.order(), None, "no typed view of an unknown shape");
    let findings = &event.conformance().findings;
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].path, "channel.id");
    assert!(
        matches!(&findings[0].problem, Problem::UnknownVariant(Some(v)) if v == "VIRTUAL_ACCOUNT_BRI"),
        "{findings:?}"
    );
}

#[tokio::test]
async fn a_notification_signed_for_another_path_is_refused() {
    let receiver = Receiver::for_spec::<PaymentNotification>()
        .key(KEY)
        .clock(FixedClock(NOW))
        .build()
        .unwrap();
    let signature = Components::request(
        CLIENT_ID,
        "notif-2",
        TIMESTAMP,
        "/elsewhere",
        Some(BCA.as_bytes()),
    )
    .sign(&SecretKey::new(KEY));
    let request = InboundRequest::new("POST", PaymentNotification::PATH, BCA.as_bytes())
        .header("Client-Id", CLIENT_ID)
        .header("Request-Id", "notif-2")
        .header("Request-Timestamp", TIMESTAMP)
        .header("Signature", signature.as_str());
    let decision = receiver.receive::<Notification, _>(&request, &Accept).await;
    assert_eq!(decision.status(), 401, "{}", decision.reason());
}

/// The KYB callback is undocumented: any body DOKU sends decodes (every field optional), its
/// unknown keys are kept and reported, and the brand's shared key never shows in `Debug`.
#[test]
fn a_kyb_callback_keeps_every_byte_and_hides_the_shared_key() {
    use doku_partner::endpoints::KybCallback;
    use doku_partner::endpoints::kyb_callback::Event as KybResult;

    assert_eq!(KybCallback::PATH, "/doku/kyb-callback");
    // DOKU documents no sample: the one there is built from the field table, and says so.
    let names: Vec<&str> = KybCallback::EXAMPLES.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["minimal"]);
    let sent = r#"{"id":"BSN-0102-1676676916608","status":"APPROVED","kyb":{"level":2},"brands":[{"id":"BRN-0104-1678960841263","shared_key":"SK-ViEeAojc5K0nBrL41ou4","status":"ACTIVE","terminal":"T1"}]}"#;
    let result: KybResult = serde_json::from_str(sent).unwrap();
    assert_eq!(result.status.as_deref(), Some("APPROVED"));
    let brand = &result.brands.as_ref().unwrap()[0];
    assert_eq!(brand.id.as_deref(), Some("BRN-0104-1678960841263"));
    assert_eq!(
        brand.shared_key.as_ref().map(|k| k.expose_secret()),
        Some("SK-ViEeAojc5K0nBrL41ou4")
    );
    let debug = format!("{result:?}");
    assert!(!debug.contains("SK-ViEe"), "{debug}");
    // Lossless, and each key the spec does not know is one finding.
    let back = serde_json::to_value(&result).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(sent).unwrap()
    );
    let shown: Vec<String> = result
        .conformance()
        .findings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        shown,
        // In the walk's order: an object's fields, then its own unknown keys.
        [
            "brands[0]: key \"terminal\" is not documented (field table)",
            "(body): key \"kyb\" is not documented (field table)",
        ]
    );
    // An empty body is a callback too: nothing is required.
    let empty: KybResult = serde_json::from_str("{}").unwrap();
    assert_eq!(empty.conformance().findings, []);
}
