//! The onboarding driver: runs the steps in DOKU's order through the journal, so that a run
//! that crashed anywhere resumes where it stopped without uploading a file twice or
//! registering twice.
//!
//! Each step is written to the journal as *started*, with the `Request-Id` it is about to
//! send, before its request leaves. On resume a step found *started* was perhaps done by DOKU
//! with its answer lost, so it is resolved before anything new is sent:
//! - a registration or an upload is resolved with [`exactly_once::resolve`]: resent once
//!   **under the same `Request-Id`**, so that DOKU refuses it (`idempotent_request`, found
//!   present) if the first one reached it after all; a first send whose outcome is unknown is
//!   resolved the same way at once ([`exactly_once::send`]);
//! - a registration found present is never sent again: its IDs come from the
//!   [`ResolveRegistration`] lookup (by the partner's key), else the run ends
//!   [`OnboardingError::Unresolved`](super::OnboardingError::Unresolved);
//! - an upload found present was stored with its file ID lost, and DOKU has no way to look a
//!   file up: it is uploaded again under a new `Request-Id`, and the lost one is journaled in
//!   [`StepRecord::orphaned_request_ids`] (a file DOKU holds that nothing uses);
//! - reads (Check Requirements, Generate Token, Get Business Data) change nothing at DOKU and
//!   are simply sent again with a fresh `Request-Id`.

use std::collections::HashMap;
use std::time::Duration;

use doku_partner_support::__private::serde_json::Value;
use sha2::{Digest as _, Sha256};

use super::journal::{Journal, JournalError, Lease, StepRecord, StepState};
use super::plan::{
    Document, Kyb, KybPolicy, NoLookup, Onboarded, Onboarding, OnboardingError, RegisteredBusiness,
    Registration, ResolveRegistration, steps,
};
use crate::endpoints::upload_file::DocumentCode;
use crate::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use crate::endpoints::{
    business_registration, check_requirements, create_business_lite, generate_token,
    get_business_data, upload_file,
};
use crate::exactly_once::{self, Found, OnceError};
use crate::support::clock::RequestId;
use crate::support::or_other::BadOtherValue;
use crate::support::{OrOther, RequestErrors};
use crate::{Client, Error};

/// Runs onboardings through a [`Journal`].
#[derive(Debug)]
pub struct Driver<J, R = NoLookup> {
    client: Client,
    journal: J,
    resolver: R,
    lease: Duration,
    kyb: KybPolicy,
}

impl<J: Journal> Driver<J, NoLookup> {
    /// A driver calling DOKU through `client` (give it a token source for Upload File, e.g.
    /// [`GenerateTokenSource`](crate::tokens::GenerateTokenSource)) and journaling in `journal`.
    pub fn new(client: Client, journal: J) -> Self {
        Driver {
            client,
            journal,
            resolver: NoLookup,
            lease: Duration::from_secs(300),
            kyb: KybPolicy::default(),
        }
    }
}

impl<J: Journal, R: ResolveRegistration> Driver<J, R> {
    /// How a registration whose answer was lost is looked up.
    pub fn resolver<R2: ResolveRegistration>(self, resolver: R2) -> Driver<J, R2> {
        Driver {
            client: self.client,
            journal: self.journal,
            resolver,
            lease: self.lease,
            kyb: self.kyb,
        }
    }

    /// How long a worker's lease on an onboarding lasts without a journal write (default
    /// 5 min; each write renews it). A worker that crashed holds it until then.
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// How the KYB result is read.
    #[must_use]
    pub fn kyb(mut self, policy: KybPolicy) -> Self {
        self.kyb = policy;
        self
    }

    /// The journal.
    pub fn journal(&self) -> &J {
        &self.journal
    }

    fn lease_until(&self) -> i64 {
        self.client
            .now_unix()
            .saturating_add(i64::try_from(self.lease.as_secs()).unwrap_or(i64::MAX))
    }

    /// Runs `onboarding` from where its journal stands to its end (or to the KYB result
    /// still pending), under a lease.
    pub async fn run(&self, onboarding: &Onboarding) -> Result<Onboarded, OnboardingError> {
        let now = self.client.now_unix();
        let lease = self
            .journal
            .acquire(&onboarding.id, now, self.lease_until())
            .await?
            .ok_or_else(|| OnboardingError::Busy {
                onboarding: onboarding.id.clone(),
            })?;
        let result = self.run_leased(&lease, onboarding).await;
        // A lost lease is another worker's now; otherwise let the next run start at once.
        if !matches!(
            result,
            Err(OnboardingError::Journal(JournalError::LeaseLost { .. }))
        ) {
            self.journal.release(&lease).await?;
        }
        result
    }

