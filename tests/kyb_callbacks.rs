//! The stand-in's signed KYB callback, received over 127.0.0.1 by the runtime's inbound
//! `Receiver` (its axum route) as the partner's `callback_url`: every delivered callback passes
//! the receiver's verification, re-deliveries after a non-2xx come exactly at DOKU's +30 min,
//! +6 h and +12 h on the stand-in's clock with the same `Request-Id`, and a dropped callback is
//! never delivered while Get Business Data shows the decision.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use doku_partner::endpoints::business_registration;
use doku_partner::endpoints::create_business_lite::{self, body as lite};
use doku_partner::endpoints::get_business_data;
use doku_partner::stand_in::{KybConfig, PartnerStandIn};
use doku_partner::support::clock::{Clock, ManualClock};
use doku_partner::support::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner::support::json::Json;
use doku_partner::support::stand_in::{CallbackFault, CallbackOutcome};
use doku_partner::{Client, Credentials, Environment};
use serde_json::{Value, json};

const CLIENT_ID: &str = "BRN-0001-10791114622550";
const SECRET: &str = "SK-kyb-callbacks";
const START: i64 = 1_765_000_000;
const HOUR: i64 = 3600;
const CALLBACK_PATH: &str = "/doku/kyb";

/// What the partner's handler saw: (stand-in clock, Request-Id, body) per call, and how many
/// calls to fail (answered 500 by the receiver) before succeeding.
#[derive(Default)]
struct Seen {
    calls: Mutex<Vec<(i64, String, Value)>>,
    fail_first: usize,
    succeeded: Mutex<usize>,
    clock: ManualClock,
}

struct KybHandler(Arc<Seen>);

impl Handler<Json> for KybHandler {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        let body: Value = serde_json::from_slice(event.raw())?;
        let mut calls = self.0.calls.lock().unwrap();
        calls.push((self.0.clock.now_unix(), event.request_id().to_owned(), body));
        if calls.len() <= self.0.fail_first {
            return Err("the partner's database is down".into());
        }
        *self.0.succeeded.lock().unwrap() += 1;
        Ok(())
    }
}

struct Setup {
    clock: ManualClock,
    stand_in: PartnerStandIn,
    client: Client,
    seen: Arc<Seen>,
    callback_url: String,
}

/// A stand-in on a manual clock and the partner's endpoint: the receiver's axum route on
/// 127.0.0.1, verifying with `receiver_key`, on the same clock.
async fn setup(fail_first: usize, receiver_key: &str) -> Setup {
    setup_with(fail_first, receiver_key, None).await
}

