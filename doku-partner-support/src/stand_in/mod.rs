//! A local DOKU stand-in: a real HTTP/1.1 server on `127.0.0.1:0` that checks requests the way
//! DOKU's gateway does, answers signed sample bodies, records everything it sees and can be told
//! to misbehave ([`Fault`]).
//!
//! # What it checks, in order
//!
//! Every refusal is DOKU's error envelope
//! `{"error":{"code":"...","message":"...","type":"invalid_request_error"}}` with
//! `Content-Type: application/json`, unsigned.
//!
//! | # | check | status | `code` / `message` |
//! |---|-------|--------|--------------------|
//! | 1 | `Client-Id`, `Request-Id`, `Request-Timestamp`, `Signature` present (in this order; an empty or non-ASCII value counts as missing) | 400 | `invalid_header_request` / `Header Client-Id is required` |
//! | 1b | `Request-Id` at most 128 characters ([`MAX_REQUEST_ID_LEN`](crate::clock::MAX_REQUEST_ID_LEN), DOKU's limit) | 400 | `invalid_header_request` / `Header Request-Id must be at most 128 characters` |
//! | 2 | `Request-Timestamp` is `YYYY-MM-DDTHH:MM:SSZ` | 400 | `invalid_header_request` / `Invalid format Header Request-Timestamp` |
//! | 3 | `Request-Timestamp` within ±3600 s of the mock's [`Clock`] (3600 s off is accepted, 3601 s is not) | 400 | `request_time_out_of_range` / `Header Request-Timestamp is not in +- 3600 second of now` |
//! | 4 | `Client-Id` registered with [`StandInBuilder::client`] | 401 | `invalid_client_id` / `Invalid Client-Id` |
//! | 5 | `Signature` verifies | 401 | `invalid_signature` / `Invalid Header Signature` |
//! | 6 | `Request-Id` not already answered with a 2xx for this Client-Id (skipped with [`StandInBuilder::check_idempotency`]`(false)`) | 400 | `idempotent_request` / `Request-Id has been used` |
//! | 7 | a route has this path | 404 | `not_found` |
//! | 8 | the route has this method | 405 | `method_not_allowed` |
//! | 9 | for an endpoint that needs a bearer token: `Authorization: Bearer` with a token this stand-in issued (see below) to this Client-Id, not expired by the stand-in's clock | 401 | `invalid_token` / `Header Authorization is required`, `Invalid token`, `Token is expired` |
//! | 10 | every header the endpoint's spec has the caller supply (`source: caller`) is present | 400 | `invalid_header_request` / `Header X is required` |
//! | 11 | for an endpoint with a body: `Content-Type: application/json` (parameters such as `charset` are ignored), or `multipart/form-data` with a boundary for a multipart one | 400 | `invalid_header_request` / `Header Content-Type must be ...` |
//! | 12 | for an endpoint with a body: the body (a multipart one part by part: text parts as strings, files by name, type and size) meets the spec's schema ([`body::check_bytes`](crate::__private::body::check_bytes): types, formats, enums, required and unknown keys, rules) | 400 | `invalid_request_body` / every violation, joined by `; ` |
//! | 0 | request body at most 16 MiB (read before any check; Upload File's files are up to 15 MiB) | 413 | `request_entity_too_large` |
//!
//! The signature of step 5 is [`Components::request`](crate::signature::Components::request) over the `Client-Id`, `Request-Id` and
//! `Request-Timestamp` headers, the target (the request path exactly as sent, plus `?query`
//! only when the matched route has [`StandInRoute::query_in_target`]) and the body bytes (`Some`
//! only when the body is non-empty and the route has [`StandInRoute::digest_body`], so a GET
//! signs four lines).
//!
//! An empty body has no `Digest` line in the signature, so a client that drops its body passes
//! step 5 and is refused at step 12 (`(body)` is required), as it would be at DOKU.
//!
//! DOKU does not document which HTTP statuses the Partner API (`/adv-core-api/...`) answers
//! these refusals with; the codes and messages are those an integrator observed on DOKU's
//! Checkout and Check Status sandbox, and the statuses above are this stand-in's choice
//! (400 for a malformed request, 401 for authentication), and so is the `invalid_request_body`
//! code of steps 10 to 12 (DOKU documents no body errors for the Partner API). A client must not depend on them
//! more than on the `code`.
//!
//! A Request-Id is consumed only when it is answered with a 2xx: an id refused, answered by a
//! [`Fault::Status`] with a non-2xx status, or never answered ([`Fault::Hang`], a client that
//! gave up during [`Fault::Delay`]) can be sent again. Ids are reserved while a request is in
//! flight, so two concurrent requests with one id get one success and one `idempotent_request`.
//! [`Fault::WorkThenDelay`] consumes the id before it waits, so a client that gives up during
//! it and retries is refused with `idempotent_request`: DOKU did the work, the answer was lost.
//!
//! # Tokens
//!
//! An endpoint whose spec has `auth.issues_token` (Generate Token) answers each success with a
//! new token in its `token_field`: a JWT-shaped string whose payload has `exp` (the
//! stand-in's clock plus the request's `lifetime_field` minutes, or 300 s when absent, as the
//! token on DOKU's Upload File page) and the Client-Id. The stand-in remembers it and checks it
//! at step 9; [`StandIn::expire_tokens`] expires them all, [`StandIn::tokens_issued`] counts
//! them. DOKU documents no token errors: `invalid_token` and 401 are the stand-in's choice.
//!
//! # The success
//!
//! The route's `success_status`, the route's JSON text exactly as given, and the headers
//! `Content-Type: application/json`, `Client-Id`, `Request-Id` (echoed), `Response-Timestamp`
//! (the mock's clock) and `Signature` = [`Components::response`](crate::signature::Components::response) over those, the request's
//! target and `Some(body)`. With [`StandInBuilder::sign_responses`]`(false)` the last two are
//! left out.
//!
//! # Faults
//!
//! [`StandIn::push_fault`] queues a [`Fault`]; the next request that passes **all** the
//! checks above (so it is signed correctly and routed) gets the oldest queued fault instead
//! of the normal answer. Refused requests do not consume faults.
//!
//! # Faults after commit
//!
//! DOKU's real failures sit on both sides of its commit (the registration stored, the
//! Request-Id consumed), and a client must tell them apart. The stand-in plays each fault on
//! one side:
//!
//! | fault | work done (a [`Responder`] runs) | Request-Id consumed | the client sees |
//! |-------|----------------------------------|---------------------|-----------------|
//! | [`Fault::Status`] non-2xx ([`Fault::bad_gateway`]), [`Fault::Hang`], [`Fault::Refuse`] | no | no | the status / a timeout / the refusal |
//! | [`Fault::Delay`] | after the delay | when answered | a late answer |
//! | [`Fault::ResetBeforeCommit`] | no | no | the connection closed before any answer |
//! | [`Fault::CommitThenReset`] | yes | yes | the connection closed before any answer |
//! | [`Fault::CommitThenHang`] | yes | yes | a timeout |
//! | [`Fault::CommitThenStatus`] ([`Fault::bad_gateway_after_commit`]) | yes | yes | the status (502) |
//! | every other fault ([`Fault::WorkThenDelay`], the broken successes) | yes | yes | a broken or late success |
//!
//! A retry of a committed request with the same Request-Id is refused with
//! `400 idempotent_request` (check 6). [`Fault::Refuse`] answers `idempotent_request` or
//! `request_time_out_of_range` on demand ([`Refusal`]), exactly as checks 6 and 3 word them.
//!
//! # Example
//!
//! ```
//! use doku_partner_support::clock::{Clock, SystemClock, format_timestamp};
//! use doku_partner_support::stand_in::{StandIn, StandInRoute};
//! use doku_partner_support::{Components, HttpMethod, SecretKey};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! rt.block_on(async {
//!     let mock = StandIn::builder()
//!         .client("BRN-0001", "SK-test")
//!         .route(StandInRoute::new(
//!             HttpMethod::Get,
//!             "/adv-core-api/partner/v1.0/business/{client_id}",
//!             r#"{"message":["SUCCESS"]}"#,
//!         ))
//!         .start()
//!         .await?;
//!
//!     let path = "/adv-core-api/partner/v1.0/business/BRN-0001";
//!     let ts = format_timestamp(SystemClock.now_unix());
//!     let signature = Components::request("BRN-0001", "req-1", &ts, path, None)
//!         .sign(&SecretKey::new("SK-test"));
//!     let _ = rustls::crypto::ring::default_provider().install_default();
//!     let response = reqwest::Client::new()
//!         .get(format!("{}{path}", mock.base_url()))
//!         .header("Client-Id", "BRN-0001")
//!         .header("Request-Id", "req-1")
//!         .header("Request-Timestamp", &ts)
//!         .header("Signature", signature.as_str())
//!         .send()
//!         .await?;
//!     assert_eq!(response.status(), 200);
//!     assert_eq!(response.text().await?, r#"{"message":["SUCCESS"]}"#);
//!     assert_eq!(mock.requests()[0].header("client-id"), Some("BRN-0001"));
//!     Ok(())
//! })
//! # }
//! ```

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::clock::{Clock, SystemClock};
use crate::endpoint::{Endpoint, HttpMethod};
use crate::secret::SecretKey;

