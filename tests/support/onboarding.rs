//! Shared by the onboarding journal's tests: a stand-in per run on a manual clock, the
//! onboarding of one business with two documents, a lookup backed by the stand-in, and the
//! kill-and-resume loop over any journal.

#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use doku_partner::endpoints::check_requirements::Query;
use doku_partner::endpoints::create_business_lite::body as lite;
use doku_partner::endpoints::get_business_data;
use doku_partner::endpoints::upload_file::UploadCategory;
use doku_partner::onboarding::{
    Document, Driver, FindFuture, Journal, Onboarded, Onboarding, OnboardingError,
    RegisteredBusiness, Registration, ResolveRegistration, StepRecord, StepState, steps,
};
use doku_partner::stand_in::{KybConfig, PartnerStandIn};
use doku_partner::support::clock::ManualClock;
use doku_partner::support::multipart::FilePart;
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment};

pub const CLIENT_ID: &str = "BRN-0001-10791114622551";
pub const SECRET: &str = "SK-onboarding-journal";
pub const START: i64 = 1_765_000_000;
pub const LEASE: Duration = Duration::from_secs(60);
pub const DOCUMENTS: usize = 2;

/// The steps in the driver's order, with the path of each one's request at the stand-in.
pub const STEPS: [&str; 6] = [
    "requirements",
    "token",
    "upload/0",
    "upload/1",
    "registration",
    "kyb",
];

pub struct Run {
    pub clock: ManualClock,
    pub stand_in: Arc<PartnerStandIn>,
    pub client: Client,
}

impl Run {
    pub async fn start() -> Run {
        let clock = ManualClock::new(START);
        let config = KybConfig {
            // Decided at once: the KYB step reads a decision on its first poll.
            review_time: Duration::ZERO,
            ..KybConfig::default()
        };
        let stand_in = PartnerStandIn::builder(CLIENT_ID, SECRET)
            .clock(Arc::new(clock.clone()))
            .kyb(config)
            .start()
            .await
            .unwrap();
        let client = client(&stand_in.base_url(), Arc::new(clock.clone()));
        Run {
            clock,
            stand_in: Arc::new(stand_in),
            client,
        }
    }

    pub fn driver<J: Journal>(&self, journal: J) -> Driver<J, StandInLookup> {
        Driver::new(self.client.clone(), journal)
            .lease(LEASE)
            .resolver(StandInLookup(Arc::clone(&self.stand_in)))
    }

    /// Runs one onboarding through `journal` to the end and reads the new brand's shared key
    /// back from Get Business Data: what the journal's tests search the store for.
    pub async fn onboard_and_read_shared_key<J: Journal>(
        &self,
        journal: J,
        id: &str,
    ) -> (Onboarded, String) {
        let done = self.driver(journal).run(&onboarding(id)).await.unwrap();
        let reply = self
            .client
            .send(get_business_data::Request::new(
                done.business.brand_id.parse().unwrap(),
                get_business_data::Query::Personal,
            ))
            .await
            .unwrap();
        let key = reply.data.brands[0].shared_key.expose_secret().to_owned();
        (done, key)
    }

    /// The stand-in's (and the driver's) time now.
    pub fn clock_now(&self) -> i64 {
        use doku_partner::support::clock::Clock as _;
        self.clock.now_unix()
    }

    /// Requests that reached the stand-in (refused ones too).
    pub fn requests(&self) -> usize {
        self.stand_in.server().requests().len()
    }

    /// Registration requests DOKU answered with a 2xx (work done).
    pub fn registrations_done(&self) -> usize {
        self.answered_2xx("/business/lite/registration")
    }

    /// Upload requests answered with a 2xx, per document (by the file's bytes).
    pub fn uploads_done(&self, document: usize) -> usize {
        let marker = document_bytes(document);
        self.stand_in
            .server()
            .requests()
            .iter()
            .filter(|r| {
                r.method == "POST"
                    && r.path.ends_with("/partner/v1.0/file")
                    && (200..300).contains(&r.status)
                    && r.body.windows(marker.len()).any(|w| w == marker.as_slice())
            })
            .count()
    }