/// [`setup`], with the stand-in's background delivery every `interval` when given.
async fn setup_with(fail_first: usize, receiver_key: &str, interval: Option<Duration>) -> Setup {
    let clock = ManualClock::new(START);
    let mut builder = PartnerStandIn::builder(CLIENT_ID, SECRET)
        .clock(Arc::new(clock.clone()))
        .kyb(KybConfig::default());
    if let Some(interval) = interval {
        builder = builder.deliver_callbacks_every(interval);
    }
    let stand_in = builder.start().await.unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .clock(Arc::new(clock.clone()))
    .build()
    .unwrap();
    let seen = Arc::new(Seen {
        fail_first,
        clock: clock.clone(),
        ..Seen::default()
    });
    let receiver = Receiver::builder(CALLBACK_PATH)
        .key(receiver_key)
        .client_id(CLIENT_ID)
        .clock(clock.clone())
        .build()
        .unwrap();
    let app = doku_partner::support::inbound::axum::route::<Json, _, _>(
        Arc::new(receiver),
        Arc::new(KybHandler(Arc::clone(&seen))),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let callback_url = format!("http://{}{CALLBACK_PATH}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Setup {
        clock,
        stand_in,
        client,
        seen,
        callback_url,
    }
}

impl Setup {
    /// Business Registration of `name` with `callback_url`; the brand ID and business ID.
    async fn register(&self, name: &str) -> (String, String) {
        let body = json!({
            "business": {
                "type": "PERSONAL",
                "callback_url": self.callback_url,
                "legal_entity": "PERSEORANGAN",
                "name": name,
                "description": "Callback test",
                "email": "ani@example.com",
                "phone_calling_code": "62",
                "phone_number": "81234567890",
                "website_readiness": "DONT_HAVE",
                "mobile_app_readiness": "DONT_HAVE",
                "brands": [{
                    "name": name,
                    "description": "Callback test",
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
        let reply = self.client.send(request).await.unwrap();
        let business = reply.data.extra.get("business").unwrap().value();
        (
            business["brands"][0]["id"].as_str().unwrap().to_owned(),
            business["id"].as_str().unwrap().to_owned(),
        )
    }

    /// Steps the clock one second at a time for `hours`, sending what is due at each second.
    async fn run_for(&self, hours: i64) {
        for _ in 0..hours * HOUR {
            self.clock.advance(Duration::from_secs(1));
            self.stand_in.run_due_callbacks().await;
        }
    }

    async fn status_shown(&self, brand_id: &str) -> (String, bool) {
        let data = self
            .client
            .send(get_business_data::Request::new(
                brand_id.parse().unwrap(),
                get_business_data::Query::Personal,
            ))
            .await
            .unwrap()
            .data;
        (data.status.clone(), data.rejected)
    }
}

#[tokio::test]
async fn a_refused_callback_is_redelivered_at_dokus_offsets_with_the_same_request_id() {
    let s = setup(3, SECRET).await;
    let (brand_id, business_id) = s.register("Toko Lolos").await;
    s.run_for(14).await;

    let calls = s.seen.calls.lock().unwrap().clone();
    // Every attempt reached the handler, so every one passed the receiver's verification.
    assert_eq!(calls.len(), 4, "{calls:?}");
    let first = calls[0].0;
    assert_eq!(first, START + HOUR, "sent when the 1 h review is decided");
    let offsets: Vec<i64> = calls.iter().map(|(at, _, _)| at - first).collect();
    assert_eq!(offsets, [0, 30 * 60, 6 * HOUR, 12 * HOUR]);
    assert!(calls.iter().all(|(_, id, _)| *id == calls[0].1));
    assert_eq!(*s.seen.succeeded.lock().unwrap(), 1, "handled once");

    // The body: the business as Get Business Data shows it once approved.
    let body = &calls[3].2;
    assert_eq!(body["id"], business_id.as_str());
    assert_eq!(body["status"], "APPROVED");
    assert_eq!(body["rejected"], false);
    assert_eq!(body["brands"][0]["id"], brand_id.as_str());
    assert_eq!(body["brands"][0]["status"], "APPROVED");
    assert_eq!(
        s.status_shown(&brand_id).await,
        ("APPROVED".to_owned(), false)
    );

    let attempts = s.stand_in.callback_attempts();
    let seen: Vec<(u8, i64, &CallbackOutcome)> = attempts
        .iter()
        .map(|a| (a.number, a.offset_secs, &a.outcome))
        .collect();
    assert_eq!(
        seen,
        [
            (1, 0, &CallbackOutcome::Answered(500)),
            (2, 30 * 60, &CallbackOutcome::Answered(500)),
            (3, 6 * HOUR, &CallbackOutcome::Answered(500)),
            (4, 12 * HOUR, &CallbackOutcome::Answered(200)),
        ]
    );
    assert!(attempts.iter().all(|a| a.request_id == calls[0].1));
    assert_eq!(attempts[0].at, START + HOUR);
}

#[tokio::test]
async fn an_accepted_callback_is_sent_once_and_a_registration_without_url_gets_none() {
    let s = setup(0, SECRET).await;
    let (brand_id, _) = s.register("Toko Sekali").await;
    // Create Business Lite has no callback_url: decided too, but nothing is sent for it.
    let lite = lite::Body::new(
        lite::Business::new(
            "ref-lite",
            "Toko Lite",
            lite::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
        ),
        lite::InvitedUser::new("ani@example.com"),
    );
    s.client
        .send(create_business_lite::Request::from(lite))
        .await
        .unwrap();
    s.run_for(14).await;
    let calls = s.seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].2["brands"][0]["id"], brand_id.as_str());
    let attempts = s.stand_in.callback_attempts();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].outcome, CallbackOutcome::Answered(200));
}

#[tokio::test]
async fn a_receiver_with_another_key_refuses_every_attempt() {
    let s = setup(0, "SK-not-the-partners-key").await;
    s.register("Toko Kunci Salah").await;
    s.run_for(14).await;
    assert!(s.seen.calls.lock().unwrap().is_empty());
    let outcomes: Vec<CallbackOutcome> = s
        .stand_in
        .callback_attempts()
        .into_iter()
        .map(|a| a.outcome)
        .collect();
    assert_eq!(outcomes, vec![CallbackOutcome::Answered(401); 4]);
}

#[tokio::test]
async fn a_dropped_callback_is_never_delivered_and_polling_shows_the_decision() {
    let s = setup(0, SECRET).await;
    s.stand_in.push_callback_fault(CallbackFault::Drop);
    let (brand_id, _) = s.register("Toko Hilang KYB-REJECT").await;
    s.run_for(14).await;
    assert!(s.seen.calls.lock().unwrap().is_empty());
    let attempts = s.stand_in.callback_attempts();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].outcome, CallbackOutcome::Dropped);
    assert_eq!(attempts[0].at, START + HOUR);
    // Reconcile by polling.
    assert_eq!(
        s.status_shown(&brand_id).await,
        ("REJECTED".to_owned(), true)
    );
}

#[tokio::test]
async fn a_changed_decision_is_a_new_callback_with_a_new_request_id() {
    let s = setup(0, SECRET).await;
    let (brand_id, _) = s.register("Toko Berubah").await;
    s.run_for(2).await;
    assert!(s.stand_in.set_kyb_outcome(
        &brand_id,
        doku_partner::stand_in::KybOutcome::Reject("documents expired".to_owned())
    ));
    s.run_for(1).await;
    let calls = s.seen.calls.lock().unwrap().clone();
    let shown: Vec<(i64, &Value)> = calls
        .iter()
        .map(|(at, _, body)| (at - START, &body["status"]))
        .collect();
    assert_eq!(
        shown,
        [
            (HOUR, &json!("APPROVED")),
            (2 * HOUR + 1, &json!("REJECTED"))
        ]
    );
    assert_ne!(calls[0].1, calls[1].1);
    assert_eq!(*s.seen.succeeded.lock().unwrap(), 2);
}

#[tokio::test]
async fn the_background_task_delivers_once_the_clock_passes_the_decision() {
    let s = setup_with(0, SECRET, Some(Duration::from_millis(5))).await;
    s.register("Toko Latar").await;
    // In review: nothing is sent however long the task runs.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(s.seen.calls.lock().unwrap().is_empty());
    s.clock.advance(Duration::from_secs(3600));
    // Real time for the task to notice (it looks every 5 ms); generous for a loaded machine.
    for _ in 0..500 {
        if !s.seen.calls.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let calls = s.seen.calls.lock().unwrap().clone();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].0, START + HOUR);
    assert_eq!(calls[0].2["status"], "APPROVED");
}
