//! Responses that are one shape per channel: a union chosen by a discriminator field.
//!
//! DOKU's Check Status answers in the shape of the payment's channel (`channel.id`): a
//! Virtual Account payment has `virtual_account_info`, an Alfa one `online_to_offline_info`.
//! A spec with `response.union` gets an enum with one typed variant per shape and a last
//! variant holding an [`Unknown`] body: a channel the spec does not list is kept whole, byte
//! for byte, and reported by the conformance check (one finding at the discriminator).
//!
//! The enum's plumbing comes from the `ResponseUnion` derive, which calls the helpers of
//! `__private::union`.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::json::Json;

/// A response whose discriminator names no variant of its spec (or has none): the body exactly
/// as sent, and the discriminator's value.
#[derive(Clone, PartialEq, Eq)]
pub struct Unknown {
    discriminator: Option<String>,
    body: Json,
}

impl Unknown {
    /// A body and the value its discriminator holds (`None`: absent or not a string).
    pub fn new(discriminator: Option<String>, body: Json) -> Self {
        Self {
            discriminator,
            body,
        }
    }

    /// The discriminator's value (`VIRTUAL_ACCOUNT_BRI`); `None` when the body has no such
    /// string.
    pub fn discriminator(&self) -> Option<&str> {
        self.discriminator.as_deref()
    }

    /// The whole body, exactly as sent.
    pub fn body(&self) -> &Json {
        &self.body
    }
}

/// Serialises the body exactly as it was received.
impl Serialize for Unknown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

/// The discriminator and the body's size only: an unknown shape may hold personal data the
/// spec cannot mark.
impl fmt::Debug for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unknown")
            .field("discriminator", &self.discriminator)
            .field(
                "body",
                &format_args!("[{} bytes]", self.body.as_text().len()),
            )
            .finish()
    }
}
