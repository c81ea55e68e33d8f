//! `doku-partner serve` end to end over 127.0.0.1, as a client in another language uses it:
//! a request signed by DOKU's own formula (computed here with hmac/sha2/base64, not the
//! runtime's signer) is accepted and the same request with any one byte of its body changed is
//! refused; the admin API's clock travel decides a registration and its signed callback
//! reaches a real receiver (the runtime's inbound `Receiver`), re-delivered at DOKU's offsets;
//! faults apply to the next request; reset forgets registrations, Request-Ids and tokens.

mod common;

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use doku_partner::endpoints::{business_registration, get_business_data};
use doku_partner::{Client, Credentials, Environment};
use doku_partner_support::clock::{Clock, SystemClock, format_timestamp};
use doku_partner_support::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner_support::json::Json;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CLIENT_ID: &str = "BRN-0001-10791114622560";
const KEY: &str = "SK-serve-test-7b2c";
const TOKEN_PATH: &str = "/adv-core-api/partner/v1.0/token";
const CALLBACK_PATH: &str = "/doku/kyb";
const HOUR: u64 = 3600;

/// The running command, killed (by its own id) when dropped.
struct Serving {
    base: String,
    http: reqwest::Client,
    _process: common::Serving,
}

fn serve() -> Serving {
    let process = common::serve(&[], CLIENT_ID, KEY);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Serving {
        base: process.base.clone(),
        http,
        _process: process,
    }
}

/// DOKU's Non-SNAP request signature, from the reference page: HMAC-SHA256 over
/// `Client-Id:..\nRequest-Id:..\nRequest-Timestamp:..\nRequest-Target:..` and, with a body,
/// `\nDigest:base64(SHA-256(body))`; `HMACSHA256=` + base64.
fn doku_signature(
    client_id: &str,
    request_id: &str,
    timestamp: &str,
    target: &str,
    body: Option<&[u8]>,
    key: &str,
) -> String {
    let mut component = format!(
        "Client-Id:{client_id}\nRequest-Id:{request_id}\nRequest-Timestamp:{timestamp}\nRequest-Target:{target}"
    );
    if let Some(body) = body {
        component.push_str("\nDigest:");
        component.push_str(&STANDARD.encode(Sha256::digest(body)));
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(component.as_bytes());
    format!(
        "HMACSHA256={}",
        STANDARD.encode(mac.finalize().into_bytes())
    )
}

impl Serving {
    /// POSTs `body` to `path`, signed over `signed_body` by DOKU's formula as `CLIENT_ID`.
    async fn post_signed(
        &self,
        path: &str,
        request_id: &str,
        body: &[u8],
        signed_body: &[u8],
    ) -> (u16, Value) {
        let timestamp = format_timestamp(SystemClock.now_unix());
        let signature = doku_signature(
            CLIENT_ID,
            request_id,
            &timestamp,
            path,
            Some(signed_body),
            KEY,
        );
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Client-Id", CLIENT_ID)
            .header("Request-Id", request_id)
            .header("Request-Timestamp", &timestamp)
            .header("Signature", signature)
            .header("Content-Type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// GETs `path` signed by DOKU's formula (four lines) as `client_id` with `key`.
    async fn get_signed(&self, path: &str, client_id: &str, key: &str) -> (u16, Value) {
        let timestamp = format_timestamp(SystemClock.now_unix());
        let request_id = uuid();
        let signature = doku_signature(client_id, &request_id, &timestamp, path, None, key);
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("Client-Id", client_id)
            .header("Request-Id", request_id)
            .header("Request-Timestamp", &timestamp)
            .header("Signature", signature)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, json_of(response).await)
    }

    async fn admin(&self, method: &str, path: &str, body: Value) -> (u16, Value) {
        let url = format!("{}/__stand-in{path}", self.base);
        let request = match method {
            "GET" => self.http.get(url),
            _ => self.http.post(url).body(body.to_string()),
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, json_of(response).await)
    }

    async fn travel(&self, seconds: u64) {
        let (status, body) = self
            .admin("POST", "/clock/travel", json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, 200, "{body}");
    }

    async fn state(&self) -> Value {
        let (status, state) = self.admin("GET", "/state", Value::Null).await;
        assert_eq!(status, 200, "{state}");
        state
    }

    fn client(&self) -> Client {
        Client::builder(
            Credentials::new(CLIENT_ID, KEY),
            Environment::base_url(self.base.clone()),
        )
        .build()
        .unwrap()
    }
}

/// The body as JSON (`Null` when it is not).
async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null)
}

