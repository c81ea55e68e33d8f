//! A local DOKU that behaves like the whole Partner API family, **with state**: it issues
//! bearer tokens with an expiry and refuses expired, missing or foreign ones; stores uploads
//! and answers with file IDs and links; stores registrations and answers with new business and
//! brand IDs; and Get Business Data returns the business that was registered, in the shape of
//! the page's sample. So a flow run against it reads back what it wrote.
//!
//! Each registered brand gets a shared key of its own (`SK-` and 20 random letters and digits),
//! which Get Business Data returns as `brands[].shared_key`, and the stand-in accepts the
//! brand's ID and that key as a client from then on: a flow can sign a call as the new
//! sub-merchant ([`Brand::credentials`](crate::endpoints::get_business_data::response::Brand::credentials)).
//!
//! It is the runtime's [`StandIn`] (a real HTTP server on 127.0.0.1, every door check, every
//! [`Fault`](crate::support::stand_in::Fault)) with the six endpoints registered and a
//! [`Responder`] on the ones that keep state. DOKU documents no response for Business
//! Registration; the stand-in answers it in Create Business Lite's shape (`business.id`,
//! `business.brands[].id`).
//!
//! # KYB lifecycle
//!
//! Each registration is reviewed on the stand-in's clock ([`PartnerStandInBuilder::clock`]):
//! in review from the moment it is stored, decided [`KybConfig::review_time`] later. Get
//! Business Data shows where it stands in `status`, `brands[].status`,
//! `brands[].risk_engine_status`, `brands[].finance_status` and `rejected` (business and
//! brands). DOKU's pages list no values for them: "in review" shows the samples' values
//! (`UPDATING`, `UPDATING`, `ON_PROCESS`, `PROBATION`); the values of the decided states are
//! the stand-in's guesses, in [`KybConfig`] to be replaced. How a review ends, first match:
//!
//! 1. the test's choice, [`PartnerStandIn::set_kyb_outcome`];
//! 2. a magic suffix of the registration's `business.name` ([`MAGIC_NAME_SUFFIXES`]):
//!    ` KYB-REJECT` rejects (reason [`MAGIC_REJECT_REASON`]), ` KYB-REVISE` sends it back
//!    for revision ([`MAGIC_REVISE_REASON`]), ` KYB-HOLD` keeps it in review for ever;
//! 3. [`KybConfig::default_outcome`] (approve).
//!
//! Get Business Data has no field for a rejection's reason or what to revise;
//! [`PartnerStandIn::kyb_status`] has them.
//!
//! # KYB callback
//!
//! When a review is decided (approved, rejected, sent back) the stand-in sends a callback to
//! the registration's `business.callback_url` (Business Registration has one; Create Business
//! Lite has none, so no callback), signed as DOKU signs its notifications, with the partner's
//! Client-Id and secret key, and re-delivered at +30 min, +6 h and +12 h after the first
//! attempt while the answer is not a 2xx, with the same `Request-Id`
//! ([`support::stand_in::callbacks`](crate::support::stand_in::callbacks) has the details). A decision
//! changed later ([`PartnerStandIn::set_kyb_outcome`]) is a new callback with a new
//! `Request-Id`. Its body is the business as Get Business Data shows it when the review is
//! decided: **DOKU does not document the callback's body** (one cut-off sentence of the Partner API overview), so this
//! shape is the stand-in's assumption. A test calls [`PartnerStandIn::run_due_callbacks`]
//! after moving the clock; it sends what is due by then, so each attempt comes at its exact
//! time. [`PartnerStandInBuilder::deliver_callbacks_every`] runs a task that does the same
//! every so often, for an example or a server whose clock moves by itself. [`PartnerStandIn::push_callback_fault`] loses a callback, for the "callback lost,
//! reconcile by polling Get Business Data" path.
//!
//! # Payments
//!
//! A registered brand's Checkout is kept; [`PartnerStandIn::pay`] marks it paid and sends DOKU's
//! payment notification, signed with the brand's key, to its Notification URL
//! ([`PartnerStandIn::set_notification_url`]); Check Status then answers what the notification
//! said ([`payments`] has the details). A payment (Checkout, DOKU VA's payment code) of a brand
//! whose KYB review is not approved is refused with DOKU's `PAYMENT CHANNEL IS INACTIVE`
//! ([`payments::NOT_APPROVED_BODY`]).
//!
//! # Other specs
//!
//! [`PartnerStandInBuilder::endpoint`] (a derived endpoint of any spec) and
//! [`PartnerStandInBuilder::route`] (a spec loaded at run time) serve more endpoints beside the
//! family, with the same checks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub mod admin;
mod kyb;
pub mod payments;