mod answer;
pub mod callbacks;
mod clients;
mod control;
mod faults_after_commit;
mod server;

pub use callbacks::{CallbackAttempt, CallbackFault, CallbackOutcome, CallbackSender};
pub use clients::Clients;
pub use control::{ControlAnswer, ControlFn, ControlRequest, StandInHandle};
pub use faults_after_commit::Refusal;

/// [`StandIn`] under its name before 0.2.
#[doc(hidden)]
#[deprecated(since = "0.2.0", note = "renamed `StandIn`")]
pub type MockDoku = StandIn; // its name before 0.2
/// [`StandInBuilder`] under its name before 0.2.
#[doc(hidden)]
#[deprecated(since = "0.2.0", note = "renamed `StandInBuilder`")]
pub type MockDokuBuilder = StandInBuilder; // its name before 0.2

use answer::*;
use server::*;

/// The largest request body the stand-in reads; larger ones get 413.
pub const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;

/// How far `Request-Timestamp` may be from the mock's clock, in seconds.
pub const TIMESTAMP_TOLERANCE_SECS: u64 = 3600;

/// Chunk size of [`Fault::HugeBody`]; its bytes are all `x`.
const HUGE_CHUNK_LEN: usize = 16 * 1024;
static HUGE_CHUNK: [u8; HUGE_CHUNK_LEN] = [b'x'; HUGE_CHUNK_LEN];

