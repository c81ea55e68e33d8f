//! The stand-in's admin API ([`PartnerStandInBuilder::admin_api`](super::PartnerStandInBuilder::admin_api),
//! what `doku-partner serve` runs): HTTP+JSON under [`ADMIN_PREFIX`], a path no DOKU path
//! starts with, answered before any door check (no signature, no token).
//!
//! | method and path | body | what it does |
//! |---|---|---|
//! | `GET /__stand-in/state` | | the clock, the registrations (brand and business IDs, `partner_ref_id`, KYB status and reason, `callback_url`; never shared keys nor personal data), counts, every callback attempt |
//! | `POST /__stand-in/clock/travel` | `{"seconds": 3600}` | moves the KYB clock forward (never back), then sends the callbacks due |
//! | `POST /__stand-in/faults` | `{"fault": "bad_gateway"}` | queues a fault for the next request that passes DOKU's checks ([`FAULT_NAMES`]) |
//! | `POST /__stand-in/callback-faults` | `{"fault": "drop"}` | loses the next KYB callback |
//! | `POST /__stand-in/businesses/{brand_id}/outcome` | `{"outcome": "reject", "reason": "..."}` | how that review ends: `approve`, `reject`, `revise` (with `reason`), `hold` |
//! | `POST /__stand-in/businesses/{brand_id}/callback` | | sends the decided status again, as a new callback (a new `Request-Id`) |
//! | `POST /__stand-in/callbacks/run` | | sends the callbacks due now (KYB callbacks and payment notifications) |
//! | `POST /__stand-in/businesses/{brand_id}/notification-url` | `{"url": "https://..."}` | the brand's Notification URL (DOKU's Back Office setting), where its payments are notified |
//! | `POST /__stand-in/payments/{invoice_number}/pay` | | marks that Checkout payment paid and sends DOKU's payment notification ([`payments`](super::payments)); answers its `Request-Id` and the merchant's answer; 404 unknown, 409 paid already |
//! | `POST /__stand-in/reset` | | forgets registrations, files, tokens, used Request-Ids, faults, recorded requests and callbacks; the clock back to now |
//!
//! Answers are JSON; an error is `{"error": "..."}` with 400 (a bad body), 404 (no such
//! route or brand), 405 (a wrong method) or 409 (nothing to call back yet).
//!
//! Clock travel moves the KYB reviews and the callback schedule only. The ±3600 s
//! `Request-Timestamp` check, token expiry and the callbacks' `Request-Timestamp` follow the
//! wall clock, as the partner's client and receiver do: a client in another language cannot
//! travel with the stand-in.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use doku_partner_support::__private::serde_json::{self, Value, json};

use super::{CallbackDue, KybOutcome, KybStatus, Review, Shared, lock};
use crate::support::clock::{Clock, format_timestamp};
use crate::support::stand_in::{
    CallbackAttempt, CallbackFault, CallbackOutcome, CallbackSender, Clients, ControlAnswer,
    ControlRequest, Fault, Refusal,
};

/// The path prefix of the admin API. DOKU's paths start with a name (`/adv-core-api`,
/// `/checkout`, ...), never with `_`.
pub const ADMIN_PREFIX: &str = "/__stand-in";

/// The faults `POST /__stand-in/faults` knows, by `fault` name: what each one does.
pub const FAULT_NAMES: [(&str, &str); 16] = [
    (
        "bad_gateway",
        "502 before DOKU's commit: nothing stored, the Request-Id unused",
    ),
    (
        "bad_gateway_after_commit",
        "502 after the commit: stored, the Request-Id used",
    ),
    (
        "commit_then_reset",
        "stored, then the connection closed without an answer",
    ),
    ("commit_then_hang", "stored, then no answer ever"),
    ("hang", "no answer ever, nothing stored"),
    ("delay", "answer normally after `millis` ms"),
    (
        "work_then_delay",
        "stored at once, answered after `millis` ms",
    ),
    (
        "status",
        "answer `status` with `body` (and `content_type`, default application/json)",
    ),
    (
        "error_envelope",
        "answer `status` (default 400) in the `error` envelope with `code` and `message`, for the endpoint serving `path`: refused when its spec does not declare that envelope",
    ),
    (
        "message_envelope",
        "answer `status` (default 400) in the `message` envelope with `message`, for the endpoint serving `path`: refused when its spec does not declare that envelope",
    ),
    (
        "idempotent_request",
        "400 idempotent_request, nothing stored",
    ),
    (
        "request_time_out_of_range",
        "400 request_time_out_of_range, nothing stored",
    ),
    ("truncated_json", "a signed answer cut in half"),
    ("wrong_signature", "the answer signed over other bytes"),
    ("unsigned", "the answer without Signature"),
    (
        "reset_mid_body",
        "half the answer, then the connection closed",
    ),
];

