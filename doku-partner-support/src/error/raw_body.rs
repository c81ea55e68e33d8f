//! [`RawBody`]: a response body as received, printed with what its spec marks hidden.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::redact::Sensitive;
use crate::secret_spans::Wipe;

/// A response body as received (it may not be UTF-8): whole in a reply, its first
/// [`ERROR_BODY_CAP`](super::ERROR_BODY_CAP) bytes in an error.
///
/// Printed (`Debug`, [`preview`](Self::preview), the `Display` of an error that keeps it) with
/// the values its endpoint's spec marks `secret` or `personal` hidden ([`redact`]); the
/// unmodified bytes are [`as_bytes`](Self::as_bytes) and [`text`](Self::text), for code that
/// asks for them. When the endpoint has secret fields, the bytes are zeroed on drop (by the
/// last clone: clones share the bytes, they do not copy them): in a reply's body, the bytes of
/// every secret value the client decoded from it, or the whole body when one of them was
/// escaped (its place is not known); in other bodies, every byte.
///
/// [`redact`]: crate::redact
#[derive(Clone)]
pub struct RawBody {
    // Shared rather than a `Vec`: a clone shares the bytes (a `Reply` and its conformance
    // report hold the same body), and the client keeps the buffer reqwest hands over without a
    // copy. One word rather than the four of `Bytes`, which keeps `Error` small.
    bytes: Arc<Kept>,
    received: usize,
    // A thin pointer (an endpoint's `SENSITIVE`), so that `Error` stays small.
    sensitive: fn() -> &'static [Sensitive],
}

/// The bytes and what of them to wipe on drop (when the endpoint has secret fields).
struct Kept {
    bytes: Bytes,
    wipe: Wipe,
}

impl Kept {
    fn new(bytes: Bytes) -> Arc<Kept> {
        Arc::new(Kept {
            bytes,
            wipe: Wipe::Whole,
        })
    }
}

impl std::ops::Deref for Kept {
    type Target = Bytes;

    fn deref(&self) -> &Bytes {
        &self.bytes
    }
}

fn no_marks() -> &'static [Sensitive] {
    &[]
}

fn marks_of<E: crate::Endpoint>() -> &'static [Sensitive] {
    E::SENSITIVE
}

/// Two bodies are equal when they hold the same bytes of the same received length.
impl PartialEq for RawBody {
    fn eq(&self, other: &Self) -> bool {
        self.bytes.bytes == other.bytes.bytes && self.received == other.received
    }
}

impl Eq for RawBody {}

impl Default for RawBody {
    fn default() -> Self {
        RawBody::new(Vec::new())
    }
}

