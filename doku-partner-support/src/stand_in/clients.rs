//! [`Clients`]: the Client-Ids a stand-in accepts and their keys, shared with a running server.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, PoisonError};

use crate::secret::SecretKey;

/// The clients a stand-in accepts: Client-Ids and their secret keys. Shared: a clone added to
/// while the server runs (a sub-merchant whose registration the stand-in approved) is accepted
/// from the next request on. `Debug` lists the Client-Ids only.
#[derive(Clone, Default)]
pub struct Clients(Arc<std::sync::RwLock<HashMap<String, SecretKey>>>);

impl Clients {
    /// No clients yet.
    pub fn new() -> Self {
        Clients::default()
    }

    /// Accepts `client_id`, signing with `secret`; a Client-Id added again gets the new key.
    pub fn add(&self, client_id: impl Into<String>, secret: impl Into<SecretKey>) {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(client_id.into(), secret.into());
    }

    /// Whether `client_id` is accepted.
    pub fn contains(&self, client_id: &str) -> bool {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(client_id)
    }

    /// Stops accepting `client_id`; whether it was accepted.
    pub fn remove(&self, client_id: &str) -> bool {
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(client_id)
            .is_some()
    }

    pub(super) fn merge(&self, other: &Clients) {
        let theirs = other
            .0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        self.0
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(theirs);
    }

    pub(crate) fn key(&self, client_id: &str) -> Option<SecretKey> {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(client_id)
            .cloned()
    }
}

impl fmt::Debug for Clients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let map = self.0.read().unwrap_or_else(PoisonError::into_inner);
        f.debug_set().entries(map.keys()).finish()
    }
}