/// How long [`Fault::ResetMidBody`] waits after the partial body before closing, so the
/// headers and the part really reach the client.
const RESET_PAUSE: Duration = Duration::from_millis(50);

/// One route the stand-in serves: the raw form of what [`StandInBuilder::endpoint`] builds
/// from a generated endpoint type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandInRoute {
    /// The method the route answers; other methods on the same path get 405.
    pub method: HttpMethod,
    /// Path template; a `{name}` segment matches any non-empty segment, other segments match
    /// exactly (against the path as sent, percent-encoding included). The query string is not
    /// part of matching.
    pub path_template: &'static str,
    /// Status of the success.
    pub success_status: u16,
    /// JSON text served on success, byte for byte.
    pub body: String,
    /// Whether `?query` is part of `Request-Target` in the request and response signatures.
    pub query_in_target: bool,
    /// Path parameters (template names) signed as they are, percent-decoded from the path as
    /// sent (the spec's `target: raw`); the others are signed as sent.
    pub raw_in_target: &'static [&'static str],
    /// The JSON body schema every request must meet (with `Content-Type: application/json`);
    /// `None`: the body is not looked at.
    pub body_schema: Option<&'static crate::__private::body::Object>,
    /// Headers every request must carry (the endpoint's caller-supplied headers).
    pub required_headers: &'static [&'static str],
    /// Whether requests need `Authorization: Bearer` with a token this stand-in issued.
    pub bearer_token: bool,
    /// The route issues bearer tokens (Generate Token): each success carries a new one.
    pub issues_token: Option<crate::endpoint::IssuesToken>,
    /// Whether the signature has a `Digest` line over a non-empty body.
    pub digest_body: bool,
    /// Whether the body is `multipart/form-data` (checked against `body_schema` part by part).
    pub multipart: bool,
    /// Response fields answered with the request's value of the same name ("same as
    /// request" on DOKU's page).
    pub echoes: &'static [&'static str],
    /// The headers a success carries (`Endpoint::RESPONSE_HEADERS`): when declared, exactly
    /// these are sent (a `Format` or `Present` header with its example); when empty, the
    /// stand-in's default ones (see the module docs).
    pub response_headers: &'static [crate::response_headers::ResponseHeader],
    /// The error envelopes the endpoint may answer (`Endpoint::ERROR_ENVELOPES`; empty: any):
    /// [`StandIn::push_fault_for`] refuses to inject another one.
    pub error_envelopes: &'static [crate::error::EnvelopeForm],
    /// Answers a request that passed every check with a body of its own (state kept
    /// between calls: a registered business read back); `None` from it, or no responder, serves
    /// the sample.
    pub responder: Option<Responder>,
}

