//! The stand-in's server: the shared state (routes, clients, recorded requests, faults,
//! Request-Ids in flight, issued tokens), the accept loop and the per-request entry point that
//! reads the body and hands it to [`answer`](super::answer), and the response body type that
//! plays the faults (a body cut short, a stall).

use super::faults_after_commit::ResetConnection;
use std::collections::{HashMap, HashSet, VecDeque};
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::{
    Clients, Fault, HUGE_CHUNK, HUGE_CHUNK_LEN, MAX_REQUEST_BODY, RecordedRequest, StandInRoute,
    answer,
};
use crate::clock::Clock;

pub(super) struct Shared {
    pub(super) clients: Clients,
    pub(super) routes: Vec<StandInRoute>,
    pub(super) sign_responses: bool,
    pub(super) check_idempotency: bool,
    pub(super) record_requests: bool,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) control: Option<super::control::ControlHook>,
    pub(super) state: Mutex<State>,
}

#[derive(Default)]
pub(super) struct State {
    pub(super) next_seq: u64,
    pub(super) requests: Vec<(u64, RecordedRequest)>,
    pub(super) faults: VecDeque<Fault>,
    /// `(Client-Id, Request-Id)` answered with a 2xx, or in flight.
    pub(super) request_ids: HashSet<(String, String)>,
    /// Tokens issued: token → (Client-Id, expiry in Unix seconds).
    pub(super) tokens: HashMap<String, (String, i64)>,
    /// How many tokens were issued.
    pub(super) tokens_issued: u64,
}

impl Shared {
    pub(super) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(super) fn record(&self, request: RecordedRequest) -> u64 {
        let mut state = self.lock();
        let seq = state.next_seq;
        state.next_seq += 1;
        state.requests.push((seq, request));
        seq
    }

    /// Records the answer's status; `seq` is `None` when requests are not recorded.
    pub(super) fn set_status(&self, seq: Option<u64>, status: u16) {
        let Some(seq) = seq else { return };
        let mut state = self.lock();
        // Sequence numbers grow in arrival order, so the list stays sorted by them.
        if let Ok(i) = state.requests.binary_search_by_key(&seq, |(s, _)| *s) {
            state.requests[i].1.status = status;
        }
    }

    pub(super) fn lookup(&self, method: &str, path: &str) -> Lookup<'_> {
        let mut path_known = false;
        for route in &self.routes {
            if route.matches_path(path) {
                if route.method.as_str() == method {
                    return Lookup::Found(route);
                }
                path_known = true;
            }
        }
        if path_known {
            Lookup::WrongMethod
        } else {
            Lookup::NotFound
        }
    }
}

pub(super) enum Lookup<'a> {
    Found(&'a StandInRoute),
    WrongMethod,
    NotFound,
}

/// A `(Client-Id, Request-Id)` reserved while its request is answered; released on drop
/// unless the answer was a 2xx.
pub(super) struct Reservation {
    pub(super) shared: Arc<Shared>,
    pub(super) key: Option<(String, String)>,
}

impl Reservation {
    pub(super) fn settle(mut self, status: u16) {
        if (200..300).contains(&status) {
            self.key = None;
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            self.shared.lock().request_ids.remove(&key);
        }
    }
}

pub(super) async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors and the like: do not spin.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&shared), request));
            let _ = http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Header value as text; absent, empty or not visible ASCII all count as missing.
pub(super) fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

pub(super) fn envelope(status: u16, code: &str, message: &str) -> Response<StandInBody> {
    let body = serde_json::json!({
        "error": { "code": code, "message": message, "type": "invalid_request_error" }
    });
    let body = serde_json::to_vec(&body).unwrap_or_default();
    plain(status, "application/json", Bytes::from(body))
}

