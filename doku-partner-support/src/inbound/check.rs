//! The door checks of an incoming request: method, path, DOKU's four headers, the signature over
//! the raw bytes with every configured key, and the freshness of `Request-Timestamp`.

use std::fmt;
use std::time::Duration;

use crate::clock::parse_timestamp;
use crate::secret::SecretKey;
use crate::signature::{Components, SignatureError};

use super::InboundRequest;

/// The longest `Request-Id` accepted. DOKU documents 128 characters; the receiver is lenient up
/// to this bound, which only keeps the deduplication store's keys bounded.
pub const MAX_REQUEST_ID_BYTES: usize = 1024;

/// How old (or how far ahead of this machine's clock) a `Request-Timestamp` may be.
///
/// DOKU retries an unanswered notification 30 min, 6 h and 12 h after the first attempt and does
/// not document whether a retry carries a new `Request-Timestamp`. A five-minute window, what
/// webhook libraries usually enforce, would refuse every retry if it keeps the first one. The
/// default, [`Freshness::DOKU_RETRY_SPAN`], accepts 13 hours back (the last retry plus one hour)
/// and 5 minutes ahead; the deduplication store keeps every id longer than that, so a replayed
/// notification is either too old or a duplicate. SECURITY.md ("Receiving notifications")
/// explains the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// No timestamp check (its format is still checked). Replays older than the store's
    /// retention would run the handler again: use only behind another replay defence.
    Unchecked,
    /// Refuse a timestamp older than `max_age` or more than `max_ahead` in the future.
    Window {
        /// The oldest timestamp accepted, back from now.
        max_age: Duration,
        /// Clock skew tolerated ahead of now.
        max_ahead: Duration,
    },
}

impl Freshness {
    /// 13 hours back (DOKU's last retry at 12 h, plus an hour), 5 minutes ahead.
    pub const DOKU_RETRY_SPAN: Freshness = Freshness::Window {
        max_age: Duration::from_secs(13 * 3600),
        max_ahead: Duration::from_secs(5 * 60),
    };

    /// How long after its own timestamp a notification can still be accepted (`None` when
    /// unchecked): the deduplication retention must cover it.
    pub fn span(self) -> Option<Duration> {
        match self {
            Freshness::Unchecked => None,
            Freshness::Window { max_age, max_ahead } => Some(max_age + max_ahead),
        }
    }
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness::DOKU_RETRY_SPAN
    }
}

/// Why a request was refused before anything was stored or parsed. The text never repeats a
/// header value or the body (they are attacker-controlled), so it can be logged and answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not a `POST`.
    #[error("method not allowed: DOKU sends notifications with POST")]
    Method,
    /// Another path than the configured notification path.
    #[error("no notification is received at this path")]
    Path,
    /// A required header is absent.
    #[error("the `{header}` header is missing")]
    MissingHeader {
        /// The header.
        header: &'static str,
    },
    /// A required header was sent more than once.
    #[error("the `{header}` header is sent more than once")]
    RepeatedHeader {
        /// The header.
        header: &'static str,
    },
    /// A header's value cannot be what DOKU sends.
    #[error("the `{header}` header {reason}")]
    InvalidHeader {
        /// The header.
        header: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// `Request-Timestamp` is outside the [`Freshness`] window.
    #[error("the `Request-Timestamp` is {seconds} s {direction} the accepted window")]
    NotFresh {
        /// How far outside the window, in seconds.
        seconds: i64,
        /// `"older than"` or `"ahead of"`.
        direction: &'static str,
    },
    /// The `Client-Id` is not one this receiver was configured for.
    #[error("the `Client-Id` is not one this receiver accepts")]
    UnknownClientId,
    /// The signature is malformed or does not match with any configured key.
    #[error("{0}")]
    Signature(SignatureError),
}

impl Refusal {
    /// The status to answer: 401 for anything about authenticity (signature, Client-Id,
    /// freshness), 405 for the method, 404 for the path, 400 for a malformed request.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Method => 405,
            Refusal::Path => 404,
            Refusal::MissingHeader {
                header: "Signature",
            }
            | Refusal::NotFresh { .. }
            | Refusal::UnknownClientId
            | Refusal::Signature(_) => 401,
            Refusal::MissingHeader { .. }
            | Refusal::RepeatedHeader { .. }
            | Refusal::InvalidHeader { .. } => 400,
        }
    }
}

/// The verified identity of a delivery, borrowed from the request.
pub(super) struct Verified<'a> {
    pub client_id: &'a str,
    pub request_id: &'a str,
    pub timestamp: &'a str,
    pub signature: &'a str,
}

/// What the checks need from the receiver's configuration.
pub(super) struct Door<'c> {
    pub path: &'c str,
    pub keys: &'c [SecretKey],
    pub client_ids: &'c [String],
    pub freshness: Freshness,
}

