//! What an onboarding is made of (its documents, its registration, how the KYB result is
//! read), what a run ends with, and the one call that resolves a registration whose answer
//! was lost ([`ResolveRegistration`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::endpoints::upload_file::UploadCategory;
use crate::endpoints::{check_requirements, create_business_lite};
use crate::support::multipart::FilePart;
use crate::{Client, Error};

use super::journal::JournalError;
/// The step names the journal uses.
pub mod steps {
    /// Check Requirements.
    pub const REQUIREMENTS: &str = "requirements";
    /// Generate Token.
    pub const TOKEN: &str = "token";
    /// Business Registration or Create Business Lite.
    pub const REGISTRATION: &str = "registration";
    /// Waiting for the KYB result (Get Business Data).
    pub const KYB: &str = "kyb";

    /// The upload of the `index`-th document (from 0).
    pub fn upload(index: usize) -> String {
        format!("upload/{index}")
    }
}

/// One document to upload.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub category: UploadCategory,
    /// The document's code (`KTP`, ...), sent when the category is `DOCUMENT`.
    pub code: Option<String>,
    /// The file.
    pub file: FilePart,
}

/// Builds Business Registration's JSON body from the uploaded files' IDs, in the order of
/// [`Onboarding::documents`].
pub type RegistrationBody = Arc<dyn Fn(&[String]) -> String + Send + Sync>;

/// How the business is registered.
#[derive(Clone)]
pub enum Registration {
    /// Create Business Lite; its `business.partner_ref_id` is the lookup key.
    Lite(create_business_lite::body::Body),
    /// Business Registration (the full form), its body built from the uploaded files' IDs.
    /// DOKU's request has no partner reference; `lookup_key` is what the resolver looks the
    /// business up by when its answer was lost (`None`: nothing to look up, so a lost answer
    /// ends in [`OnboardingError::Unresolved`]).
    Full {
        /// The body from the file IDs.
        body: RegistrationBody,
        /// The partner's key for the business, if the resolver can find it by one.
        lookup_key: Option<String>,
    },
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Registration::Lite(body) => f.debug_tuple("Lite").field(body).finish(),
            Registration::Full { lookup_key, .. } => f
                .debug_struct("Full")
                .field("lookup_key", lookup_key)
                .finish_non_exhaustive(),
        }
    }
}

impl Registration {
    /// The key a lost registration is looked up by: Create Business Lite's
    /// `partner_ref_id`, or the full registration's `lookup_key`.
    pub fn lookup_key(&self) -> Option<&str> {
        match self {
            Registration::Lite(body) => Some(&body.business.partner_ref_id),
            Registration::Full { lookup_key, .. } => lookup_key.as_deref(),
        }
    }
}

/// One sub-merchant to onboard.
#[derive(Debug, Clone)]
pub struct Onboarding {
    /// The partner's own key for this onboarding: the journal's key (e.g. the
    /// `partner_ref_id`).
    pub id: String,
    /// The business type whose requirements are checked.
    pub business_type: check_requirements::Query,
    /// The documents to upload, in order.
    pub documents: Vec<Document>,
    /// The registration.
    pub registration: Registration,
}

/// A business DOKU holds: its business ID and its brand's Client-Id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredBusiness {
    /// The business ID (`BSN-...`).
    pub business_id: String,
    /// The brand's Client-Id (`BRN-...`).
    pub brand_id: String,
}

/// The future of [`ResolveRegistration::find`].
pub type FindFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<RegisteredBusiness>, Error>> + Send + 'a>>;

/// Finds the IDs of a registration DOKU has ([`Found::Present`](crate::exactly_once::Found::Present))
/// whose answer was lost, by the partner's lookup key. DOKU has no such lookup; a partner
/// can answer it from what it learned since, e.g. the KYB callback DOKU sent to a
/// `callback_url` carrying the partner's reference.
pub trait ResolveRegistration: Send + Sync {
    /// The business registered under `lookup_key`, `None` when DOKU holds none.
    fn find<'a>(&'a self, client: &'a Client, lookup_key: &'a str) -> FindFuture<'a>;
}

