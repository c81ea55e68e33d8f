//! Calls that change something at DOKU (Business Registration, Create Business Lite, Upload
//! File), done **exactly once** even when their answer is lost.
//!
//! A call that fails after DOKU may have done it is an
//! [`Error::UnknownOutcome`] (a timeout, a connection
//! that broke before the answer, a 5xx). [`send`] resolves it at once, and [`resolve`] does the
//! same for a call a journal recorded as sent with no answer (after a crash): each ends `Ok`
//! with DOKU's answer, or with an [`OnceError`] naming the state it found ([`Found`]).
//!
//! # How an unknown outcome is resolved
//!
//! **By resending the request once under the same `Request-Id`**, never under a new one.
//! DOKU's pages describe `Request-Id` as the key that "protect duplicate request", and DOKU
//! refuses a used one with `idempotent_request` (observed on its other endpoints; the Partner
//! API pages show no error, and the stand-in does the same). So the resend either does the work (it had
//! not been done: state [`Found::Absent`], the call ends `Ok`), or is refused as a duplicate
//! (it had been done: [`Found::Present`]), or fails again in a way that says nothing
//! ([`Found::Ambiguous`]). One request, whatever the client's retry policy.
//!
//! **Why not Get Business Data.** DOKU's pages name no lookup key for a business the partner
//! could use here. Get Business Data is addressed by the brand's Client-Id (`BRN-...`), which
//! DOKU assigns and sends back in the very answer that was lost; its response has no
//! `partner_ref_id`; and no page lists businesses or searches them by the partner's
//! reference. So after [`Found::Present`] the business exists at DOKU (do not register it
//! again) but its IDs are not known to the partner: they come with DOKU's KYB callback
//! (Business Registration's `callback_url`) or from DOKU's support, quoting the `Request-Id`.
//! To tell which registration a KYB callback is about, put your own reference in the
//! `callback_url` you register with (its path or query): DOKU calls that URL, and documents no
//! callback body. The same holds for an upload's file ID (no page lists files): upload it
//! again, under a new `Request-Id`, only when you need its ID.
//!
//! **What this relies on**: that DOKU keeps a used `Request-Id` long enough (its pages do not
//! say for how long: resolve soon after the failure), and that `idempotent_request` means
//! "done". A resend that overlaps DOKU still processing the first send may be refused too (the
//! stand-in refuses an id in flight), and if that processing then fails, nothing was done
//! although [`Found::Present`] was reported; DOKU does not document either case.
//!
//! ```no_run
//! # async fn demo(client: doku_partner::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use doku_partner::endpoints::create_business_lite::{self, body};
//! use doku_partner::exactly_once::{self, Found, OnceError};
//! use doku_partner::support::clock::RequestId;
//!
//! let request = create_business_lite::Request::from(body::Body::new(
//!     body::Business::new(
//!         "partner-ref-0001",
//!         "Toko Ani",
//!         body::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
//!     ),
//!     body::InvitedUser::new("ani@example.com"),
//! ));
//! // Store the Request-Id with the step before sending: after a crash, `resolve` takes it.
//! let request_id = RequestId::new_v4();
//! match exactly_once::send(&client, &request, request_id).await {
//!     Ok(done) => println!("brand {}", done.reply.data.business.brands[0].id),
//!     Err(e) if e.found() == Some(Found::Present) => println!("registered; IDs to come: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```

use std::fmt;

use crate::support::clock::RequestId;
use crate::support::{ApiRequest, Endpoint, Error};
use crate::{Client, Reply};

/// DOKU's error code for a `Request-Id` it has already answered.
const IDEMPOTENT_REQUEST: &str = "idempotent_request";

/// The response type of the request `R`.
type Response<R> = <<R as ApiRequest>::Endpoint as Endpoint>::Response;

/// What resolving an unknown outcome found at DOKU.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Found {
    /// DOKU had not done it: the resend under the same `Request-Id` did it (the call ends
    /// `Ok`, [`HowDone::Resent`]).
    Absent,
    /// DOKU had done it: it refused the resend as a duplicate (`idempotent_request`). Do not
    /// send it again; its answer (DOKU's IDs) was lost.
    Present,
    /// Still unknown: the resend failed too, in a way that says nothing about the first.
    /// Resolve again later with the same `Request-Id`.
    Ambiguous,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Found::Absent => "absent",
            Found::Present => "present",
            Found::Ambiguous => "ambiguous",
        })
    }
}

/// How a call ended up done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HowDone {
    /// DOKU answered the first send (the client's own retries included).
    Answered,
    /// DOKU answered the resend under the same `Request-Id`, which means it had not done the
    /// request before ([`Found::Absent`]).
    Resent,
}

/// A call done exactly once: DOKU's answer, and how it came.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Done<T> {
    /// DOKU's answer.
    pub reply: Reply<T>,
    /// Whether it came to the first send or to the resend.
    pub how: HowDone,
}

