//! The callbacks a stand-in sends to the partner (the KYB result to a registration's
//! `business.callback_url`), signed as DOKU signs its notifications and re-delivered on DOKU's
//! schedule, on the stand-in's clock.
//!
//! - Signed with the partner's Client-Id and secret key: [`Components::request`] over
//!   `Client-Id`, a fresh `Request-Id`, `Request-Timestamp`, `Request-Target` = the **path** of
//!   the callback URL (DOKU's Best Practice page: the path of the Notification URL), and the
//!   `Digest` of the body bytes; sent with `Content-Type: application/json`.
//! - A callback is first attempted when [`CallbackSender::run_due`] runs at or after the time
//!   it was [scheduled](CallbackSender::schedule). When the answer is not a 2xx (or there is
//!   none: connection refused, timeout after [`ATTEMPT_TIMEOUT`] of real time), it is
//!   re-delivered [`REDELIVERY_AFTER`] the first attempt (30 min, 6 h, 12 h: DOKU's "Retry
//!   Notification" page), each by the first `run_due` at or after its due time, then given up.
//! - A re-delivery sends the first attempt's bytes again: the same `Request-Id`,
//!   `Request-Timestamp`, `Signature` and body. DOKU does not say whether it re-signs a retry
//!   with a new timestamp; the same request is the stricter case for a receiver (its freshness
//!   window must reach 12 h back), and the receiver of this crate accepts both.
//! - [`CallbackFault::Drop`] loses a callback: it is never sent, and recorded as
//!   [`CallbackOutcome::Dropped`].
//!
//! Time comes only from the clock, so a test that moves a manual clock and calls `run_due`
//! sees the exact schedule; nothing runs in the background.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use std::{fmt, io};

use hyper::header::CONTENT_TYPE;

use crate::clock::{Clock, format_timestamp};
use crate::secret::SecretKey;
use crate::signature::Components;
use crate::signature::Signature;

/// When a callback is re-delivered after a non-2xx answer, counted from its first attempt
/// (DOKU's "Retry Notification" page: 30 minutes, 6 hours, 12 hours; 3 more attempts).
pub const REDELIVERY_AFTER: [Duration; 3] = [
    Duration::from_secs(30 * 60),
    Duration::from_secs(6 * 3600),
    Duration::from_secs(12 * 3600),
];

/// How long one attempt waits for the partner's answer (real time) before it counts as failed.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackOutcome {
    /// The partner answered with this HTTP status.
    Answered(u16),
    /// No answer: the URL is unusable, the connection failed or timed out (why, in words).
    Unreachable(String),
    /// Lost by a [`CallbackFault::Drop`]: never sent.
    Dropped,
}

impl CallbackOutcome {
    /// `true` for a 2xx answer: no re-delivery follows.
    pub fn is_delivered(&self) -> bool {
        matches!(self, CallbackOutcome::Answered(status) if (200..300).contains(status))
    }
}

/// One attempt to deliver a callback, recorded for inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackAttempt {
    /// The callback's `Request-Id` (the same for all its attempts).
    pub request_id: String,
    /// The URL it went to.
    pub url: String,
    /// 1 for the first attempt, 2 to 4 for the re-deliveries.
    pub number: u8,
    /// When it was made (Unix seconds, the stand-in's clock).
    pub at: i64,
    /// Seconds after the callback's first attempt (0 for the first).
    pub offset_secs: i64,
    /// What became of it.
    pub outcome: CallbackOutcome,
}

/// A misbehaviour of the callback sender, queued with [`CallbackSender::push_fault`]; it
/// applies to the next callback scheduled.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackFault {
    /// The callback is lost: never sent, so the partner must poll (Get Business Data) to learn
    /// the result.
    Drop,
}

/// A callback not yet delivered nor given up.
struct Pending {
    request_id: String,
    url: String,
    target: String,
    body: Vec<u8>,
    dropped: bool,
    /// Set at the first attempt: the timestamp and signature every attempt sends.
    signed: Option<(String, Signature)>,
    first_at: Option<i64>,
    next_due: i64,
    sent: u8,
    in_flight: bool,
}

#[derive(Default)]
struct SenderState {
    pending: Vec<Pending>,
    attempts: Vec<CallbackAttempt>,
    faults: VecDeque<CallbackFault>,
}

