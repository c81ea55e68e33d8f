//! What generated code calls and a user never names: the request body's schema and check,
//! percent-encoding, decoding, the response objects' plumbing and the string entry points.
//! Hidden from the docs and not a stable API; generated code reaches it by absolute path.

pub use serde;
pub use serde_json;

pub mod body;
pub mod decode;
pub mod encode;
pub mod object;
mod rule_paths;
pub mod union;
pub mod values;

/// Encoding a `multipart/form-data` body, as generated `encode_body` does it.
pub mod form {
    pub use crate::multipart::{content_type, encode, new_boundary};
}
