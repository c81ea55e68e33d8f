//! The stand-in takes payments (issue 26): a registered sub-merchant's Checkout, signed with its
//! own Client-Id and shared key; `PartnerStandIn::pay` (and the admin API's
//! `POST /__stand-in/payments/{invoice}/pay`) marks it paid and sends DOKU's payment notification,
//! signed with the brand's key, to the merchant's Notification URL, where the inbound `Receiver`
//! (a real HTTP server on 127.0.0.1) verifies it; Check Status then answers what the
//! notification said, byte for byte.

use std::sync::{Arc, Mutex};

use doku_partner::endpoints::{create_business_lite, get_business_data, payment_notification};
use doku_partner::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner::payments::{check_status, checkout};
use doku_partner::stand_in::payments::PayError;
use doku_partner::stand_in::{KybConfig, PartnerStandIn};
use doku_partner::support::Conformance as _;
use doku_partner::support::json::Json;
use doku_partner::support::stand_in::CallbackOutcome;
use doku_partner::{Client, Credentials, Environment};
use serde_json::{Value, json};

const PARTNER_ID: &str = "BRN-0001-10791114622547";
const PARTNER_KEY: &str = "SK-payments-partner";
const NOTIFY_PATH: &str = "/payments/notifications";

/// The notifications the merchant's receiver accepted: their raw bodies.
#[derive(Default)]
struct Seen(Mutex<Vec<Vec<u8>>>);

/// Keeps each accepted notification in the shared [`Seen`].
struct Keep(Arc<Seen>);

impl Handler<Json> for Keep {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        self.0.0.lock().unwrap().push(event.raw().to_vec());
        Ok(())
    }
}