pub use doku_partner_support::stand_in::{StandIn, StandInBuilder};
pub use kyb::{
    KybConfig, KybOutcome, KybStatus, KybStatusValues, MAGIC_NAME_SUFFIXES, MAGIC_REJECT_REASON,
    MAGIC_REVISE_REASON,
};

use doku_partner_support::__private::serde_json::{self, Value, json};

use crate::endpoints::{
    BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken, GetBusinessData,
    UploadFile,
};
use crate::support::clock::{Clock, SystemClock};
use crate::support::stand_in::{
    Call, CallbackAttempt, CallbackFault, CallbackSender, Clients, Responder, StandInRoute,
};
use crate::support::{Endpoint, Secret, SecretKey};

/// What the stand-in keeps between calls.
#[derive(Debug, Default)]
struct State {
    next: u64,
    /// Registered businesses by brand ID (the Client-Id Get Business Data is asked about).
    businesses: HashMap<String, Registered>,
    /// Uploaded files by file ID: (category, file name, size).
    files: HashMap<String, (String, String, u64)>,
    /// The sub-merchants' Checkout payments ([`payments`]).
    payments: payments::Ledger,
}

#[derive(Debug, Clone)]
struct Registered {
    business_id: String,
    shared_key: Secret,
    request: Value,
    review: kyb::Review,
    /// The status last called back (or skipped: no `callback_url`); `None` before any.
    called_back: Option<KybStatus>,
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running Partner API stand-in. `Debug` shows its address and counts, never the
/// registrations (they hold people's data and shared keys).
pub struct PartnerStandIn {
    mock: StandIn,
    state: Shared,
    review: Review,
    callbacks: Arc<CallbackSender>,
    /// The task of [`PartnerStandInBuilder::deliver_callbacks_every`], stopped on drop.
    delivery: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for PartnerStandIn {
    fn drop(&mut self) {
        if let Some(task) = self.delivery.take() {
            task.abort();
        }
    }
}

/// What every stateful route needs to review registrations: the clock and the settings.
#[derive(Debug, Clone)]
struct Review {
    clock: Arc<dyn Clock>,
    config: Arc<KybConfig>,
    /// Held while due callbacks are sent, so that one run (the admin API's clock travel)
    /// returns only once another's (the background task's) attempts are made.
    callback_runs: Arc<tokio::sync::Mutex<()>>,
    /// The door checks' clock when `clock` travels (admin API): the notifications'
    /// `Request-Timestamp` and Checkout's answer dates follow it.
    stamp_clock: Option<Arc<dyn Clock>>,
}

impl Review {
    fn now(&self) -> i64 {
        self.clock.now_unix()
    }

