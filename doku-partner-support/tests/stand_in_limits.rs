//! The stand-in refuses what DOKU refuses at the door: a `Request-Id` over 128 characters
//! gets DOKU's envelope, not a success.

#![cfg(feature = "stand-in")]

use std::time::Duration;

use doku_partner_support::clock::{Clock, SystemClock, format_timestamp};
use doku_partner_support::stand_in::{StandIn, StandInRoute};
use doku_partner_support::{Components, HttpMethod, SecretKey};

const CLIENT: &str = "BRN-0001";
const KEY: &str = "SK-mock-limits";
const PATH: &str = "/adv-core-api/partner/v1.0/business/BRN-0001";

async fn get(mock: &StandIn, request_id: &str) -> (u16, String) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let ts = format_timestamp(SystemClock.now_unix());
    let signature =
        Components::request(CLIENT, request_id, &ts, PATH, None).sign(&SecretKey::new(KEY));
    let response = http
        .get(format!("{}{PATH}", mock.base_url()))
        .header("Client-Id", CLIENT)
        .header("Request-Id", request_id)
        .header("Request-Timestamp", &ts)
        .header("Signature", signature.as_str())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_request_id_over_128_characters_is_refused_with_dokus_envelope() {
    let mock = StandIn::builder()
        .client(CLIENT, KEY)
        .route(StandInRoute::new(
            HttpMethod::Get,
            "/adv-core-api/partner/v1.0/business/{client_id}",
            r#"{"message":["SUCCESS"]}"#,
        ))
        .start()
        .await
        .unwrap();
    let (status, _) = get(&mock, &"a".repeat(128)).await;
    assert_eq!(status, 200, "128 characters are allowed");
    for len in [129, 60 * 1024] {
        let (status, body) = get(&mock, &"b".repeat(len)).await;
        assert_eq!(status, 400, "{len}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["code"], "invalid_header_request", "{len}");
        assert_eq!(body["error"]["type"], "invalid_request_error");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("at most 128"),
            "{body}"
        );
    }
}
