//! Exactly-once registration under DOKU's failures (issue 21): the fault matrix {reset before
//! commit, reset after commit, timeout after commit, 502 before commit, 502 after commit} ×
//! 200 registrations each, against the stateful stand-in over 127.0.0.1 with the real client.
//! Each registration is `doku_partner::exactly_once::send`; what DOKU holds afterwards and
//! every request that reached it are counted at the stand-in.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use doku_partner::endpoints::create_business_lite::{self, body as lite};
use doku_partner::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use doku_partner::endpoints::upload_file::{DocumentCode, UploadCategory};
use doku_partner::endpoints::{CreateBusinessLite, GetBusinessData};
use doku_partner::endpoints::{business_registration, upload_file};
use doku_partner::exactly_once::{self, Found, HowDone, OnceError};
use doku_partner::stand_in::PartnerStandIn;
use doku_partner::support::ApiRequest;
use doku_partner::support::Endpoint as _;
use doku_partner::support::client::RetryPolicy;
use doku_partner::support::clock::RequestId;
use doku_partner::support::error::TransportKind;
use doku_partner::support::multipart::FilePart;
use doku_partner::support::stand_in::Fault;
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error};

const CLIENT_ID: &str = "BRN-0001-10791114622548";
const SECRET: &str = "SK-exactly-once";
const RUNS_PER_FAULT: usize = 200;
/// The client's timeout: what "timeout after commit" costs each run, and long enough for a
/// debug build on a machine loaded far beyond its cores to answer a normal request (a resend
/// that timed out would leave the outcome ambiguous). The timeouts run in many shards at once.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Where the fault strikes: before or after DOKU's commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Case {
    ResetBefore,
    ResetAfter,
    TimeoutAfter,
    BadGatewayBefore,
    BadGatewayAfter,
}

const CASES: [Case; 5] = [
    Case::ResetBefore,
    Case::ResetAfter,
    Case::TimeoutAfter,
    Case::BadGatewayBefore,
    Case::BadGatewayAfter,
];

impl Case {
    /// Each fault's runs are split over this many stand-ins, run at once (faults are queued
    /// per stand-in, so the runs on one stand-in are sequential). The timeouts take a second
    /// each, so they get more.
    fn shards(self) -> usize {
        match self {
            Case::TimeoutAfter => 50,
            _ => 2,
        }
    }

    fn fault(self) -> Fault {
        match self {
            Case::ResetBefore => Fault::ResetBeforeCommit,
            Case::ResetAfter => Fault::CommitThenReset,
            Case::TimeoutAfter => Fault::CommitThenHang,
            Case::BadGatewayBefore => Fault::bad_gateway(),
            Case::BadGatewayAfter => Fault::bad_gateway_after_commit(),
        }
    }

    /// Whether DOKU did the work before the fault.
    fn committed(self) -> bool {
        matches!(
            self,
            Case::ResetAfter | Case::TimeoutAfter | Case::BadGatewayAfter
        )
    }
}

fn client(stand_in: &PartnerStandIn) -> Client {
    Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .bearer_token("unused-by-these-endpoints")
    .timeout(TIMEOUT)
    .retry(RetryPolicy::none())
    .build()
    .unwrap()
}

fn registration(partner_ref_id: &str) -> create_business_lite::Request {
    create_business_lite::Request::from(lite::Body::new(
        lite::Business::new(
            partner_ref_id,
            "Toko Sekali Saja",
            lite::BusinessContact::new("Ani", "ani@example.com", "62", "8123"),
        ),
        lite::InvitedUser::new("ani@example.com"),
    ))
}

/// What one shard measured.
#[derive(Debug, Default)]
struct Tally {
    runs: usize,
    /// Ended `Ok` after the resend ([`Found::Absent`]).
    absent_resent: usize,
    /// Ended `Ok` at the first send (the fault did not bite: should not happen).
    answered: usize,
    /// Ended [`OnceError::Present`].
    present: usize,
    /// Ended [`OnceError::Ambiguous`] or [`OnceError::Failed`].
    unresolved: usize,
    /// Businesses stored at the stand-in for one `partner_ref_id`, more than one.
    duplicates: usize,
    /// Registrations the stand-in does not hold at all.
    lost: usize,
    /// Registration requests that reached the stand-in beyond the first, per run.
    extra_registration_requests: usize,
    /// The most extra registration requests one run made.
    most_extra_in_one_run: usize,
    /// Get Business Data requests that reached the stand-in.
    get_business_data_requests: usize,
}