    /// The door checks' time.
    fn door_now(&self) -> i64 {
        self.stamp_clock
            .as_ref()
            .map_or_else(|| self.now(), |clock| clock.now_unix())
    }
}

/// Configures a [`PartnerStandIn`]: its clock and how it reviews registrations. `Debug` never
/// shows the secret key.
pub struct PartnerStandInBuilder {
    client_id: String,
    secret_key: SecretKey,
    review: Review,
    delivery_interval: Option<std::time::Duration>,
    /// [`PartnerStandInBuilder::port`].
    port: u16,
    /// [`PartnerStandInBuilder::admin_api`].
    admin_api: bool,
    /// [`PartnerStandInBuilder::endpoint`] and [`PartnerStandInBuilder::route`]: endpoints of
    /// other specs, served beside the family.
    extra_routes: Vec<StandInRoute>,
}

impl std::fmt::Debug for PartnerStandInBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerStandInBuilder")
            .field("client_id", &self.client_id)
            .field("secret_key", &self.secret_key)
            .field("review", &self.review)
            .field("delivery_interval", &self.delivery_interval)
            .field("port", &self.port)
            .field("admin_api", &self.admin_api)
            .field("extra_routes", &self.extra_routes.len())
            .finish()
    }
}

impl std::fmt::Debug for PartnerStandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerStandIn")
            .field("base_url", &self.base_url())
            .field("businesses", &self.businesses())
            .field("files", &self.files())
            .finish_non_exhaustive()
    }
}

impl PartnerStandInBuilder {
    /// The stand-in's clock: door checks (±3600 s), tokens and KYB reviews (default: the system
    /// clock). Give the client the same clock ([`ClientBuilder::clock`](crate::support::ClientBuilder::clock)).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.review.clock = clock;
        self
    }

    /// How registrations are reviewed (default [`KybConfig::default`]).
    pub fn kyb(mut self, config: KybConfig) -> Self {
        self.review.config = Arc::new(config);
        self
    }

    /// Sends the KYB callbacks in the background: a task checks the stand-in's clock every
    /// `interval` of real time and sends what is due (as
    /// [`PartnerStandIn::run_due_callbacks`]), for an example or a server whose clock moves by
    /// itself. Tests that need exact times call `run_due_callbacks` instead (default: no task).
    pub fn deliver_callbacks_every(mut self, interval: std::time::Duration) -> Self {
        self.delivery_interval = Some(interval.max(std::time::Duration::from_millis(1)));
        self
    }

    /// Listens on `127.0.0.1:port` (default `0`: a port the system picks).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serves the [admin API](admin) under [`admin::ADMIN_PREFIX`]: faults, clock travel,
    /// state, reset, callbacks. The KYB reviews and callbacks then run on a
    /// [`admin::TravelClock`] over the configured clock, which the door checks and tokens keep.
    pub fn admin_api(mut self) -> Self {
        self.admin_api = true;
        self
    }

    /// Serves endpoint `E` too, from any spec (yours: `#[derive(Endpoint)]` on it), beside the
    /// family: its first sample, after the same checks as the family's endpoints (headers,
    /// signature with `Digest`, Request-Id reuse, the bearer token the family's or any other
    /// issuing endpoint gave, the caller's headers, the body against the spec's schema).
    /// `E` with `auth.issues_token` issues tokens the other endpoints accept.
    pub fn endpoint<E: Endpoint>(self) -> Self {
        match StandInRoute::of::<E>() {
            Some(route) => self.route(route),
            None => self,
        }
    }

    /// Serves a route given in full (a spec loaded at run time:
    /// `doku_partner_codegen::live::LiveEndpoint::stand_in_route`) beside the family. A route with
    /// the method and path of one of the family's is not reached: the family's comes first.
    pub fn route(mut self, route: StandInRoute) -> Self {
        self.extra_routes.push(route);
        self
    }

    /// Starts it on 127.0.0.1.
    pub async fn start(self) -> std::io::Result<PartnerStandIn> {
        let door_clock = Arc::clone(&self.review.clock);
        let mut review = self.review;
        let travel = self.admin_api.then(|| {
            let travel = Arc::new(admin::TravelClock::new(Arc::clone(&door_clock)));
            review.clock = travel.clone();
            review.stamp_clock = Some(Arc::clone(&door_clock));
            travel
        });
        let mut stand_in = PartnerStandIn::start_with(
            &self.client_id,
            self.secret_key.expose_secret(),
            review,
            door_clock,
            self.port,
            travel,
            self.extra_routes,
        )
        .await?;
        if let Some(interval) = self.delivery_interval {
            let sender = CallbackDue {
                state: Arc::clone(&stand_in.state),
                review: stand_in.review.clone(),
                callbacks: Arc::clone(&stand_in.callbacks),
            };
            stand_in.delivery = Some(tokio::spawn(async move {
                loop {
                    sender.run().await;
                    tokio::time::sleep(interval).await;
                }
            }));
        }
        Ok(stand_in)
    }
}