fn uuid() -> String {
    doku_partner_support::clock::RequestId::new_v4()
        .as_str()
        .to_owned()
}

#[test]
fn the_formula_here_gives_dokus_known_answer() {
    let body = br#"{"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"expired_time":60,"reusable_status":false,"info1":"Merchant Demo Store"},"customer":{"name":"Taufik Ismail","email":"taufik@example.com"}}"#;
    assert_eq!(
        doku_signature(
            "MCH-0001-10791114622547",
            "cc682442-6c22-493e-8121-b9ef6b3fa728",
            "2020-08-11T08:45:42Z",
            "/doku-virtual-account/v2/payment-code",
            Some(body),
            "SK-hCJ42G28TA0MKG9LE2E_1",
        ),
        "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4="
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_signed_by_dokus_formula_is_accepted_and_one_changed_byte_is_refused() {
    let s = serve();
    let body = br#"{"grant_type":"client_credentials","valid_time":"360"}"#;
    // Each byte of the body changed in turn, signed over the original: refused at the
    // signature, before the body is looked at, and nothing is consumed.
    let request_id = uuid();
    for i in 0..body.len() {
        let mut changed = body.to_vec();
        changed[i] = if changed[i] == b'x' { b'y' } else { b'x' };
        let (status, answer) = s.post_signed(TOKEN_PATH, &request_id, &changed, body).await;
        assert_eq!(status, 401, "byte {i}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_signature", "byte {i}");
    }
    // Signed with another key: refused too.
    let timestamp = format_timestamp(SystemClock.now_unix());
    let forged = doku_signature(
        CLIENT_ID,
        &request_id,
        &timestamp,
        TOKEN_PATH,
        Some(body),
        "SK-serve-test-7b2d",
    );
    let response = s
        .http
        .post(format!("{}{TOKEN_PATH}", s.base))
        .header("Client-Id", CLIENT_ID)
        .header("Request-Id", &request_id)
        .header("Request-Timestamp", &timestamp)
        .header("Signature", forged)
        .header("Content-Type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // The request as signed, with the same Request-Id: accepted, a token issued.
    let (status, answer) = s.post_signed(TOKEN_PATH, &request_id, body, body).await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer["token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(s.state().await["tokens_issued"], 1);
}

/// What the partner's receiver accepted: (Request-Id, body) per call, after failing the first
/// `fail_first` (answered 500).
#[derive(Default)]
struct Seen {
    calls: Mutex<Vec<(String, Value)>>,
    fail_first: usize,
}

struct Recorder(Arc<Seen>);

impl Handler<Json> for Recorder {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        let body: Value = serde_json::from_slice(event.raw())?;
        let mut calls = self.0.calls.lock().unwrap();
        calls.push((event.request_id().to_owned(), body));
        if calls.len() <= self.0.fail_first {
            return Err("the partner's database is down".into());
        }
        Ok(())
    }
}

/// The partner's callback endpoint: the runtime's receiver (wall clock, the partner's key) on
/// 127.0.0.1; its URL.
async fn receiver(seen: Arc<Seen>) -> String {
    let receiver = Receiver::builder(CALLBACK_PATH)
        .key(KEY)
        .client_id(CLIENT_ID)
        .build()
        .unwrap();
    let app = doku_partner_support::inbound::axum::route::<Json, _, _>(
        Arc::new(receiver),
        Arc::new(Recorder(seen)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{CALLBACK_PATH}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

/// Business Registration of `name` with `callback_url` through the typed client; the brand ID.
async fn register(client: &Client, name: &str, callback_url: &str) -> String {
    let body = json!({
        "business": {
            "type": "PERSONAL",
            "callback_url": callback_url,
            "legal_entity": "PERSEORANGAN",
            "name": name,
            "description": "serve test",
            "email": "ani@example.com",
            "phone_calling_code": "62",
            "phone_number": "81234567890",
            "website_readiness": "DONT_HAVE",
            "mobile_app_readiness": "DONT_HAVE",
            "brands": [{
                "name": name,
                "description": "serve test",
                "category": "NON_RETAIL",
                "transaction_frequency": "UMI",
                "transaction_quantity": "UP_TO_100",
                "social_media": [],
                "photo_proofs": []
            }],
            "addresses": [{
                "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
                "country": "ID",
                "name": "Jalan Gatot Subroto No 20",
                "primary": true
            }],
            "contacts": [{"name": name}]
        }
    })
    .to_string();
    let request = business_registration::RawRequest { body: &body }
        .validate()
        .unwrap();
    let reply = client.send(request).await.unwrap();
    let business = reply.data.extra.get("business").unwrap().value();
    business["brands"][0]["id"].as_str().unwrap().to_owned()
}

async fn status_shown(client: &Client, brand_id: &str) -> (String, bool) {
    let data = client
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .unwrap()
        .data;
    (data.status.clone(), data.rejected)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clock_travel_approves_a_registration_and_its_callback_reaches_the_receiver() {
    let s = serve();
    let seen = Arc::new(Seen::default());
    let url = receiver(Arc::clone(&seen)).await;
    let client = s.client();
    let brand_id = register(&client, "Toko Serve", &url).await;
    assert_eq!(
        status_shown(&client, &brand_id).await,
        ("UPDATING".to_owned(), false)
    );
    let state = s.state().await;
    assert_eq!(state["businesses"][0]["brand_id"], brand_id.as_str());
    assert_eq!(state["businesses"][0]["kyb_status"], "in_review");
    // Nothing personal nor secret in the state.
    let shown = state.to_string();
    for hidden in ["81234567890", "ani@example.com", "SK-"] {
        assert!(!shown.contains(hidden), "{hidden} in {shown}");
    }

    s.travel(HOUR - 1).await;
    assert!(seen.calls.lock().unwrap().is_empty());
    s.travel(1).await;
    // The travel answers once the callback due was sent (and verified by the receiver).
    let calls = seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].1["status"], "APPROVED");
    assert_eq!(calls[0].1["brands"][0]["id"], brand_id.as_str());
    assert_eq!(
        status_shown(&client, &brand_id).await,
        ("APPROVED".to_owned(), false)
    );
    let state = s.state().await;
    assert_eq!(state["businesses"][0]["kyb_status"], "approved");
    assert_eq!(state["callback_attempts"][0]["outcome"]["answered"], 200);

    // A rejection chosen through the admin API is a new callback with its reason's status.
    let (status, answer) = s
        .admin(
            "POST",
            &format!("/businesses/{brand_id}/outcome"),
            json!({"outcome": "reject", "reason": "KTP unreadable"}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let calls = seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(calls[1].1["status"], "REJECTED");
    assert_ne!(calls[0].0, calls[1].0);
    assert_eq!(s.state().await["businesses"][0]["reason"], "KTP unreadable");
    // Triggered again: the same status, a new Request-Id.
    let (status, _) = s
        .admin(
            "POST",
            &format!("/businesses/{brand_id}/callback"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    let calls = seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(calls[2].1["status"], "REJECTED");
    assert_ne!(calls[1].0, calls[2].0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_callback_comes_again_at_dokus_offsets_through_clock_travel() {
    let s = serve();
    let seen = Arc::new(Seen {
        fail_first: 3,
        ..Seen::default()
    });
    let url = receiver(Arc::clone(&seen)).await;
    let brand_id = register(&s.client(), "Toko Ulang", &url).await;
    s.travel(HOUR).await;
    let count = || seen.calls.lock().unwrap().len();
    assert_eq!(count(), 1);
    // Just before each re-delivery nothing comes; at it, one attempt.
    for (before, expected) in [(30 * 60, 2), (6 * HOUR, 3), (12 * HOUR, 4)] {
        let since_first = s.state().await["clock_offset_secs"].as_u64().unwrap() - HOUR;
        s.travel(before - since_first - 1).await;
        assert_eq!(count(), expected - 1, "before +{before} s");
        s.travel(1).await;
        assert_eq!(count(), expected, "at +{before} s");
    }
    s.travel(24 * HOUR).await;
    let calls = seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 4, "given up after the 4th");
    assert!(calls.iter().all(|(id, _)| *id == calls[0].0));
    let attempts = s.state().await["callback_attempts"].clone();
    let offsets: Vec<u64> = attempts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["offset_secs"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [0, 30 * 60, 6 * HOUR, 12 * HOUR]);
    let outcomes: Vec<&Value> = attempts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["outcome"]["answered"])
        .collect();
    assert_eq!(
        outcomes,
        [&json!(500), &json!(500), &json!(500), &json!(200)]
    );
    assert_eq!(calls[3].1["brands"][0]["id"], brand_id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_apply_to_the_next_request_and_reset_forgets_everything() {
    let s = serve();
    let body = br#"{"grant_type":"client_credentials"}"#;

    // 502 before the commit: nothing done, the same Request-Id then succeeds.
    let (status, answer) = s
        .admin("POST", "/faults", json!({"fault": "bad_gateway"}))
        .await;
    assert_eq!((status, &answer["faults_queued"]), (200, &json!(1)));
    let id = uuid();
    assert_eq!(s.post_signed(TOKEN_PATH, &id, body, body).await.0, 502);
    assert_eq!(s.post_signed(TOKEN_PATH, &id, body, body).await.0, 200);
    assert_eq!(s.post_signed(TOKEN_PATH, &id, body, body).await.0, 400);
    // DOKU's refusal on demand.
    s.admin(
        "POST",
        "/faults",
        json!({"fault": "request_time_out_of_range"}),
    )
    .await;
    let (status, answer) = s.post_signed(TOKEN_PATH, &uuid(), body, body).await;
    assert_eq!(status, 400);
    assert_eq!(answer["error"]["code"], "request_time_out_of_range");
    // A refused request does not consume a fault.
    s.admin(
        "POST",
        "/faults",
        json!({"fault": "bad_gateway_after_commit"}),
    )
    .await;
    assert_eq!(s.post_signed(TOKEN_PATH, &uuid(), b"{}", body).await.0, 401);
    let id = uuid();
    assert_eq!(s.post_signed(TOKEN_PATH, &id, body, body).await.0, 502);
    // After the commit: the Request-Id is used.
    let (status, answer) = s.post_signed(TOKEN_PATH, &id, body, body).await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (400, &json!("idempotent_request"))
    );
    // Unknown faults and bad bodies are refused with what exists.
    let (status, answer) = s.admin("POST", "/faults", json!({"fault": "nope"})).await;
    assert_eq!(status, 400);
    assert!(answer["error"].as_str().unwrap().contains("bad_gateway"));
    for seconds in [json!(-5), json!(1.5), json!(10_000_000_000u64), json!("60")] {
        let (status, _) = s
            .admin("POST", "/clock/travel", json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, 400, "{seconds}");
    }
    assert_eq!(s.admin("GET", "/reset", Value::Null).await.0, 405);

    // A registration; the brand signs with its shared key as a client of its own.
    let client = s.client();
    let brand_id = register(&client, "Toko Hapus", "http://127.0.0.1:9/unused").await;
    let shared_key = client
        .send(get_business_data::Request::new(
            brand_id.parse().unwrap(),
            get_business_data::Query::Personal,
        ))
        .await
        .unwrap()
        .data
        .brands[0]
        .shared_key
        .expose_secret()
        .to_owned();
    let brand_path = format!("/adv-core-api/partner/v1.0/business/{brand_id}");
    assert_eq!(
        s.get_signed(&brand_path, &brand_id, &shared_key).await.0,
        200
    );
    s.travel(2 * HOUR).await;
    s.admin("POST", "/faults", json!({"fault": "hang"})).await;

    let (status, _) = s.admin("POST", "/reset", json!({})).await;
    assert_eq!(status, 200);
    let state = s.state().await;
    assert_eq!(state["businesses"], json!([]));
    assert_eq!(state["tokens_issued"], 0);
    assert_eq!(state["faults_queued"], 0);
    assert_eq!(state["clock_offset_secs"], 0);
    assert_eq!(state["callback_attempts"], json!([]));
    assert_eq!(state["requests_recorded"], 0);
    // The brand is no longer a client; the Request-Id used before is free again.
    let (status, answer) = s.get_signed(&brand_path, &brand_id, &shared_key).await;
    assert_eq!(
        (status, &answer["error"]["code"]),
        (401, &json!("invalid_client_id"))
    );
    assert_eq!(s.post_signed(TOKEN_PATH, &id, body, body).await.0, 200);
}
