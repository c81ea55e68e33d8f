//! The onboarding journal's records and the trait its stores implement.
//!
//! One onboarding (named by the partner's own key, e.g. its `partner_ref_id`) is a list of
//! steps; each step is one row, written **before** its request leaves (state
//! [`StepState::Started`], with the `Request-Id` it will send) and again when its answer is in
//! ([`StepState::Done`], with DOKU's ids). A worker holds a **lease** on the onboarding while
//! it runs it: of several workers, one runs a given onboarding at a time, and a worker whose
//! lease was taken over (it stalled past the lease) can no longer write, so it cannot record a
//! result over the new holder's.
//!
//! Nothing secret is ever a field here: no bearer token, no shared key. A brand's shared key
//! is read from Get Business Data when it is needed, never journaled.

use std::fmt;
use std::fmt::Write as _;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    /// Its request is (or was) being sent with the recorded `Request-Id`; no answer recorded.
    /// DOKU may have done the work: the driver resolves it before sending anything new.
    Started,
    /// Its answer is recorded.
    Done,
}

impl StepState {
    /// The name stored in the journal.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Started => "started",
            StepState::Done => "done",
        }
    }

    /// The state of a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "started" => Some(StepState::Started),
            "done" => Some(StepState::Done),
            _ => None,
        }
    }
}

/// One step of an onboarding as journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// The step: `requirements`, `token`, `upload/<n>` (the n-th document, from 0),
    /// `registration`, `kyb`.
    pub step: String,
    /// Where it stands.
    pub state: StepState,
    /// The `Request-Id` of its last request.
    pub request_id: String,
    /// For an upload: the SHA-256 of the file's bytes, lowercase hex.
    pub file_sha256: Option<String>,
    /// DOKU's id: the file ID (`CNT-...`) of an upload, the business ID (`BSN-...`) of a
    /// registration.
    pub doku_id: Option<String>,
    /// The brand's Client-Id (`BRN-...`) of a registration and of the KYB step.
    pub brand_id: Option<String>,
    /// What else the step learned, in plain words: the documents a business type needs, a
    /// token's expiry (never the token), the KYB status seen.
    pub detail: Option<String>,
    /// `Request-Id`s of earlier uploads of this file that DOKU committed but whose answer
    /// (the file ID) was lost, so the file was uploaded again: files DOKU holds that no
    /// registration uses. Empty for every other step.
    pub orphaned_request_ids: Vec<String>,
}

impl StepRecord {
    /// A step started with `request_id`, nothing learned yet.
    pub fn started(step: impl Into<String>, request_id: impl Into<String>) -> Self {
        StepRecord {
            step: step.into(),
            state: StepState::Started,
            request_id: request_id.into(),
            file_sha256: None,
            doku_id: None,
            brand_id: None,
            detail: None,
            orphaned_request_ids: Vec::new(),
        }
    }

    /// The orphaned `Request-Id`s as a store keeps them in one column (comma-separated; the
    /// driver's `Request-Id`s are UUIDs, with no comma); `None` when there are none.
    pub fn orphans_text(&self) -> Option<String> {
        (!self.orphaned_request_ids.is_empty()).then(|| self.orphaned_request_ids.join(","))
    }