/// A call that changes something at DOKU did not end with DOKU's answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum OnceError {
    /// [`Found::Present`]: DOKU did it (it refused the resend, or the client's own retry, as
    /// a duplicate), and its answer was lost. Do not send it again.
    Present {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` DOKU knows the request by (quote it to DOKU's support).
        request_id: String,
        /// The failure that left the outcome unknown (`None` when resolving a journal's
        /// step, or when the client's own retry was the one refused).
        unknown: Option<Box<Error>>,
        /// DOKU's refusal of the resend as a duplicate.
        refusal: Box<Error>,
    },
    /// [`Found::Ambiguous`]: the resend failed too, in a way that says nothing of the first
    /// send. Resolve again later ([`resolve`]) with the same `Request-Id`.
    Ambiguous {
        /// The endpoint's machine name.
        endpoint: &'static str,
        /// The `Request-Id` to resolve it with.
        request_id: String,
        /// The failure that left the outcome unknown (`None` when resolving a journal's step).
        unknown: Option<Box<Error>>,
        /// How the resend failed.
        resend: Box<Error>,
    },
    /// Not an unknown outcome: the call failed with a definite answer (a refusal, an invalid
    /// request, a failure before any byte was sent, an answer that did not decode).
    Failed(Error),
}

impl OnceError {
    /// The state resolving found; `None` for [`OnceError::Failed`] (nothing to resolve).
    pub fn found(&self) -> Option<Found> {
        match self {
            OnceError::Present { .. } => Some(Found::Present),
            OnceError::Ambiguous { .. } => Some(Found::Ambiguous),
            OnceError::Failed(_) => None,
        }
    }

    /// The `Request-Id` sent, when the call got that far.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            OnceError::Present { request_id, .. } | OnceError::Ambiguous { request_id, .. } => {
                Some(request_id)
            }
            OnceError::Failed(e) => e.request_id(),
        }
    }
}

impl fmt::Display for OnceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OnceError::Present {
                endpoint,
                request_id,
                refusal,
                ..
            } => write!(
                f,
                "{endpoint} was done at DOKU (found: present) but its answer was lost: DOKU \
                 refused the resend of Request-Id {request_id} as a duplicate ({refusal}). Do \
                 not send it again; DOKU offers no lookup by the partner's reference, so its IDs \
                 come with the KYB callback or from DOKU's support (quote the Request-Id)"
            ),
            OnceError::Ambiguous {
                endpoint,
                request_id,
                resend,
                ..
            } => write!(
                f,
                "the outcome of {endpoint} is still unknown (found: ambiguous): the resend of \
                 Request-Id {request_id} failed too ({resend}). Resolve it again later with the \
                 same Request-Id, never under a new one"
            ),
            OnceError::Failed(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for OnceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OnceError::Present { refusal, .. } => Some(&**refusal),
            OnceError::Ambiguous { resend, .. } => Some(&**resend),
            OnceError::Failed(e) => e.source(),
        }
    }
}

/// Sends `request` under `request_id` (with the client's retry policy, every attempt under
/// that id). When its outcome is unknown ([`Error::UnknownOutcome`]), resolves it at once
/// with [`resolve`]: one more request, never a second business or file.
///
/// Store `request_id` with your onboarding step **before** calling, so that a process that
/// dies during the call can [`resolve`] it when it starts again.
pub async fn send<R: ApiRequest>(
    client: &Client,
    request: &R,
    request_id: RequestId,
) -> Result<Done<Response<R>>, OnceError> {
    match client.send_borrowed(request, request_id.clone()).await {
        Ok(reply) => Ok(Done {
            reply,
            how: HowDone::Answered,
        }),
        // The client's own retry under the same id was refused as a duplicate: resolved.
        Err(refusal @ Error::EarlierAttemptReachedDoku { .. }) => Err(OnceError::Present {
            endpoint: R::Endpoint::NAME,
            request_id: request_id.as_str().to_owned(),
            unknown: None,
            refusal: Box::new(refusal),
        }),
        Err(unknown @ Error::UnknownOutcome { .. }) => {
            resend(client, request, request_id, Some(Box::new(unknown))).await
        }
        Err(definite) => Err(OnceError::Failed(definite)),
    }
}

/// Resolves the outcome of `request` sent under `request_id` without a known answer: after
/// [`Error::UnknownOutcome`], or on resume for a step a journal recorded as sent with no
/// answer. Resends it **once** under the same `Request-Id` (one attempt, whatever the retry
/// policy) and ends `Ok` ([`Found::Absent`]: done now, [`HowDone::Resent`]) or with
/// [`OnceError::Present`] or [`OnceError::Ambiguous`]. A request that never left (a crash
/// before sending) is simply sent.
pub async fn resolve<R: ApiRequest>(
    client: &Client,
    request: &R,
    request_id: RequestId,
) -> Result<Done<Response<R>>, OnceError> {
    resend(client, request, request_id, None).await
}

async fn resend<R: ApiRequest>(
    client: &Client,
    request: &R,
    request_id: RequestId,
    unknown: Option<Box<Error>>,
) -> Result<Done<Response<R>>, OnceError> {
    let endpoint = R::Endpoint::NAME;
    let id = request_id.as_str().to_owned();
    match client.send_one_attempt(request, request_id).await {
        Ok(reply) => Ok(Done {
            reply,
            how: HowDone::Resent,
        }),
        Err(refusal) if is_duplicate(&refusal) => Err(OnceError::Present {
            endpoint,
            request_id: id,
            unknown,
            refusal: Box::new(refusal),
        }),
        // Refused before any I/O: nothing was sent this time, and the caller must fix it.
        Err(e @ (Error::InvalidRequest(_) | Error::InvalidRequestId(_) | Error::Config { .. })) => {
            Err(OnceError::Failed(e))
        }
        Err(resend) => Err(OnceError::Ambiguous {
            endpoint,
            request_id: id,
            unknown,
            resend: Box::new(resend),
        }),
    }
}

/// DOKU refusing a `Request-Id` it has already answered.
fn is_duplicate(e: &Error) -> bool {
    matches!(e, Error::Http { status, .. } if (400..500).contains(status))
        && e.doku_error().is_some_and(|d| d.code == IDEMPOTENT_REQUEST)
}