/// A request the stand-in accepted, as a [`Responder`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The Client-Id that signed it.
    pub client_id: &'a str,
    /// Its `Request-Id` (a payment's, which Check Status also looks it up by).
    pub request_id: &'a str,
    /// The path as sent.
    pub path: &'a str,
    /// The query string, without `?`.
    pub query: Option<&'a str>,
    /// The body as the body check saw it: the JSON body, or a form's parts (text parts as
    /// strings, files as `{"file_name", "content_type", "size"}`); `Null` without a body.
    pub body: &'a serde_json::Value,
}

/// A route's answer from state: [`StandInRoute::responder`].
#[derive(Clone)]
pub struct Responder(Arc<RespondFn>);

/// What a [`Responder`] runs.
type RespondFn = dyn Fn(&Call<'_>) -> Option<Answered> + Send + Sync;

/// What a [`Responder`] made of a request: DOKU's success answer, or a refusal that state
/// decides (a payment of a business DOKU has not approved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    /// The JSON text of the success, sent with the route's success status.
    Body(String),
    /// Refused: `status` with `body` (JSON), the work not done and the Request-Id left unused,
    /// as for [`Fault::business_refusal`].
    Refused {
        /// HTTP status.
        status: u16,
        /// The JSON body, byte for byte.
        body: String,
    },
}

impl Responder {
    /// A responder from a function of the request: the JSON text to answer, or `None` for the
    /// route's sample.
    pub fn new(f: impl Fn(&Call<'_>) -> Option<String> + Send + Sync + 'static) -> Self {
        Responder(Arc::new(move |call| f(call).map(Answered::Body)))
    }

    /// A responder that may also refuse ([`Answered::Refused`]); `None` serves the sample.
    pub fn answering(f: impl Fn(&Call<'_>) -> Option<Answered> + Send + Sync + 'static) -> Self {
        Responder(Arc::new(f))
    }
}

impl fmt::Debug for Responder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Responder(..)")
    }
}

