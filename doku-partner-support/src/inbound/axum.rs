//! The receiver as an [axum] route (feature `axum`): a thin shell that hands the method, path,
//! headers and raw body bytes to [`Receiver::receive`] and answers its [`Decision`]'s status
//! with its reason as plain text.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use doku_partner_support::inbound::{Event, Handler, HandlerError, Receiver};
//! use doku_partner_support::json::Json;
//!
//! struct Orders;
//! impl Handler<Json> for Orders {
//!     async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
//!         // update the order of event.body() here
//!         Ok(())
//!     }
//! }
//!
//! let receiver = Receiver::builder("/payments/notifications")
//!     .key(std::env::var("DOKU_SECRET_KEY")?)
//!     .build()?;
//! let app = doku_partner_support::inbound::axum::route::<Json, _, _>(Arc::new(receiver), Arc::new(Orders));
//! let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! axum's `Bytes` extractor refuses bodies over 2 MB (413) before the receiver sees them; a
//! DOKU notification is a few KiB.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::routing::post;

use super::{Decision, DedupStore, Handler, InboundRequest, IncomingBody, Receiver};

/// A router with one `POST` route at the receiver's path. Merge it into your app's router.
pub fn route<E, S, H>(receiver: Arc<Receiver<S>>, handler: Arc<H>) -> Router
where
    E: IncomingBody,
    S: DedupStore + 'static,
    H: Handler<E> + 'static,
{
    let path = receiver.path().to_owned();
    Router::new().route(
        &path,
        post(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
                let decision: Decision<E> =
                    receive(&receiver, &*handler, &method, &uri, &headers, &body).await;
                answer(&decision)
            },
        ),
    )
}

/// Receives one request from axum's parts: for a handler of your own that wants the
/// [`Decision`] (to log it, or to answer differently).
pub async fn receive<E, S, H>(
    receiver: &Receiver<S>,
    handler: &H,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Decision<E>
where
    E: IncomingBody,
    S: DedupStore,
    H: Handler<E> + ?Sized,
{
    let mut request = InboundRequest::new(method.as_str(), uri.path(), body);
    for (name, value) in headers {
        request.push_header(name.as_str(), value.as_bytes());
    }
    receiver.receive(&request, handler).await
}

/// The status and plain-text reason of a decision.
pub fn answer<E>(decision: &Decision<E>) -> (StatusCode, String) {
    let status =
        StatusCode::from_u16(decision.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, decision.reason())
}