/// No lookup (DOKU offers none: Get Business Data is keyed by the brand ID lost with the
/// answer): a registration DOKU has but whose answer was lost ends in
/// [`OnboardingError::Unresolved`], found present, and is never sent again.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoLookup;

impl ResolveRegistration for NoLookup {
    fn find<'a>(&'a self, _: &'a Client, _: &'a str) -> FindFuture<'a> {
        Box::pin(async { Ok(None) })
    }
}

/// How the driver reads the KYB result from Get Business Data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KybPolicy {
    /// The business `status` values that mean "still in review" (default `UPDATING`, DOKU's
    /// samples; DOKU lists no values).
    pub in_review: Vec<String>,
    /// How often to poll (default 1 s).
    pub poll_every: Duration,
    /// How many polls before the driver returns with the review still pending (default 1:
    /// poll once; a pending review is polled again on the next run).
    pub polls: u32,
}

impl Default for KybPolicy {
    fn default() -> Self {
        KybPolicy {
            in_review: vec!["UPDATING".to_owned()],
            poll_every: Duration::from_secs(1),
            polls: 1,
        }
    }
}

/// The KYB result as Get Business Data showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kyb {
    /// Still in review after the policy's polls (the `status` seen).
    Pending(String),
    /// Decided: the business `status` and `rejected` seen.
    Decided {
        /// The business's `status`.
        status: String,
        /// The business's `rejected`.
        rejected: bool,
    },
}

/// An onboarding run to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onboarded {
    /// The business.
    pub business: RegisteredBusiness,
    /// The uploaded files' IDs, in the order of the documents.
    pub file_ids: Vec<String>,
    /// The KYB result.
    pub kyb: Kyb,
    /// Uploads DOKU committed whose file ID was lost (the file was uploaded again): their
    /// `Request-Id`s.
    pub orphaned_uploads: Vec<String>,
}

/// Why an onboarding run stopped. Everything done so far is journaled: run it again to
/// resume.
#[derive(Debug, thiserror::Error)]
pub enum OnboardingError {
    /// Another worker holds the onboarding's lease.
    #[error("onboarding {onboarding:?} is being run by another worker (its lease is held)")]
    Busy {
        /// The onboarding.
        onboarding: String,
    },
    /// The journal failed, or the lease was lost.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// A call to DOKU failed; the step stays journaled as started with its `Request-Id`,
    /// and is resolved on the next run.
    #[error("onboarding step {step} failed (Request-Id {request_id}): {source}")]
    Step {
        /// The step.
        step: String,
        /// Its `Request-Id`.
        request_id: String,
        /// The call's error.
        #[source]
        source: Box<Error>,
    },
    /// The step's outcome is not known in full: resolving it
    /// ([`exactly_once::resolve`](crate::exactly_once::resolve)) found it
    /// [`Found::Present`](crate::exactly_once::Found::Present) at DOKU with its IDs lost
    /// and the resolver could not find them, or
    /// [`Found::Ambiguous`](crate::exactly_once::Found::Ambiguous). The step stays journaled
    /// as started with its `Request-Id`: run again later (a present registration is never
    /// sent again), or ask DOKU about the `Request-Id`.
    #[error("onboarding step {step}: {source}")]
    Unresolved {
        /// The step.
        step: String,
        /// What resolving found (its [`found`](crate::exactly_once::OnceError::found) and
        /// `Request-Id`).
        #[source]
        source: Box<crate::exactly_once::OnceError>,
    },
    /// A document's bytes differ from the ones journaled as uploaded for it.
    #[error(
        "document {index} changed since it was uploaded (journaled SHA-256 {journaled}, now \
         {now}); start a new onboarding to upload different documents"
    )]
    DocumentChanged {
        /// The document's index.
        index: usize,
        /// The hash journaled.
        journaled: String,
        /// The hash now.
        now: String,
    },
    /// DOKU's registration answer has no business or brand ID.
    #[error("the {step} answer (Request-Id {request_id}) has no {missing}")]
    Incomplete {
        /// The step.
        step: String,
        /// Its `Request-Id`.
        request_id: String,
        /// What is missing.
        missing: &'static str,
    },
}