/// Two responders are equal when they are the same function value.
impl PartialEq for Responder {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Responder {}

/// A fault refused by [`StandIn::push_fault_for`]: it answers an error envelope the
/// endpoint's spec does not declare.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{endpoint} does not answer the `{}` envelope: its spec declares {}",
    form.spec_name(),
    crate::error::EnvelopeForm::list(declared)
)]
pub struct UndeclaredEnvelopeFault {
    /// The endpoint's machine name.
    pub endpoint: &'static str,
    /// The envelope the fault answers.
    pub form: crate::error::EnvelopeForm,
    /// The envelopes the spec declares.
    pub declared: &'static [crate::error::EnvelopeForm],
}

impl StandInRoute {
    /// A route answering `200` with `body`, with the path only as `Request-Target`.
    pub fn new(method: HttpMethod, path_template: &'static str, body: impl Into<String>) -> Self {
        StandInRoute {
            method,
            path_template,
            success_status: 200,
            body: body.into(),
            query_in_target: false,
            raw_in_target: &[],
            body_schema: None,
            required_headers: &[],
            bearer_token: false,
            issues_token: None,
            digest_body: true,
            multipart: false,
            echoes: &[],
            response_headers: &[],
            error_envelopes: &[],
            responder: None,
        }
    }

    /// The route of endpoint `E` serving its first example (every generated endpoint has one:
    /// a spec without samples gets a minimal body).
    pub fn of<E: Endpoint>() -> Option<Self> {
        let (_, body) = E::EXAMPLES.first()?;
        Some(Self::from_endpoint::<E>(body))
    }

    /// The route of endpoint `E` serving its example named `example_name`, or `None` when
    /// `E::EXAMPLES` has no such example.
    pub fn for_endpoint<E: Endpoint>(example_name: &str) -> Option<Self> {
        let (_, body) = E::EXAMPLES.iter().find(|(name, _)| *name == example_name)?;
        Some(Self::from_endpoint::<E>(body))
    }

    fn from_endpoint<E: Endpoint>(body: &str) -> Self {
        StandInRoute {
            method: E::METHOD,
            path_template: E::PATH_TEMPLATE,
            success_status: E::SUCCESS_STATUS,
            body: body.to_owned(),
            query_in_target: E::AUTH.query_in_target,
            raw_in_target: E::RAW_IN_TARGET,
            body_schema: E::BODY,
            required_headers: E::CALLER_HEADERS,
            bearer_token: E::AUTH.bearer_token,
            issues_token: E::ISSUES_TOKEN,
            digest_body: E::DIGEST_BODY,
            multipart: E::MULTIPART,
            echoes: E::ECHOES,
            response_headers: E::RESPONSE_HEADERS,
            error_envelopes: E::ERROR_ENVELOPES,
            responder: None,
        }
    }

    fn matches_path(&self, path: &str) -> bool {
        let mut template = self.path_template.split('/');
        let mut actual = path.split('/');
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return true,
                (Some(t), Some(a)) => {
                    let is_param = t.len() >= 2 && t.starts_with('{') && t.ends_with('}');
                    if (is_param && a.is_empty()) || (!is_param && t != a) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }
}

/// One request the stand-in received, refused or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method (`GET`).
    pub method: String,
    /// The path as sent, percent-encoding included, without the query.
    pub path: String,
    /// The query string without `?`, as sent.
    pub query: Option<String>,
    /// Headers in the order received; names are lowercase, values that are not UTF-8 are
    /// decoded lossily.
    pub headers: Vec<(String, String)>,
    /// The body bytes exactly as received (empty when there was none or it was over
    /// [`MAX_REQUEST_BODY`]).
    pub body: Vec<u8>,
    /// The status the stand-in answered; `0` while it has not answered, or if it never did
    /// ([`Fault::Hang`], or a client that went away first).
    pub status: u16,
}

impl RecordedRequest {
    /// The first value of header `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as UTF-8 text, if it is.
    pub fn body_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }
}

