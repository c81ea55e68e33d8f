//! A raw POST to the stand-in, signed correctly with DOKU's Non-SNAP signature (the library's
//! `Components`), so that only the body can be what the stand-in refuses: for tests of the
//! stand-in's body check, which the typed client would never let a bad body reach.

use doku_partner::SecretKey;
use doku_partner::support::clock::{Clock, SystemClock, format_timestamp};
use doku_partner::support::signature::Components;
use doku_partner::support::stand_in::StandIn;
use serde_json::Value;

/// POSTs `body` (JSON) to `path` signed as `client_id` with `key`, under a fresh Request-Id;
/// the status and the parsed answer.
pub async fn post_signed(
    stand_in: &StandIn,
    (client_id, key): (&str, &str),
    path: &str,
    body: &str,
) -> (u16, Value) {
    let timestamp = format_timestamp(SystemClock.now_unix());
    let request_id = doku_partner::support::clock::RequestId::new_v4().to_string();
    let signature = Components::request(
        client_id,
        &request_id,
        &timestamp,
        path,
        Some(body.as_bytes()),
    )
    .sign(&SecretKey::new(key));
    let response = reqwest::Client::new()
        .post(format!("{}{path}", stand_in.base_url()))
        .header("Client-Id", client_id)
        .header("Request-Id", request_id)
        .header("Request-Timestamp", timestamp)
        .header("Signature", signature.as_str())
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap(),
    )
}
