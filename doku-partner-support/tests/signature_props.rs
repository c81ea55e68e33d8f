//! Property tests of DOKU's Non-SNAP signature ([`Components`]): signing then verifying always
//! succeeds, and any change to what was signed, to the signature or to the key fails, as an
//! `Err` and never a panic.
//!
//! Each property runs proptest's default 256 cases. `PROPTEST_CASES` overrides that (the config
//! is `ProptestConfig::default()`, which reads it). A long run:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test -p doku-partner-support --test signature_props --release
//! ```
//!
//! Keys are generated without NUL characters: HMAC pads keys shorter than its block with zero
//! bytes, so `"k"` and `"k\0"` are the same HMAC key (see
//! [`hmac_treats_trailing_nul_key_bytes_as_padding`]). DOKU's keys are printable, so this never
//! matters in practice, but it would make "another key fails" false for such a pair.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use doku_partner_support::SecretKey;
use doku_partner_support::signature::{Components, SIGNATURE_PREFIX, SignatureError};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

/// The largest body generated.
const MAX_BODY: usize = 4096;

/// What one signature is computed over, owned.
#[derive(Debug, Clone)]
struct Input {
    client_id: String,
    request_id: String,
    timestamp: String,
    target: String,
    body: Option<Vec<u8>>,
    key: String,
}

impl Input {
    fn components(&self) -> Components<'_> {
        Components::request(
            &self.client_id,
            &self.request_id,
            &self.timestamp,
            &self.target,
            self.body.as_deref(),
        )
    }

    fn key(&self) -> SecretKey {
        SecretKey::new(self.key.as_str())
    }

    fn signature(&self) -> String {
        self.components().sign(&self.key()).into_string()
    }
}

/// Any string: every `char`, control characters and newlines included.
fn any_text() -> impl Strategy<Value = String> + Clone {
    vec(any::<char>(), 0..48).prop_map(String::from_iter)
}

/// A string without `\n`, as header values are.
fn line_text() -> impl Strategy<Value = String> + Clone {
    vec(
        any::<char>().prop_filter("no newline", |c| *c != '\n'),
        0..48,
    )
    .prop_map(String::from_iter)
}

/// A key without NUL (see the module comment); up to 100 bytes and more, so keys longer than
/// HMAC's 64-byte block (which HMAC hashes first) are covered too.
fn key_text() -> impl Strategy<Value = String> {
    vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 0..100).prop_map(String::from_iter)
}

fn any_body() -> impl Strategy<Value = Option<Vec<u8>>> {
    proptest::option::of(vec(any::<u8>(), 0..=MAX_BODY))
}

fn input_with(
    text: impl Strategy<Value = String> + Clone,
    body: impl Strategy<Value = Option<Vec<u8>>>,
) -> impl Strategy<Value = Input> {
    (
        text.clone(),
        text.clone(),
        text.clone(),
        text,
        body,
        key_text(),
    )
        .prop_map(
            |(client_id, request_id, timestamp, target, body, key)| Input {
                client_id,
                request_id,
                timestamp,
                target,
                body,
                key,
            },
        )
}

fn any_input() -> impl Strategy<Value = Input> {
    input_with(any_text(), any_body())
}