impl PartnerStandIn {
    /// Starts it on 127.0.0.1 with one client (its Client-Id and secret key), the system clock
    /// and the default KYB review.
    pub async fn start(client_id: &str, secret_key: &str) -> std::io::Result<Self> {
        Self::builder(client_id, secret_key).start().await
    }

    /// A builder with one client (its Client-Id and secret key).
    pub fn builder(client_id: &str, secret_key: &str) -> PartnerStandInBuilder {
        PartnerStandInBuilder {
            client_id: client_id.to_owned(),
            secret_key: SecretKey::new(secret_key),
            review: Review {
                clock: Arc::new(SystemClock),
                config: Arc::default(),
                callback_runs: Arc::default(),
                stamp_clock: None,
            },
            delivery_interval: None,
            port: 0,
            admin_api: false,
            extra_routes: Vec::new(),
        }
    }

    /// `door_clock` is the door checks' (the same as `review`'s without an admin API).
    async fn start_with(
        client_id: &str,
        secret_key: &str,
        review: Review,
        door_clock: Arc<dyn Clock>,
        port: u16,
        travel: Option<Arc<admin::TravelClock>>,
        extra_routes: Vec<StandInRoute>,
    ) -> std::io::Result<Self> {
        let state: Shared = Arc::default();
        let clients = Clients::new();
        clients.add(client_id, secret_key);
        let mut callbacks = CallbackSender::new(client_id, secret_key, Arc::clone(&review.clock))?;
        if travel.is_some() {
            callbacks = callbacks.timestamps_from(Arc::clone(&door_clock));
        }
        let callbacks = Arc::new(callbacks);
        let base_url: Arc<OnceLock<String>> = Arc::default();
        let route = |route: Option<StandInRoute>, responder: Option<Responder>| {
            route.map(|r| StandInRoute { responder, ..r })
        };
        let routes = [
            route(StandInRoute::of::<CheckRequirements>(), None),
            route(StandInRoute::of::<GenerateToken>(), None),
            route(
                StandInRoute::of::<UploadFile>(),
                Some(upload(Arc::clone(&state), Arc::clone(&base_url))),
            ),
            route(
                StandInRoute::of::<CreateBusinessLite>(),
                Some(register(
                    Arc::clone(&state),
                    clients.clone(),
                    review.clone(),
                )),
            ),
            route(
                StandInRoute::of::<BusinessRegistration>(),
                Some(register(
                    Arc::clone(&state),
                    clients.clone(),
                    review.clone(),
                )),
            ),
            route(
                StandInRoute::of::<GetBusinessData>(),
                Some(read_back(Arc::clone(&state), review.clone())),
            ),
        ];
        let mut builder = StandIn::builder()
            .clients(clients.clone())
            .clock(door_clock)
            .port(port);
        if let Some(travel) = travel {
            let admin = Arc::new(admin::Admin {
                state: Arc::clone(&state),
                review: review.clone(),
                callbacks: Arc::clone(&callbacks),
                clients,
                travel,
            });
            builder = builder.control_api(admin::ADMIN_PREFIX, move |request| {
                let admin = Arc::clone(&admin);
                async move { admin.handle(request).await }
            });
        }
        let payment_routes = [
            payments::checkout_route(Arc::clone(&state), review.clone()),
            payments::check_status_route(Arc::clone(&state)),
            payments::va_payment_code_route(Arc::clone(&state), review.clone()),
        ];
        for route in routes
            .into_iter()
            .flatten()
            .chain(payment_routes.into_iter().flatten())
            .chain(extra_routes)
        {
            builder = builder.route(route);
        }
        let mock = builder.start().await?;
        let _ = base_url.set(mock.base_url());
        Ok(PartnerStandIn {
            mock,
            state,
            review,
            callbacks,
            delivery: None,
        })
    }