/// The merchant's Notification URL: the inbound receiver, verifying with the brand's own key.
async fn notification_endpoint(brand_id: &str, shared_key: &str, seen: Arc<Seen>) -> String {
    let receiver = Receiver::builder(NOTIFY_PATH)
        .key(shared_key)
        .client_id(brand_id)
        .build()
        .unwrap();
    let app = doku_partner::support::inbound::axum::route::<Json, _, _>(
        Arc::new(receiver),
        Arc::new(Keep(seen)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{NOTIFY_PATH}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Registers a business as the partner and reads back its brand: the sub-merchant's client.
async fn sub_merchant(stand_in: &PartnerStandIn) -> (Client, String, String) {
    let partner = Client::builder(
        Credentials::new(PARTNER_ID, PARTNER_KEY),
        Environment::base_url(stand_in.base_url()),
    )
    .build()
    .unwrap();
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/examples/create_business_lite.request.json"
    ))
    .unwrap();
    let registered = partner
        .send(
            create_business_lite::RawRequest { body: &sample }
                .validate()
                .unwrap(),
        )
        .await
        .unwrap();
    let brand_id = registered.data.business.brands[0].id.clone();
    let data = partner
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .unwrap();
    let brand = &data.data.brands[0];
    let key = brand.shared_key.expose_secret().to_owned();
    let client = Client::builder(
        brand.credentials(),
        Environment::base_url(stand_in.base_url()),
    )
    .build()
    .unwrap();
    (client, brand_id, key)
}

/// A KYB review decided at once: only an approved business pays (see
/// `tests/payment_preconditions.rs` for the refusal before).
fn approved_at_once() -> KybConfig {
    KybConfig {
        review_time: std::time::Duration::ZERO,
        ..KybConfig::default()
    }
}

fn checkout_request(invoice: &str, amount: u64) -> checkout::Request {
    let body = json!({
        "order": {"amount": amount, "invoice_number": invoice},
        "payment": {"payment_due_date": 60}
    })
    .to_string();
    checkout::RawRequest { body: &body }.validate().unwrap()
}

#[tokio::test]
async fn a_checkout_paid_is_notified_to_the_merchant_and_check_status_agrees() {
    let stand_in = PartnerStandIn::builder(PARTNER_ID, PARTNER_KEY)
        .kyb(approved_at_once())
        .start()
        .await
        .unwrap();
    let (merchant, brand_id, key) = sub_merchant(&stand_in).await;
    let seen = Arc::new(Seen::default());
    let url = notification_endpoint(&brand_id, &key, Arc::clone(&seen)).await;
    assert!(stand_in.set_notification_url(&brand_id, &url));
    assert!(!stand_in.set_notification_url("BRN-0000-0000000000000", &url));

    // The Checkout, signed with the brand's own credentials.
    let invoice = "INV-20261207-0001";
    let reply = merchant
        .send(checkout_request(invoice, 150_000))
        .await
        .unwrap();
    let response: Value = serde_json::from_slice(reply.body.as_bytes()).unwrap();
    assert_eq!(response["response"]["order"]["invoice_number"], invoice);
    assert_eq!(response["response"]["order"]["amount"], "150000");
    assert_eq!(
        response["response"]["headers"]["client_id"],
        brand_id.as_str()
    );
    assert_eq!(
        response["response"]["headers"]["request_id"],
        reply.request_id.as_str()
    );
    let checkout_request_id = reply.request_id.as_str().to_owned();

    // Pending until paid: Check Status says so, by invoice number and by Request-Id.
    let pending = merchant
        .send(check_status::Request::new(invoice.parse().unwrap()))
        .await
        .unwrap();
    let check_status::Response::VirtualAccount(pending) = &pending.data else {
        panic!("not the VA shape: {:?}", pending.data)
    };
    assert_eq!(pending.transaction.status.to_string(), "PENDING");
    assert!(pending.virtual_account_payment.is_none(), "no payment yet");
    let by_id = merchant
        .send(check_status::Request::new(
            checkout_request_id.parse().unwrap(),
        ))
        .await
        .unwrap();
    let check_status::Response::VirtualAccount(by_id) = &by_id.data else {
        panic!("not the VA shape: {:?}", by_id.data)
    };
    assert_eq!(by_id.order.invoice_number, invoice);
    assert!(seen.0.lock().unwrap().is_empty());

    // Paid: the notification reaches the receiver, verified with the brand's key.
    let paid = stand_in.pay(invoice).await.unwrap();
    assert_eq!(paid.client_id, brand_id);
    assert_eq!(paid.notification_url.as_deref(), Some(url.as_str()));
    assert_eq!(paid.outcome, Some(CallbackOutcome::Answered(200)));
    let received = seen.0.lock().unwrap().clone();
    assert_eq!(received.len(), 1);
    // The stand-in notifies a Checkout payment as a VA one: the VA shape of the event.
    let notification: payment_notification::Event = serde_json::from_slice(&received[0]).unwrap();
    let payment_notification::Event::VirtualAccount(notification) = &notification else {
        panic!("not the VA shape: {notification:?}")
    };
    assert_eq!(notification.order.invoice_number, invoice);
    assert_eq!(notification.transaction.status.to_string(), "SUCCESS");
    assert!(notification.virtual_account_info.is_some());
    // As DOKU's own samples do, it fits the spec's VA shape without a single finding.
    assert_eq!(notification.conformance().findings, []);
    let raw: Value = serde_json::from_slice(&received[0]).unwrap();
    assert_eq!(raw["order"]["amount"], 150_000);
    assert_eq!(
        raw["transaction"]["original_request_id"],
        checkout_request_id.as_str()
    );

    // Check Status answers what the notification said, byte for byte.
    let status = merchant
        .send(check_status::Request::new(invoice.parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(status.body.as_bytes(), received[0].as_slice());
    let check_status::Response::VirtualAccount(va) = &status.data else {
        panic!("not the VA shape: {:?}", status.data)
    };
    assert_eq!(va.transaction.status.to_string(), "SUCCESS");
    // The invoice's own numbers, not the sample's.
    assert_eq!(va.order.invoice_number, invoice);
    assert_eq!(va.order.amount, 150_000);
    assert_eq!(
        va.transaction.original_request_id,
        checkout_request_id.as_str()
    );
    let va_number = &va
        .virtual_account_info
        .as_ref()
        .unwrap()
        .virtual_account_number;
    assert_ne!(va_number, "8889940000000213", "not the sample's VA number");
    assert!(
        status.data.conformance().is_clean(),
        "{}",
        status.data.conformance()
    );

    // Once only; an unknown invoice is refused.
    assert_eq!(
        stand_in.pay(invoice).await,
        Err(PayError::AlreadyPaid(invoice.to_owned()))
    );
    assert!(matches!(
        stand_in.pay("INV-NOPE").await,
        Err(PayError::Unknown(_))
    ));
    assert_eq!(seen.0.lock().unwrap().len(), 1);

    // Check Status of an invoice the brand never created: not found (the spec's DECISION),
    // a typed error keeping DOKU's business envelope as received, not the page's sample.
    let error = merchant
        .send(check_status::Request::new("INV-NOPE".parse().unwrap()))
        .await
        .unwrap_err();
    let doku_partner::Error::Http {
        status,
        envelope,
        body,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 404);
    assert_eq!(
        envelope.as_ref().map(|e| e.message.as_str()),
        Some("TRANSACTION NOT FOUND")
    );
    assert_eq!(
        body.as_bytes(),
        doku_partner::stand_in::payments::NOT_FOUND_BODY.as_bytes()
    );
}

#[tokio::test]
async fn the_admin_api_pays_and_a_checkout_can_override_the_notification_url() {
    let stand_in = PartnerStandIn::builder(PARTNER_ID, PARTNER_KEY)
        .kyb(approved_at_once())
        .admin_api()
        .start()
        .await
        .unwrap();
    let (merchant, brand_id, key) = sub_merchant(&stand_in).await;
    let seen = Arc::new(Seen::default());
    let url = notification_endpoint(&brand_id, &key, Arc::clone(&seen)).await;
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let admin = |path: String, body: Value| {
        let http = http.clone();
        let url = format!("{}/__stand-in{path}", stand_in.base_url());
        async move {
            let response = http.post(url).body(body.to_string()).send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            (status, serde_json::from_str::<Value>(&text).unwrap())
        }
    };
    // No Notification URL set: the Checkout's override is where DOKU notifies.
    let invoice = "INV-20261207-0002";
    let body = json!({
        "order": {"amount": 20000, "invoice_number": invoice},
        "additional_info": {"override_notification_url": url}
    })
    .to_string();
    merchant
        .send(checkout::RawRequest { body: &body }.validate().unwrap())
        .await
        .unwrap();
    let (status, paid) = admin(format!("/payments/{invoice}/pay"), json!({})).await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["client_id"], brand_id.as_str());
    assert_eq!(paid["notification_outcome"]["answered"], 200, "{paid}");
    assert_eq!(seen.0.lock().unwrap().len(), 1);
    let (status, again) = admin(format!("/payments/{invoice}/pay"), json!({})).await;
    assert_eq!(status, 409, "{again}");
    let (status, unknown) = admin("/payments/INV-NOPE/pay".to_owned(), json!({})).await;
    assert_eq!(status, 404, "{unknown}");
    let (status, set) = admin(
        format!("/businesses/{brand_id}/notification-url"),
        json!({"url": url}),
    )
    .await;
    assert_eq!(status, 200, "{set}");
    let state: Value = serde_json::from_str(
        &http
            .get(format!("{}/__stand-in/state", stand_in.base_url()))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(state["payments"][0]["status"], "SUCCESS", "{state}");
    assert_eq!(state["payments"][0]["invoice_number"], invoice, "{state}");
    assert_eq!(
        state["notification_attempts"][0]["outcome"]["answered"], 200,
        "{state}"
    );
    assert!(!state.to_string().contains(&key), "the shared key leaked");
}
