//! DOKU's Non-SNAP request signature, and verification of signed responses and notifications.
//!
//! The component string is one `Name:value` line per component, joined by `\n` with **no**
//! trailing newline:
//!
//! ```text
//! Client-Id:MCH-0001-10791114622547
//! Request-Id:cc682442-6c22-493e-8121-b9ef6b3fa728
//! Request-Timestamp:2020-08-11T08:45:42Z
//! Request-Target:/doku-virtual-account/v2/payment-code
//! Digest:tHS3dAgYKCxLVZCzmL7FGXcEllf2nJn1gfG3duRqMn8=
//! ```
//!
//! `Digest` (base64 of the SHA-256 of the body bytes exactly as sent) is present only when
//! there is a body, so a GET signs four lines. The `Signature` header is `HMACSHA256=` followed
//! by the standard base64 of HMAC-SHA256(secret key, component string).
//!
//! Signing feeds the components straight into the HMAC; the string itself is only built by
//! [`Components::component_string`], for debugging and documentation.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest as _, Sha256};

use crate::secret::SecretKey;

type HmacSha256 = Hmac<Sha256>;

/// The prefix of every Non-SNAP `Signature` header value.
pub const SIGNATURE_PREFIX: &str = "HMACSHA256=";

/// The path as it goes into `Request-Target`: `path` (as sent, percent-encoded) with the
/// segments of the path parameters named in `raw_params` percent-decoded back to their values
/// (the spec's `target: raw`; [`Endpoint::RAW_IN_TARGET`](crate::Endpoint::RAW_IN_TARGET)).
/// Borrowed as is when `raw_params` is empty, the default (`target: encoded`).
///
/// `template` is the endpoint's path template (`/orders/v1/status/{id}`); `path` was built from
/// it, so its segments line up (a value's `/` is sent as `%2F`). Bytes that do not decode to
/// UTF-8 are replaced (U+FFFD): the client never sends them, and such a target fails to verify.
///
/// ```
/// use doku_partner_support::signature::signed_path;
///
/// let template = "/orders/v1/status/{id}";
/// let sent = "/orders/v1/status/INV%2F2021%20%237";
/// assert_eq!(signed_path(template, sent, &[]), sent);
/// assert_eq!(signed_path(template, sent, &["id"]), "/orders/v1/status/INV/2021 #7");
/// ```
pub fn signed_path<'a>(
    template: &str,
    path: &'a str,
    raw_params: &[&str],
) -> std::borrow::Cow<'a, str> {
    if raw_params.is_empty() {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    let mut template_segments = template.split('/');
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let raw = template_segments
            .next()
            .and_then(|t| t.strip_prefix('{')?.strip_suffix('}'))
            .is_some_and(|name| raw_params.contains(&name));
        if raw {
            out.push_str(&percent_encoding::percent_decode_str(segment).decode_utf8_lossy());
        } else {
            out.push_str(segment);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Which timestamp header a component string carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampHeader {
    /// `Request-Timestamp`: requests to DOKU and notifications from DOKU.
    Request,
    /// `Response-Timestamp`: DOKU's signed responses.
    Response,
}

impl TimestampHeader {
    /// The header name, as it appears in the component string.
    pub const fn name(self) -> &'static str {
        match self {
            TimestampHeader::Request => "Request-Timestamp",
            TimestampHeader::Response => "Response-Timestamp",
        }
    }
}

/// The inputs of one signature.
///
/// ```
/// use doku_partner_support::signature::Components;
///
/// let get = Components::request(
///     "BRN-0001",
///     "cc682442-6c22-493e-8121-b9ef6b3fa728",
///     "2020-08-11T08:45:42Z",
///     "/adv-core-api/partner/v1.0/business/BRN-0001",
///     None,
/// );
/// assert_eq!(
///     get.component_string(),
///     "Client-Id:BRN-0001\n\
///      Request-Id:cc682442-6c22-493e-8121-b9ef6b3fa728\n\
///      Request-Timestamp:2020-08-11T08:45:42Z\n\
///      Request-Target:/adv-core-api/partner/v1.0/business/BRN-0001"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Components<'a> {
    /// `Client-Id` header value.
    pub client_id: &'a str,
    /// `Request-Id` header value (for a response: the id of the request it answers).
    pub request_id: &'a str,
    /// Which timestamp header this is.
    pub timestamp_header: TimestampHeader,
    /// The timestamp header's value (`2020-08-11T08:45:42Z`).
    pub timestamp: &'a str,
    /// `Request-Target`: the path (and the query string only when the endpoint says so).
    pub target: &'a str,
    /// The body bytes exactly as sent; `None` when there is no body (no `Digest` line).
    pub body: Option<&'a [u8]>,
}