/// `replacement`, or `original` with a character appended when they are equal: always differs.
fn differ(original: &str, replacement: &str) -> String {
    if replacement == original {
        format!("{original}x")
    } else {
        replacement.to_owned()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn sign_then_verify_succeeds(input in any_input()) {
        let signature = input.signature();
        prop_assert!(signature.starts_with(SIGNATURE_PREFIX));
        prop_assert_eq!(signature.len(), SIGNATURE_PREFIX.len() + 44);
        prop_assert_eq!(input.components().verify(&input.key(), &signature), Ok(()));
        // Signing is deterministic.
        prop_assert_eq!(input.signature(), signature);
    }

    #[test]
    fn flipping_a_body_bit_fails(
        input in input_with(any_text(), vec(any::<u8>(), 1..=MAX_BODY).prop_map(Some)),
        at in any::<Index>(),
        bit in 0u8..8,
    ) {
        let signature = input.signature();
        let mut tampered = input.clone();
        let body = tampered.body.as_mut().expect("the strategy always gives a body");
        let i = at.index(body.len());
        body[i] ^= 1 << bit;
        prop_assert_eq!(
            tampered.components().verify(&input.key(), &signature),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn changing_any_one_header_value_fails(
        input in any_input(),
        replacement in any_text(),
    ) {
        let signature = input.signature();
        let key = input.key();
        for field in 0..4 {
            let mut changed = input.clone();
            let slot = match field {
                0 => &mut changed.client_id,
                1 => &mut changed.request_id,
                2 => &mut changed.timestamp,
                _ => &mut changed.target,
            };
            *slot = differ(slot, &replacement);
            prop_assert_eq!(
                changed.components().verify(&key, &signature),
                Err(SignatureError::Mismatch),
                "field {} changed", field
            );
        }
    }

    #[test]
    fn removing_or_adding_the_body_fails(input in any_input()) {
        let signature = input.signature();
        let mut other = input.clone();
        other.body = match input.body {
            Some(_) => None,
            None => Some(Vec::new()),
        };
        prop_assert_eq!(
            other.components().verify(&input.key(), &signature),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn flipping_a_bit_of_the_decoded_signature_fails(
        input in any_input(),
        bit in 0usize..256,
    ) {
        let signature = input.signature();
        let encoded = signature.strip_prefix(SIGNATURE_PREFIX).expect("prefixed");
        let mut tag = STANDARD.decode(encoded).expect("sign writes standard base64");
        prop_assert_eq!(tag.len(), 32);
        tag[bit / 8] ^= 1 << (bit % 8);
        let flipped = format!("{SIGNATURE_PREFIX}{}", STANDARD.encode(&tag));
        prop_assert_eq!(
            input.components().verify(&input.key(), &flipped),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn flipping_a_bit_of_the_header_text_fails_without_panicking(
        input in any_input(),
        at in any::<Index>(),
        bit in 0u8..7,
    ) {
        // Bits 0..7 of an ASCII character keep it ASCII, so the text stays a `str`; the result
        // may no longer decode (Malformed) or decode to other bytes (Mismatch).
        let mut bytes = input.signature().into_bytes();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        let flipped = String::from_utf8(bytes).expect("still ASCII");
        let result = input.components().verify(&input.key(), &flipped);
        prop_assert!(
            matches!(
                result,
                Err(SignatureError::Mismatch | SignatureError::Malformed { .. })
            ),
            "{:?} for {:?}", result, flipped
        );
    }

    #[test]
    fn another_key_fails(input in any_input(), other in key_text()) {
        let signature = input.signature();
        let other = SecretKey::new(differ(&input.key, &other));
        prop_assert_eq!(
            input.components().verify(&other, &signature),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn unpadded_base64_verifies(input in any_input()) {
        let signature = input.signature();
        let unpadded = signature.trim_end_matches('=');
        prop_assert!(unpadded.len() < signature.len(), "a 32-byte tag always has padding");
        prop_assert_eq!(input.components().verify(&input.key(), unpadded), Ok(()));
    }

    #[test]
    fn arbitrary_signature_headers_never_panic(
        input in input_with(any_text(), any_body()),
        garbage in any_text(),
        base64ish in "[A-Za-z0-9+/=]{0,60}",
    ) {
        let components = input.components();
        let key = input.key();
        for header in [
            garbage.clone(),
            format!("{SIGNATURE_PREFIX}{garbage}"),
            format!("{SIGNATURE_PREFIX}{base64ish}"),
            format!(" {SIGNATURE_PREFIX}{base64ish}\r\n"),
        ] {
            // A random header matching is a 2^-256 event: treat it as impossible.
            prop_assert!(components.verify(&key, &header).is_err(), "{:?}", header);
        }
    }

    #[test]
    fn request_and_response_schemes_never_verify_each_other(input in any_input()) {
        let response = Components::response(
            &input.client_id,
            &input.request_id,
            &input.timestamp,
            &input.target,
            input.body.as_deref(),
        );
        prop_assert_eq!(
            response.verify(&input.key(), &input.signature()),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn component_string_has_four_or_five_lines_and_no_trailing_newline(
        input in input_with(line_text(), any_body()),
    ) {
        let s = input.components().component_string();
        prop_assert!(!s.ends_with('\n'), "{:?}", s);
        let expected = if input.body.is_some() { 5 } else { 4 };
        prop_assert_eq!(s.split('\n').count(), expected, "{:?}", s);
        prop_assert_eq!(s.lines().count(), expected, "{:?}", s);
        let has_digest = s.rsplit('\n').next().is_some_and(|l| l.starts_with("Digest:"));
        prop_assert_eq!(has_digest, input.body.is_some(), "{:?}", s);
    }
}

/// The one key equivalence HMAC has for short keys (why [`key_text`] excludes NUL).
#[test]
fn hmac_treats_trailing_nul_key_bytes_as_padding() {
    let c = Components::request("BRN-1", "r-1", "2020-08-11T08:45:42Z", "/x", None);
    let signature = c.sign(&SecretKey::new("SK-a"));
    assert_eq!(
        c.verify(&SecretKey::new("SK-a\0"), signature.as_str()),
        Ok(())
    );
}
