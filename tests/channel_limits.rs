//! A limit that depends on the merchant's activated channels (issue 26): Checkout's
//! `order.invoice_number` is at most 64 characters, "If you have Credit Card channel activated,
//! the maximum length is 30 chars". The channels are account state at DOKU, not in the request,
//! so the client sends it (the spec checks 64); the stand-in, configured with the brand's
//! channels, refuses it like DOKU.

use std::sync::Arc;
use std::time::Duration;

use doku_partner::endpoints::{create_business_lite, get_business_data};
use doku_partner::payments::checkout;
use doku_partner::stand_in::PartnerStandIn;
use doku_partner::stand_in::payments::{CREDIT_CARD, invoice_number_too_long};
use doku_partner::support::clock::{Clock, ManualClock, SystemClock};
use doku_partner::{Client, Credentials, Environment, Error};
use serde_json::json;

const PARTNER_ID: &str = "BRN-0001-10791114622547";
const PARTNER_KEY: &str = "SK-channel-limits";

fn checkout_request(invoice: &str) -> checkout::Request {
    let body = json!({"order": {"amount": 10_000, "invoice_number": invoice}}).to_string();
    checkout::RawRequest { body: &body }.validate().unwrap()
}

#[tokio::test]
async fn a_long_invoice_number_is_refused_only_for_a_merchant_with_credit_card() {
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
    let merchant = Client::builder(data.data.brands[0].credentials(), environment)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
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