impl<'a> Components<'a> {
    /// Components of a request to DOKU, or of a notification from DOKU.
    pub fn request(
        client_id: &'a str,
        request_id: &'a str,
        request_timestamp: &'a str,
        target: &'a str,
        body: Option<&'a [u8]>,
    ) -> Self {
        Components {
            client_id,
            request_id,
            timestamp_header: TimestampHeader::Request,
            timestamp: request_timestamp,
            target,
            body,
        }
    }

    /// Components of a DOKU response: Client-Id and Request-Id of the request, the
    /// `Response-Timestamp` header, and the response body.
    pub fn response(
        client_id: &'a str,
        request_id: &'a str,
        response_timestamp: &'a str,
        target: &'a str,
        body: Option<&'a [u8]>,
    ) -> Self {
        Components {
            client_id,
            request_id,
            timestamp_header: TimestampHeader::Response,
            timestamp: response_timestamp,
            target,
            body,
        }
    }

    /// The exact string that is signed (no trailing newline).
    pub fn component_string(&self) -> String {
        let mut s = String::with_capacity(160 + self.target.len());
        self.write_to(|part| s.push_str(part));
        s
    }

    /// Feeds the component string to `sink` piece by piece, so signing needs no buffer.
    fn write_to(&self, mut sink: impl FnMut(&str)) {
        sink("Client-Id:");
        sink(self.client_id);
        sink("\nRequest-Id:");
        sink(self.request_id);
        sink("\n");
        sink(self.timestamp_header.name());
        sink(":");
        sink(self.timestamp);
        sink("\nRequest-Target:");
        sink(self.target);
        if let Some(body) = self.body {
            sink("\nDigest:");
            sink(&digest(body));
        }
    }