async fn shard(case: Case, shard: usize, runs: usize) -> Tally {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    let client = client(&stand_in);
    // A first connection and registration without a fault, so that the first run does not
    // pay for a cold start (and is not counted; on a loaded machine it may itself time out
    // and be resolved).
    let warm_up = RequestId::new_v4();
    let _ = exactly_once::send(&client, &registration("warm-up"), warm_up.clone()).await;
    let mut tally = Tally::default();
    let mut sent: Vec<(String, RequestId)> = Vec::new();
    for run in 0..runs {
        let partner_ref_id = format!("{case:?}-{shard}-{run}");
        let request_id = RequestId::new_v4();
        stand_in.server().push_fault(case.fault());
        let outcome =
            exactly_once::send(&client, &registration(&partner_ref_id), request_id.clone()).await;
        tally.runs += 1;
        match &outcome {
            Ok(done) => {
                // The business as DOKU holds it: the brand in the answer is the one stored.
                assert_eq!(
                    stand_in.brand_id_of(&partner_ref_id).as_deref(),
                    Some(done.reply.data.business.brands[0].id.as_str()),
                    "{case:?} run {run}"
                );
                assert_eq!(done.reply.request_id, request_id);
                match done.how {
                    HowDone::Resent => tally.absent_resent += 1,
                    HowDone::Answered => tally.answered += 1,
                    other => panic!("{other:?}"),
                }
            }
            Err(
                e @ OnceError::Present {
                    request_id: id,
                    unknown,
                    ..
                },
            ) => {
                assert_eq!(e.found(), Some(Found::Present));
                assert_eq!(id, request_id.as_str());
                let unknown = unknown.as_deref().expect("send keeps the unknown outcome");
                assert!(unknown.is_unknown_outcome(), "{unknown:?}");
                assert_eq!(unknown.request_id(), Some(request_id.as_str()));
                tally.present += 1;
            }
            Err(other) => {
                eprintln!("{case:?} run {run}: {other}");
                tally.unresolved += 1;
            }
        }
        // The state found is the state the fault left.
        if case.committed() {
            assert!(
                matches!(outcome, Err(OnceError::Present { .. })),
                "{case:?} run {run}: {outcome:?}"
            );
        } else {
            assert!(
                matches!(&outcome, Ok(done) if done.how == HowDone::Resent),
                "{case:?} run {run}: {outcome:?}"
            );
        }
        sent.push((partner_ref_id, request_id));
    }

    // Counted at the stand-in: every request that reached it, by Request-Id and path.
    let requests = stand_in.server().requests();
    let registration_path = CreateBusinessLite::PATH_TEMPLATE;
    let business_data_prefix = GetBusinessData::PATH_TEMPLATE.split('{').next().unwrap();
    let mut per_id: HashMap<&str, usize> = HashMap::new();
    for r in &requests {
        if r.header("request-id") == Some(warm_up.as_str()) {
            continue;
        }
        if r.path == registration_path {
            *per_id.entry(r.header("request-id").unwrap()).or_default() += 1;
        } else if r.path.starts_with(business_data_prefix) {
            tally.get_business_data_requests += 1;
        } else {
            panic!("unexpected request to {}", r.path);
        }
    }
    for (partner_ref_id, request_id) in &sent {
        let reached = per_id.get(request_id.as_str()).copied().unwrap_or(0);
        assert!(reached >= 1, "{partner_ref_id}: never reached the stand-in");
        tally.extra_registration_requests += reached - 1;
        tally.most_extra_in_one_run = tally.most_extra_in_one_run.max(reached - 1);
        match stand_in.registrations_of(partner_ref_id) {
            0 => tally.lost += 1,
            1 => {}
            _ => tally.duplicates += 1,
        }
    }
    assert_eq!(
        stand_in.businesses(),
        stand_in.registrations_of("warm-up") + runs - tally.lost + tally.duplicates
    );
    tally
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_matrix_registers_each_business_exactly_once() {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for case in CASES {
        let shards = case.shards();
        for s in 0..shards {
            let runs = RUNS_PER_FAULT / shards + usize::from(s < RUNS_PER_FAULT % shards);
            tasks.spawn(async move { (case, shard(case, s, runs).await) });
        }
    }
    let mut by_case: HashMap<Case, Tally> = HashMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (case, t) = joined.unwrap();
        let total = by_case.entry(case).or_default();
        total.runs += t.runs;
        total.absent_resent += t.absent_resent;
        total.answered += t.answered;
        total.present += t.present;
        total.unresolved += t.unresolved;
        total.duplicates += t.duplicates;
        total.lost += t.lost;
        total.extra_registration_requests += t.extra_registration_requests;
        total.most_extra_in_one_run = total.most_extra_in_one_run.max(t.most_extra_in_one_run);
        total.get_business_data_requests += t.get_business_data_requests;
    }
    for case in CASES {
        let t = &by_case[&case];
        // The measured numbers, for the report (`--nocapture`).
        println!(
            "{case:?}: runs {} | ok after resend (absent) {} | ok at once {} | present {} | \
             unresolved {} | duplicates {} | lost {} | extra registration requests {} (most in \
             one run {}) | Get Business Data requests {}",
            t.runs,
            t.absent_resent,
            t.answered,
            t.present,
            t.unresolved,
            t.duplicates,
            t.lost,
            t.extra_registration_requests,
            t.most_extra_in_one_run,
            t.get_business_data_requests
        );
        assert_eq!(t.runs, RUNS_PER_FAULT, "{case:?}");
        assert_eq!(t.duplicates, 0, "{case:?}");
        assert_eq!(t.lost, 0, "{case:?}");
        assert_eq!(t.unresolved, 0, "{case:?}");
        assert!(t.most_extra_in_one_run <= 1, "{case:?}");
        // Exactly one resend per ambiguous (faulted) call.
        assert_eq!(t.extra_registration_requests, t.runs, "{case:?}");
        assert_eq!(t.get_business_data_requests, 0, "{case:?}");
    }
    println!("fault matrix: {:?}", started.elapsed());
}

