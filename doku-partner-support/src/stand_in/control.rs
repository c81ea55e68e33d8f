//! What a stand-in offers beside DOKU's doors: a fixed port ([`StandInBuilder::port`]), a
//! handle that controls a running server from elsewhere ([`StandInHandle`]: faults, reset,
//! counts), and a hook for requests under a path prefix of its own that skip every door check
//! ([`StandInBuilder::control_api`]), on which `doku-partner serve` builds its admin API.

use std::future::Future;

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use hyper::Response;

use super::{Fault, Shared, StandIn, StandInBody, StandInBuilder, plain};

/// A request under the prefix of [`StandInBuilder::control_api`], as its handler sees it.
#[derive(Debug, Clone)]
pub struct ControlRequest {
    /// The method (`GET`, `POST`).
    pub method: String,
    /// The path after the prefix (`/state` for `PREFIX/state`), as sent.
    pub path: String,
    /// The body bytes (at most [`MAX_REQUEST_BODY`](super::MAX_REQUEST_BODY)).
    pub body: Bytes,
    /// The server the request came to.
    pub mock: StandInHandle,
}

/// The answer of a control handler: a status and a JSON body.
pub type ControlAnswer = (u16, String);

/// What [`StandInBuilder::control_api`] runs for each request under its prefix.
pub type ControlFn =
    dyn Fn(ControlRequest) -> Pin<Box<dyn Future<Output = ControlAnswer> + Send>> + Send + Sync;

/// The control hook: its path prefix and handler.
#[derive(Clone)]
pub(super) struct ControlHook {
    pub(super) prefix: &'static str,
    pub(super) handler: Arc<ControlFn>,
}

impl fmt::Debug for ControlHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ControlHook")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Controls a running [`StandIn`] from anywhere (a clone of it is cheap): what a control
/// handler or a test holding no `&StandIn` needs.
#[derive(Clone)]
pub struct StandInHandle {
    pub(super) shared: Arc<Shared>,
}

impl fmt::Debug for StandInHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StandInHandle(..)")
    }
}

impl StandInHandle {
    /// Queues a fault, as [`StandIn::push_fault`].
    pub fn push_fault(&self, fault: Fault) {
        self.shared.lock().faults.push_back(fault);
    }

    /// The error envelopes the route serving `path` declares
    /// ([`StandInRoute::error_envelopes`](super::StandInRoute::error_envelopes); empty: any), or
    /// `None` when no route serves that path: what a control API checks before injecting an
    /// envelope, as [`StandIn::push_fault_for`](super::StandIn::push_fault_for) does.
    pub fn error_envelopes_at(&self, path: &str) -> Option<&'static [crate::error::EnvelopeForm]> {
        self.shared
            .routes
            .iter()
            .find(|r| r.matches_path(path))
            .map(|r| r.error_envelopes)
    }

    /// How many faults are queued and not yet played.
    pub fn faults_queued(&self) -> usize {
        self.shared.lock().faults.len()
    }

    /// How many requests were recorded (door checks refused or not).
    pub fn requests_recorded(&self) -> usize {
        self.shared.lock().requests.len()
    }

    /// How many bearer tokens were issued.
    pub fn tokens_issued(&self) -> u64 {
        self.shared.lock().tokens_issued
    }

    /// Forgets everything the server learnt since it started: recorded requests, queued
    /// faults, used Request-Ids and issued tokens (they are refused from then on). The
    /// clients and routes stay.
    pub fn reset(&self) {
        let mut state = self.shared.lock();
        state.requests.clear();
        state.faults.clear();
        state.request_ids.clear();
        state.tokens.clear();
        state.tokens_issued = 0;
    }
}

impl StandInBuilder {
    /// Listens on `127.0.0.1:port` instead of a port the system picks (`0`, the default).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Answers every request whose path starts with `prefix` (e.g. `/__stand-in`, which no
    /// DOKU path does) with `handler`, before any door check: nothing is checked nor
    /// recorded, no fault is played. A `prefix` that does not start with `/` and end without
    /// one makes [`start`](Self::start) fail.
    pub fn control_api<F, Fut>(mut self, prefix: &'static str, handler: F) -> Self
    where
        F: Fn(ControlRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ControlAnswer> + Send + 'static,
    {
        if !prefix.starts_with('/') || prefix.ends_with('/') || prefix.len() < 2 {
            self.errors.push(format!(
                "control API prefix `{prefix}` must start with `/` and not end with one"
            ));
        }
        self.control = Some(ControlHook {
            prefix,
            handler: Arc::new(move |request| Box::pin(handler(request))),
        });
        self
    }
}

impl StandIn {
    /// A handle that controls this server from elsewhere.
    pub fn handle(&self) -> StandInHandle {
        StandInHandle {
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The control handler's answer to `path` if it is under the hook's prefix (`PREFIX` itself or
/// `PREFIX/...`), else `None`.
pub(super) async fn control(
    shared: &Arc<Shared>,
    method: &str,
    path: &str,
    body: Bytes,
) -> Option<Response<StandInBody>> {
    let hook = shared.control.as_ref()?;
    let rest = path.strip_prefix(hook.prefix)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let request = ControlRequest {
        method: method.to_owned(),
        path: rest.to_owned(),
        body,
        mock: StandInHandle {
            shared: Arc::clone(shared),
        },
    };
    let (status, body) = (hook.handler)(request).await;
    Some(plain(status, "application/json", Bytes::from(body)))
}
