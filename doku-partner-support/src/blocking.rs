//! A blocking flavour of [`Client`], for programs without an async runtime (scripts, CLIs, sync
//! web frameworks).
//!
//! It owns a small single-threaded Tokio runtime and drives the async client on it, so it does
//! the same work, with the same errors, as [`Client::send`].
//!
//! ```no_run
//! use doku_partner_support::client::{Client, Environment};
//! use doku_partner_support::Credentials;
//!
//! # fn demo() -> Result<(), doku_partner_support::Error> {
//! let client = Client::builder(
//!     Credentials::new("BRN-0001-1234567890", "SK-...from your vault..."),
//!     Environment::Sandbox,
//! )
//! .build_blocking()?;
//! # let _ = client; Ok(()) }
//! ```

use std::fmt;

use crate::clock::RequestId;
use crate::endpoint::{ApiRequest, Endpoint};
use crate::error::Error;

use crate::client::{Client, ClientBuilder, Reply};

/// A [`Client`] that blocks the calling thread. Do not use it inside an async runtime (use
/// [`Client`] there): its calls refuse to run there with [`Error::Config`] rather than stall
/// the runtime.
pub struct BlockingClient {
    client: Client,
    // `Option` so that `Drop` can shut it down without blocking (dropping a runtime inside an
    // async context would panic).
    runtime: Option<tokio::runtime::Runtime>,
}

impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingClient")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Builds a [`BlockingClient`].
    pub fn build_blocking(self) -> Result<BlockingClient, Error> {
        let client = self.build()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config {
                message: format!("cannot start the blocking client's runtime: {e}"),
            })?;
        Ok(BlockingClient {
            client,
            runtime: Some(runtime),
        })
    }
}

impl BlockingClient {
    /// [`Client::send`], blocking.
    pub fn send<R: ApiRequest>(
        &self,
        request: R,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        self.block_on(self.client.send(request))
    }

    /// [`Client::send_with_request_id`], blocking.
    pub fn send_with_request_id<R: ApiRequest>(
        &self,
        request: R,
        request_id: RequestId,
    ) -> Result<Reply<<R::Endpoint as Endpoint>::Response>, Error> {
        self.block_on(self.client.send_with_request_id(request, request_id))
    }

    fn block_on<T>(&self, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::Config {
                message: "BlockingClient was called inside an async runtime, where blocking \
                          would stall it; use the async Client there"
                    .to_owned(),
            });
        }
        // Only `Drop` takes the runtime, so it is always there while `&self` lives.
        let Some(runtime) = &self.runtime else {
            return Err(Error::Config {
                message: "the blocking client was shut down".to_owned(),
            });
        };
        runtime.block_on(call)
    }
}

impl Drop for BlockingClient {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