/// A misbehaviour for one request, queued with [`StandIn::push_fault`].
///
/// Faults apply only to requests that pass the door checks and routing (see the
/// [module docs](self)). Where a fault answers a success status it is the route's
/// `success_status`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Wait this long, then answer normally. A client that gives up meanwhile leaves the
    /// Request-Id unused (nothing was done).
    Delay(Duration),
    /// Do the work at once, then wait this long before answering normally: the Request-Id
    /// is consumed (and the request recorded with the route's success status) before the wait,
    /// so a client that gives up meanwhile and retries with the same id gets
    /// `400 idempotent_request`, as from DOKU when a response is lost on the way back.
    WorkThenDelay(Duration),
    /// Answer this instead (unsigned; an invalid status becomes 500, an invalid content type
    /// is left out). The Request-Id is consumed, and the work done (a [`Responder`] run, a
    /// token issued), only if `status` is 2xx: a 502 here is a 502 **before** DOKU's commit
    /// ([`Fault::bad_gateway`]); for one after it see [`Fault::CommitThenStatus`].
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body, byte for byte.
        body: String,
    },
    /// Read the request and never answer, doing nothing; the connection stays open until the
    /// client gives up or the [`StandIn`] is dropped. For a hang after the work see
    /// [`Fault::CommitThenHang`].
    Hang,
    /// Send the status line and the signed headers, with the `Content-Length` of the example,
    /// then never send the body.
    HeadersThenSilence,
    /// Send the signed headers with the `Content-Length` of the example and the first half of
    /// the example, then close the connection: the client sees the body end early.
    ResetMidBody,
    /// A properly framed, correctly signed answer whose body is the first half (in bytes) of
    /// the example: not valid JSON.
    TruncatedJson,
    /// A correctly signed answer of `bytes` bytes (all `x`), streamed in 16 KiB chunks with
    /// chunked transfer encoding (no `Content-Length`), never held in memory at once.
    ///
    /// The `Signature` needs one SHA-256 pass over the body before the headers go out (done off
    /// the connection tasks, about 30 MB/s in an unoptimized build): pick a size just over the
    /// client's limit rather than gigabytes.
    HugeBody {
        /// The body length.
        bytes: usize,
    },
    /// The example, with a well-formed `Signature` computed over other body bytes.
    WrongSignature,
    /// The example without `Signature` and `Response-Timestamp` headers.
    Unsigned,
    /// Close the connection without answering and without doing anything: the Request-Id
    /// stays unused, so a resend with it does the work. The client sees exactly what
    /// [`Fault::CommitThenReset`] shows it, which is why it cannot tell the two apart.
    ResetBeforeCommit,
    /// Do the work (a stateful route's [`Responder`] runs: a registration is stored) and consume
    /// the Request-Id, then close the connection without answering: DOKU committed, the answer
    /// was lost. See [faults after commit](self#faults-after-commit).
    CommitThenReset,
    /// Do the work and consume the Request-Id, then never answer (the client times out).
    CommitThenHang,
    /// Do the work and consume the Request-Id, then answer this instead (unsigned), as a proxy
    /// in front of DOKU does when DOKU's answer comes too late ([`Fault::bad_gateway_after_commit`]).
    CommitThenStatus {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body, byte for byte.
        body: String,
    },
    /// Refuse with one of DOKU's door-check errors although the request passed them (nothing
    /// done, the Request-Id stays unused).
    Refuse(Refusal),
}

/// Configures and starts a [`StandIn`].
#[derive(Debug)]
pub struct StandInBuilder {
    clients: Clients,
    routes: Vec<StandInRoute>,
    errors: Vec<String>,
    sign_responses: bool,
    check_idempotency: bool,
    record_requests: bool,
    clock: Arc<dyn Clock>,
    /// [`StandInBuilder::port`] (in control.rs).
    port: u16,
    /// [`StandInBuilder::control_api`] (in control.rs).
    control: Option<control::ControlHook>,
}

