//! The KYB review in the stateful stand-in, on its injected clock: a registration is in review
//! (DOKU's sample values), then approved, rejected with a reason or sent back for revision, as
//! Get Business Data shows over 127.0.0.1 with the real client; 12 hours pass in milliseconds.

use std::sync::Arc;
use std::time::Duration;

use doku_partner::endpoints::create_business_lite::{self, body as lite};
use doku_partner::endpoints::get_business_data;
use doku_partner::stand_in::{
    KybConfig, KybOutcome, KybStatus, KybStatusValues, MAGIC_REJECT_REASON, PartnerStandIn,
};
use doku_partner::support::clock::ManualClock;
use doku_partner::{Client, Credentials, Environment};

const CLIENT_ID: &str = "BRN-0001-10791114622549";
const SECRET: &str = "SK-kyb-lifecycle";
const HOUR: Duration = Duration::from_secs(3600);

struct Setup {
    clock: ManualClock,
    stand_in: PartnerStandIn,
    client: Client,
}

async fn setup(config: KybConfig) -> Setup {
    let clock = ManualClock::new(1_765_000_000);
    let stand_in = PartnerStandIn::builder(CLIENT_ID, SECRET)
        .clock(Arc::new(clock.clone()))
        .kyb(config)
        .start()
        .await
        .unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    // The client signs with the stand-in's clock, so its timestamps stay within ±3600 s.
    .clock(Arc::new(clock.clone()))
    .build()
    .unwrap();
    Setup {
        clock,
        stand_in,
        client,
    }
}

impl Setup {
    /// Registers `name`; the new brand's ID.
    async fn register(&self, name: &str) -> String {
        let body = lite::Body::new(
            lite::Business::new(
                "ref-kyb",
                name,
                lite::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
            ),
            lite::InvitedUser::new("ani@example.com"),
        );
        let reply = self
            .client
            .send(create_business_lite::Request::from(body))
            .await
            .unwrap();
        reply.data.business.brands[0].id.clone()
    }

    /// What Get Business Data shows: status, brand status, risk engine, finance, rejected.
    async fn shown(&self, brand_id: &str) -> (String, String, String, String, bool) {
        let data = self
            .client
            .send(get_business_data::Request::new(
                brand_id.parse().unwrap(),
                get_business_data::Query::Personal,
            ))
            .await
            .unwrap()
            .data;
        let brand = &data.brands[0];
        assert_eq!(brand.rejected, data.rejected);
        (
            data.status.clone(),
            brand.status.clone(),
            brand.risk_engine_status.clone(),
            brand.finance_status.clone(),
            data.rejected,
        )
    }
}

fn shown(
    values: (&str, &str, &str, &str),
    rejected: bool,
) -> (String, String, String, String, bool) {
    (
        values.0.to_owned(),
        values.1.to_owned(),
        values.2.to_owned(),
        values.3.to_owned(),
        rejected,
    )
}

const IN_REVIEW: (&str, &str, &str, &str) = ("UPDATING", "UPDATING", "ON_PROCESS", "PROBATION");

#[tokio::test]
async fn approved_after_the_review_time_and_stays_so_for_twelve_hours() {
    let s = setup(KybConfig {
        review_time: 6 * HOUR,
        ..KybConfig::default()
    })
    .await;
    let brand = s.register("Toko Lolos").await;
    assert_eq!(s.shown(&brand).await, shown(IN_REVIEW, false));
    s.clock.advance(6 * HOUR - Duration::from_secs(1));
    assert_eq!(s.shown(&brand).await, shown(IN_REVIEW, false));
    assert_eq!(s.stand_in.kyb_status(&brand), Some(KybStatus::InReview));
    s.clock.advance(Duration::from_secs(1));
    let approved = shown(("APPROVED", "APPROVED", "APPROVED", "ACTIVE"), false);
    assert_eq!(s.shown(&brand).await, approved);
    s.clock.advance(6 * HOUR);
    assert_eq!(s.shown(&brand).await, approved);
    assert_eq!(s.stand_in.kyb_status(&brand), Some(KybStatus::Approved));
}

#[tokio::test]
async fn a_magic_name_rejects_with_a_reason() {
    let s = setup(KybConfig::default()).await;
    let brand = s.register("Toko Ditolak KYB-REJECT").await;
    assert_eq!(s.shown(&brand).await, shown(IN_REVIEW, false));
    s.clock.advance(12 * HOUR);
    assert_eq!(
        s.shown(&brand).await,
        shown(("REJECTED", "REJECTED", "REJECTED", "PROBATION"), true)
    );
    assert_eq!(
        s.stand_in.kyb_status(&brand),
        Some(KybStatus::Rejected(MAGIC_REJECT_REASON.to_owned()))
    );
}

#[tokio::test]
async fn a_test_sends_a_registration_back_for_revision() {
    let s = setup(KybConfig::default()).await;
    let brand = s.register("Toko Perlu Revisi").await;
    let reason = "the bank account holder does not match the KTP";
    assert!(
        s.stand_in
            .set_kyb_outcome(&brand, KybOutcome::Revise(reason.to_owned()))
    );
    assert!(
        !s.stand_in
            .set_kyb_outcome("BRN-unknown", KybOutcome::Approve)
    );
    s.clock.advance(HOUR);
    assert_eq!(
        s.shown(&brand).await,
        shown(
            ("NEED_REVISION", "NEED_REVISION", "ON_PROCESS", "PROBATION"),
            false
        )
    );
    assert_eq!(
        s.stand_in.kyb_status(&brand),
        Some(KybStatus::RevisionRequested(reason.to_owned()))
    );
}

#[tokio::test]
async fn held_registrations_stay_in_review_and_values_are_configurable() {
    let s = setup(KybConfig {
        default_outcome: KybOutcome::Reject("no".to_owned()),
        rejected: KybStatusValues::new("DECLINED", "INACTIVE", "FAILED", "SUSPENDED"),
        ..KybConfig::default()
    })
    .await;
    let held = s.register("Toko Menunggu KYB-HOLD").await;
    let declined = s.register("Toko Biasa").await;
    s.clock.advance(12 * HOUR);
    assert_eq!(s.shown(&held).await, shown(IN_REVIEW, false));
    assert_eq!(
        s.shown(&declined).await,
        shown(("DECLINED", "INACTIVE", "FAILED", "SUSPENDED"), true)
    );
    assert_eq!(s.stand_in.kyb_status("BRN-unknown"), None);
}