/// Sends signed callbacks on DOKU's schedule: see the [module docs](self).
pub struct CallbackSender {
    client_id: String,
    key: SecretKey,
    clock: Arc<dyn Clock>,
    /// [`CallbackSender::timestamps_from`]; `None`: `clock`.
    stamp_clock: Option<Arc<dyn Clock>>,
    http: reqwest::Client,
    state: Mutex<SenderState>,
}

impl fmt::Debug for CallbackSender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the key.
        f.debug_struct("CallbackSender")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl CallbackSender {
    /// A sender signing as `client_id` with `key`, on `clock`. Fails only if the HTTP client
    /// cannot be built.
    pub fn new(
        client_id: impl Into<String>,
        key: impl Into<SecretKey>,
        clock: Arc<dyn Clock>,
    ) -> io::Result<Self> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        // No proxy: a callback to 127.0.0.1 must not go through one from the environment.
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(io::Error::other)?;
        Ok(CallbackSender {
            client_id: client_id.into(),
            key: key.into(),
            clock,
            stamp_clock: None,
            http,
            state: Mutex::default(),
        })
    }

    /// Takes each callback's `Request-Timestamp` from `clock` instead of the schedule's clock:
    /// for a server whose schedule clock travels ahead (`doku-partner serve`) while the
    /// partner's receiver checks freshness against the wall clock. The re-deliveries still
    /// send the first attempt's timestamp.
    pub fn timestamps_from(mut self, clock: Arc<dyn Clock>) -> Self {
        self.stamp_clock = Some(clock);
        self
    }

    fn lock(&self) -> MutexGuard<'_, SenderState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a fault for the next callback scheduled (first in, first out).
    pub fn push_fault(&self, fault: CallbackFault) {
        self.lock().faults.push_back(fault);
    }

    /// Schedules a callback of `body` (JSON) to `url`, due now on the clock; its fresh
    /// `Request-Id`. An unusable URL is not refused here: its attempts fail as
    /// [`CallbackOutcome::Unreachable`], as a partner's broken URL would at DOKU.
    pub fn schedule(&self, url: &str, body: Vec<u8>) -> String {
        let request_id = crate::clock::RequestId::new_v4().as_str().to_owned();
        let target = reqwest::Url::parse(url)
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        let now = self.clock.now_unix();
        let mut state = self.lock();
        let dropped = state.faults.pop_front() == Some(CallbackFault::Drop);
        state.pending.push(Pending {
            request_id: request_id.clone(),
            url: url.to_owned(),
            target,
            body,
            dropped,
            signed: None,
            first_at: None,
            next_due: now,
            sent: 0,
            in_flight: false,
        });
        request_id
    }

    /// Every attempt so far, in the order they were made.
    pub fn attempts(&self) -> Vec<CallbackAttempt> {
        self.lock().attempts.clone()
    }

    /// How many callbacks are still to be delivered (first attempt or re-delivery pending).
    pub fn pending(&self) -> usize {
        self.lock().pending.len()
    }

    /// Forgets every callback: pending ones are never sent, the attempts are cleared, queued
    /// faults dropped (an attempt in flight still finishes).
    pub fn reset(&self) {
        let mut state = self.lock();
        state.pending.clear();
        state.attempts.clear();
        state.faults.clear();
    }

    /// Makes every attempt due by the clock now (a callback whose re-delivery is also due by
    /// then gets it in the same call); the number of attempts made.
    pub async fn run_due(&self) -> usize {
        let mut made = 0;
        loop {
            let now = self.clock.now_unix();
            let due: Vec<(String, String, String, Signature, Vec<u8>, bool)> = {
                let mut state = self.lock();
                let mut due = Vec::new();
                for p in state.pending.iter_mut() {
                    if p.in_flight || p.next_due > now {
                        continue;
                    }
                    p.in_flight = true;
                    let first_at = *p.first_at.get_or_insert(now);
                    let (timestamp, signature) = p
                        .signed
                        .get_or_insert_with(|| {
                            let stamped = self
                                .stamp_clock
                                .as_ref()
                                .map_or(first_at, |clock| clock.now_unix());
                            let timestamp = format_timestamp(stamped);
                            let signature = Components::request(
                                &self.client_id,
                                &p.request_id,
                                &timestamp,
                                &p.target,
                                Some(&p.body),
                            )
                            .sign(&self.key);
                            (timestamp, signature)
                        })
                        .clone();
                    due.push((
                        p.request_id.clone(),
                        p.url.clone(),
                        timestamp,
                        signature,
                        p.body.clone(),
                        p.dropped,
                    ));
                }
                due
            };
            if due.is_empty() {
                return made;
            }
            let mut results = Vec::with_capacity(due.len());
            for (request_id, url, timestamp, signature, body, dropped) in due {
                let outcome = if dropped {
                    CallbackOutcome::Dropped
                } else {
                    self.send(&url, &request_id, &timestamp, &signature, body)
                        .await
                };
                results.push((request_id, outcome));
            }
            made += results.len();
            let mut state = self.lock();
            for (request_id, outcome) in results {
                // Found by id: another `run_due` may have removed others meanwhile.
                let Some(i) = state
                    .pending
                    .iter()
                    .position(|p| p.request_id == request_id)
                else {
                    continue;
                };
                let p = &mut state.pending[i];
                p.in_flight = false;
                p.sent += 1;
                let first_at = p.first_at.unwrap_or(now);
                let give_up = p.dropped
                    || outcome.is_delivered()
                    || usize::from(p.sent) > REDELIVERY_AFTER.len();
                if !give_up {
                    let after = REDELIVERY_AFTER[usize::from(p.sent) - 1].as_secs();
                    p.next_due = first_at.saturating_add(i64::try_from(after).unwrap_or(i64::MAX));
                }
                let attempt = CallbackAttempt {
                    request_id: p.request_id.clone(),
                    url: p.url.clone(),
                    number: p.sent,
                    at: now,
                    offset_secs: now - first_at,
                    outcome,
                };
                state.attempts.push(attempt);
                if give_up {
                    state.pending.remove(i);
                }
            }
        }
    }

    async fn send(
        &self,
        url: &str,
        request_id: &str,
        timestamp: &str,
        signature: &Signature,
        body: Vec<u8>,
    ) -> CallbackOutcome {
        let request = self
            .http
            .post(url)
            .timeout(ATTEMPT_TIMEOUT)
            .header("Client-Id", &self.client_id)
            .header("Request-Id", request_id)
            .header("Request-Timestamp", timestamp)
            .header("Signature", signature.as_str())
            .header(CONTENT_TYPE, "application/json")
            .body(body);
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                // Read the answer so the connection can be reused; its text does not matter.
                let _ = response.bytes().await;
                CallbackOutcome::Answered(status)
            }
            Err(error) => CallbackOutcome::Unreachable(error.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{ManualClock, SystemClock};

    #[tokio::test]
    async fn an_unreachable_url_is_retried_on_schedule_then_given_up() {
        // Port 9 (discard) on loopback: nothing listens there in a test run.
        let clock = ManualClock::new(1_000_000);
        let sender = CallbackSender::new("BRN-1", "SK-1", Arc::new(clock.clone())).unwrap();
        let id = sender.schedule("http://127.0.0.1:9/kyb", b"{}".to_vec());
        assert_eq!(sender.run_due().await, 1);
        // Nothing more before +30 min, even when asked again.
        clock.advance(Duration::from_secs(30 * 60 - 1));
        assert_eq!(sender.run_due().await, 0);
        // A jump past every due time makes the remaining attempts at once, then it gives up.
        clock.advance(Duration::from_secs(13 * 3600));
        assert_eq!(sender.run_due().await, 3);
        assert_eq!(sender.pending(), 0);
        let attempts = sender.attempts();
        assert_eq!(attempts.len(), 4);
        assert!(attempts.iter().all(|a| a.request_id == id));
        assert!(
            attempts
                .iter()
                .all(|a| matches!(a.outcome, CallbackOutcome::Unreachable(_)))
        );
        assert_eq!(
            attempts.iter().map(|a| a.number).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        clock.advance(Duration::from_secs(24 * 3600));
        assert_eq!(sender.run_due().await, 0);
    }

    #[test]
    fn debug_never_shows_the_key() {
        let sender = CallbackSender::new("BRN-1", "SK-very-secret", Arc::new(SystemClock)).unwrap();
        let debug = format!("{sender:?}");
        assert!(
            debug.contains("BRN-1") && !debug.contains("SK-very-secret"),
            "{debug}"
        );
    }
}