impl Default for StandInBuilder {
    fn default() -> Self {
        StandInBuilder {
            clients: Clients::new(),
            routes: Vec::new(),
            errors: Vec::new(),
            sign_responses: true,
            check_idempotency: true,
            record_requests: true,
            clock: Arc::new(SystemClock),
            port: 0,
            control: None,
        }
    }
}

impl StandInBuilder {
    /// Registers a Client-Id and its secret key; call it once per client. A second call with
    /// the same Client-Id replaces the key.
    pub fn client(self, client_id: impl Into<String>, secret: impl Into<SecretKey>) -> Self {
        self.clients.add(client_id, secret);
        self
    }

    /// Accepts the clients of a shared [`Clients`] (instead of a list of its own), so that
    /// clients added to it later, while the server runs, are accepted too.
    pub fn clients(mut self, clients: Clients) -> Self {
        clients.merge(&self.clients);
        self.clients = clients;
        self
    }

    /// Serves endpoint `E`'s first example. [`start`](Self::start) fails if `E` has none.
    pub fn endpoint<E: Endpoint>(mut self) -> Self {
        match E::EXAMPLES.first() {
            Some((_, body)) => self.routes.push(StandInRoute::from_endpoint::<E>(body)),
            None => self
                .errors
                .push(format!("endpoint `{}` has no example to serve", E::NAME)),
        }
        self
    }

    /// Serves endpoint `E`'s example named `example_name`. [`start`](Self::start) fails if
    /// there is no such example.
    pub fn endpoint_example<E: Endpoint>(mut self, example_name: &str) -> Self {
        match StandInRoute::for_endpoint::<E>(example_name) {
            Some(route) => self.routes.push(route),
            None => {
                let known: Vec<&str> = E::EXAMPLES.iter().map(|(name, _)| *name).collect();
                self.errors.push(format!(
                    "endpoint `{}` has no example named `{example_name}` (it has: {})",
                    E::NAME,
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ));
            }
        }
        self
    }

    /// Serves a route given in full. When two routes have the same method and path, the
    /// first one added wins.
    pub fn route(mut self, route: StandInRoute) -> Self {
        if !route.path_template.starts_with('/') {
            self.errors.push(format!(
                "route path template `{}` does not start with `/`",
                route.path_template
            ));
        }
        self.routes.push(route);
        self
    }

    /// Whether successes carry `Response-Timestamp` and `Signature` (default `true`).
    pub fn sign_responses(mut self, yes: bool) -> Self {
        self.sign_responses = yes;
        self
    }

    /// Whether a `Request-Id` already answered with a 2xx (or in flight) is refused with
    /// `idempotent_request` (check 6 of the [module docs](self); default `true`).
    ///
    /// For benchmarks and load tests, which replay one signed request many times: with
    /// `false` no Request-Id is reserved nor remembered, every other check still runs.
    pub fn check_idempotency(mut self, yes: bool) -> Self {
        self.check_idempotency = yes;
        self
    }

    /// Whether every request is kept for [`StandIn::requests`] (default `true`).
    ///
    /// For benchmarks and load tests, whose memory would otherwise grow with every request:
    /// with `false` nothing is recorded and [`StandIn::requests`] stays empty.
    pub fn record_requests(mut self, yes: bool) -> Self {
        self.record_requests = yes;
        self
    }

    /// The clock for the ±3600 s check and `Response-Timestamp` (default [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Binds `127.0.0.1:0` (or [`port`](Self::port)) and starts serving on the current Tokio
    /// runtime.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] when the configuration is wrong (an unknown
    /// example name, an endpoint without examples, a path template not starting with `/`),
    /// or with the error of binding the socket.
    pub async fn start(self) -> io::Result<StandIn> {
        if !self.errors.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("StandIn configuration: {}", self.errors.join("; ")),
            ));
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            clients: self.clients,
            routes: self.routes,
            sign_responses: self.sign_responses,
            check_idempotency: self.check_idempotency,
            record_requests: self.record_requests,
            clock: self.clock,
            control: self.control,
            state: Mutex::new(State::default()),
        });
        let task = tokio::spawn(accept_loop(listener, Arc::clone(&shared)));
        Ok(StandIn { addr, shared, task })
    }
}