pub(super) fn plain(status: u16, content_type: &str, body: Bytes) -> Response<StandInBody> {
    let mut response = Response::new(StandInBody::full(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    response
}

pub(super) async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> io::Result<Response<StandInBody>> {
    let (parts, body) = request.into_parts();
    let body = Limited::new(body, MAX_REQUEST_BODY)
        .collect()
        .await
        .map(|collected| collected.to_bytes())
        .map_err(|e| e.downcast_ref::<LengthLimitError>().is_some());
    let path = parts.uri.path().to_owned();
    if let Ok(body) = &body
        && let Some(response) =
            super::control::control(&shared, parts.method.as_str(), &path, body.clone()).await
    {
        return Ok(response);
    }
    let query = parts.uri.query().map(str::to_owned);
    let seq = shared.record_requests.then(|| {
        shared.record(RecordedRequest {
            method: parts.method.as_str().to_owned(),
            path: path.clone(),
            query: query.clone(),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect(),
            body: body.as_ref().map(|b| b.to_vec()).unwrap_or_default(),
            status: 0,
        })
    });
    let body = match body {
        Ok(body) => body,
        Err(true) => {
            let message = format!("Request body is larger than {MAX_REQUEST_BODY} bytes");
            let response = envelope(413, "request_entity_too_large", &message);
            shared.set_status(seq, 413);
            return Ok(response);
        }
        // The client went away or sent garbage: there is nobody to answer.
        Err(false) => return Err(io::Error::other("could not read the request body")),
    };

    let answer = answer(
        &shared,
        seq,
        parts.method.as_str(),
        &path,
        query.as_deref(),
        &parts.headers,
        &body,
    )
    .await;
    match answer {
        Some((response, _)) if response.extensions().get::<ResetConnection>().is_some() => {
            // Fault::CommitThenReset / ResetBeforeCommit: an error from the service makes
            // hyper close the connection without writing a response.
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "StandIn: reset fault",
            ))
        }
        Some((response, reservation)) => {
            let status = response.status().as_u16();
            shared.set_status(seq, status);
            if let Some(reservation) = reservation {
                reservation.settle(status);
            }
            Ok(response)
        }
        None => std::future::pending().await,
    }
}

/// The response and the Request-Id reservation to settle with its status; `None` when the
/// request is never answered ([`Fault::Hang`]).
pub(super) type Answer = Option<(Response<StandInBody>, Option<Reservation>)>;

/// Response bodies, including the broken ones.
pub(super) enum StandInBody {
    /// All at once (`None` once sent).
    Full(Option<Bytes>),
    /// Never yields anything ([`Fault::HeadersThenSilence`]).
    Silent { declared: usize },
    /// Yields `part`, waits `pause`, then fails, which makes hyper close the connection.
    PartThenClose {
        part: Option<Bytes>,
        declared: usize,
        pause: Pin<Box<tokio::time::Sleep>>,
    },
    /// `remaining` more bytes of `x`, in chunks.
    Repeat { remaining: usize },
}

impl StandInBody {
    pub(super) fn full(bytes: Bytes) -> Self {
        StandInBody::Full((!bytes.is_empty()).then_some(bytes))
    }
}

impl Body for StandInBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            StandInBody::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            StandInBody::Silent { .. } => Poll::Pending,
            StandInBody::PartThenClose { part, pause, .. } => {
                if let Some(part) = part.take().filter(|p| !p.is_empty()) {
                    return Poll::Ready(Some(Ok(Frame::data(part))));
                }
                match pause.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(()) => Poll::Ready(Some(Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "StandIn: ResetMidBody fault",
                    )))),
                }
            }
            StandInBody::Repeat { remaining } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let n = (*remaining).min(HUGE_CHUNK_LEN);
                *remaining -= n;
                Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(&HUGE_CHUNK[..n])))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            StandInBody::Full(bytes) => bytes.is_none(),
            StandInBody::Repeat { remaining } => *remaining == 0,
            StandInBody::Silent { .. } | StandInBody::PartThenClose { .. } => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            StandInBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            StandInBody::Silent { declared } | StandInBody::PartThenClose { declared, .. } => {
                SizeHint::with_exact(*declared as u64)
            }
            // Unknown length: hyper uses chunked transfer encoding.
            StandInBody::Repeat { .. } => SizeHint::new(),
        }
    }
}