impl RawBody {
    /// Wraps received bytes, all of them.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self::shared(Bytes::from(bytes.into()))
    }

    /// Wraps received bytes as they are (no copy).
    pub(crate) fn shared(bytes: Bytes) -> Self {
        RawBody {
            received: bytes.len(),
            bytes: Kept::new(bytes),
            sensitive: no_marks,
        }
    }

    /// Wraps received bytes as they are (no copy), of which only the secret values at `wipe`
    /// are zeroed on drop (noted while decoding them, `secret_spans`).
    #[cfg(feature = "client")]
    pub(crate) fn shared_wiping(bytes: Bytes, wipe: Wipe) -> Self {
        RawBody {
            received: bytes.len(),
            bytes: Arc::new(Kept { bytes, wipe }),
            sensitive: no_marks,
        }
    }

    /// Keeps the first `cap` bytes of received bytes (copied when they are more, so the rest
    /// is freed), remembering their length.
    #[cfg(feature = "client")]
    pub(crate) fn shared_capped(bytes: Bytes, cap: usize) -> Self {
        let received = bytes.len();
        let bytes = if received > cap {
            Bytes::copy_from_slice(&bytes[..cap])
        } else {
            bytes
        };
        RawBody {
            bytes: Kept::new(bytes),
            received,
            sensitive: no_marks,
        }
    }

    /// Keeps the first `cap` bytes of a body (and frees the rest), remembering its length.
    pub fn capped(bytes: impl Into<Vec<u8>>, cap: usize) -> Self {
        let mut bytes = bytes.into();
        let received = bytes.len();
        if received > cap {
            bytes.truncate(cap);
            bytes.shrink_to_fit();
        }
        RawBody {
            bytes: Kept::new(Bytes::from(bytes)),
            received,
            sensitive: no_marks,
        }
    }

    /// The same body, printed with the fields endpoint `E`'s spec marks hidden (its
    /// [`SENSITIVE`](crate::Endpoint::SENSITIVE)).
    #[must_use]
    pub fn with_sensitive_of<E: crate::Endpoint>(mut self) -> Self {
        self.sensitive = marks_of::<E>;
        self
    }

    /// This body as an error keeps it: its first `cap` bytes (a copy when it is longer).
    #[cfg(feature = "client")]
    pub(crate) fn capped_to(&self, cap: usize) -> Self {
        let bytes = if self.bytes.len() > cap {
            Kept::new(Bytes::copy_from_slice(&self.bytes[..cap]))
        } else {
            Arc::clone(&self.bytes)
        };
        RawBody {
            bytes,
            received: self.received,
            sensitive: self.sensitive,
        }
    }

    /// The bytes kept, unmodified (secrets included).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes kept, as text, with invalid UTF-8 replaced; unmodified (secrets included).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }

    /// The bytes kept, as text, with the marked values hidden: what `Debug` prints.
    pub fn redacted(&self) -> String {
        crate::redact::redact_json(&self.bytes, (self.sensitive)())
    }

    /// Length in bytes of what is kept.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Length in bytes of the body as received (more than [`len`](Self::len) when
    /// [`is_truncated`](Self::is_truncated)).
    pub fn received_len(&self) -> usize {
        self.received
    }

    /// Whether only a prefix of the body is kept.
    pub fn is_truncated(&self) -> bool {
        self.received > self.bytes.len()
    }

    /// `true` for an empty body.
    pub fn is_empty(&self) -> bool {
        self.received == 0
    }

    /// The first 200 characters, on one line, marked values hidden, for messages.
    pub fn preview(&self) -> String {
        const MAX: usize = 200;
        if self.received == 0 {
            return "(empty body)".to_owned();
        }
        let text = self.redacted();
        let mut out: String = text
            .chars()
            .take(MAX)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.chars().nth(MAX).is_some() || self.is_truncated() {
            out.push_str(&format!("… ({} bytes)", self.received));
        }
        out
    }
}

impl Drop for RawBody {
    fn drop(&mut self) {
        if has_secrets(self.sensitive) {
            // Only the last clone owns the bytes alone and can zero them; the others leave
            // them to it.
            if let Some(kept) = Arc::get_mut(&mut self.bytes)
                && let Ok(mut owned) = std::mem::take(&mut kept.bytes).try_into_mut()
            {
                let bytes: &mut [u8] = &mut owned;
                match kept.wipe.ranges(bytes.len()) {
                    Some(ranges) => {
                        for (start, len) in ranges {
                            zeroize::Zeroize::zeroize(&mut bytes[start..start + len]);
                        }
                    }
                    None => zeroize::Zeroize::zeroize(bytes),
                }
                // Wiped: kept for this thread's next body rather than freed (`body_buffer`).
                crate::body_buffer::give_back(owned);
            }
        }
    }
}

/// Whether the marks `sensitive` gives include a secret (a body to zero when dropped).
fn has_secrets(sensitive: fn() -> &'static [Sensitive]) -> bool {
    sensitive()
        .iter()
        .any(|s| s.kind == crate::redact::Sensitivity::Secret)
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.redacted(), f)?;
        if self.is_truncated() {
            write!(
                f,
                " (first {} of {} bytes)",
                self.bytes.len(),
                self.received
            )?;
        }
        Ok(())
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        RawBody::new(bytes)
    }
}
