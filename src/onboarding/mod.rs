//! A resumable onboarding: the [`Driver`] runs Check Requirements, Generate Token, each
//! Upload File, the registration (Create Business Lite or Business Registration) and the wait
//! for the KYB result through a [`Journal`], so that a worker that crashed at any point
//! resumes without uploading a file twice or registering twice.
//!
//! The journal keeps each step, its `Request-Id`, each document's SHA-256 and DOKU's ids (file
//! IDs, business ID, the brand's Client-Id); never a token or a shared key. Stores:
//! [`sqlite::SqliteJournal`] (feature `sqlite`: one file, no server, the default choice) and
//! [`postgres::PostgresJournal`] (feature `postgres`: several workers; a lease keeps two
//! of them from running one onboarding at once). See the README's "Onboarding journal".
//!
//! ```no_run
//! # #[cfg(feature = "sqlite")]
//! # async fn demo(client: doku_partner::Client, documents: Vec<doku_partner::onboarding::Document>,
//! #     body: doku_partner::endpoints::create_business_lite::body::Body)
//! #     -> Result<(), Box<dyn std::error::Error>> {
//! use doku_partner::endpoints::check_requirements::Query;
//! use doku_partner::onboarding::sqlite::SqliteJournal;
//! use doku_partner::onboarding::{Driver, Onboarding, Registration};
//!
//! let driver = Driver::new(client, SqliteJournal::open("onboarding.sqlite")?);
//! let onboarding = Onboarding {
//!     id: body.business.partner_ref_id.clone(),
//!     business_type: Query::Personal,
//!     documents,
//!     registration: Registration::Lite(body),
//! };
//! // After a crash, the same call resumes from the journal.
//! let onboarded = driver.run(&onboarding).await?;
//! println!("brand {} is {:?}", onboarded.business.brand_id, onboarded.kyb);
//! # Ok(()) }
//! ```

mod driver;
mod journal;
mod plan;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use driver::Driver;
pub use journal::{Journal, JournalError, Lease, StepRecord, StepState};
pub use plan::{
    Document, FindFuture, Kyb, KybPolicy, NoLookup, Onboarded, Onboarding, OnboardingError,
    RegisteredBusiness, Registration, RegistrationBody, ResolveRegistration, steps,
};