/// A running stand-in. Dropping it stops the server and closes every connection.
pub struct StandIn {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl StandIn {
    /// A builder with no clients, no routes, signed responses and the system clock.
    pub fn builder() -> StandInBuilder {
        StandInBuilder::default()
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many bearer tokens the stand-in issued (its Generate Token calls that succeeded).
    pub fn tokens_issued(&self) -> u64 {
        self.shared.lock().tokens_issued
    }

    /// Expires every token issued so far, as DOKU would once their time is up: the next call
    /// with one gets `401 invalid_token` / `Token is expired`.
    pub fn expire_tokens(&self) {
        let now = self.shared.clock.now_unix();
        for (_, exp) in self.shared.lock().tokens.values_mut() {
            *exp = now;
        }
    }

    /// Every request received so far, in arrival order (a request arrives when its body has
    /// been read). Always empty with [`StandInBuilder::record_requests`]`(false)`.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared
            .lock()
            .requests
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    }

    /// Queues a fault for the next request that passes the checks and routing (first in,
    /// first out).
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// Like [`push_fault`](Self::push_fault), for a fault meant for endpoint `E`: refused
    /// when it answers an error envelope `E`'s spec does not declare (`errors.envelopes`), as
    /// DOKU would never send it there. A fault that is no envelope is queued as it is.
    pub fn push_fault_for<E: Endpoint>(&self, fault: Fault) -> Result<(), UndeclaredEnvelopeFault> {
        let body = match &fault {
            Fault::Status { body, .. } | Fault::CommitThenStatus { body, .. } => Some(body),
            _ => None,
        };
        if let Some(envelope) = body.and_then(|b| crate::error::DokuError::parse(b.as_bytes()))
            && !E::ERROR_ENVELOPES.is_empty()
            && !E::ERROR_ENVELOPES.contains(&envelope.form)
        {
            return Err(UndeclaredEnvelopeFault {
                endpoint: E::NAME,
                form: envelope.form,
                declared: E::ERROR_ENVELOPES,
            });
        }
        self.push_fault(fault);
        Ok(())
    }

    /// Forgets the recorded requests (not the used Request-Ids, nor the queued faults).
    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }
}

impl fmt::Debug for StandIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StandIn")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        // The accept task owns the connection tasks (a JoinSet): aborting it drops them all.
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::Components;

    #[test]
    fn path_templates() {
        let route = StandInRoute::new(HttpMethod::Get, "/a/{id}/b", "{}");
        assert!(route.matches_path("/a/1/b"));
        assert!(route.matches_path("/a/BRN%2F1/b"));
        assert!(!route.matches_path("/a//b"));
        assert!(!route.matches_path("/a/1/b/"));
        assert!(!route.matches_path("/a/1"));
        assert!(!route.matches_path("/a/1/c"));
        assert!(!route.matches_path(""));
    }

    #[test]
    fn repeated_body_signature_matches_components() {
        let key = SecretKey::new("SK-x");
        for bytes in [0, 1, HUGE_CHUNK_LEN, HUGE_CHUNK_LEN * 2 + 7] {
            let body = vec![b'x'; bytes];
            let expected =
                Components::response("BRN-1", "r", "2020-01-01T00:00:00Z", "/t", Some(&body))
                    .sign(&key);
            assert_eq!(
                sign_repeated_body(&key, "BRN-1", "r", "2020-01-01T00:00:00Z", "/t", bytes)
                    .as_deref(),
                Some(expected.as_str()),
                "{bytes}"
            );
        }
    }
}
