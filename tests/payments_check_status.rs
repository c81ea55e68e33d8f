//! Check Status (`spec/payments/check_status.yaml`): its samples decode and round-trip, the
//! page's cut-off Alfa sample decodes as far as it goes, and a call against the stand-in is
//! signed with the sub-merchant's credentials over the path as DOKU's formula says.

use doku_partner::payments::CheckStatus;
use doku_partner::payments::check_status::{Request, TransactionStatus};
use doku_partner::runtime::mock::MockDoku;
use doku_partner::runtime::signature::Components;
use doku_partner::runtime::{Conformance, Endpoint, OrUnknown};
use doku_partner::{Client, Credentials, Environment};
use serde_json::Value;

/// A sub-merchant's own credentials (its brand ID and shared key), not a partner's.
const BRAND_ID: &str = "BRN-0104-1678960841263";
const SHARED_KEY: &str = "SK-brand-7Hq2nWx";

/// Rendering A of the page, stored byte for byte: it ends inside the Alfa sample.
const ALFA_CUT_OFF: &str =
    include_str!("../spec/payments/examples/check_status.online_to_offline_alfa.cut_off.txt");

#[test]
fn every_sample_decodes_round_trips_and_conforms() {
    assert!(!CheckStatus::EXAMPLES.is_empty());
    for (name, json) in CheckStatus::EXAMPLES {
        let typed: <CheckStatus as Endpoint>::Response = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("sample {name} does not decode: {e}"));
        let original: Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            original,
            "sample {name}"
        );
        assert!(
            typed.conformance().is_clean(),
            "{name}: {}",
            typed.conformance()
        );
    }
    let (_, va) = CheckStatus::EXAMPLES
        .iter()
        .find(|(n, _)| *n == "virtual_account_mandiri")
        .unwrap();
    let typed: <CheckStatus as Endpoint>::Response = serde_json::from_str(va).unwrap();
    assert_eq!(
        typed.transaction.status,
        OrUnknown::Known(TransactionStatus::Success)
    );
    assert_eq!(typed.channel.id, "VIRTUAL_ACCOUNT_BANK_MANDIRI");
    assert_eq!(typed.order.amount, 150000);
    let va_info = typed.virtual_account_info.as_ref().unwrap();
    assert_eq!(va_info.virtual_account_number, "8889940000000213");
    assert!(typed.online_to_offline_info.is_none());
}

/// The page's Alfa sample is cut off inside the third `identifier` element. Cut back to the
/// end of the last complete element and closed (`]}}`, nothing else added), it decodes with
/// no unknown key: every key the page shows is in the spec.
#[test]
fn the_cut_off_alfa_sample_decodes_as_far_as_the_page_goes() {
    assert!(ALFA_CUT_OFF.ends_with("\"val"), "stored as the page ends");
    let last_complete = ALFA_CUT_OFF.rfind('}').unwrap();
    let closed = format!("{}\n]\n}}\n}}", &ALFA_CUT_OFF[..=last_complete]);
    let typed: <CheckStatus as Endpoint>::Response =
        serde_json::from_str(&closed).unwrap_or_else(|e| panic!("{e}\n{closed}"));
    assert_eq!(
        serde_json::to_value(&typed).unwrap(),
        serde_json::from_str::<Value>(&closed).unwrap()
    );
    assert!(typed.conformance().is_clean(), "{}", typed.conformance());
    assert_eq!(typed.channel.id, "ONLINE_TO_OFFLINE_ALFA");
    let info = typed.online_to_offline_info.as_ref().unwrap();
    assert_eq!(info.created_date, "20211229093735");
    assert_eq!(info.reusable_status, "false");
    let payment = typed.online_to_offline_payment.as_ref().unwrap();
    assert_eq!(payment.identifier.len(), 2);
    assert_eq!(payment.identifier[1].name, "AGENT_STORE_ID");
}

#[tokio::test]
async fn a_call_is_signed_with_the_sub_merchants_key_over_the_path() {
    let mock = MockDoku::builder()
        .client(BRAND_ID, SHARED_KEY)
        .endpoint::<CheckStatus>()
        .start()
        .await
        .expect("the stand-in starts");
    let client = Client::builder(
        Credentials::new(BRAND_ID, SHARED_KEY),
        Environment::base_url(mock.base_url()),
    )
    .build()
    .unwrap();
    let reply = client
        .send(Request::new("INV-20210124-0001".parse().unwrap()))
        .await
        .unwrap();
    assert_eq!(reply.data.order.invoice_number, "INV-20210124-0001");

    let seen = &mock.requests()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/orders/v1/status/INV-20210124-0001");
    assert!(seen.body.is_empty());
    // DOKU's formula for a GET, computed here: four lines, no Digest.
    let ts = seen.header("Request-Timestamp").unwrap();
    Components::request(
        BRAND_ID,
        seen.header("Request-Id").unwrap(),
        ts,
        "/orders/v1/status/INV-20210124-0001",
        None,
    )
    .verify(&SHARED_KEY.into(), seen.header("Signature").unwrap())
    .unwrap();
}
