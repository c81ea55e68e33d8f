//! The onboarding journal on PostgreSQL, a real server started for the test
//! (doku-partner-support/tests/support/pg.rs): kill-and-resume at each step × 10 random points,
//! two workers (two connections) racing on one onboarding, a lost lease, and no shared key in
//! the tables.

#![cfg(feature = "postgres")]

#[path = "support/onboarding.rs"]
mod harness;
#[path = "../doku-partner-support/tests/support/pg.rs"]
mod pg;

use std::sync::Arc;

use doku_partner::onboarding::postgres::PostgresJournal;
use doku_partner::onboarding::{Journal, JournalError, OnboardingError, StepRecord};
use harness::{Run, STEPS};

async fn journal(server: &pg::PgServer) -> Arc<PostgresJournal> {
    let journal = PostgresJournal::connect(&server.config()).await.unwrap();
    journal.create_tables().await.unwrap();
    Arc::new(journal)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_and_resume_at_each_step_times_10_random_points() {
    let server = pg::PgServer::start();
    let tally = harness::kill_matrix(journal(&server).await, "postgres", 10, 27).await;
    assert_eq!(tally.runs, STEPS.len() * 10);
    assert_eq!(tally.registrations, tally.runs, "one registration per run");
    assert_eq!(
        tally.files,
        tally.runs * harness::DOCUMENTS + tally.orphaned_uploads
    );
    assert!(tally.killed_while_started >= 1, "{tally:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_two_connections_register_once() {
    let server = pg::PgServer::start();
    let (a, b) = (journal(&server).await, journal(&server).await);
    let mut busy = 0;
    for round in 0..20 {
        let run = Run::start().await;
        let id = format!("race-{round}");
        let onboarding = harness::onboarding(&id);
        let (da, db) = (run.driver(Arc::clone(&a)), run.driver(Arc::clone(&b)));
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { da.run(&harness::onboarding(&id)).await }),
            async { db.run(&onboarding).await }
        );
        let ra = ra.unwrap();
        for r in [&ra, &rb] {
            match r {
                Ok(_) => {}
                Err(OnboardingError::Busy { .. }) => busy += 1,
                Err(e) => panic!("round {round}: {e}"),
            }
        }
        assert!(ra.is_ok() || rb.is_ok());
        assert_eq!(run.stand_in.businesses(), 1, "round {round}");
        assert_eq!(run.stand_in.files(), harness::DOCUMENTS, "round {round}");
    }
    eprintln!("postgres, two workers × 20 onboardings: {busy} refused as busy");
}

#[tokio::test]
async fn a_worker_whose_lease_was_taken_over_cannot_write() {
    let server = pg::PgServer::start();
    let (a, b) = (journal(&server).await, journal(&server).await);
    let stale = a.acquire("fence-1", 100, 160).await.unwrap().unwrap();
    assert!(b.acquire("fence-1", 150, 210).await.unwrap().is_none());
    let fresh = b.acquire("fence-1", 160, 220).await.unwrap().unwrap();
    let record = StepRecord::started("registration", "rid-1");
    let refused = a.record(&stale, &record, 300).await;
    assert!(
        matches!(refused, Err(JournalError::LeaseLost { .. })),
        "{refused:?}"
    );
    b.record(&fresh, &record, 300).await.unwrap();
    assert_eq!(a.steps("fence-1").await.unwrap(), vec![record]);
}

#[tokio::test]
async fn the_tables_hold_ids_never_the_shared_key() {
    let server = pg::PgServer::start();
    let journal = journal(&server).await;
    let run = Run::start().await;
    let (done, key) = run
        .onboard_and_read_shared_key(Arc::clone(&journal), "secret-1")
        .await;
    let rows = journal
        .client()
        .query(
            "SELECT t::text FROM doku_onboarding_step t
             UNION ALL SELECT l::text FROM doku_onboarding_lease l",
            &[],
        )
        .await
        .unwrap();
    let dump: String = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    assert!(dump.contains(&done.business.brand_id), "{dump}");
    assert!(!dump.contains(&key), "the shared key is in the journal");
}