impl fmt::Debug for Door<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Door")
            .field("path", &self.path)
            .field("keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl Door<'_> {
    /// Every check, in the order that refuses cheapest first; the signature is checked before
    /// freshness, so an unsigned request learns nothing about the clock.
    pub fn check<'r>(
        &self,
        request: &'r InboundRequest<'r>,
        now: i64,
    ) -> Result<Verified<'r>, Refusal> {
        if request.method != "POST" {
            return Err(Refusal::Method);
        }
        let path = request
            .path
            .split_once('?')
            .map_or(request.path, |(p, _)| p);
        if path != self.path {
            return Err(Refusal::Path);
        }
        let client_id = header(request, "Client-Id")?;
        let request_id = header(request, "Request-Id")?;
        let timestamp = header(request, "Request-Timestamp")?;
        let signature = header(request, "Signature")?;
        if request_id.is_empty() || request_id.len() > MAX_REQUEST_ID_BYTES {
            return Err(Refusal::InvalidHeader {
                header: "Request-Id",
                reason: "is empty or longer than 1024 bytes",
            });
        }
        let at = parse_request_timestamp(timestamp).ok_or(Refusal::InvalidHeader {
            header: "Request-Timestamp",
            reason: "is not an ISO 8601 UTC time (`2020-08-11T08:45:42Z`)",
        })?;
        if !self.client_ids.is_empty() && !self.client_ids.iter().any(|c| c == client_id) {
            return Err(Refusal::UnknownClientId);
        }
        // POST: DOKU always signs the Digest line, an empty body included.
        let components = Components::request(
            client_id,
            request_id,
            timestamp,
            self.path,
            Some(request.body),
        );
        verify_with_any(&components, self.keys, signature).map_err(Refusal::Signature)?;
        if let Freshness::Window { max_age, max_ahead } = self.freshness {
            let age = now.saturating_sub(at);
            let max_age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
            let max_ahead = i64::try_from(max_ahead.as_secs()).unwrap_or(i64::MAX);
            if age > max_age {
                return Err(Refusal::NotFresh {
                    seconds: age - max_age,
                    direction: "older than",
                });
            }
            if -age > max_ahead {
                return Err(Refusal::NotFresh {
                    seconds: -age - max_ahead,
                    direction: "ahead of",
                });
            }
        }
        Ok(Verified {
            client_id,
            request_id,
            timestamp,
            signature,
        })
    }
}

/// Verifies with each key in turn (a key rotation configures two). Every comparison is in
/// constant time; trying the keys one after the other reveals only how many there are.
fn verify_with_any(
    components: &Components<'_>,
    keys: &[SecretKey],
    signature: &str,
) -> Result<(), SignatureError> {
    let mut outcome = Err(SignatureError::Mismatch);
    for key in keys {
        match components.verify_checked(key, signature) {
            Ok(()) => return Ok(()),
            // Malformed or a line break: no other key can make it match.
            Err(e @ (SignatureError::Malformed { .. } | SignatureError::LineBreak { .. })) => {
                return Err(e);
            }
            Err(e) => outcome = Err(e),
        }
    }
    outcome
}

/// The one value of a required header: case-insensitive name, sent once, visible text.
fn header<'r>(request: &'r InboundRequest<'r>, name: &'static str) -> Result<&'r str, Refusal> {
    let mut found = None;
    for (key, value) in &request.headers {
        if key.eq_ignore_ascii_case(name) {
            if found.is_some() {
                return Err(Refusal::RepeatedHeader { header: name });
            }
            found = Some(*value);
        }
    }
    let value = found.ok_or(Refusal::MissingHeader { header: name })?;
    let text = std::str::from_utf8(value).map_err(|_| Refusal::InvalidHeader {
        header: name,
        reason: "is not UTF-8 text",
    })?;
    if text.contains(['\n', '\r']) {
        return Err(Refusal::InvalidHeader {
            header: name,
            reason: "contains a line break",
        });
    }
    Ok(text)
}

/// DOKU's `YYYY-MM-DDTHH:MM:SSZ`, also with fractional seconds (ISO 8601 allows them and
/// DOKU's pages only say "ISO8601"); the fraction is ignored.
fn parse_request_timestamp(value: &str) -> Option<i64> {
    if let Some(at) = parse_timestamp(value) {
        return Some(at);
    }
    let (seconds, fraction) = value.strip_suffix('Z')?.split_once('.')?;
    if fraction.is_empty() || fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_timestamp(&format!("{seconds}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_with_and_without_fraction() {
        assert_eq!(
            parse_request_timestamp("2020-08-11T08:45:42Z"),
            Some(1_597_135_542)
        );
        assert_eq!(
            parse_request_timestamp("2020-08-11T08:45:42.123Z"),
            Some(1_597_135_542)
        );
        for bad in [
            "2020-08-11T08:45:42.Z",
            "2020-08-11T08:45:42.12aZ",
            "2020-08-11 08:45:42Z",
            "2020-08-11T08:45:42+07:00",
            "",
        ] {
            assert_eq!(parse_request_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(Refusal::Method.status(), 405);
        assert_eq!(Refusal::Path.status(), 404);
        assert_eq!(
            Refusal::MissingHeader {
                header: "Signature"
            }
            .status(),
            401
        );
        assert_eq!(
            Refusal::MissingHeader {
                header: "Request-Id"
            }
            .status(),
            400
        );
        assert_eq!(Refusal::Signature(SignatureError::Mismatch).status(), 401);
    }
}