    async fn run_leased(
        &self,
        lease: &Lease,
        onboarding: &Onboarding,
    ) -> Result<Onboarded, OnboardingError> {
        let mut journaled: HashMap<String, StepRecord> = self
            .journal
            .steps(&onboarding.id)
            .await?
            .into_iter()
            .map(|r| (r.step.clone(), r))
            .collect();
        let mut done = |step: &str| {
            journaled
                .remove(step)
                .filter(|r| r.state == StepState::Done)
        };

        if done(steps::REQUIREMENTS).is_none() {
            self.requirements(lease, onboarding.business_type).await?;
        }
        if done(steps::TOKEN).is_none() {
            self.token(lease).await?;
        }
        let mut file_ids = Vec::with_capacity(onboarding.documents.len());
        let mut orphaned_uploads = Vec::new();
        for (index, document) in onboarding.documents.iter().enumerate() {
            let step = steps::upload(index);
            let sha256 = hex_sha256(document.file.bytes());
            let previous = journaled.remove(&step);
            let record = match previous {
                // Bytes other than the ones journaled (uploaded, or perhaps uploaded): the
                // journal cannot say which file DOKU holds for this document.
                Some(r) if r.file_sha256.as_deref() != Some(sha256.as_str()) => {
                    return Err(OnboardingError::DocumentChanged {
                        index,
                        journaled: r.file_sha256.unwrap_or_default(),
                        now: sha256,
                    });
                }
                Some(r) if r.state == StepState::Done => r,
                started => self.upload(lease, step, document, sha256, started).await?,
            };
            orphaned_uploads.extend(record.orphaned_request_ids.iter().cloned());
            file_ids.push(record.doku_id.unwrap_or_default());
        }
        let business = match journaled.remove(steps::REGISTRATION) {
            Some(StepRecord {
                state: StepState::Done,
                doku_id: Some(business_id),
                brand_id: Some(brand_id),
                ..
            }) => RegisteredBusiness {
                business_id,
                brand_id,
            },
            started => {
                self.register(lease, &onboarding.registration, &file_ids, started)
                    .await?
            }
        };
        let kyb = match journaled.remove(steps::KYB) {
            Some(StepRecord {
                state: StepState::Done,
                detail: Some(detail),
                ..
            }) => decided_from(&detail),
            _ => self.wait_kyb(lease, &business).await?,
        };
        Ok(Onboarded {
            business,
            file_ids,
            kyb,
            orphaned_uploads,
        })
    }

    async fn write(&self, lease: &Lease, record: &StepRecord) -> Result<(), OnboardingError> {
        Ok(self
            .journal
            .record(lease, record, self.lease_until())
            .await?)
    }

    /// Check Requirements: the documents the business type needs, journaled by code.
    async fn requirements(
        &self,
        lease: &Lease,
        business_type: check_requirements::Query,
    ) -> Result<(), OnboardingError> {
        let request_id = RequestId::new_v4();
        let mut record = StepRecord::started(steps::REQUIREMENTS, request_id.as_str());
        self.write(lease, &record).await?;
        let reply = self
            .client
            .send_with_request_id(check_requirements::Request::new(business_type), request_id)
            .await
            .map_err(|e| step_failed(&record, e))?;
        let codes: Vec<&str> = reply
            .data
            .business
            .contact
            .documents
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        record.state = StepState::Done;
        record.detail = Some(format!("contact documents: {}", codes.join(", ")));
        self.write(lease, &record).await
    }

    /// Generate Token: journaled with its expiry, never the token itself (Upload File gets
    /// its token from the client's token source).
    async fn token(&self, lease: &Lease) -> Result<(), OnboardingError> {
        let request_id = RequestId::new_v4();
        let mut record = StepRecord::started(steps::TOKEN, request_id.as_str());
        self.write(lease, &record).await?;
        let body = generate_token::body::Body::new(generate_token::GrantType::ClientCredentials);
        let reply = self
            .client
            .send_with_request_id(generate_token::Request::from(body), request_id)
            .await
            .map_err(|e| step_failed(&record, e))?;
        let token =
            crate::tokens::BearerToken::from_jwt(reply.data.token, self.client.now_unix(), None);
        record.state = StepState::Done;
        record.detail = Some(match token.expires_at() {
            Some(at) => format!("a token expiring at {at} (Unix time)"),
            None => "a token without an expiry".to_owned(),
        });
        self.write(lease, &record).await
    }