    fn mac(&self, key: &SecretKey) -> HmacSha256 {
        // `new_from_slice` errs only for fixed-length-key MACs; HMAC takes keys of any length
        // (RFC 2104 hashes long ones), so this branch is dead.
        let mut mac = HmacSha256::new_from_slice(key.expose_secret().as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        self.write_to(|part| mac.update(part.as_bytes()));
        mac
    }

    /// Signs the components: the `Signature` header value.
    pub fn sign(&self, key: &SecretKey) -> Signature {
        let tag = self.mac(key).finalize().into_bytes();
        let mut value = String::with_capacity(SIGNATURE_PREFIX.len() + 44);
        value.push_str(SIGNATURE_PREFIX);
        STANDARD.encode_string(tag, &mut value);
        Signature(value)
    }

    /// Refuses components that would make the component string ambiguous: a line break
    /// (`\n` or `\r`) in `Client-Id`, `Request-Id`, the timestamp or the target lets two
    /// different inputs share one component string, hence one signature (a `Request-Id` of
    /// `a\nRequest-Timestamp:...` forges the next line). The body is digested, so it may hold
    /// anything.
    pub fn check(&self) -> Result<(), SignatureError> {
        for (component, value) in [
            ("Client-Id", self.client_id),
            ("Request-Id", self.request_id),
            (self.timestamp_header.name(), self.timestamp),
            ("Request-Target", self.target),
        ] {
            if has_line_break(value) {
                return Err(SignatureError::LineBreak { component });
            }
        }
        Ok(())
    }

    /// [`check`](Self::check)s the components, then signs them. The client and the stand-in
    /// sign with this.
    pub fn sign_checked(&self, key: &SecretKey) -> Result<Signature, SignatureError> {
        self.check()?;
        Ok(self.sign(key))
    }

    /// [`check`](Self::check)s the components, then [`verify`](Self::verify)s the header.
    /// The stand-in (request signatures) and [`verify_notification`] verify with this; the
    /// client verifies a response with `verify`, every component having been checked already
    /// (when it signed the request, or as a visible-ASCII header value).
    pub fn verify_checked(
        &self,
        key: &SecretKey,
        header_value: &str,
    ) -> Result<(), SignatureError> {
        self.check()?;
        self.verify(key, header_value)
    }

    /// Checks a `Signature` header value against these components in constant time.
    ///
    /// Accepts the base64 with its one `=` of padding or without it (DOKU has been seen to send
    /// both), and nothing else: `==`, inner `=`, non-zero trailing bits and whitespace other
    /// than the spaces and tabs HTTP allows around a header value are malformed. The decoded
    /// bytes are compared, never the strings.
    ///
    /// This is the bare primitive: it signs and verifies whatever it is given, line breaks
    /// included. Use [`verify_checked`](Self::verify_checked) for values from the network.
    pub fn verify(&self, key: &SecretKey, header_value: &str) -> Result<(), SignatureError> {
        let encoded = header_value
            .trim_matches([' ', '\t'])
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(SignatureError::Malformed {
                reason: "does not start with `HMACSHA256=`",
            })?;
        let expected = decode_tag(encoded).ok_or(SignatureError::Malformed {
            reason: "is not the base64 of a 32-byte HMAC-SHA256 tag",
        })?;
        self.mac(key)
            .verify_slice(&expected)
            .map_err(|_| SignatureError::Mismatch)
    }
}

/// Decodes a base64 tag into exactly 32 bytes: 43 characters, then the one `=` of canonical
/// padding or nothing (`==` and any other length are refused; so are non-zero trailing bits).
fn decode_tag(encoded: &str) -> Option<[u8; 32]> {
    let unpadded = encoded.strip_suffix('=').unwrap_or(encoded);
    if unpadded.len() != 43 {
        return None;
    }
    let mut out = [0u8; 33];
    let n = STANDARD_NO_PAD.decode_slice(unpadded, &mut out).ok()?;
    (n == 32).then(|| {
        let mut tag = [0u8; 32];
        tag.copy_from_slice(&out[..32]);
        tag
    })
}

/// The `Digest` component of a body: base64 of its SHA-256.
pub fn digest(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}

/// A `Signature` header value, `HMACSHA256=<base64>`.
///
/// Not secret (it is sent in clear), but it is kept out of logs and tracing anyway: it is a
/// credential for this one request until its timestamp expires.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature(String);

impl Signature {
    /// The header value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The header value, owned.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(HMACSHA256=…)")
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Signature {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Why a signature was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `Signature` header (or another required signature header) was present.
    #[error("the `{header}` header is missing")]
    Missing {
        /// The missing header.
        header: &'static str,
    },
    /// The header is not of the form `HMACSHA256=<base64 of 32 bytes>`.
    #[error("the Signature header {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A signed value holds a line break, which would make two inputs share a signature
    /// (see [`Components::check`]).
    #[error(
        "the `{component}` value contains a line break (CR or LF), which would let two different requests share one signature"
    )]
    LineBreak {
        /// The component (`Request-Id`, `Request-Target`, ...).
        component: &'static str,
    },
    /// Well-formed, but computed with another key or over other bytes.
    #[error(
        "the signature does not match: the secret key, a header value, the target or the body differs from what was signed"
    )]
    Mismatch,
}

/// The headers DOKU sends with an HTTP notification, borrowed from whatever HTTP server the
/// merchant runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationHeaders<'a> {
    /// `Client-Id`
    pub client_id: Option<&'a str>,
    /// `Request-Id`
    pub request_id: Option<&'a str>,
    /// `Request-Timestamp`
    pub request_timestamp: Option<&'a str>,
    /// `Signature`
    pub signature: Option<&'a str>,
}