#[tokio::test]
async fn a_failure_before_any_byte_left_is_definite_and_not_resent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(format!("http://127.0.0.1:{port}")),
    )
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    let err = exactly_once::send(&client, &registration("ref-refused"), RequestId::new_v4())
        .await
        .unwrap_err();
    let OnceError::Failed(Error::Transport { kind, .. }) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(*kind, TransportKind::Connect);
    assert_eq!(err.found(), None);
}

#[tokio::test]
async fn the_client_reports_an_unknown_outcome_never_a_plain_transport_error() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    let client = client(&stand_in);
    for (case, cause_status, cause_kind) in [
        (Case::ResetAfter, None, Some(TransportKind::Interrupted)),
        (Case::TimeoutAfter, None, Some(TransportKind::Timeout)),
        (Case::BadGatewayBefore, Some(502), None),
    ] {
        stand_in.server().push_fault(case.fault());
        let request_id = RequestId::new_v4();
        let err = client
            .send_with_request_id(registration(&format!("ref-{case:?}")), request_id.clone())
            .await
            .unwrap_err();
        let Error::UnknownOutcome {
            request_id: id,
            cause,
            attempts,
            ..
        } = &err
        else {
            panic!("{case:?}: {err:?}");
        };
        assert_eq!(id, request_id.as_str());
        assert_eq!(*attempts, 1);
        assert_eq!(cause.status(), cause_status, "{case:?}");
        if let Some(kind) = cause_kind {
            assert!(
                matches!(**cause, Error::Transport { kind: k, .. } if k == kind),
                "{case:?}: {cause:?}"
            );
        }
        assert_eq!(err.status(), cause_status);
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!(
                "the outcome of create_business_lite is unknown (Request-Id {request_id})"
            )),
            "{shown}"
        );
        let last_attempt = match cause_status {
            Some(status) => format!("#1 HTTP {status}"),
            None => format!("#1 {}", cause_kind.unwrap()),
        };
        assert!(shown.contains(&last_attempt), "{shown}");
        // The cause once, through source().
        let source = std::error::Error::source(&err).expect("the cause");
        assert_eq!(source.to_string(), cause.to_string());
    }
    // A GET changes nothing: its timeout stays a plain transport error.
    stand_in.server().push_fault(Fault::Hang);
    let err = client
        .send(doku_partner::endpoints::get_business_data::Request::new(
            "BRN-0001-0000000000001".parse().unwrap(),
            doku_partner::endpoints::get_business_data::Query::Personal,
        ))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn resolve_on_resume_finds_what_a_crashed_process_left() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    // A process registered, DOKU committed, the answer was lost, the process died: its
    // journal has the Request-Id. A new process resolves it: present, and nothing resent twice.
    stand_in.server().push_fault(Fault::CommitThenReset);
    let journal_id = RequestId::new_v4();
    let request = registration("ref-crashed-after-commit");
    let _ = client(&stand_in)
        .send_borrowed(&request, journal_id.clone())
        .await
        .unwrap_err();
    let err = exactly_once::resolve(&client(&stand_in), &request, journal_id.clone())
        .await
        .unwrap_err();
    assert_eq!(err.found(), Some(Found::Present), "{err}");
    assert_eq!(err.request_id(), Some(journal_id.as_str()));
    assert!(err.to_string().contains("Do not send it again"), "{err}");
    assert_eq!(stand_in.registrations_of("ref-crashed-after-commit"), 1);

    // A process that died before its request left: resolve sends it.
    let never_sent = RequestId::new_v4();
    let done = exactly_once::resolve(
        &client(&stand_in),
        &registration("ref-crashed-before-send"),
        never_sent,
    )
    .await
    .unwrap();
    assert_eq!(done.how, HowDone::Resent);
    assert_eq!(stand_in.registrations_of("ref-crashed-before-send"), 1);

    // The resend itself fails in a way that says nothing: ambiguous. Resolved later with the
    // same Request-Id: registered once.
    stand_in.server().push_fault(Fault::ResetBeforeCommit);
    stand_in.server().push_fault(Fault::bad_gateway());
    let request_id = RequestId::new_v4();
    let request = registration("ref-ambiguous");
    let err = exactly_once::send(&client(&stand_in), &request, request_id.clone())
        .await
        .unwrap_err();
    assert_eq!(err.found(), Some(Found::Ambiguous), "{err}");
    assert!(err.to_string().contains("still unknown"), "{err}");
    assert_eq!(stand_in.registrations_of("ref-ambiguous"), 0);
    let done = exactly_once::resolve(&client(&stand_in), &request, request_id)
        .await
        .unwrap();
    assert_eq!(done.how, HowDone::Resent);
    assert_eq!(stand_in.registrations_of("ref-ambiguous"), 1);
    // Once resolved, resolving again finds it present: never a second business.
    let err = exactly_once::resolve(&client(&stand_in), &request, done.reply.request_id)
        .await
        .unwrap_err();
    assert_eq!(err.found(), Some(Found::Present), "{err}");
    assert_eq!(stand_in.registrations_of("ref-ambiguous"), 1);
}