/// A clock that reads another clock plus an offset that only grows: the KYB clock of a stand-in
/// with an admin API.
#[derive(Debug)]
pub struct TravelClock {
    base: Arc<dyn Clock>,
    offset: AtomicI64,
}

impl TravelClock {
    /// `base`, not moved yet.
    pub fn new(base: Arc<dyn Clock>) -> Self {
        TravelClock {
            base,
            offset: AtomicI64::new(0),
        }
    }

    /// Moves it forward by `by`.
    pub fn travel(&self, by: Duration) {
        let secs = i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        let _ = self
            .offset
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
                Some(o.saturating_add(secs))
            });
    }

    /// How far ahead of its base clock it is, in seconds.
    pub fn offset_secs(&self) -> i64 {
        self.offset.load(Ordering::SeqCst)
    }

    fn back_to_base(&self) {
        self.offset.store(0, Ordering::SeqCst);
    }
}

impl Clock for TravelClock {
    fn now_unix(&self) -> i64 {
        self.base
            .now_unix()
            .saturating_add(self.offset.load(Ordering::SeqCst))
    }
}

/// What the admin API acts on.
pub(super) struct Admin {
    pub(super) state: Shared,
    pub(super) review: Review,
    pub(super) callbacks: Arc<CallbackSender>,
    pub(super) clients: Clients,
    pub(super) travel: Arc<TravelClock>,
}

fn answer(status: u16, body: Value) -> ControlAnswer {
    (status, body.to_string())
}

fn error(status: u16, message: impl Into<String>) -> ControlAnswer {
    answer(status, json!({ "error": message.into() }))
}

/// The JSON object of a request body, or the 400 to answer.
fn object(body: &[u8]) -> Result<Value, ControlAnswer> {
    match serde_json::from_slice::<Value>(body) {
        Ok(value) if value.is_object() => Ok(value),
        Ok(_) => Err(error(400, "the body must be a JSON object")),
        Err(e) => Err(error(400, format!("the body is not JSON: {e}"))),
    }
}

