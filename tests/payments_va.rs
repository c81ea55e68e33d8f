//! DOKU VA's Generate payment code (`spec/payments/va_payment_code.yaml`): the page's request
//! sample, cut off on the page, against the body the generated types send; a response of the
//! logged shape decoded and re-encoded unchanged; a call against the stand-in, signed with the
//! sub-merchant's own credentials.

use doku_partner::payments::{VaPaymentCode, va_payment_code};
use doku_partner::support::cut_off::{is_start_of, present_values};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{Conformance, Endpoint};
use doku_partner::{Client, Credentials, Environment};
use serde_json::Value;

/// The page's request sample, byte for byte up to where the page's text ends.
const CUT_OFF_SAMPLE: &str =
    include_str!("../spec/payments/examples/va_payment_code.request.cut_off.txt");

/// The sub-merchant's credentials (a brand's Client-Id and shared key, not the partner's).
const SUB_MERCHANT_ID: &str = "BRN-0214-1714016624673";
const SUB_MERCHANT_KEY: &str = "SK-va-sub-merchant";

/// The body the page's sample starts (values of the sibling page's longer sample, C) and
/// DOKU's plugin (D) completes.
fn page_body(invoice_number: &str) -> va_payment_code::body::Body {
    use va_payment_code::body::{Body, Customer, Order, VirtualAccountInfo};
    Body::new(
        Order::new(invoice_number, 150_000),
        VirtualAccountInfo::new(60, false).with_info1("Merchant Demo Store"),
        Customer::new("Anton Budiman", "anton@example.com"),
    )
}

#[test]
fn the_cut_off_sample_is_stored_as_the_page_shows_it() {
    // Three lines, ending inside the invoice number: not JSON.
    assert_eq!(
        CUT_OFF_SAMPLE,
        "{\n\"order\": {\n\"invoice_number\": \"INV-20210124-0"
    );
    assert!(serde_json::from_str::<Value>(CUT_OFF_SAMPLE).is_err());
    // Listed as cut off: offered as text to compare with, never as a body to send.
    assert_eq!(VaPaymentCode::CUT_OFF_SAMPLES, &[("page", CUT_OFF_SAMPLE)]);
    assert!(VaPaymentCode::REQUEST_EXAMPLES.is_empty());
    // What it holds in full: the order object, whose invoice number the cut falls inside.
    assert_eq!(
        present_values(CUT_OFF_SAMPLE).unwrap(),
        serde_json::json!({"order": {}})
    );
}

#[test]
fn the_body_sent_starts_as_the_pages_cut_off_sample() {
    let request = va_payment_code::Request::from(page_body("INV-20210124-0001"));
    request.validate().expect("the page's values are valid");
    let sent = String::from_utf8(request.body_bytes()).unwrap();
    assert_eq!(
        sent,
        r#"{"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"expired_time":60,"reusable_status":false,"info1":"Merchant Demo Store"},"customer":{"name":"Anton Budiman","email":"anton@example.com"}}"#
    );
    assert!(is_start_of(CUT_OFF_SAMPLE, &sent));
    // The bytes that are there are compared: another invoice number does not fit.
    let other = va_payment_code::Request::from(page_body("INV-20210125-0001"));
    assert!(!is_start_of(
        CUT_OFF_SAMPLE,
        &String::from_utf8(other.body_bytes()).unwrap()
    ));
}

#[test]
fn a_response_of_the_logged_shape_round_trips_with_no_findings() {
    // The keys DOKU's plugin reads and a third party's logged values (no page sample survives).
    let answer = r#"{"order":{"invoice_number":"INV-20230529-0001"},"virtual_account_info":{"virtual_account_number":"1900600000000046","how_to_pay_page":"https://sandbox.doku.com/how-to-pay/v2/doku-virtual-account/1900600000000046","how_to_pay_api":"https://api-sandbox.doku.com/doku-virtual-account/v2/how-to-pay-api/1900600000000046","created_date":"20230529090510","expired_date":"20230529100510","created_date_utc":"2023-05-29T02:05:10Z","expired_date_utc":"2023-05-29T03:05:10Z","bank_name":"BCA via DOKU"}}"#;
    let typed: <VaPaymentCode as Endpoint>::Response = serde_json::from_str(answer).unwrap();
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        serde_json::from_str::<Value>(answer).unwrap()
    );
    assert!(typed.conformance().findings.is_empty());
    // yyyyMMddHHmmss UTC+7: 10:05:10 WIB is expired_date_utc's 03:05:10Z.
    let expires = typed.virtual_account_info.expired_date.valid().unwrap();
    assert_eq!(expires.as_str(), "20230529100510");
    assert_eq!(
        expires.unix_utc(),
        doku_partner::support::clock::parse_timestamp("2023-05-29T03:05:10Z").unwrap()
    );
}

#[tokio::test]
async fn the_stand_in_takes_the_call_signed_with_the_sub_merchants_credentials() {
    let mock = StandIn::builder()
        .client(SUB_MERCHANT_ID, SUB_MERCHANT_KEY)
        .endpoint::<VaPaymentCode>()
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(SUB_MERCHANT_ID, SUB_MERCHANT_KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let request = va_payment_code::Request::from(page_body("INV-20210124-0001"));
    let reply = client.send(&request).await.unwrap();
    assert!(reply.data.extra.is_empty());
    let seen = &mock.requests()[0];
    assert_eq!(&seen.body[..], &request.body_bytes()[..]);

    // A body without the customer D always sends is refused before any I/O.
    let raw = r#"{"order":{"invoice_number":"INV-1","amount":1},"virtual_account_info":{"expired_time":60,"reusable_status":false}}"#;
    let errors = va_payment_code::RawRequest { body: raw }
        .validate()
        .unwrap_err();
    assert_eq!(
        errors.to_string(),
        "invalid request: 1 problem(s)\n  - `customer` is required"
    );
}
