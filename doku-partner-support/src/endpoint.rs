//! What generated code implements: the static facts of an endpoint and its request and
//! response types. The client needs nothing else to make a signed call.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::conformance::Conformance;
use crate::validation::RequestErrors;

/// HTTP methods DOKU endpoints use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET: no body, no `Digest` line in the signature.
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method as sent.
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// Signature schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureScheme {
    /// DOKU Non-SNAP: `Signature: HMACSHA256=base64(HMAC-SHA256(secret, components))`.
    NonSnapHmacSha256,
    /// Unsigned.
    None,
}

/// How an endpoint's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuthOptions {
    /// The signature scheme.
    pub signature: SignatureScheme,
    /// Whether the query string is part of `Request-Target` (DOKU documents no example; the
    /// default is the path only).
    pub query_in_target: bool,
    /// Whether an `Authorization: Bearer <token>` header is required.
    pub bearer_token: bool,
}

/// How an endpoint issues bearer tokens (the spec's `auth.issues_token`, Generate Token): the
/// local stand-in issues a token with an expiry on each call and checks it on the endpoints
/// that need one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IssuesToken {
    /// The response field holding the token (`token`).
    pub token_field: &'static str,
    /// The request body field holding the wanted lifetime in minutes, as text (`valid_time`).
    pub lifetime_field: Option<&'static str>,
}

/// The static description of one endpoint, implemented by `#[derive(Endpoint)]`.
///
/// An endpoint's docs page lists what users name: its name, method, path, hosts, success
/// status, authentication, samples and types. The derive also fills in what only the client's
/// signing and the local stand-in read (the body schema, caller headers, token issuing, the
/// `Digest` line, multipart, echoed fields); those items are hidden from the docs and are not
/// meant to be named.
pub trait Endpoint {
    /// Machine name from the spec (`get_business_data`).
    const NAME: &'static str;
    /// HTTP method.
    const METHOD: HttpMethod;
    /// Path template (`/adv-core-api/partner/v1.0/business/{client_id}`).
    const PATH_TEMPLATE: &'static str;
    /// Authentication and signature options.
    const AUTH: AuthOptions;
    /// Sandbox base URL from the spec.
    const SANDBOX_URL: &'static str;
    /// Production base URL from the spec.
    const PRODUCTION_URL: &'static str;
    /// Status of a success.
    const SUCCESS_STATUS: u16;
    /// Sample success bodies from the spec, as `(name, JSON text)` (served by the local
    /// stand-in).
    const EXAMPLES: &'static [(&'static str, &'static str)];
    /// The schema of the JSON request body; `None` when the endpoint sends none. The local
    /// stand-in checks every body it receives against it.
    #[doc(hidden)]
    const BODY: Option<&'static crate::__private::body::Object> = None;
    /// Sample request bodies from the spec, as `(name, JSON text)`.
    const REQUEST_EXAMPLES: &'static [(&'static str, &'static str)] = &[];
    /// Request samples DOKU's page cuts off, stored as the page shows them up to where its
    /// text ends (`cut_off: true`), as `(name, text)`: not JSON and never sent; compare a body
    /// with [`cut_off::is_start_of`](crate::cut_off::is_start_of).
    const CUT_OFF_SAMPLES: &'static [(&'static str, &'static str)] = &[];
    /// Headers the caller supplies with each request (the spec's `source: caller` headers);
    /// the local stand-in refuses a request without them.
    #[doc(hidden)]
    const CALLER_HEADERS: &'static [&'static str] = &[];
    /// How the endpoint issues bearer tokens, when it does (Generate Token).
    #[doc(hidden)]
    const ISSUES_TOKEN: Option<IssuesToken> = None;
    /// Whether the signature has a `Digest` line over the body (every JSON body; for a
    /// multipart body the spec's `body.digest`, as DOKU does not document it).
    #[doc(hidden)]
    const DIGEST_BODY: bool = true;
    /// Whether the body is `multipart/form-data` (Upload File) rather than JSON.
    #[doc(hidden)]
    const MULTIPART: bool = false;
    /// Response fields the stand-in answers with the request's value of the same name (the
    /// spec's `same_as_request`; Upload File's `category`).
    #[doc(hidden)]
    const ECHOES: &'static [&'static str] = &[];
    /// Path parameters whose value goes into the signed `Request-Target` as it is (the spec's
    /// `target: raw`), percent-decoded from the path as sent; every other one is signed as sent,
    /// percent-encoded ([`signed_path`](crate::signature::signed_path)). The client signs, and
    /// the stand-in verifies, the same way.
    const RAW_IN_TARGET: &'static [&'static str] = &[];
    /// Response fields the spec marks `secret` or `personal`: hidden wherever the raw body of
    /// a reply or an error is printed ([`redact`](crate::redact)).
    const SENSITIVE: &'static [crate::redact::Sensitive] = &[];
    /// The headers DOKU sends with a success (the spec's `response.headers`): read into
    /// [`Reply::headers`](crate::client::Reply::headers) and checked by the client
    /// ([`response_headers`](crate::response_headers)), sent exactly so by the local stand-in.
    /// Empty: none declared, none checked.
    const RESPONSE_HEADERS: &'static [crate::response_headers::ResponseHeader] = &[];
    /// The error envelopes the endpoint may answer (the spec's `errors.envelopes`): an error
    /// answer in another one is [`Error::UndeclaredEnvelope`](crate::Error::UndeclaredEnvelope),
    /// and the local stand-in refuses to inject one. Empty: none declared, any accepted.
    const ERROR_ENVELOPES: &'static [crate::error::EnvelopeForm] = &[];
    /// The request type.
    type Request: ApiRequest<Endpoint = Self>;
    /// The success response type.
    type Response: ApiResponse;
}