impl Admin {
    /// Answers one admin request.
    pub(super) async fn handle(&self, request: ControlRequest) -> ControlAnswer {
        let segments: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
        let post = request.method == "POST";
        let expected = match segments.as_slice() {
            ["state"] => "GET",
            ["businesses", _, "outcome" | "callback" | "notification-url"]
            | ["payments", _, "pay"]
            | ["clock", "travel"]
            | ["faults" | "callback-faults" | "reset"]
            | ["callbacks", "run"] => "POST",
            _ => {
                return error(
                    404,
                    format!(
                        "no admin route {:?}; routes: GET {ADMIN_PREFIX}/state, POST {ADMIN_PREFIX}/clock/travel, /faults, /callback-faults, /businesses/{{brand_id}}/outcome, /businesses/{{brand_id}}/callback, /businesses/{{brand_id}}/notification-url, /payments/{{invoice_number}}/pay, /callbacks/run, /reset",
                        request.path
                    ),
                );
            }
        };
        if request.method != expected {
            return error(405, format!("{} takes {expected}", request.path));
        }
        let body = if post && !request.body.is_empty() {
            match object(&request.body) {
                Ok(body) => body,
                Err(refused) => return refused,
            }
        } else {
            json!({})
        };
        match segments.as_slice() {
            ["state"] => answer(200, self.state_json(&request)),
            ["clock", "travel"] => self.travel(&body).await,
            ["faults"] => match fault(&body).and_then(|f| declared_envelope(&request, &body, f)) {
                Ok(fault) => {
                    request.mock.push_fault(fault);
                    answer(
                        200,
                        json!({ "faults_queued": request.mock.faults_queued() }),
                    )
                }
                Err(refused) => refused,
            },
            ["callback-faults"] => match body["fault"].as_str() {
                Some("drop") => {
                    self.callbacks.push_fault(CallbackFault::Drop);
                    answer(200, json!({ "queued": "drop" }))
                }
                _ => error(400, r#"`fault` must be "drop""#),
            },
            ["businesses", brand_id, "outcome"] => self.set_outcome(brand_id, &body).await,
            ["businesses", brand_id, "callback"] => self.call_back_again(brand_id).await,
            ["businesses", brand_id, "notification-url"] => {
                self.set_notification_url(brand_id, &body)
            }
            ["payments", invoice_number, "pay"] => self.pay(invoice_number).await,
            ["callbacks", "run"] => {
                let made = self.due().run().await;
                answer(200, json!({ "callback_attempts_made": made }))
            }
            _ => {
                // ["reset"]
                let brands: Vec<String> = lock(&self.state).businesses.keys().cloned().collect();
                for brand in &brands {
                    self.clients.remove(brand);
                }
                *lock(&self.state) = super::State::default();
                self.callbacks.reset();
                request.mock.reset();
                self.travel.back_to_base();
                answer(200, json!({ "reset": true }))
            }
        }
    }

    fn due(&self) -> CallbackDue {
        CallbackDue {
            state: Arc::clone(&self.state),
            review: self.review.clone(),
            callbacks: Arc::clone(&self.callbacks),
        }
    }

    fn state_json(&self, request: &ControlRequest) -> Value {
        let now = self.review.now();
        let review_secs = i64::try_from(self.review.config.review_time.as_secs()).unwrap_or(0);
        let state = lock(&self.state);
        let mut businesses: Vec<Value> = state
            .businesses
            .iter()
            .map(|(brand_id, registered)| {
                let kyb = registered.review.status(now, &self.review.config);
                let (status, reason) = status_words(&kyb);
                let sent = &registered.request["business"];
                json!({
                    "brand_id": brand_id,
                    "business_id": registered.business_id,
                    "partner_ref_id": sent["partner_ref_id"],
                    "kyb_status": status,
                    "reason": reason,
                    "registered_at": format_timestamp(registered.review.registered_at),
                    "decided_at": format_timestamp(registered.review.registered_at.saturating_add(review_secs)),
                    "callback_url": sent["callback_url"],
                })
            })
            .collect();
        businesses.sort_by(|a, b| a["business_id"].as_str().cmp(&b["business_id"].as_str()));
        let files = state.files.len();
        drop(state);
        let attempts: Vec<Value> = self
            .callbacks
            .attempts()
            .into_iter()
            .map(|a| attempt_json(&a))
            .collect();
        json!({
            "now": format_timestamp(now),
            "clock_offset_secs": self.travel.offset_secs(),
            "businesses": businesses,
            "files": files,
            "tokens_issued": request.mock.tokens_issued(),
            "requests_recorded": request.mock.requests_recorded(),
            "faults_queued": request.mock.faults_queued(),
            "callbacks_pending": self.callbacks.pending(),
            "payments": super::payments::state_json(&self.state),
            "notification_attempts": super::payments::attempts(&self.state)
                .into_iter()
                .map(|a| attempt_json(&a))
                .collect::<Vec<Value>>(),
            "callback_attempts": attempts,
        })
    }

    fn set_notification_url(&self, brand_id: &str, body: &Value) -> ControlAnswer {
        let Some(url) = body["url"].as_str().filter(|u| u.starts_with("http")) else {
            return error(
                400,
                "`url` must be the Notification URL (http:// or https://)",
            );
        };
        if super::payments::set_notification_url(&self.state, brand_id, url) {
            answer(
                200,
                json!({ "brand_id": brand_id, "notification_url": url }),
            )
        } else {
            error(404, format!("no registration with brand ID {brand_id:?}"))
        }
    }

    async fn pay(&self, invoice_number: &str) -> ControlAnswer {
        match super::payments::pay(&self.state, &self.review, invoice_number).await {
            Ok(paid) => answer(
                200,
                json!({
                    "client_id": paid.client_id,
                    "status": "SUCCESS",
                    "notification_request_id": paid.notification_request_id,
                    "notification_url": paid.notification_url,
                    "notification_outcome": paid.outcome.as_ref().map(outcome_json),
                }),
            ),
            Err(e @ super::payments::PayError::Unknown(_)) => error(404, e.to_string()),
            Err(e) => error(409, e.to_string()),
        }
    }

    async fn travel(&self, body: &Value) -> ControlAnswer {
        // A century at most: further is a typo, not a test.
        const MAX_SECONDS: u64 = 100 * 366 * 24 * 3600;
        let Some(seconds) = body["seconds"].as_u64().filter(|s| *s <= MAX_SECONDS) else {
            return error(
                400,
                "`seconds` must be a whole number of seconds from 0 (the clock never goes back) \
                 to 3162240000 (a century)",
            );
        };
        self.travel.travel(Duration::from_secs(seconds));
        let made = self.due().run().await;
        answer(
            200,
            json!({
                "now": format_timestamp(self.review.now()),
                "clock_offset_secs": self.travel.offset_secs(),
                "callback_attempts_made": made,
            }),
        )
    }

    async fn set_outcome(&self, brand_id: &str, body: &Value) -> ControlAnswer {
        let reason = body["reason"].as_str().map(str::to_owned);
        let outcome = match (body["outcome"].as_str(), reason) {
            (Some("approve"), _) => KybOutcome::Approve,
            (Some("hold"), _) => KybOutcome::Hold,
            (Some("reject"), Some(reason)) => KybOutcome::Reject(reason),
            (Some("revise"), Some(reason)) => KybOutcome::Revise(reason),
            (Some("reject" | "revise"), None) => {
                return error(400, "`reject` and `revise` need a `reason`");
            }
            _ => {
                return error(
                    400,
                    "`outcome` must be one of approve, reject, revise, hold",
                );
            }
        };
        match lock(&self.state).businesses.get_mut(brand_id) {
            Some(registered) => registered.review.outcome = outcome,
            None => return error(404, format!("no registration with brand ID {brand_id:?}")),
        }
        let made = self.due().run().await;
        answer(200, json!({ "callback_attempts_made": made }))
    }

    async fn call_back_again(&self, brand_id: &str) -> ControlAnswer {
        let now = self.review.now();
        {
            let mut state = lock(&self.state);
            let Some(registered) = state.businesses.get_mut(brand_id) else {
                return error(404, format!("no registration with brand ID {brand_id:?}"));
            };
            if registered.request["business"]["callback_url"]
                .as_str()
                .is_none()
            {
                return error(409, "this registration has no callback_url");
            }
            if registered.review.status(now, &self.review.config) == KybStatus::InReview {
                return error(409, "still in review: nothing to call back");
            }
            registered.called_back = None;
        }
        let made = self.due().run().await;
        answer(200, json!({ "callback_attempts_made": made }))
    }
}

/// One callback or notification attempt, as the state shows it.
fn attempt_json(a: &CallbackAttempt) -> Value {
    json!({
        "request_id": a.request_id,
        "url": a.url,
        "number": a.number,
        "at": format_timestamp(a.at),
        "offset_secs": a.offset_secs,
        "outcome": outcome_json(&a.outcome),
    })
}

fn outcome_json(outcome: &CallbackOutcome) -> Value {
    match outcome {
        CallbackOutcome::Answered(status) => json!({ "answered": status }),
        CallbackOutcome::Unreachable(why) => json!({ "unreachable": why }),
        CallbackOutcome::Dropped => json!("dropped"),
    }
}

/// A status as the admin API shows it: its name and reason.
fn status_words(status: &KybStatus) -> (&'static str, Option<&str>) {
    match status {
        KybStatus::InReview => ("in_review", None),
        KybStatus::Approved => ("approved", None),
        KybStatus::Rejected(reason) => ("rejected", Some(reason)),
        KybStatus::RevisionRequested(reason) => ("revision_requested", Some(reason)),
    }
}

/// The fault a `POST /faults` body names.
fn fault(body: &Value) -> Result<Fault, ControlAnswer> {
    let millis = || {
        body["millis"]
            .as_u64()
            .map(Duration::from_millis)
            .ok_or_else(|| error(400, "this fault needs `millis`, a whole number"))
    };
    Ok(match body["fault"].as_str().unwrap_or_default() {
        "bad_gateway" => Fault::bad_gateway(),
        "bad_gateway_after_commit" => Fault::bad_gateway_after_commit(),
        "commit_then_reset" => Fault::CommitThenReset,
        "commit_then_hang" => Fault::CommitThenHang,
        "hang" => Fault::Hang,
        "delay" => Fault::Delay(millis()?),
        "work_then_delay" => Fault::WorkThenDelay(millis()?),
        "status" => {
            let status = body["status"]
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..600).contains(s))
                .ok_or_else(|| error(400, "`status` must be an HTTP status (100 to 599)"))?;
            Fault::Status {
                status,
                content_type: body["content_type"]
                    .as_str()
                    .unwrap_or("application/json")
                    .to_owned(),
                body: body["body"].as_str().unwrap_or_default().to_owned(),
            }
        }
        "error_envelope" => Fault::error_envelope(
            envelope_status(body)?,
            body["code"].as_str().unwrap_or("invalid_request"),
            body["message"].as_str().unwrap_or("Invalid request"),
        ),
        "message_envelope" => Fault::business_refusal(
            envelope_status(body)?,
            &[body["message"]
                .as_str()
                .unwrap_or("PAYMENT CHANNEL IS INACTIVE")],
        ),
        "idempotent_request" => Fault::Refuse(Refusal::IdempotentRequest),
        "request_time_out_of_range" => Fault::Refuse(Refusal::RequestTimeOutOfRange),
        "truncated_json" => Fault::TruncatedJson,
        "wrong_signature" => Fault::WrongSignature,
        "unsigned" => Fault::Unsigned,
        "reset_mid_body" => Fault::ResetMidBody,
        other => {
            let known: Vec<&str> = FAULT_NAMES.iter().map(|(name, _)| *name).collect();
            return Err(error(
                400,
                format!("unknown fault {other:?}; known: {}", known.join(", ")),
            ));
        }
    })
}

