//! Only an approved business pays (issue 26): the stand-in refuses a payment (Checkout, DOKU
//! VA's payment code) signed with a sub-merchant's own credentials while that business's KYB
//! review is not approved — in review, rejected — with DOKU's business envelope
//! `{"message":["PAYMENT CHANNEL IS INACTIVE"]}`, keeps nothing, and takes the same payment once
//! the review approves it; and a limit that depends on the merchant's activated channels.
//! Real HTTP on 127.0.0.1, one manual clock for the stand-in and the clients.

use std::sync::Arc;
use std::time::Duration;

use doku_partner::endpoints::{create_business_lite, get_business_data};
use doku_partner::payments::{checkout, va_payment_code};
use doku_partner::stand_in::payments::{
    CREDIT_CARD, NOT_APPROVED_BODY, NOT_APPROVED_STATUS, PayError, invoice_number_too_long,
};
use doku_partner::stand_in::{KybOutcome, KybStatus, PartnerStandIn};
use doku_partner::support::clock::{Clock, ManualClock, SystemClock};
use doku_partner::support::error::EnvelopeForm;
use doku_partner::{Client, Credentials, Environment, Error};
use serde_json::json;

const PARTNER_ID: &str = "BRN-0001-10791114622547";
const PARTNER_KEY: &str = "SK-preconditions-partner";

/// A stand-in and a business registered on it (in review): the stand-in, the clock, the brand
/// ID and the sub-merchant's client (signed with the brand's own key).
async fn registered() -> (PartnerStandIn, ManualClock, String, Client) {
    let clock = ManualClock::new(SystemClock.now_unix());
    let stand_in = PartnerStandIn::builder(PARTNER_ID, PARTNER_KEY)
        .clock(Arc::new(clock.clone()))
        .start()
        .await
        .unwrap();
    let environment = Environment::base_url(stand_in.base_url());
    let partner = Client::builder(
        Credentials::new(PARTNER_ID, PARTNER_KEY),
        environment.clone(),
    )
    .clock(Arc::new(clock.clone()))
    .build()
    .unwrap();
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/examples/create_business_lite.request.json"
    ))
    .unwrap();
    let reply = partner
        .send(
            create_business_lite::RawRequest { body: &sample }
                .validate()
                .unwrap(),
        )
        .await
        .unwrap();
    let brand_id = reply.data.business.brands[0].id.clone();
    let data = partner
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .unwrap();
    let merchant = Client::builder(data.data.brands[0].credentials(), environment)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (stand_in, clock, brand_id, merchant)
}

fn checkout_request(invoice: &str) -> checkout::Request {
    let body = json!({"order": {"amount": 150_000, "invoice_number": invoice}}).to_string();
    checkout::RawRequest { body: &body }.validate().unwrap()
}

fn va_request(invoice: &str) -> va_payment_code::Request {
    use va_payment_code::body::{Body, Customer, Order, VirtualAccountInfo};
    va_payment_code::Request::from(Body::new(
        Order::new(invoice, 150_000),
        VirtualAccountInfo::new(60, false).with_info1("Merchant Demo Store"),
        Customer::new("Anton Budiman", "anton@example.com"),
    ))
}

/// The refusal, exactly: status, DOKU's business envelope, the body byte for byte.
///
/// Checkout declares that envelope (`errors.envelopes`), so the client gives `Error::Http`.
/// DOKU VA's spec declares only the `error` envelope (its notes: the business envelope was seen
/// on Checkout, another service), so the same answer there is `Error::UndeclaredEnvelope`,
/// which keeps the envelope and the body whole and says it was not declared.
fn assert_refused(error: &Error) {
    let (status, envelope, body) = match error {
        Error::Http {
            status,
            envelope,
            body,
            ..
        } => (
            status,
            envelope.as_deref().expect("DOKU's business envelope"),
            body,
        ),
        Error::UndeclaredEnvelope {
            status,
            envelope,
            endpoint,
            body,
            ..
        } => {
            assert_eq!(*endpoint, "va_payment_code", "{error:?}");
            (status, &**envelope, body)
        }
        _ => panic!("expected DOKU's refusal, got {error:?}"),
    };
    assert_eq!(*status, NOT_APPROVED_STATUS);
    assert_eq!(*status, 400);
    assert_eq!(envelope.form, EnvelopeForm::Message);
    assert_eq!(envelope.message, "PAYMENT CHANNEL IS INACTIVE");
    assert_eq!(body.as_bytes(), NOT_APPROVED_BODY.as_bytes());
    assert_eq!(
        body.as_bytes(),
        br#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#
    );
}

