//! The onboarding journal on SQLite (a real file): kill-and-resume at each step × 50 random
//! points (a task aborted at a random instant after the stand-in saw the step's preceding
//! request), a child process killed with SIGKILL at each step, two workers on one onboarding,
//! a lost lease, a changed document, and no shared key in the file.
//!
//! Each run: one registration at the stand-in, each file uploaded once (or, when DOKU stored
//! an upload whose answer the kill lost, once more under a new Request-Id, journaled as
//! orphaned: DOKU has no way to look a file up). Counts are printed with `--nocapture`.

#![cfg(feature = "sqlite")]

#[path = "support/onboarding.rs"]
mod harness;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use doku_partner::exactly_once::Found;
use doku_partner::onboarding::sqlite::SqliteJournal;
use doku_partner::onboarding::{
    Driver, Journal, JournalError, Kyb, OnboardingError, Registration, StepRecord, StepState,
};
use doku_partner::support::clock::ManualClock;
use harness::{LEASE, Rng, Run, STEPS, Tally};

/// A fresh SQLite file in the temporary directory, deleted on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(label: &str) -> TempFile {
        static SEQ: AtomicU32 = AtomicU32::new(0);
        TempFile(std::env::temp_dir().join(format!(
            "doku-journal-{label}-{}-{}.sqlite",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::SeqCst)
        )))
    }

    fn journal(&self) -> Arc<SqliteJournal> {
        Arc::new(SqliteJournal::open(&self.0).unwrap())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_and_resume_at_each_step_times_50_random_points() {
    let file = TempFile::new("matrix");
    let tally = harness::kill_matrix(file.journal(), "sqlite", 50, 21).await;
    assert_eq!(tally.runs, STEPS.len() * 50);
    assert_eq!(tally.registrations, tally.runs, "one registration per run");
    assert_eq!(
        tally.files,
        tally.runs * harness::DOCUMENTS + tally.orphaned_uploads
    );
    // The kills must land inside steps, not only between them: else nothing was resolved.
    assert!(tally.killed_while_started >= 30, "{tally:?}");
}

/// Steps journaled as started whose requests DOKU did: resumed, each is resolved with one
/// resend under its own Request-Id, which DOKU refuses as used (present); the registration's
/// IDs are then found by the lookup (no second business), and the upload goes again under a
/// new Request-Id, the refused one journaled as orphaned.
#[tokio::test]
async fn started_steps_are_resolved_by_one_resend_then_looked_up_never_done_twice() {
    let file = TempFile::new("lookup");
    let run = Run::start().await;
    let journal = file.journal();
    let driver = run.driver(Arc::clone(&journal));
    let id = "lookup-1";
    driver.run(&harness::onboarding(id)).await.unwrap();
    // As if the answer of the registration had been lost: journaled as started again.
    let lease = journal
        .acquire(id, run.clock_now(), run.clock_now() + 60)
        .await
        .unwrap()
        .unwrap();
    let mut steps = journal.steps(id).await.unwrap();
    for record in &mut steps {
        if record.step == "registration" || record.step == "upload/1" || record.step == "kyb" {
            record.state = StepState::Started;
            record.doku_id = None;
            record.brand_id = None;
            journal.record(&lease, record, 0).await.unwrap();
        }
    }
    let before = run.requests();
    let done = driver.run(&harness::onboarding(id)).await.unwrap();
    assert_eq!(run.stand_in.businesses(), 1);
    assert_eq!(run.registrations_done(), 1);
    assert_eq!(
        Some(done.business.brand_id.clone()),
        run.stand_in.brand_id_of(id)
    );
    // The upload's Request-Id was refused as used, so it went again under a new one.
    assert_eq!(done.orphaned_uploads.len(), 1, "{done:?}");
    assert_eq!(run.uploads_done(1), 2);
    assert_eq!(run.uploads_done(0), 1);
    let sent: Vec<String> = run.stand_in.server().requests()[before..]
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect();
    let registrations: Vec<&String> = sent
        .iter()
        .filter(|s| s.contains("/lite/registration"))
        .collect();
    assert_eq!(
        registrations.len(),
        1,
        "one resend of the registration: {sent:?}"
    );
    assert!(
        registrations[0].ends_with(" 400"),
        "refused as used: {sent:?}"
    );
    assert!(matches!(
        done.kyb,
        Kyb::Decided {
            rejected: false,
            ..
        }
    ));
}

#[tokio::test]
async fn a_second_worker_is_refused_while_the_lease_is_held() {
    let file = TempFile::new("busy");
    let run = Run::start().await;
    // Two workers, each with its own connection to the one file.
    let (first, second) = (file.journal(), file.journal());
    let lease = first
        .acquire("busy-1", run.clock_now(), run.clock_now() + 60)
        .await
        .unwrap()
        .expect("the first worker takes the lease");
    let refused = run
        .driver(Arc::clone(&second))
        .run(&harness::onboarding("busy-1"))
        .await;
    assert!(
        matches!(refused, Err(OnboardingError::Busy { .. })),
        "{refused:?}"
    );
    assert_eq!(run.requests(), 0, "a refused worker sends nothing");
    first.release(&lease).await.unwrap();
    run.driver(second)
        .run(&harness::onboarding("busy-1"))
        .await
        .unwrap();
    assert_eq!(run.stand_in.businesses(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_racing_on_one_onboarding_register_it_once() {
    let file = TempFile::new("race");
    for round in 0..20 {
        let run = Run::start().await;
        let id = format!("race-{round}");
        let a = run.driver(file.journal());
        let b = run.driver(file.journal());
        let onboarding = harness::onboarding(&id);
        let (ra, rb) = tokio::join!(a.run(&onboarding), b.run(&onboarding));
        for r in [&ra, &rb] {
            assert!(
                matches!(r, Ok(_) | Err(OnboardingError::Busy { .. })),
                "{r:?}"
            );
        }
        assert!(ra.is_ok() || rb.is_ok());
        assert_eq!(run.stand_in.businesses(), 1, "round {round}");
        assert_eq!(run.stand_in.files(), harness::DOCUMENTS, "round {round}");
    }
}

#[tokio::test]
async fn a_worker_whose_lease_was_taken_over_cannot_write() {
    let file = TempFile::new("fence");
    let journal = file.journal();
    let stale = journal.acquire("fence-1", 100, 160).await.unwrap().unwrap();
    assert!(
        journal
            .acquire("fence-1", 150, 210)
            .await
            .unwrap()
            .is_none()
    );
    let fresh = journal.acquire("fence-1", 160, 220).await.unwrap().unwrap();
    let record = StepRecord::started("registration", "rid-1");
    let refused = journal.record(&stale, &record, 300).await;
    assert!(
        matches!(refused, Err(JournalError::LeaseLost { .. })),
        "{refused:?}"
    );
    journal.record(&fresh, &record, 300).await.unwrap();
    assert_eq!(journal.steps("fence-1").await.unwrap(), vec![record]);
}

#[tokio::test]
async fn a_changed_document_is_refused_not_uploaded() {
    let file = TempFile::new("changed");
    let run = Run::start().await;
    let driver = run.driver(file.journal());
    driver.run(&harness::onboarding("changed-1")).await.unwrap();
    let mut changed = harness::onboarding("changed-1");
    changed.documents[1].file = doku_partner::support::multipart::FilePart::from_bytes(
        "ktp-1.png",
        "image/png",
        b"another scan".to_vec(),
    );
    let before = run.requests();
    let refused = driver.run(&changed).await;
    assert!(
        matches!(
            refused,
            Err(OnboardingError::DocumentChanged { index: 1, .. })
        ),
        "{refused:?}"
    );
    assert_eq!(run.requests(), before);
}

#[tokio::test]
async fn the_journal_holds_ids_and_hashes_never_the_shared_key() {
    let file = TempFile::new("secret");
    let run = Run::start().await;
    let journal = file.journal();
    let (done, key) = run
        .onboard_and_read_shared_key(Arc::clone(&journal), "secret-1")
        .await;
    assert!(key.starts_with("SK-"));
    drop(journal);
    let mut stored = Vec::new();
    for suffix in ["", "-wal"] {
        stored.extend(std::fs::read(format!("{}{suffix}", file.0.display())).unwrap_or_default());
    }
    let contains = |needle: &[u8]| stored.windows(needle.len()).any(|w| w == needle);
    assert!(
        !contains(key.as_bytes()),
        "the shared key is in the journal file"
    );
    assert!(contains(done.business.brand_id.as_bytes()));
    // Each document's SHA-256, in hex.
    for index in 0..harness::DOCUMENTS {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(harness::document_bytes(index));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert!(
            contains(hex.as_bytes()),
            "document {index}'s hash is journaled"
        );
    }
}

// ---- A real process killed with SIGKILL at each step ----

const CHILD_ENV: &str = "DOKU_JOURNAL_CHILD";

/// The child process of `a_child_killed_with_sigkill_at_each_step_resumes`: it runs one
/// onboarding against the parent's stand-in until the parent kills it. Without the parent's
/// environment it has nothing to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_process_entry() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut parts = spec.split('|');
    let (base_url, path, id, now) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap().parse::<i64>().unwrap(),
    );
    let client = harness::client(base_url, Arc::new(ManualClock::new(now)));
    let driver = Driver::new(client, SqliteJournal::open(path).unwrap()).lease(LEASE);
    driver.run(&harness::onboarding(id)).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_child_killed_with_sigkill_at_each_step_resumes() {
    let file = TempFile::new("sigkill");
    let journal = file.journal();
    let mut rng = Rng::new(7);
    let mut total = Tally::default();
    let exe = std::env::current_exe().unwrap();
    for (s, step) in STEPS.iter().enumerate() {
        for point in 0..2 {
            let run = Run::start().await;
            let id = format!("sigkill-{s}-{point}");
            let mut child = Command::new(&exe)
                .args([
                    "child_process_entry",
                    "--exact",
                    "--test-threads=1",
                    "--quiet",
                ])
                .env(
                    CHILD_ENV,
                    format!(
                        "{}|{}|{id}|{}",
                        run.stand_in.base_url(),
                        file.0.display(),
                        run.clock_now()
                    ),
                )
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // The requests before this step's own: requirements 0, token 1, upload/0 2 (its
            // token fetch first), upload/1 4, registration 5, kyb 6.
            let after = [0, 1, 2, 4, 5, 6][s];
            let deadline = Instant::now() + Duration::from_secs(20);
            while run.requests() < after && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_micros(100)).await;
            }
            let delay = Duration::from_micros(rng.below(20_000));
            let since = Instant::now();
            while since.elapsed() < delay {
                std::hint::spin_loop();
            }
            child.kill().unwrap(); // SIGKILL
            let status = child.wait().unwrap();
            let mut tally = Tally {
                runs: 1,
                ..Tally::default()
            };
            if status.success() {
                tally.finished_before_kill += 1;
            } else {
                match harness::step_state(&journal, &id, step).await {
                    None => tally.killed_before_step += 1,
                    Some(StepState::Started) => tally.killed_while_started += 1,
                    Some(StepState::Done) => tally.killed_after_done += 1,
                }
            }
            let driver = run.driver(Arc::clone(&journal));
            let (done, extra) = harness::resume(&run, &driver, &id).await;
            tally.extra_resumes += extra;
            tally.add(harness::check_exactly_once(&run, &journal, &id, &done).await);
            total.add(tally);
        }
    }
    eprintln!("sqlite, SIGKILL: {total:?}");
    assert_eq!(total.runs, STEPS.len() * 2);
    assert_eq!(total.registrations, total.runs);
}

/// Business Registration's body, with the uploaded files as the brand's photo proofs.
fn full_registration(file_ids: &[String]) -> String {
    let proofs: Vec<_> = file_ids
        .iter()
        .map(|id| serde_json::json!({ "id": id }))
        .collect();
    serde_json::json!({
        "business": {
            "type": "PERSONAL",
            "callback_url": "https://partner.example.com/doku/kyb",
            "legal_entity": "PERSEORANGAN",
            "name": "Toko Lengkap",
            "description": "Onboarded through the journal",
            "email": "owner@example.com",
            "phone_calling_code": "62",
            "phone_number": "81234567890",
            "website_readiness": "DONT_HAVE",
            "mobile_app_readiness": "DONT_HAVE",
            "brands": [{
                "name": "Toko Lengkap",
                "description": "Onboarded through the journal",
                "category": "NON_RETAIL",
                "transaction_frequency": "UMI",
                "transaction_quantity": "UP_TO_100",
                "social_media": [],
                "photo_proofs": proofs
            }],
            "addresses": [{
                "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
                "country": "ID",
                "name": "Jalan Gatot Subroto No 20",
                "primary": true
            }],
            "contacts": [{"name": "Budi"}]
        }
    })
    .to_string()
}

/// The full registration carries the uploaded file IDs; with no lookup key, a registration
/// whose answer was lost cannot be found, so the resend under its own Request-Id is refused
/// by DOKU and the run ends `Unresolved`, found present, never with a second business.
#[tokio::test]
async fn a_full_registration_without_a_lookup_key_ends_found_present_not_twice() {
    let file = TempFile::new("full");
    let run = Run::start().await;
    let journal = file.journal();
    let driver = run.driver(Arc::clone(&journal));
    let mut onboarding = harness::onboarding("full-1");
    onboarding.registration = Registration::Full {
        body: Arc::new(full_registration),
        lookup_key: None,
    };
    let done = driver.run(&onboarding).await.unwrap();
    assert_eq!(run.stand_in.businesses(), 1);
    let registered = run
        .stand_in
        .server()
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path.ends_with("/partner/v1.0/business"))
        .unwrap();
    for id in &done.file_ids {
        assert!(registered.body_str().unwrap().contains(id.as_str()));
    }
    // As if the registration's answer had been lost.
    let lease = journal
        .acquire("full-1", run.clock_now(), run.clock_now() + 60)
        .await
        .unwrap()
        .unwrap();
    let mut record = journal
        .steps("full-1")
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.step == "registration")
        .unwrap();
    record.state = StepState::Started;
    journal.record(&lease, &record, 0).await.unwrap();
    let refused = driver.run(&onboarding).await;
    match refused {
        Err(OnboardingError::Unresolved { step, source }) => {
            assert_eq!(step, "registration");
            assert_eq!(source.found(), Some(Found::Present), "{source}");
            assert_eq!(source.request_id(), Some(record.request_id.as_str()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.stand_in.businesses(), 1);
}

#[test]
fn debug_of_an_onboarding_masks_the_owner_and_skips_the_scans() {
    let shown = format!("{:?}", harness::onboarding("debug-1"));
    for value in ["budi@example.com", "81234567890", "scan of document"] {
        assert!(!shown.contains(value), "{value} in {shown}");
    }
    assert!(shown.contains("debug-1"), "{shown}");
}

/// A registration DOKU commits and then answers 502 (the answer lost on the way back): the
/// first send's unknown outcome is resolved at once (one resend, refused as used: present),
/// the IDs are found by the lookup, and the onboarding ends with one business.
#[tokio::test]
async fn a_registration_committed_then_502_is_resolved_in_the_same_run() {
    let file = TempFile::new("commit502");
    let run = Run::start().await;
    let journal = file.journal();
    let driver = run.driver(Arc::clone(&journal));
    // Everything before the registration journaled as done, so that the fault meets it.
    let earlier = driver
        .run(&harness::onboarding("commit502-0"))
        .await
        .unwrap();
    let id = "commit502-1";
    let lease = journal
        .acquire(id, run.clock_now(), run.clock_now() + 60)
        .await
        .unwrap()
        .unwrap();
    for record in journal.steps("commit502-0").await.unwrap() {
        if record.step != "registration" && record.step != "kyb" {
            journal.record(&lease, &record, 0).await.unwrap();
        }
    }
    journal.release(&lease).await.unwrap();
    run.stand_in
        .server()
        .push_fault(doku_partner::support::stand_in::Fault::bad_gateway_after_commit());
    let before = run.requests();
    let done = driver.run(&harness::onboarding(id)).await.unwrap();
    assert_eq!(run.stand_in.businesses(), 2);
    assert_eq!(
        Some(done.business.brand_id.clone()),
        run.stand_in.brand_id_of(id)
    );
    assert_eq!(done.file_ids, earlier.file_ids);
    let sent: Vec<String> = run.stand_in.server().requests()[before..]
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect();
    let registrations: Vec<&String> = sent
        .iter()
        .filter(|s| s.contains("/lite/registration"))
        .collect();
    assert_eq!(registrations.len(), 2, "the send and one resend: {sent:?}");
    assert!(
        registrations[0].ends_with(" 502") && registrations[1].ends_with(" 400"),
        "{sent:?}"
    );
}