/// An envelope fault's `status`: 400 unless given, an error status.
fn envelope_status(body: &Value) -> Result<u16, ControlAnswer> {
    match body.get("status") {
        None => Ok(400),
        Some(s) => s
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .filter(|s| (400..600).contains(s))
            .ok_or_else(|| {
                error(
                    400,
                    "`status` of an envelope must be an error status (400 to 599)",
                )
            }),
    }
}

/// An envelope fault (`error_envelope`, `message_envelope`) is for the endpoint serving
/// `path`, and refused when its spec does not declare that envelope (DOKU would not answer
/// it there); any other fault passes.
fn declared_envelope(
    request: &ControlRequest,
    body: &Value,
    fault: Fault,
) -> Result<Fault, ControlAnswer> {
    let form = match body["fault"].as_str() {
        Some("error_envelope") => crate::support::error::EnvelopeForm::Error,
        Some("message_envelope") => crate::support::error::EnvelopeForm::Message,
        _ => return Ok(fault),
    };
    let Some(path) = body["path"].as_str() else {
        return Err(error(
            400,
            "an envelope fault needs `path`: the endpoint's path, to check that its spec declares the envelope",
        ));
    };
    let Some(declared) = request.mock.error_envelopes_at(path) else {
        return Err(error(404, format!("no endpoint serves {path:?}")));
    };
    if !declared.is_empty() && !declared.contains(&form) {
        return Err(error(
            409,
            format!(
                "the endpoint at {path:?} does not answer the `{}` envelope: its spec declares {}",
                form.spec_name(),
                crate::support::error::EnvelopeForm::list(declared)
            ),
        ));
    }
    Ok(fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_name_is_known_and_no_spec_path_starts_with_the_prefix() {
        for (name, _) in FAULT_NAMES {
            let body = json!({"fault": name, "millis": 5, "status": 503});
            assert!(fault(&body).is_ok(), "{name}");
        }
        assert!(fault(&json!({"fault": "nope"})).is_err());
        use crate::endpoints::{
            BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken,
            GetBusinessData, UploadFile,
        };
        use crate::support::Endpoint;
        for path in [
            BusinessRegistration::PATH_TEMPLATE,
            CheckRequirements::PATH_TEMPLATE,
            CreateBusinessLite::PATH_TEMPLATE,
            GenerateToken::PATH_TEMPLATE,
            GetBusinessData::PATH_TEMPLATE,
            UploadFile::PATH_TEMPLATE,
        ] {
            assert!(!path.starts_with(ADMIN_PREFIX), "{path}");
        }
    }

    #[test]
    fn the_travel_clock_only_moves_forward_from_its_base() {
        let base = Arc::new(crate::support::clock::ManualClock::new(1_000));
        let clock = TravelClock::new(base.clone());
        clock.travel(Duration::from_secs(3600));
        assert_eq!(clock.now_unix(), 4_600);
        base.advance(Duration::from_secs(1));
        assert_eq!(clock.now_unix(), 4_601);
        clock.back_to_base();
        assert_eq!(clock.now_unix(), 1_001);
    }
}