#[tokio::test]
async fn a_business_in_review_cannot_pay_and_pays_once_approved() {
    let (stand_in, clock, brand_id, merchant) = registered().await;
    assert_eq!(stand_in.kyb_status(&brand_id), Some(KybStatus::InReview));

    // In review: Checkout and VA refused after every door check; nothing kept.
    let error = merchant
        .send(checkout_request("INV-PRE-0001"))
        .await
        .unwrap_err();
    assert_refused(&error);
    assert_eq!(
        stand_in.pay("INV-PRE-0001").await,
        Err(PayError::Unknown("INV-PRE-0001".to_owned()))
    );
    let error = merchant.send(va_request("INV-PRE-0002")).await.unwrap_err();
    assert_refused(&error);
    // Both reached the stand-in signed as the brand: the refusal is about the business.
    let requests = stand_in.server().requests();
    let payments: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/checkout/v1/payment" || r.path.starts_with("/doku-virtual"))
        .collect();
    assert_eq!(payments.len(), 2, "{requests:?}");

    // The review time passes (1 h, the default): approved, the same payment is taken.
    clock.advance(Duration::from_secs(3600));
    assert_eq!(stand_in.kyb_status(&brand_id), Some(KybStatus::Approved));
    let reply = merchant
        .send(checkout_request("INV-PRE-0001"))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.data.response.order.invoice_number.as_str(),
        "INV-PRE-0001"
    );
    let paid = stand_in.pay("INV-PRE-0001").await.unwrap();
    assert_eq!(paid.client_id, brand_id);
    let reply = merchant.send(va_request("INV-PRE-0002")).await.unwrap();
    assert_eq!(reply.status, 200);
}

#[tokio::test]
async fn a_rejected_business_cannot_pay() {
    let (stand_in, clock, brand_id, merchant) = registered().await;
    assert!(stand_in.set_kyb_outcome(&brand_id, KybOutcome::Reject("no licence".to_owned())));
    clock.advance(Duration::from_secs(3600));
    assert_eq!(
        stand_in.kyb_status(&brand_id),
        Some(KybStatus::Rejected("no licence".to_owned()))
    );
    assert_refused(
        &merchant
            .send(checkout_request("INV-REJ-0001"))
            .await
            .unwrap_err(),
    );
    assert_refused(&merchant.send(va_request("INV-REJ-0002")).await.unwrap_err());
    assert!(stand_in.pay("INV-REJ-0001").await.is_err());

    // Sent back for revision is not approved either.
    assert!(stand_in.set_kyb_outcome(&brand_id, KybOutcome::Revise("the KTP".to_owned())));
    assert_refused(
        &merchant
            .send(checkout_request("INV-REJ-0003"))
            .await
            .unwrap_err(),
    );
}

/// A limit that depends on the merchant's activated channels: Checkout's
/// `order.invoice_number` is at most 64 characters, "If you have Credit Card channel activated,
/// the maximum length is 30 chars". The channels are account state at DOKU, not in the request,
/// so the client sends it (the spec checks 64); the stand-in, configured with the brand's
/// channels, refuses it like DOKU.
#[tokio::test]
async fn a_long_invoice_number_is_refused_only_for_a_merchant_with_credit_card() {
    let (stand_in, clock, brand_id, merchant) = registered().await;
    clock.advance(Duration::from_secs(3600)); // the KYB review approves it

    // 40 characters: within the spec's ANS(64), so the client sends it.
    let long = "INV-2026-12-08-0001-ABCDEFGHIJKLMNOPQRST";
    assert_eq!(long.len(), 40);
    let thirty = "INV-2026-12-08-0002-ABCDEFGHIJ";
    assert_eq!(thirty.len(), 30);

    // No channel set: the general limit.
    assert_eq!(
        merchant.send(checkout_request(long)).await.unwrap().status,
        200
    );

    // Credit Card activated: over 30 is refused, exactly 30 taken.
    assert!(stand_in.set_channels(&brand_id, &[CREDIT_CARD, "VIRTUAL_ACCOUNT_BCA"]));
    assert!(!stand_in.set_channels("BRN-0000-0000000000000", &[CREDIT_CARD]));
    let error = merchant
        .send(checkout_request(&long.replace("0001", "0003")))
        .await
        .unwrap_err();
    let Error::Http { status, body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 400);
    assert_eq!(body.as_bytes(), invoice_number_too_long(40).as_bytes());
    assert_eq!(
        invoice_number_too_long(40),
        r#"{"message":["order.invoice_number is 40 characters; at most 30 with the Credit Card channel activated"]}"#
    );
    assert!(
        stand_in
            .pay("INV-2026-12-08-0003-ABCDEFGHIJKLMNOPQRST")
            .await
            .is_err()
    );
    assert_eq!(
        merchant
            .send(checkout_request(thirty))
            .await
            .unwrap()
            .status,
        200
    );

    // Credit Card deactivated: the general limit again.
    assert!(stand_in.set_channels(&brand_id, &["VIRTUAL_ACCOUNT_BCA"]));
    let reply = merchant
        .send(checkout_request(&long.replace("0001", "0004")))
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
}