    /// Upload File, exactly once per document as far as DOKU lets a client know: a step
    /// journaled as started is resolved first ([`exactly_once::resolve`]: resent once under
    /// its `Request-Id`).
    async fn upload(
        &self,
        lease: &Lease,
        step: String,
        document: &Document,
        sha256: String,
        started: Option<StepRecord>,
    ) -> Result<StepRecord, OnboardingError> {
        let (mut record, mut resuming) = match started {
            Some(r) => (r, true),
            None => {
                let mut r = StepRecord::started(step, RequestId::new_v4().as_str());
                r.file_sha256 = Some(sha256);
                self.write(lease, &r).await?;
                (r, false)
            }
        };
        let mut body = Upload::new(
            document.category,
            BodyFileOrFileUrl::File(document.file.clone()),
        );
        if let Some(code) = &document.code {
            // A listed code is its variant; another is checked as one the page's list lost.
            let code: OrOther<DocumentCode> = code.parse().map_err(|e: BadOtherValue| {
                step_failed(
                    &record,
                    Error::InvalidRequest(RequestErrors {
                        violations: vec![e.into_violation("code")],
                    }),
                )
            })?;
            body = body.with_code(code);
        }
        let request = upload_file::Request::from(body);
        loop {
            let request_id = request_id(&record)?;
            let sent = if resuming {
                exactly_once::resolve(&self.client, &request, request_id).await
            } else {
                exactly_once::send(&self.client, &request, request_id).await
            };
            match sent {
                Ok(done) => {
                    record.state = StepState::Done;
                    record.doku_id = Some(done.reply.data.id);
                    self.write(lease, &record).await?;
                    return Ok(record);
                }
                // DOKU stored this upload and its answer (the file ID) was lost. DOKU cannot
                // look a file up, so upload it again under a new Request-Id and journal the
                // orphan. Three in a row is not a lost answer: stop rather than loop.
                Err(e)
                    if e.found() == Some(Found::Present)
                        && record.orphaned_request_ids.len() < 3 =>
                {
                    let orphan = std::mem::replace(
                        &mut record.request_id,
                        RequestId::new_v4().as_str().to_owned(),
                    );
                    record.orphaned_request_ids.push(orphan);
                    self.write(lease, &record).await?;
                    resuming = false;
                }
                Err(e) => return Err(once_failed(&record, e)),
            }
        }
    }

    /// Business Registration or Create Business Lite, exactly once: sent with
    /// [`exactly_once::send`], or, journaled as started, resolved with
    /// [`exactly_once::resolve`]; when DOKU has it but its answer (the IDs) was lost, the
    /// resolver looks it up.
    async fn register(
        &self,
        lease: &Lease,
        registration: &Registration,
        file_ids: &[String],
        started: Option<StepRecord>,
    ) -> Result<RegisteredBusiness, OnboardingError> {
        let (record, resuming) = match started {
            Some(r) => (r, true),
            None => {
                let r = StepRecord::started(steps::REGISTRATION, RequestId::new_v4().as_str());
                self.write(lease, &r).await?;
                (r, false)
            }
        };
        let request_id = request_id(&record)?;
        let sent = match registration {
            Registration::Lite(body) => {
                let request = create_business_lite::Request::from(body.clone());
                let done = if resuming {
                    exactly_once::resolve(&self.client, &request, request_id).await
                } else {
                    exactly_once::send(&self.client, &request, request_id).await
                };
                done.map(|done| {
                    let business = done.reply.data.business;
                    (
                        Some(business.id),
                        business.brands.into_iter().next().map(|b| b.id),
                    )
                })
            }
            Registration::Full { body, .. } => {
                let body = body(file_ids);
                let request = business_registration::RawRequest { body: &body }
                    .validate()
                    .map_err(|e| step_failed(&record, e.into()))?;
                let done = if resuming {
                    exactly_once::resolve(&self.client, &request, request_id).await
                } else {
                    exactly_once::send(&self.client, &request, request_id).await
                };
                done.map(|done| {
                    // DOKU documents no answer: the stand-in's is Create Business Lite's
                    // shape, kept whole in `extra`.
                    let business: Value = done
                        .reply
                        .data
                        .extra
                        .get("business")
                        .map(|b| b.value())
                        .unwrap_or(Value::Null);
                    let text = |v: &Value| v.as_str().map(str::to_owned);
                    (text(&business["id"]), text(&business["brands"][0]["id"]))
                })
            }
        };
        match sent {
            Ok((business_id, brand_id)) => {
                let missing = |what| OnboardingError::Incomplete {
                    step: record.step.clone(),
                    request_id: record.request_id.clone(),
                    missing: what,
                };
                let found = RegisteredBusiness {
                    business_id: business_id.ok_or_else(|| missing("business ID"))?,
                    brand_id: brand_id.ok_or_else(|| missing("brand ID"))?,
                };
                self.registered(lease, record, found).await
            }
            // DOKU has the business; its IDs were lost with the answer.
            Err(e) if e.found() == Some(Found::Present) => {
                match self.find(&record, registration).await? {
                    Some(found) => self.registered(lease, record, found).await,
                    None => Err(once_failed(&record, e)),
                }
            }
            Err(e) => Err(once_failed(&record, e)),
        }
    }