/// A request ready to send: valid by construction, or validated by its own string entry point.
pub trait ApiRequest: Debug {
    /// The endpoint this request is for.
    type Endpoint: Endpoint;

    /// Bytes of room the path and the query need, for most values (the client allocates its
    /// URL buffer with this much beyond the base URL, so writing them rarely reallocates).
    const PATH_AND_QUERY_CAPACITY: usize = 128;

    /// The path with parameters filled in and percent-encoded (`/adv-core-api/.../BRN-1`).
    fn path(&self) -> String;

    /// The query string without `?`, percent-encoded; `None` when there is none.
    fn query_string(&self) -> Option<String>;

    /// Appends [`path`](Self::path) to `out`. The client writes the path and the query into
    /// the one buffer of the URL it sends (the signed `Request-Target` is a slice of it), so a
    /// call allocates one string for them, not three; generated requests write in place.
    fn write_path(&self, out: &mut String) {
        out.push_str(&self.path());
    }

    /// Appends [`query_string`](Self::query_string) (without `?`) to `out`; nothing when there
    /// is none.
    fn write_query(&self, out: &mut String) {
        if let Some(query) = self.query_string() {
            out.push_str(&query);
        }
    }

    /// The body exactly as it will be sent and signed, with its `Content-Type`; `None` for
    /// GET. Called once per send: a retry resends the same bytes.
    fn body(&self) -> Option<RequestBody> {
        None
    }

    /// Checks that cannot be expressed in types; runs before any I/O.
    fn validate(&self) -> Result<(), RequestErrors> {
        Ok(())
    }

    /// Calls `f` with the name and value of every header the caller supplied (the spec's
    /// `source: caller` headers), in spec order.
    fn for_each_header(&self, f: &mut dyn FnMut(&'static str, &str)) {
        let _ = f;
    }
}

/// A reference sends the same request, so one request value can be sent twice.
impl<R: ApiRequest> ApiRequest for &R {
    type Endpoint = R::Endpoint;

    const PATH_AND_QUERY_CAPACITY: usize = R::PATH_AND_QUERY_CAPACITY;

    fn path(&self) -> String {
        (**self).path()
    }

    fn query_string(&self) -> Option<String> {
        (**self).query_string()
    }

    fn write_path(&self, out: &mut String) {
        (**self).write_path(out);
    }

    fn write_query(&self, out: &mut String) {
        (**self).write_query(out);
    }

    fn body(&self) -> Option<RequestBody> {
        (**self).body()
    }

    fn validate(&self) -> Result<(), RequestErrors> {
        (**self).validate()
    }

    fn for_each_header(&self, f: &mut dyn FnMut(&'static str, &str)) {
        (**self).for_each_header(f);
    }
}

/// A request body, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestBody {
    /// Its `Content-Type` (`application/json`, `multipart/form-data; boundary=...`).
    pub content_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// A decoded success response.
pub trait ApiResponse: DeserializeOwned + Serialize + Conformance + Debug + Send + 'static {}