    /// Its base URL (`http://127.0.0.1:PORT`), for `Environment::base_url`.
    pub fn base_url(&self) -> String {
        self.mock.base_url()
    }

    /// The underlying stand-in server: recorded requests, faults, tokens.
    pub fn server(&self) -> &StandIn {
        &self.mock
    }

    /// [`server`](Self::server) under its name before 0.2.
    #[doc(hidden)]
    #[deprecated(since = "0.2.0", note = "renamed `server`")]
    pub fn mock(&self) -> &StandIn {
        &self.mock
    }

    /// How many businesses were registered (Create Business Lite or Business Registration).
    pub fn businesses(&self) -> usize {
        lock(&self.state).businesses.len()
    }

    /// The brand ID of the business registered with `partner_ref_id` (what a partner whose
    /// registration's answer was lost looks for), or `None`.
    pub fn brand_id_of(&self, partner_ref_id: &str) -> Option<String> {
        lock(&self.state)
            .businesses
            .iter()
            .find(|(_, r)| r.request["business"]["partner_ref_id"].as_str() == Some(partner_ref_id))
            .map(|(brand_id, _)| brand_id.clone())
    }

    /// How many businesses were registered with `partner_ref_id`: 1 when exactly once, more
    /// for a duplicate (what a test of exactly-once registration counts).
    pub fn registrations_of(&self, partner_ref_id: &str) -> usize {
        lock(&self.state)
            .businesses
            .values()
            .filter(|r| r.request["business"]["partner_ref_id"].as_str() == Some(partner_ref_id))
            .count()
    }

    /// Where the review of brand `brand_id`'s registration stands now (on the stand-in's clock),
    /// or `None` for a brand it does not know. A rejection's reason is here: Get Business Data
    /// has no field for it.
    pub fn kyb_status(&self, brand_id: &str) -> Option<KybStatus> {
        let state = lock(&self.state);
        let registered = state.businesses.get(brand_id)?;
        Some(
            registered
                .review
                .status(self.review.now(), &self.review.config),
        )
    }

    /// Sets how the review of brand `brand_id`'s registration ends (a test's choice over the
    /// name's magic suffix and the default); it takes effect when the review time has passed,
    /// at once if it already has. `false` for a brand it does not know.
    pub fn set_kyb_outcome(&self, brand_id: &str, outcome: KybOutcome) -> bool {
        match lock(&self.state).businesses.get_mut(brand_id) {
            Some(registered) => {
                registered.review.outcome = outcome;
                true
            }
            None => false,
        }
    }

    /// How many files were uploaded.
    pub fn files(&self) -> usize {
        lock(&self.state).files.len()
    }

    /// Sends the KYB callbacks due by the stand-in's clock now: a callback for each review
    /// decided (or changed) since the last call, to its `business.callback_url`, and the
    /// re-deliveries whose time has come ([module docs](self#kyb-callback)). The number of
    /// attempts made. Call it after each move of the clock; a test that steps the clock sees
    /// each attempt at its exact time.
    pub async fn run_due_callbacks(&self) -> usize {
        CallbackDue {
            state: Arc::clone(&self.state),
            review: self.review.clone(),
            callbacks: Arc::clone(&self.callbacks),
        }
        .run()
        .await
    }

    /// Every KYB callback attempt so far, in order: when (on the stand-in's clock, and after
    /// the callback's first attempt), its `Request-Id`, what the partner answered.
    pub fn callback_attempts(&self) -> Vec<CallbackAttempt> {
        self.callbacks.attempts()
    }

    /// Queues a fault for the next KYB callback ([`CallbackFault::Drop`]: it is never sent).
    pub fn push_callback_fault(&self, fault: CallbackFault) {
        self.callbacks.push_fault(fault);
    }
}