    fn answered_2xx(&self, suffix: &str) -> usize {
        self.stand_in
            .server()
            .requests()
            .iter()
            .filter(|r| r.path.ends_with(suffix) && (200..300).contains(&r.status))
            .count()
    }
}

pub fn client(base_url: &str, clock: Arc<ManualClock>) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(base_url),
    )
    .clock(clock)
    .timeout(Duration::from_secs(10))
    .token_source(GenerateTokenSource::new().valid_for_minutes(60))
    .build()
    .unwrap()
}

/// The document's bytes: a distinct small "scan" per document.
pub fn document_bytes(index: usize) -> Vec<u8> {
    format!("scan of document {index}: KTP of the owner, 1x1 pixel").into_bytes()
}

pub fn onboarding(id: &str) -> Onboarding {
    let body = lite::Body::new(
        lite::Business::new(
            id,
            "Toko Jurnal",
            lite::BusinessContact::new("Budi", "budi@example.com", "62", "81234567890"),
        ),
        lite::InvitedUser::new("budi@example.com"),
    );
    Onboarding {
        id: id.to_owned(),
        business_type: Query::Personal,
        documents: (0..DOCUMENTS)
            .map(|i| Document {
                category: UploadCategory::Document,
                code: Some("KTP".to_owned()),
                file: FilePart::from_bytes(format!("ktp-{i}.png"), "image/png", document_bytes(i)),
            })
            .collect(),
        registration: Registration::Lite(body),
    }
}

/// The lookup a partner's resolution makes, backed by the stand-in: the brand registered
/// under the `partner_ref_id`, read back with Get Business Data over HTTP.
pub struct StandInLookup(pub Arc<PartnerStandIn>);

impl ResolveRegistration for StandInLookup {
    fn find<'a>(&'a self, client: &'a Client, lookup_key: &'a str) -> FindFuture<'a> {
        Box::pin(async move {
            let Some(brand_id) = self.0.brand_id_of(lookup_key) else {
                return Ok(None);
            };
            let reply = client
                .send(get_business_data::Request::new(
                    brand_id
                        .parse()
                        .expect("the stand-in's brand IDs are ANS(50)"),
                    get_business_data::Query::Personal,
                ))
                .await?;
            Ok(Some(RegisteredBusiness {
                business_id: reply.data.id,
                brand_id,
            }))
        })
    }
}

/// A small deterministic generator (xorshift), so a failing point replays from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// When the stand-in saw each request of an uninterrupted run (since the run started), and
/// for each step the number of requests before its own first one.
pub struct Timeline {
    pub arrivals: Vec<Duration>,
    pub before_step: Vec<usize>,
}

/// Runs one onboarding to its end while timing the stand-in's requests.
pub async fn timeline<J: Journal + 'static>(run: &Run, journal: J) -> Timeline {
    let driver = run.driver(journal);
    let started = Instant::now();
    let stand_in = Arc::clone(&run.stand_in);
    let watcher = tokio::spawn(async move {
        let mut arrivals = Vec::new();
        loop {
            let n = stand_in.server().requests().len();
            while arrivals.len() < n {
                arrivals.push(started.elapsed());
            }
            if arrivals.len() >= 7 {
                return arrivals;
            }
            tokio::task::yield_now().await;
        }
    });
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let id = format!(
        "timeline-{}",
        RUNS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let done = driver.run(&onboarding(&id)).await.unwrap();
    assert_eq!(done.file_ids.len(), DOCUMENTS);
    let arrivals = tokio::time::timeout(Duration::from_secs(5), watcher)
        .await
        .expect("an onboarding sends 7 requests")
        .unwrap();
    // The paths, in the order they came.
    let paths: Vec<(String, String)> = run
        .stand_in
        .server()
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    let position = |method: &str, suffix: &str, nth: usize| {
        paths
            .iter()
            .enumerate()
            .filter(|(_, (m, p))| m == method && p.contains(suffix))
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("no {method} {suffix} #{nth} in {paths:?}"))
    };
    let before_step = vec![
        position("GET", "/partner/v1.0/file", 0),
        position("POST", "/partner/v1.0/token", 0),
        // The client's token source fetches its token on the first upload: part of it.
        position("POST", "/partner/v1.0/token", 1),
        position("POST", "/partner/v1.0/file", 1),
        position("POST", "/business/lite/registration", 0),
        position("GET", "/partner/v1.0/business/BRN", 0),
    ];
    Timeline {
        arrivals,
        before_step,
    }
}