    /// The resolver's lookup, by the registration's key (none: nothing found).
    async fn find(
        &self,
        record: &StepRecord,
        registration: &Registration,
    ) -> Result<Option<RegisteredBusiness>, OnboardingError> {
        match registration.lookup_key() {
            Some(key) => self
                .resolver
                .find(&self.client, key)
                .await
                .map_err(|e| step_failed(record, e)),
            None => Ok(None),
        }
    }

    async fn registered(
        &self,
        lease: &Lease,
        mut record: StepRecord,
        found: RegisteredBusiness,
    ) -> Result<RegisteredBusiness, OnboardingError> {
        record.state = StepState::Done;
        record.doku_id = Some(found.business_id.clone());
        record.brand_id = Some(found.brand_id.clone());
        self.write(lease, &record).await?;
        Ok(found)
    }

    /// Get Business Data until the review is decided or the policy's polls are spent. The
    /// brand's shared key in the answer is dropped, never journaled.
    async fn wait_kyb(
        &self,
        lease: &Lease,
        business: &RegisteredBusiness,
    ) -> Result<Kyb, OnboardingError> {
        let polls = self.kyb.polls.max(1);
        let mut status = String::new();
        for poll in 0..polls {
            if poll > 0 {
                tokio::time::sleep(self.kyb.poll_every).await;
            }
            let request_id = RequestId::new_v4();
            let mut record = StepRecord::started(steps::KYB, request_id.as_str());
            record.brand_id = Some(business.brand_id.clone());
            self.write(lease, &record).await?;
            let brand_id = business
                .brand_id
                .parse()
                .map_err(|_| OnboardingError::Incomplete {
                    step: steps::REGISTRATION.to_owned(),
                    request_id: record.request_id.clone(),
                    missing: "brand ID in DOKU's format (ANS(50))",
                })?;
            let reply = self
                .client
                .send_with_request_id(
                    get_business_data::Request::new(brand_id, get_business_data::Query::Personal),
                    request_id,
                )
                .await
                .map_err(|e| step_failed(&record, e))?;
            status = reply.data.status.clone();
            if !self.kyb.in_review.contains(&status) {
                let rejected = reply.data.rejected;
                record.state = StepState::Done;
                record.detail = Some(format!("status={status} rejected={rejected}"));
                self.write(lease, &record).await?;
                return Ok(Kyb::Decided { status, rejected });
            }
        }
        Ok(Kyb::Pending(status))
    }
}

/// The decided KYB result from its journaled detail (`status=S rejected=B`).
fn decided_from(detail: &str) -> Kyb {
    let field = |name: &str| {
        detail
            .split(' ')
            .find_map(|part| part.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_default()
    };
    Kyb::Decided {
        status: field("status").to_owned(),
        rejected: field("rejected") == "true",
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A step whose exactly-once call ended without DOKU's answer: a definite failure is the
/// call's error; an unresolved one (present with its IDs lost, or still ambiguous) names the
/// state found.
fn once_failed(record: &StepRecord, error: OnceError) -> OnboardingError {
    match error {
        OnceError::Failed(e) => step_failed(record, e),
        unresolved => OnboardingError::Unresolved {
            step: record.step.clone(),
            source: Box::new(unresolved),
        },
    }
}

fn request_id(record: &StepRecord) -> Result<RequestId, OnboardingError> {
    RequestId::try_from(record.request_id.clone())
        .map_err(|e| step_failed(record, Error::InvalidRequestId(e)))
}

fn step_failed(record: &StepRecord, error: Error) -> OnboardingError {
    OnboardingError::Step {
        step: record.step.clone(),
        request_id: record.request_id.clone(),
        source: Box::new(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decided_kyb_reads_back_from_its_detail() {
        assert_eq!(
            decided_from("status=REJECTED rejected=true"),
            Kyb::Decided {
                status: "REJECTED".to_owned(),
                rejected: true
            }
        );
    }

    #[test]
    fn file_hashes_are_sha256_in_hex() {
        assert_eq!(
            hex_sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
