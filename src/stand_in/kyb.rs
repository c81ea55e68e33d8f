//! The KYB review of a registration in the stand-in: in review from the moment it is stored,
//! decided [`KybConfig::review_time`] later on the stand-in's clock, and shown by Get Business
//! Data's `status`, `brands[].status`, `brands[].risk_engine_status`,
//! `brands[].finance_status` and `rejected`.

use std::time::Duration;

use doku_partner_support::__private::serde_json::{Value, json};

/// How a registration's review ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KybOutcome {
    /// Approved.
    Approve,
    /// Rejected, with the reason.
    Reject(String),
    /// Sent back to the partner for revision, with what to revise.
    Revise(String),
    /// Never decided: the registration stays in review.
    Hold,
}

/// Where a registration's review stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KybStatus {
    /// Being reviewed.
    InReview,
    /// Approved.
    Approved,
    /// Rejected, with the reason.
    Rejected(String),
    /// Sent back for revision, with what to revise.
    RevisionRequested(String),
}

/// The values Get Business Data shows for one [`KybStatus`]. DOKU's pages list no values for
/// these fields; only "in review" has DOKU's own (both samples), the others are the stand-in's
/// guesses, to be replaced when DOKU's real ones are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KybStatusValues {
    /// The business's `status`.
    pub status: String,
    /// `brands[].status`.
    pub brand_status: String,
    /// `brands[].risk_engine_status`.
    pub risk_engine_status: String,
    /// `brands[].finance_status`.
    pub finance_status: String,
}

impl KybStatusValues {
    /// Four values.
    pub fn new(
        status: &str,
        brand_status: &str,
        risk_engine_status: &str,
        finance_status: &str,
    ) -> Self {
        KybStatusValues {
            status: status.to_owned(),
            brand_status: brand_status.to_owned(),
            risk_engine_status: risk_engine_status.to_owned(),
            finance_status: finance_status.to_owned(),
        }
    }
}

/// The magic suffixes of `business.name` that choose a registration's outcome, like a card
/// sandbox's test numbers. Any other name gets [`KybConfig::default_outcome`].
pub const MAGIC_NAME_SUFFIXES: [(&str, &str); 3] = [
    (" KYB-REJECT", "rejected"),
    (" KYB-REVISE", "sent back for revision"),
    (" KYB-HOLD", "kept in review"),
];

/// The reason of a rejection chosen by name.
pub const MAGIC_REJECT_REASON: &str =
    "Rejected by the stand-in: the business name ends in KYB-REJECT";

/// What to revise when the name chose it.
pub const MAGIC_REVISE_REASON: &str =
    "Sent back by the stand-in: the business name ends in KYB-REVISE";

/// How the stand-in reviews registrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KybConfig {
    /// How long a review takes on the stand-in's clock (default 1 h; DOKU states none).
    pub review_time: Duration,
    /// The outcome of a registration whose name has no magic suffix (default: approve).
    pub default_outcome: KybOutcome,
    /// In review: `UPDATING`, `UPDATING`, `ON_PROCESS`, `PROBATION` (DOKU's samples).
    pub in_review: KybStatusValues,
    /// Approved: `APPROVED`, `APPROVED`, `APPROVED`, `ACTIVE` (the stand-in's guess).
    pub approved: KybStatusValues,
    /// Rejected: `REJECTED`, `REJECTED`, `REJECTED`, `PROBATION` (the stand-in's guess).
    pub rejected: KybStatusValues,
    /// Sent back: `NEED_REVISION`, `NEED_REVISION`, `ON_PROCESS`, `PROBATION` (the stand-in's
    /// guess).
    pub revision: KybStatusValues,
}

impl Default for KybConfig {
    fn default() -> Self {
        KybConfig {
            review_time: Duration::from_secs(3600),
            default_outcome: KybOutcome::Approve,
            in_review: KybStatusValues::new("UPDATING", "UPDATING", "ON_PROCESS", "PROBATION"),
            approved: KybStatusValues::new("APPROVED", "APPROVED", "APPROVED", "ACTIVE"),
            rejected: KybStatusValues::new("REJECTED", "REJECTED", "REJECTED", "PROBATION"),
            revision: KybStatusValues::new(
                "NEED_REVISION",
                "NEED_REVISION",
                "ON_PROCESS",
                "PROBATION",
            ),
        }
    }
}