#[tokio::test]
async fn with_the_clients_own_retries_a_committed_call_is_found_present() {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .timeout(TIMEOUT)
    .retry(
        RetryPolicy::exponential(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_elapsed(Duration::from_secs(5)),
    )
    .build()
    .unwrap();
    stand_in
        .server()
        .push_fault(Fault::bad_gateway_after_commit());
    let err = exactly_once::send(&client, &registration("ref-retried"), RequestId::new_v4())
        .await
        .unwrap_err();
    assert_eq!(err.found(), Some(Found::Present), "{err}");
    stand_in.server().push_fault(Fault::bad_gateway());
    let done = exactly_once::send(&client, &registration("ref-retried-2"), RequestId::new_v4())
        .await
        .unwrap();
    assert_eq!(done.how, HowDone::Answered);
    assert_eq!(done.reply.attempts, 2);
    assert_eq!(stand_in.registrations_of("ref-retried"), 1);
    assert_eq!(stand_in.registrations_of("ref-retried-2"), 1);
}

/// Runs `runs` calls of `make`'s requests under `case`'s fault, checking after each that DOKU
/// holds exactly one more of what `count` counts, and that the call reached it at most twice.
async fn each_call_done_once<R: ApiRequest>(
    stand_in: &PartnerStandIn,
    client: &Client,
    case: Case,
    runs: usize,
    make: impl Fn(usize) -> R,
    count: impl Fn(&PartnerStandIn) -> usize,
) {
    for run in 0..runs {
        let before = count(stand_in);
        let request_id = RequestId::new_v4();
        stand_in.server().push_fault(case.fault());
        let outcome = exactly_once::send(client, &make(run), request_id.clone()).await;
        match (&outcome, case.committed()) {
            (Err(e), true) => assert_eq!(e.found(), Some(Found::Present), "{case:?}: {e}"),
            (Ok(done), false) => assert_eq!(done.how, HowDone::Resent, "{case:?}"),
            _ => panic!("{case:?} run {run}: {outcome:?}"),
        }
        assert_eq!(count(stand_in), before + 1, "{case:?} run {run}");
        let reached = stand_in
            .server()
            .requests()
            .iter()
            .filter(|r| r.header("request-id") == Some(request_id.as_str()))
            .count();
        assert_eq!(reached, 2, "{case:?} run {run}: the call and one resend");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn business_registration_and_upload_file_resolve_the_same_way() {
    const RUNS: usize = 3;
    let mut tasks = tokio::task::JoinSet::new();
    for case in CASES {
        tasks.spawn(async move {
            let (stand_in, client) = stand_in_with_token().await;
            each_call_done_once(
                &stand_in,
                &client,
                case,
                RUNS,
                upload,
                PartnerStandIn::files,
            )
            .await;
        });
        tasks.spawn(async move {
            let (stand_in, client) = stand_in_with_token().await;
            let bodies: Vec<String> = (0..RUNS).map(full_registration).collect();
            each_call_done_once(
                &stand_in,
                &client,
                case,
                RUNS,
                |run| {
                    business_registration::RawRequest { body: &bodies[run] }
                        .validate()
                        .unwrap()
                },
                PartnerStandIn::businesses,
            )
            .await;
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.unwrap();
    }
}

/// A stand-in and a client that holds a bearer token already: fetched before any fault is
/// queued (the token request would take the fault).
async fn stand_in_with_token() -> (PartnerStandIn, Client) {
    let stand_in = PartnerStandIn::start(CLIENT_ID, SECRET).await.unwrap();
    let client = Client::builder(
        Credentials::new(CLIENT_ID, SECRET),
        Environment::base_url(stand_in.base_url()),
    )
    .token_source(GenerateTokenSource::new())
    .timeout(TIMEOUT)
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    // On a loaded machine the first call may time out; the token is cached once one got it.
    for _ in 0..5 {
        if stand_in.server().tokens_issued() > 0 {
            break;
        }
        let _ = client.send(upload(usize::MAX)).await;
    }
    assert!(stand_in.server().tokens_issued() > 0, "no bearer token");
    (stand_in, client)
}

fn upload(run: usize) -> upload_file::Request {
    let file = FilePart::from_bytes(format!("ktp-{run}.png"), "image/png", vec![7; 100]);
    upload_file::Request::from(
        Upload::new(UploadCategory::Document, BodyFileOrFileUrl::File(file))
            .with_code(DocumentCode::Ktp),
    )
}

fn full_registration(run: usize) -> String {
    let name = format!("Toko Lengkap {run}");
    serde_json::json!({
        "business": {
            "type": "PERSONAL",
            "callback_url": "https://partner.example/kyb",
            "legal_entity": "PERSEORANGAN",
            "name": name,
            "description": "Exactly once",
            "email": "ani@example.com",
            "phone_calling_code": "62",
            "phone_number": "81234567890",
            "website_readiness": "DONT_HAVE",
            "mobile_app_readiness": "DONT_HAVE",
            "brands": [{
                "name": name,
                "description": "Exactly once",
                "category": "NON_RETAIL",
                "transaction_frequency": "UMI",
                "transaction_quantity": "UP_TO_100",
                "social_media": [],
                "photo_proofs": []
            }],
            "addresses": [{
                "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
                "country": "ID",
                "name": "Jalan Gatot Subroto No 20",
                "primary": true
            }],
            "contacts": [{"name": name}]
        }
    })
    .to_string()
}