/// What one killed-and-resumed onboarding measured.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub runs: usize,
    /// The killed step's journal row when the kill landed: none yet, started, done.
    pub killed_before_step: usize,
    pub killed_while_started: usize,
    pub killed_after_done: usize,
    /// Kills that landed after the whole onboarding had finished.
    pub finished_before_kill: usize,
    /// Resumes that needed a second run (a request of the killed run still in flight).
    pub extra_resumes: usize,
    pub registrations: usize,
    pub files: usize,
    pub orphaned_uploads: usize,
    /// Kills that left the registration journaled as started though the stand-in had stored
    /// it (its answer lost): resolved by the lookup on resume.
    pub registration_answers_lost: usize,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.runs += other.runs;
        self.killed_before_step += other.killed_before_step;
        self.killed_while_started += other.killed_while_started;
        self.killed_after_done += other.killed_after_done;
        self.finished_before_kill += other.finished_before_kill;
        self.extra_resumes += other.extra_resumes;
        self.registrations += other.registrations;
        self.files += other.files;
        self.orphaned_uploads += other.orphaned_uploads;
        self.registration_answers_lost += other.registration_answers_lost;
    }
}

/// The journal row of `step` now.
pub async fn step_state<J: Journal>(journal: &J, id: &str, step: &str) -> Option<StepState> {
    journal
        .steps(id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.step == step)
        .map(|r| r.state)
}

