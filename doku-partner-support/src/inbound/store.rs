//! Deduplication of deliveries by `Request-Id`: the trait the receiver runs on, and the
//! in-memory store.
//!
//! A delivery **claims** its id (leased, so a crashed receiver does not hold it forever), the
//! handler runs, then the claim is **completed** (the id is kept as done until `keep_until`) or
//! **released** (the handler failed: DOKU's retry may claim it again). Each claim carries a
//! random token, so a receiver whose lease ran out cannot complete or release a claim that
//! another delivery took over.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A claim on one `Request-Id`, held while its handler runs.
#[derive(Clone, PartialEq, Eq)]
pub struct Claim {
    request_id: String,
    token: String,
}

impl Claim {
    /// A new claim on `request_id` with a fresh token, unique across processes: 128 random
    /// bits drawn once per process, then a counter (no system call per claim).
    pub fn new(request_id: &str) -> Self {
        static PROCESS: OnceLock<String> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let process = PROCESS.get_or_init(|| uuid::Uuid::new_v4().simple().to_string());
        let mut token = String::with_capacity(process.len() + 17);
        token.push_str(process);
        token.push('-');
        let _ = write!(token, "{:x}", COUNTER.fetch_add(1, Ordering::Relaxed));
        Claim {
            request_id: request_id.to_owned(),
            token,
        }
    }

    /// The claimed `Request-Id`.
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The claim's token: only its holder completes or releases it.
    pub fn token(&self) -> &str {
        &self.token
    }
}

impl fmt::Debug for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claim")
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// What a claim attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// The id is this delivery's to handle.
    Claimed(Claim),
    /// The id was handled already (a duplicate: answer 2xx, run nothing).
    Done,
    /// Another delivery holds an unexpired claim on the id (answer non-2xx: DOKU retries).
    InProgress,
}

/// A deduplication store failed (connection lost, disk full, a claim lost to lease expiry).
#[derive(Debug, thiserror::Error)]
#[error("deduplication store: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error with a message and the driver's error as its source.
    pub fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StoreError {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// An error with only a message.
    pub fn msg(message: impl Into<String>) -> Self {
        StoreError {
            message: message.into(),
            source: None,
        }
    }

    /// The claim was taken over by another delivery after its lease ran out: the handler ran
    /// longer than the lease, and may have run twice.
    pub(crate) fn lost(claim: &Claim) -> Self {
        StoreError::msg(format!(
            "the claim on Request-Id {:?} expired and was taken over before it was completed; \
             raise the receiver's lease above the handler's longest run",
            claim.request_id
        ))
    }
}

/// Where the receiver records which `Request-Id`s it has handled. Times are Unix seconds from
/// the receiver's clock.
///
/// Implementations must make [`claim`](Self::claim) atomic: of concurrent claims on one id
/// (from one process or several sharing the store) exactly one gets
/// [`ClaimOutcome::Claimed`].
pub trait DedupStore: Send + Sync {
    /// Claims `request_id` until `lease_until`, unless it is done (and kept until after `now`)
    /// or claimed with an unexpired lease.
    fn claim(
        &self,
        request_id: &str,
        now: i64,
        lease_until: i64,
    ) -> impl Future<Output = Result<ClaimOutcome, StoreError>> + Send;

    /// Marks the claimed id done, kept until `keep_until`. Idempotent for its holder (the
    /// PostgreSQL store lets the handler complete it inside its own transaction first).
    fn complete(
        &self,
        claim: &Claim,
        keep_until: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Gives the claim up (the handler failed), so that a retry can claim the id.
    fn release(&self, claim: &Claim) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Forgets done ids kept until before `now` and expired claims; returns how many.
    fn purge(&self, now: i64) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

impl<S: DedupStore> DedupStore for Arc<S> {
    fn claim(
        &self,
        request_id: &str,
        now: i64,
        lease_until: i64,
    ) -> impl Future<Output = Result<ClaimOutcome, StoreError>> + Send {
        (**self).claim(request_id, now, lease_until)
    }

    fn complete(
        &self,
        claim: &Claim,
        keep_until: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        (**self).complete(claim, keep_until)
    }

    fn release(&self, claim: &Claim) -> impl Future<Output = Result<(), StoreError>> + Send {
        (**self).release(claim)
    }

    fn purge(&self, now: i64) -> impl Future<Output = Result<u64, StoreError>> + Send {
        (**self).purge(now)
    }
}

#[derive(Debug)]
enum Entry {
    Claimed { token: String, lease_until: i64 },
    Done { keep_until: i64 },
}

/// Ids in this process's memory: for one receiver process that may lose them on restart (a
/// restart within DOKU's retry span can then run a handler twice; use SQLite or PostgreSQL
/// when that matters).
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Entry>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of ids held (claimed or done).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// `true` when no id is held.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // A panic while holding the lock leaves the map consistent (every update is one
        // insert or remove), so a poisoned lock is still usable.
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn claim_now(&self, request_id: &str, now: i64, lease_until: i64) -> ClaimOutcome {
        let mut entries = self.lock();
        match entries.get(request_id) {
            Some(Entry::Done { keep_until }) if *keep_until > now => return ClaimOutcome::Done,
            Some(Entry::Claimed { lease_until, .. }) if *lease_until > now => {
                return ClaimOutcome::InProgress;
            }
            _ => {}
        }
        let claim = Claim::new(request_id);
        entries.insert(
            request_id.to_owned(),
            Entry::Claimed {
                token: claim.token.clone(),
                lease_until,
            },
        );
        ClaimOutcome::Claimed(claim)
    }

    fn held_by(entries: &HashMap<String, Entry>, claim: &Claim) -> bool {
        entries
            .get(&claim.request_id)
            .is_some_and(|entry| Self::holds(entry, claim))
    }

    fn holds(entry: &Entry, claim: &Claim) -> bool {
        matches!(entry, Entry::Claimed { token, .. } if *token == claim.token)
    }
}

impl DedupStore for MemoryStore {
    async fn claim(
        &self,
        request_id: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<ClaimOutcome, StoreError> {
        Ok(self.claim_now(request_id, now, lease_until))
    }

    async fn complete(&self, claim: &Claim, keep_until: i64) -> Result<(), StoreError> {
        let mut entries = self.lock();
        match entries.get_mut(&claim.request_id) {
            Some(entry @ Entry::Claimed { .. }) if Self::holds(entry, claim) => {
                *entry = Entry::Done { keep_until };
                Ok(())
            }
            _ => Err(StoreError::lost(claim)),
        }
    }

    async fn release(&self, claim: &Claim) -> Result<(), StoreError> {
        let mut entries = self.lock();
        if Self::held_by(&entries, claim) {
            entries.remove(&claim.request_id);
        }
        Ok(())
    }

    async fn purge(&self, now: i64) -> Result<u64, StoreError> {
        let mut entries = self.lock();
        let before = entries.len();
        entries.retain(|_, entry| match entry {
            Entry::Claimed { lease_until, .. } => *lease_until > now,
            Entry::Done { keep_until } => *keep_until > now,
        });
        Ok((before - entries.len()) as u64)
    }
}