/// Verifies an HTTP notification from DOKU: the request scheme, with `Request-Target` the path
/// of the merchant's notification URL and the digest of the raw body.
///
/// Answer DOKU with a 2xx on `Ok`, with 401 otherwise.
pub fn verify_notification(
    key: &SecretKey,
    notification_path: &str,
    headers: &NotificationHeaders<'_>,
    body: &[u8],
) -> Result<(), SignatureError> {
    fn need<'h>(value: Option<&'h str>, header: &'static str) -> Result<&'h str, SignatureError> {
        value.ok_or(SignatureError::Missing { header })
    }
    let client_id = need(headers.client_id, "Client-Id")?;
    let request_id = need(headers.request_id, "Request-Id")?;
    let timestamp = need(headers.request_timestamp, "Request-Timestamp")?;
    let signature = need(headers.signature, "Signature")?;
    Components::request(
        client_id,
        request_id,
        timestamp,
        notification_path,
        (!body.is_empty()).then_some(body),
    )
    .verify_checked(key, signature)
}

/// Whether `value` holds a CR or LF. Eight bytes at a time (the values signed on every call are
/// 20 to 40 bytes long, too short for a vector loop to pay off, and a byte-by-byte scan was
/// 1 % of a call's instructions over a hand-written one, issue 27): a word has a byte equal
/// to `b` exactly when `word ^ (b * 0x01..01)` has a zero byte, which `(x - 0x01..01) & !x &
/// 0x80..80` detects without false positives.
fn has_line_break(value: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS != 0
    };
    let mut words = value.as_bytes().chunks_exact(8);
    for word in &mut words {
        let word = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        if has_byte(word, b'\n') || has_byte(word, b'\r') {
            return true;
        }
    }
    words.remainder().iter().any(|&b| b == b'\n' || b == b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"order":{"invoice_number":"INV-20210124-0001","amount":150000},"virtual_account_info":{"expired_time":60,"reusable_status":false,"info1":"Merchant Demo Store"},"customer":{"name":"Taufik Ismail","email":"taufik@example.com"}}"#;

    fn key() -> SecretKey {
        SecretKey::new("SK-hCJ42G28TA0MKG9LE2E_1")
    }

    fn kat() -> Components<'static> {
        Components::request(
            "MCH-0001-10791114622547",
            "cc682442-6c22-493e-8121-b9ef6b3fa728",
            "2020-08-11T08:45:42Z",
            "/doku-virtual-account/v2/payment-code",
            Some(BODY.as_bytes()),
        )
    }

    #[test]
    fn known_answer_vector_from_dokus_libraries() {
        assert_eq!(
            digest(BODY.as_bytes()),
            "tHS3dAgYKCxLVZCzmL7FGXcEllf2nJn1gfG3duRqMn8="
        );
        assert_eq!(
            kat().sign(&key()).as_str(),
            "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4="
        );
        assert_eq!(
            kat().verify(
                &key(),
                "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4="
            ),
            Ok(())
        );
    }

    #[test]
    fn trailing_newline_is_the_classic_mistake() {
        let s = kat().component_string();
        assert!(!s.ends_with('\n'));
        assert_eq!(s.lines().count(), 5);
        let mut mac = HmacSha256::new_from_slice(b"SK-hCJ42G28TA0MKG9LE2E_1").unwrap();
        mac.update(format!("{s}\n").as_bytes());
        let wrong = format!(
            "HMACSHA256={}",
            STANDARD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(kat().verify(&key(), &wrong), Err(SignatureError::Mismatch));
    }

    #[test]
    fn get_signs_four_lines_without_digest() {
        let get = Components {
            body: None,
            ..kat()
        };
        let s = get.component_string();
        assert_eq!(
            s,
            "Client-Id:MCH-0001-10791114622547\nRequest-Id:cc682442-6c22-493e-8121-b9ef6b3fa728\n\
             Request-Timestamp:2020-08-11T08:45:42Z\nRequest-Target:/doku-virtual-account/v2/payment-code"
        );
        // Independent computation over the documented string.
        let mut mac = HmacSha256::new_from_slice(b"SK-hCJ42G28TA0MKG9LE2E_1").unwrap();
        mac.update(s.as_bytes());
        let expected = format!(
            "HMACSHA256={}",
            STANDARD.encode(mac.finalize().into_bytes())
        );
        assert_eq!(get.sign(&key()).as_str(), expected);
        assert_ne!(get.sign(&key()), kat().sign(&key()));
    }

    #[test]
    fn non_ascii_body_is_digested_as_utf8_bytes() {
        let body = "{\"name\":\"Toko Kue Bu Siti — Ñandú ☕\"}";
        let c = Components {
            body: Some(body.as_bytes()),
            ..kat()
        };
        let expected_digest = STANDARD.encode(Sha256::digest(body.as_bytes()));
        assert!(
            c.component_string()
                .ends_with(&format!("\nDigest:{expected_digest}"))
        );
        let sig = c.sign(&key());
        assert_eq!(c.verify(&key(), sig.as_str()), Ok(()));
        // Same characters, other bytes (NFD instead of NFC): another digest.
        let decomposed = "{\"name\":\"Toko Kue Bu Siti — N\u{303}andu\u{301} ☕\"}";
        let other = Components {
            body: Some(decomposed.as_bytes()),
            ..kat()
        };
        assert_eq!(
            other.verify(&key(), sig.as_str()),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn unpadded_base64_is_accepted_and_garbage_is_malformed() {
        let sig = kat().sign(&key());
        let unpadded = sig.as_str().trim_end_matches('=');
        assert_eq!(kat().verify(&key(), unpadded), Ok(()));
        for bad in [
            "5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4=",
            "HMACSHA256=",
            "HMACSHA256=not base64!",
            "HMACSHA256=AAAA",
            "HMACSHA256=5Lbom2CE/p3ZSFfuSzUSn1gWlzSvsU1CIbzrzYQMjP4====",
        ] {
            assert!(
                matches!(
                    kat().verify(&key(), bad),
                    Err(SignatureError::Malformed { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            kat().verify(&SecretKey::new("SK-other"), sig.as_str()),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn only_canonical_padding_and_http_whitespace_are_accepted() {
        let sig = kat().sign(&key());
        assert_eq!(kat().verify(&key(), sig.as_str()), Ok(()));
        assert_eq!(kat().verify(&key(), &format!(" \t{sig}\t ")), Ok(()));
        let unpadded = sig.as_str().trim_end_matches('=');
        for bad in [
            format!("{unpadded}=="),
            format!("{unpadded}==="),
            format!("\u{a0}{sig}"),
            format!("{sig}\u{2003}"),
            format!("{sig}\n"),
            format!("\u{feff}{sig}"),
        ] {
            assert!(
                matches!(
                    kat().verify(&key(), &bad),
                    Err(SignatureError::Malformed { .. })
                ),
                "{bad:?}"
            );
        }
        // Non-zero trailing bits: the last character differs, the decoded tag would not.
        let mut chars: Vec<char> = unpadded.chars().collect();
        let last = chars.pop().unwrap();
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let index = alphabet.find(last).unwrap();
        let sibling = alphabet.as_bytes()[index ^ 1] as char;
        let other: String = chars.into_iter().chain([sibling]).collect();
        assert!(matches!(
            kat().verify(&key(), &format!("{SIGNATURE_PREFIX}{}", &other[11..])),
            Err(SignatureError::Malformed { .. })
        ));
    }

    #[test]
    fn a_line_break_is_found_at_every_place_and_nothing_else_is() {
        for len in 0..40 {
            let clean: String = (0..len)
                .map(|i| char::from(b' ' + (i % 90) as u8))
                .collect();
            assert!(!has_line_break(&clean), "{clean:?}");
            // Every byte value but CR and LF, at every place of a word and of the tail.
            for other in (0u8..=127).filter(|b| *b != b'\n' && *b != b'\r') {
                let mut with = clean.clone().into_bytes();
                if len > 0 {
                    with[len / 2] = other;
                }
                assert!(!has_line_break(std::str::from_utf8(&with).unwrap()));
            }
            for at in 0..len {
                for line_break in ['\n', '\r'] {
                    let mut with = clean.clone();
                    with.replace_range(at..at + 1, &line_break.to_string());
                    assert!(has_line_break(&with), "{with:?}");
                }
            }
        }
    }

    #[test]
    fn line_breaks_in_signed_values_are_refused_when_signing_and_verifying() {
        // Two different requests, one component string.
        let forged = Components::request(
            "BRN-1",
            "a\nRequest-Timestamp:2020-01-01T00:00:00Z",
            "2020-01-01T00:00:00Z\nRequest-Target:/x",
            "/y",
            None,
        );
        let honest = Components::request(
            "BRN-1",
            "a",
            "2020-01-01T00:00:00Z\nRequest-Timestamp:2020-01-01T00:00:00Z\nRequest-Target:/x",
            "/y",
            None,
        );
        assert_eq!(forged.sign(&key()), honest.sign(&key()), "the ambiguity");
        assert_eq!(
            forged.sign_checked(&key()),
            Err(SignatureError::LineBreak {
                component: "Request-Id"
            })
        );
        let sig = forged.sign(&key());
        assert!(matches!(
            honest.verify_checked(&key(), sig.as_str()),
            Err(SignatureError::LineBreak { .. })
        ));
        for (c, component) in [
            (
                Components {
                    client_id: "B\rX",
                    ..kat()
                },
                "Client-Id",
            ),
            (
                Components {
                    target: "/a\n",
                    ..kat()
                },
                "Request-Target",
            ),
            (
                Components {
                    timestamp: "\n",
                    ..kat()
                },
                "Request-Timestamp",
            ),
        ] {
            assert_eq!(c.check(), Err(SignatureError::LineBreak { component }));
        }
        // Bodies are digested: anything goes.
        let body = Components {
            body: Some(b"a\nb\r\n"),
            ..kat()
        };
        let sig = body.sign_checked(&key()).unwrap();
        assert_eq!(body.verify_checked(&key(), sig.as_str()), Ok(()));
        // And notifications are checked too.
        let headers = NotificationHeaders {
            client_id: Some("BRN-1"),
            request_id: Some("n\n1"),
            request_timestamp: Some("2026-11-24T10:00:00Z"),
            signature: Some("HMACSHA256=x"),
        };
        assert!(matches!(
            verify_notification(&key(), "/n", &headers, b""),
            Err(SignatureError::LineBreak { .. })
        ));
    }

    #[test]
    fn response_scheme_uses_response_timestamp() {
        let body = br#"{"ok":true}"#;
        let c = Components::response("BRN-1", "req-1", "2020-08-11T08:45:43Z", "/x", Some(body));
        assert!(
            c.component_string()
                .contains("\nResponse-Timestamp:2020-08-11T08:45:43Z\n")
        );
        let as_request = Components {
            timestamp_header: TimestampHeader::Request,
            ..c
        };
        assert_eq!(
            as_request.verify(&key(), c.sign(&key()).as_str()),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn notification_verification() {
        let body = br#"{"order":{"invoice_number":"INV-1"}}"#;
        let path = "/payments/notify";
        let sig = Components::request("BRN-1", "n-1", "2026-11-24T10:00:00Z", path, Some(body))
            .sign(&key());
        let headers = NotificationHeaders {
            client_id: Some("BRN-1"),
            request_id: Some("n-1"),
            request_timestamp: Some("2026-11-24T10:00:00Z"),
            signature: Some(sig.as_str()),
        };
        assert_eq!(verify_notification(&key(), path, &headers, body), Ok(()));
        assert_eq!(
            verify_notification(&key(), "/other", &headers, body),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_notification(&key(), path, &headers, b"{}"),
            Err(SignatureError::Mismatch)
        );
        let missing = NotificationHeaders {
            signature: None,
            ..headers
        };
        assert_eq!(
            verify_notification(&key(), path, &missing, body),
            Err(SignatureError::Missing {
                header: "Signature"
            })
        );
    }

    #[test]
    fn debug_of_a_signature_hides_its_value() {
        let sig = kat().sign(&key());
        assert!(!format!("{sig:?}").contains("5Lbom2CE"));
    }
}
