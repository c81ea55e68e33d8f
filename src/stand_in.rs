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
//! It is the runtime's [`MockDoku`] (a real HTTP server on 127.0.0.1, every door check, every
//! [`Fault`](crate::runtime::mock::Fault)) with the six endpoints registered and a
//! [`Responder`] on the ones that keep state. DOKU documents no response for Business
//! Registration; the stand-in answers it in Create Business Lite's shape (`business.id`,
//! `business.brands[].id`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use doku_partner_runtime::__private::serde_json::{self, Value, json};

use crate::endpoints::{
    BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken, GetBusinessData,
    UploadFile,
};
use crate::runtime::mock::{Call, Clients, MockDoku, MockRoute, Responder};
use crate::runtime::{Endpoint, Secret};

/// What the stand-in keeps between calls.
#[derive(Debug, Default)]
struct State {
    next: u64,
    /// Registered businesses by brand ID (the Client-Id Get Business Data is asked about).
    businesses: HashMap<String, Registered>,
    /// Uploaded files by file ID: (category, file name, size).
    files: HashMap<String, (String, String, u64)>,
}

#[derive(Debug, Clone)]
struct Registered {
    business_id: String,
    shared_key: Secret,
    request: Value,
}

type Shared = Arc<Mutex<State>>;

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running Partner API stand-in.
#[derive(Debug)]
pub struct PartnerStandIn {
    mock: MockDoku,
    state: Shared,
}

impl PartnerStandIn {
    /// Starts it on 127.0.0.1 with one client (its Client-Id and secret key).
    pub async fn start(client_id: &str, secret_key: &str) -> std::io::Result<Self> {
        let state: Shared = Arc::default();
        let clients = Clients::new();
        clients.add(client_id, secret_key);
        let base_url: Arc<OnceLock<String>> = Arc::default();
        let route = |route: Option<MockRoute>, responder: Option<Responder>| {
            route.map(|r| MockRoute { responder, ..r })
        };
        let routes = [
            route(MockRoute::of::<CheckRequirements>(), None),
            route(MockRoute::of::<GenerateToken>(), None),
            route(
                MockRoute::of::<UploadFile>(),
                Some(upload(Arc::clone(&state), Arc::clone(&base_url))),
            ),
            route(
                MockRoute::of::<CreateBusinessLite>(),
                Some(register(Arc::clone(&state), clients.clone())),
            ),
            route(
                MockRoute::of::<BusinessRegistration>(),
                Some(register(Arc::clone(&state), clients.clone())),
            ),
            route(
                MockRoute::of::<GetBusinessData>(),
                Some(read_back(Arc::clone(&state))),
            ),
        ];
        let mut builder = MockDoku::builder().clients(clients);
        for route in routes.into_iter().flatten() {
            builder = builder.route(route);
        }
        let mock = builder.start().await?;
        let _ = base_url.set(mock.base_url());
        Ok(PartnerStandIn { mock, state })
    }

    /// Its base URL (`http://127.0.0.1:PORT`), for `Environment::base_url`.
    pub fn base_url(&self) -> String {
        self.mock.base_url()
    }

    /// The underlying stand-in: recorded requests, faults, tokens.
    pub fn mock(&self) -> &MockDoku {
        &self.mock
    }

    /// How many businesses were registered (Create Business Lite or Business Registration).
    pub fn businesses(&self) -> usize {
        lock(&self.state).businesses.len()
    }

    /// How many files were uploaded.
    pub fn files(&self) -> usize {
        lock(&self.state).files.len()
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
fn register(state: Shared, clients: Clients) -> Responder {
    Responder::new(move |call: &Call<'_>| {
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
fn read_back(state: Shared) -> Responder {
    Responder::new(move |call: &Call<'_>| {
        let brand_id = call.path.rsplit('/').next()?;
        let registered = lock(&state).businesses.get(brand_id)?.clone();
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
        Some(data.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