    /// The orphaned `Request-Id`s from [`orphans_text`](Self::orphans_text)'s form.
    pub fn orphans_from(text: Option<String>) -> Vec<String> {
        text.map(|t| {
            t.split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
    }
}

/// A worker's lease on one onboarding: held while it runs it, until `until` (Unix seconds on
/// the driver's clock) unless renewed. Its token is random: only its holder writes with it.
#[derive(Clone, PartialEq, Eq)]
pub struct Lease {
    onboarding: String,
    token: String,
}

impl Lease {
    /// A new lease on `onboarding` with a fresh token, unique across processes.
    pub fn new(onboarding: &str) -> Self {
        static PROCESS: OnceLock<String> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let process = PROCESS.get_or_init(uuid_like);
        let mut token = String::with_capacity(process.len() + 17);
        token.push_str(process);
        token.push('-');
        let _ = write!(token, "{:x}", COUNTER.fetch_add(1, Ordering::Relaxed));
        Lease {
            onboarding: onboarding.to_owned(),
            token,
        }
    }

    /// The onboarding it is a lease on.
    pub fn onboarding(&self) -> &str {
        &self.onboarding
    }

    /// Its token.
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// A fresh random id for this process (a v4 UUID, through the runtime's Request-Id maker).
fn uuid_like() -> String {
    crate::support::clock::RequestId::new_v4()
        .as_str()
        .to_owned()
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("onboarding", &self.onboarding)
            .finish_non_exhaustive()
    }
}

/// A journal store failed (connection lost, disk full) or the lease was lost.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// The store failed.
    #[error("onboarding journal: {message}")]
    Store {
        /// What was being done.
        message: String,
        /// The driver's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// The lease on the onboarding expired and another worker took it over (or it was
    /// released): this worker must stop running it.
    #[error(
        "the lease on onboarding {onboarding:?} was lost (it expired and another worker took the \
         onboarding over); raise the lease above the longest step"
    )]
    LeaseLost {
        /// The onboarding.
        onboarding: String,
    },
    /// A stored row cannot be read back (a state name this version does not know).
    #[error("onboarding journal: step {step:?} of {onboarding:?} has an unknown state {state:?}")]
    Corrupt {
        /// The onboarding.
        onboarding: String,
        /// The step.
        step: String,
        /// The state as stored.
        state: String,
    },
}

impl JournalError {
    /// A store failure with the driver's error as its source.
    pub fn store(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        JournalError::Store {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// [`JournalError::LeaseLost`] for `lease` (for a store whose write found the lease
    /// taken over).
    pub fn lost(lease: &Lease) -> Self {
        JournalError::LeaseLost {
            onboarding: lease.onboarding.clone(),
        }
    }
}

/// Where onboardings are journaled. Times are Unix seconds from the driver's clock.
///
/// Implementations make [`acquire`](Self::acquire) atomic (of concurrent acquisitions of one
/// onboarding, from one process or several sharing the store, one gets the lease) and make
/// [`record`](Self::record) fail with [`JournalError::LeaseLost`] unless the lease is still
/// the one held, checked and written in one transaction.
pub trait Journal: Send + Sync {
    /// Takes the lease on `onboarding` until `lease_until`, unless another worker holds an
    /// unexpired one (then `None`).
    fn acquire(
        &self,
        onboarding: &str,
        now: i64,
        lease_until: i64,
    ) -> impl Future<Output = Result<Option<Lease>, JournalError>> + Send;

    /// The onboarding's steps as journaled, in the order they were first written.
    fn steps(
        &self,
        onboarding: &str,
    ) -> impl Future<Output = Result<Vec<StepRecord>, JournalError>> + Send;

    /// Writes `record` (replacing the step's row) and extends the lease to `lease_until`, if
    /// `lease` is still held.
    fn record(
        &self,
        lease: &Lease,
        record: &StepRecord,
        lease_until: i64,
    ) -> impl Future<Output = Result<(), JournalError>> + Send;

    /// Gives the lease up, so that another worker may take the onboarding at once.
    fn release(&self, lease: &Lease) -> impl Future<Output = Result<(), JournalError>> + Send;
}

impl<J: Journal> Journal for Arc<J> {
    fn acquire(
        &self,
        onboarding: &str,
        now: i64,
        lease_until: i64,
    ) -> impl Future<Output = Result<Option<Lease>, JournalError>> + Send {
        (**self).acquire(onboarding, now, lease_until)
    }

    fn steps(
        &self,
        onboarding: &str,
    ) -> impl Future<Output = Result<Vec<StepRecord>, JournalError>> + Send {
        (**self).steps(onboarding)
    }

    fn record(
        &self,
        lease: &Lease,
        record: &StepRecord,
        lease_until: i64,
    ) -> impl Future<Output = Result<(), JournalError>> + Send {
        (**self).record(lease, record, lease_until)
    }

    fn release(&self, lease: &Lease) -> impl Future<Output = Result<(), JournalError>> + Send {
        (**self).release(lease)
    }
}