/// Resumes until the onboarding is done (a killed run's request may still be in flight at
/// the stand-in, which then refuses its Request-Id as in use: a later run resolves it).
pub async fn resume<J: Journal>(
    run: &Run,
    driver: &Driver<J, StandInLookup>,
    id: &str,
) -> (Onboarded, usize) {
    let mut extra = 0;
    loop {
        // The killed worker's lease runs out first.
        run.clock.advance(LEASE + Duration::from_secs(1));
        match driver.run(&onboarding(id)).await {
            Ok(done) => return (done, extra),
            Err(e @ (OnboardingError::Unresolved { .. } | OnboardingError::Step { .. }))
                if extra < 5 =>
            {
                eprintln!("resume of {id} again after: {e}");
                extra += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("resume of {id} failed: {e}"),
        }
    }
}

/// Checks a resumed onboarding against the stand-in and the journal: one registration, each
/// file uploaded once (plus uploads journaled as orphaned), every step done.
pub async fn check_exactly_once<J: Journal>(
    run: &Run,
    journal: &J,
    id: &str,
    done: &Onboarded,
) -> Tally {
    assert_eq!(
        run.stand_in.businesses(),
        1,
        "{id}: businesses at the stand-in"
    );
    assert_eq!(run.registrations_done(), 1, "{id}: registrations done");
    assert_eq!(
        Some(done.business.brand_id.clone()),
        run.stand_in.brand_id_of(id),
        "{id}: the journaled brand is the one registered"
    );
    let records: Vec<StepRecord> = journal.steps(id).await.unwrap();
    for step in STEPS {
        let record = records
            .iter()
            .find(|r| r.step == step)
            .unwrap_or_else(|| panic!("{id}: no {step} in {records:?}"));
        assert_eq!(record.state, StepState::Done, "{id}: {record:?}");
    }
    let mut orphans = 0;
    for index in 0..DOCUMENTS {
        let record = records
            .iter()
            .find(|r| r.step == steps::upload(index))
            .unwrap();
        let uploads = run.uploads_done(index);
        assert_eq!(
            uploads,
            1 + record.orphaned_request_ids.len(),
            "{id}: document {index} uploaded {uploads} times; journal {record:?}"
        );
        assert_eq!(record.doku_id.as_ref(), Some(&done.file_ids[index]));
        orphans += record.orphaned_request_ids.len();
    }
    assert_eq!(run.stand_in.files(), DOCUMENTS + orphans, "{id}: files");
    Tally {
        registrations: run.stand_in.businesses(),
        files: run.stand_in.files(),
        orphaned_uploads: orphans,
        ..Tally::default()
    }
}

/// One kill-and-resume: a fresh stand-in, the onboarding run in a task aborted at a random
/// instant after the stand-in received the `after`-th request (`delay` below `window`), then
/// resumed from the journal to its end.
pub async fn kill_and_resume<J: Journal + Clone + 'static>(
    journal: J,
    id: &str,
    step: &str,
    after: usize,
    delay: Duration,
) -> Tally {
    let run = Run::start().await;
    let driver = Arc::new(run.driver(journal.clone()));
    let task = {
        let driver = Arc::clone(&driver);
        let onboarding = onboarding(id);
        tokio::spawn(async move { driver.run(&onboarding).await })
    };
    while run.requests() < after && !task.is_finished() {
        tokio::task::yield_now().await;
    }
    let since = Instant::now();
    while since.elapsed() < delay && !task.is_finished() {
        tokio::task::yield_now().await;
    }
    let finished = task.is_finished();
    task.abort();
    let first = task.await;
    let mut tally = Tally {
        runs: 1,
        ..Tally::default()
    };
    match (finished, &first) {
        (true, Ok(Ok(_))) => tally.finished_before_kill += 1,
        (_, Ok(Err(e))) => panic!("{id}: the killed run failed by itself: {e}"),
        _ => match step_state(&journal, id, step).await {
            None => tally.killed_before_step += 1,
            Some(StepState::Started) => tally.killed_while_started += 1,
            Some(StepState::Done) => tally.killed_after_done += 1,
        },
    }
    if step_state(&journal, id, steps::REGISTRATION).await == Some(StepState::Started)
        && run.stand_in.brand_id_of(id).is_some()
    {
        tally.registration_answers_lost += 1;
    }
    let (done, extra) = resume(&run, &driver, id).await;
    tally.extra_resumes += extra;
    tally.add(check_exactly_once(&run, &journal, id, &done).await);
    tally
}

/// Each step × `points` random kill points; returns the tally. A point is a delay after the
/// stand-in received the request before the step's own (none for the first step), drawn from
/// the seeded generator below the step's span in a warm uninterrupted run: from that request
/// to half-way to the request after the step's own. So kills land before the step is
/// journaled, while it is started (its request on the way or done at the stand-in with the
/// answer on the way back), and after it is done.
pub async fn kill_matrix<J: Journal + Clone + 'static>(
    journal: J,
    label: &str,
    points: usize,
    seed: u64,
) -> Tally {
    // The first run in a process is slow (connection set-up, first queries): timed twice,
    // the second is the reference.
    let _ = timeline(&Run::start().await, journal.clone()).await;
    let timeline = timeline(&Run::start().await, journal.clone()).await;
    let mut rng = Rng::new(seed);
    let mut total = Tally::default();
    for (s, step) in STEPS.iter().enumerate() {
        let after = timeline.before_step[s];
        let at = |i: usize| timeline.arrivals[i];
        let from = after.checked_sub(1).map_or(Duration::ZERO, at);
        let own = at(after);
        let next = timeline
            .arrivals
            .get(after + 1)
            .copied()
            .unwrap_or(own + Duration::from_millis(4));
        let window = ((own - from) + (next - own) / 2).max(Duration::from_micros(500));
        let mut tally = Tally::default();
        for point in 0..points {
            let delay = Duration::from_nanos(rng.below(window.as_nanos() as u64));
            let id = format!("{label}-{s}-{point}");
            tally.add(kill_and_resume(journal.clone(), &id, step, after, delay).await);
        }
        eprintln!("{label}: killed at {step} ({window:?} window): {tally:?}");
        total.add(tally);
    }
    eprintln!("{label}: all steps: {total:?}");
    total
}