/// What sending the due KYB callbacks needs, shared by [`PartnerStandIn::run_due_callbacks`]
/// and the background task.
struct CallbackDue {
    state: Shared,
    review: Review,
    callbacks: Arc<CallbackSender>,
}

impl CallbackDue {
    async fn run(&self) -> usize {
        let _one_run_at_a_time = self.review.callback_runs.lock().await;
        let now = self.review.now();
        let decided: Vec<(String, Vec<u8>)> = {
            let mut state = lock(&self.state);
            let mut decided = Vec::new();
            for (brand_id, registered) in &mut state.businesses {
                let status = registered.review.status(now, &self.review.config);
                if status == KybStatus::InReview || registered.called_back.as_ref() == Some(&status)
                {
                    continue;
                }
                registered.called_back = Some(status.clone());
                let Some(url) = registered.request["business"]["callback_url"].as_str() else {
                    continue;
                };
                if let Some(data) =
                    business_data(brand_id, registered, &status, &self.review.config)
                {
                    decided.push((url.to_owned(), data.to_string().into_bytes()));
                }
            }
            decided
        };
        for (url, body) in decided {
            self.callbacks.schedule(&url, body);
        }
        self.callbacks.run_due().await + payments::run_due(&self.state).await
    }
}

fn next_id(state: &mut State, prefix: &str) -> String {
    state.next += 1;
    format!("{prefix}-0001-{:013}", 1_700_000_000_000 + state.next)
}

/// Upload File: a new file ID and a link; the category sent.
fn upload(state: Shared, base_url: Arc<OnceLock<String>>) -> Responder {
    Responder::new(move |call: &Call<'_>| {
        let category = call.body.get("category")?.as_str()?.to_owned();
        let file = call.body.get("file");
        let name = file
            .and_then(|f| f.get("file_name")?.as_str())
            .or_else(|| call.body.get("file_url")?.as_str())
            .unwrap_or_default()
            .to_owned();
        let size = file.and_then(|f| f.get("size")?.as_u64()).unwrap_or(0);
        let mut state = lock(&state);
        let id = next_id(&mut state, "CNT");
        state
            .files
            .insert(id.clone(), (category.clone(), name, size));
        let base = base_url.get().cloned().unwrap_or_default();
        Some(
            json!({"id": id, "link": format!("{base}/files/{id}"), "category": category})
                .to_string(),
        )
    })
}

/// A fresh shared key: `SK-` and 20 letters and digits from the standard library's random
/// hasher seeds (a stand-in's key needs to be unguessable across runs, not cryptographic).
fn new_shared_key() -> Secret {
    use std::hash::{BuildHasher as _, Hasher as _};
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    // `Secret::new` wipes this buffer once it holds the key.
    let mut key = String::from("SK-");
    while key.len() < 23 {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_usize(key.len());
        let mut bits = hasher.finish();
        for _ in 0..8 {
            key.push(ALPHABET[(bits % ALPHABET.len() as u64) as usize] as char);
            bits /= ALPHABET.len() as u64;
        }
    }
    key.truncate(23);
    Secret::new(key)
}

/// Create Business Lite and Business Registration: new IDs and a shared key, the request kept
/// for Get Business Data; the brand becomes a client of the stand-in.
fn register(state: Shared, clients: Clients, review: Review) -> Responder {
    Responder::new(move |call: &Call<'_>| {
        let started = kyb::Review::start(
            review.now(),
            call.body["business"]["name"].as_str(),
            &review.config.default_outcome,
        );
        let mut state = lock(&state);
        let business_id = next_id(&mut state, "BSN");
        let brand_id = next_id(&mut state, "BRN");
        let partner_ref_id = call.body["business"]["partner_ref_id"].clone();
        let shared_key = new_shared_key();
        clients.add(brand_id.clone(), shared_key.clone());
        state.businesses.insert(
            brand_id.clone(),
            Registered {
                business_id: business_id.clone(),
                shared_key,
                request: call.body.clone(),
                review: started,
                called_back: None,
            },
        );
        let mut business = json!({"id": business_id, "brands": [{"id": brand_id}]});
        if !partner_ref_id.is_null() {
            business["partner_ref_id"] = partner_ref_id;
        }
        Some(json!({ "business": business }).to_string())
    })
}