/// One registration's review.
#[derive(Debug, Clone)]
pub(super) struct Review {
    /// When it was stored (Unix seconds, stand-in clock).
    pub(super) registered_at: i64,
    pub(super) outcome: KybOutcome,
}

impl Review {
    /// A review starting at `now`; its outcome from the name's magic suffix, else `default`.
    pub(super) fn start(now: i64, business_name: Option<&str>, default: &KybOutcome) -> Self {
        let name = business_name.unwrap_or_default();
        let outcome = if name.ends_with(MAGIC_NAME_SUFFIXES[0].0) {
            KybOutcome::Reject(MAGIC_REJECT_REASON.to_owned())
        } else if name.ends_with(MAGIC_NAME_SUFFIXES[1].0) {
            KybOutcome::Revise(MAGIC_REVISE_REASON.to_owned())
        } else if name.ends_with(MAGIC_NAME_SUFFIXES[2].0) {
            KybOutcome::Hold
        } else {
            default.clone()
        };
        Review {
            registered_at: now,
            outcome,
        }
    }

    /// The status at `now`.
    pub(super) fn status(&self, now: i64, config: &KybConfig) -> KybStatus {
        let review = i64::try_from(config.review_time.as_secs()).unwrap_or(i64::MAX);
        if now < self.registered_at.saturating_add(review) {
            return KybStatus::InReview;
        }
        match &self.outcome {
            KybOutcome::Approve => KybStatus::Approved,
            KybOutcome::Reject(reason) => KybStatus::Rejected(reason.clone()),
            KybOutcome::Revise(reason) => KybStatus::RevisionRequested(reason.clone()),
            KybOutcome::Hold => KybStatus::InReview,
        }
    }
}

/// Writes `status`'s values into a Get Business Data body (its business object).
pub(super) fn show(data: &mut Value, status: &KybStatus, config: &KybConfig) {
    let values = match status {
        KybStatus::InReview => &config.in_review,
        KybStatus::Approved => &config.approved,
        KybStatus::Rejected(_) => &config.rejected,
        KybStatus::RevisionRequested(_) => &config.revision,
    };
    let rejected = matches!(status, KybStatus::Rejected(_));
    data["status"] = json!(values.status);
    data["rejected"] = json!(rejected);
    if let Some(brands) = data["brands"].as_array_mut() {
        for brand in brands {
            brand["status"] = json!(values.brand_status);
            brand["risk_engine_status"] = json!(values.risk_engine_status);
            brand["finance_status"] = json!(values.finance_status);
            brand["rejected"] = json!(rejected);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_is_decided_after_its_time_by_the_name_or_the_default() {
        let config = KybConfig::default();
        let approve = Review::start(100, Some("Toko"), &config.default_outcome);
        assert_eq!(approve.status(100, &config), KybStatus::InReview);
        assert_eq!(approve.status(100 + 3599, &config), KybStatus::InReview);
        assert_eq!(approve.status(100 + 3600, &config), KybStatus::Approved);
        let reject = Review::start(0, Some("Toko KYB-REJECT"), &KybOutcome::Approve);
        assert_eq!(
            reject.status(3600, &config),
            KybStatus::Rejected(MAGIC_REJECT_REASON.to_owned())
        );
        let revise = Review::start(0, Some("Toko KYB-REVISE"), &KybOutcome::Approve);
        assert!(matches!(
            revise.status(3600, &config),
            KybStatus::RevisionRequested(_)
        ));
        let hold = Review::start(0, Some("Toko KYB-HOLD"), &KybOutcome::Approve);
        assert_eq!(hold.status(i64::MAX, &config), KybStatus::InReview);
        // The suffix must be a suffix, after a space.
        let plain = Review::start(0, Some("KYB-REJECT Toko"), &KybOutcome::Approve);
        assert_eq!(plain.status(3600, &config), KybStatus::Approved);
    }

    #[test]
    fn in_review_shows_the_samples_values() {
        let config = KybConfig::default();
        let mut data = json!({"status": "X", "rejected": true, "brands": [{"status": "X"}]});
        show(&mut data, &KybStatus::InReview, &config);
        assert_eq!(data["status"], "UPDATING");
        assert_eq!(data["rejected"], false);
        assert_eq!(data["brands"][0]["risk_engine_status"], "ON_PROCESS");
        assert_eq!(data["brands"][0]["finance_status"], "PROBATION");
    }
}