/// Get Business Data: for a registered brand, the PERSONAL sample with what was registered.
fn read_back(state: Shared, review: Review) -> Responder {
    Responder::new(move |call: &Call<'_>| {
        let brand_id = call.path.rsplit('/').next()?;
        let registered = lock(&state).businesses.get(brand_id)?.clone();
        let status = registered.review.status(review.now(), &review.config);
        Some(business_data(brand_id, &registered, &status, &review.config)?.to_string())
    })
}

/// The business as Get Business Data shows it with `status`: the PERSONAL sample with what
/// was registered.
fn business_data(
    brand_id: &str,
    registered: &Registered,
    status: &KybStatus,
    config: &KybConfig,
) -> Option<Value> {
    let (_, sample) = GetBusinessData::EXAMPLES.first()?;
    let mut data: Value = serde_json::from_str(sample).ok()?;
    let sent = &registered.request["business"];
    data["id"] = json!(registered.business_id);
    for key in [
        "name",
        "description",
        "email",
        "phone_calling_code",
        "phone_number",
    ] {
        if let Some(value) = sent.get(key).filter(|v| v.is_string()) {
            data[key] = value.clone();
        }
    }
    // Create Business Lite sends the contact's details only.
    if let Some(contact) = sent.get("contact") {
        for key in ["email", "phone_calling_code", "phone_number"] {
            if data.get(key).is_some()
                && sent.get(key).is_none()
                && let Some(value) = contact.get(key).filter(|v| v.is_string())
            {
                data[key] = value.clone();
            }
        }
    }
    if let Some(brand) = data["brands"].get_mut(0) {
        brand["id"] = json!(brand_id);
        brand["shared_key"] = json!(registered.shared_key.expose_secret());
        let name = sent["brands"][0]["name"].as_str().or(sent["name"].as_str());
        if let Some(name) = name {
            brand["name"] = json!(name);
        }
    }
    kyb::show(&mut data, status, config);
    Some(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn debug_shows_neither_the_key_nor_the_registrations() {
        let builder =
            PartnerStandIn::builder("BRN-0001-0000000000001", "SK-partner-key-never-shown");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("never-shown"), "{shown}");
        let stand_in = builder.start().await.unwrap();
        lock(&stand_in.state).businesses.insert(
            "BRN-1".to_owned(),
            Registered {
                business_id: "BSN-1".to_owned(),
                shared_key: Secret::new("SK-sub-merchant-never-shown"),
                request: json!({"business": {"phone_number": "81510229216"}}),
                review: kyb::Review::start(0, None, &KybConfig::default().default_outcome),
                called_back: None,
            },
        );
        let shown = format!("{stand_in:?}");
        assert!(shown.contains("businesses: 1"), "{shown}");
        for value in ["never-shown", "81510229216"] {
            assert!(!shown.contains(value), "{shown}");
        }
    }

    #[test]
    fn ids_are_fresh_and_shaped_like_dokus() {
        let mut state = State::default();
        let a = next_id(&mut state, "BSN");
        let b = next_id(&mut state, "BSN");
        assert_ne!(a, b);
        assert!(
            a.starts_with("BSN-0001-") && a.len() == "BSN-0104-1700206906468".len(),
            "{a}"
        );
    }

    #[test]
    fn shared_keys_are_fresh_and_shaped_like_dokus() {
        let (a, b) = (new_shared_key(), new_shared_key());
        assert_ne!(a, b);
        let a = a.expose_secret();
        assert!(
            a.starts_with("SK-") && a.len() == "SK-ViEeAojc5K0nBrL41ou4".len(),
            "{a}"
        );
        assert!(a[3..].chars().all(|c| c.is_ascii_alphanumeric()), "{a}");
    }
}
