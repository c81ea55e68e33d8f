//! Hostile response bodies through the client's decoder (`support::__private::decode::decode`, what
//! `Client::send` uses): byte-level damage to DOKU's page samples never panics, and every
//! failure names a JSON path and a reason.
//!
//! Case counts: proptest's default (256 per property) unless `PROPTEST_CASES` is set; a longer
//! run: `PROPTEST_CASES=20000 cargo test --release --test hostile_responses`.

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::Response;
use doku_partner::support::__private::decode::{DecodeFailure, decode};
use doku_partner::support::{Conformance, Endpoint};
use proptest::prelude::*;

fn sample(name: &str) -> &'static [u8] {
    GetBusinessData::EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| text.as_bytes())
        .unwrap()
}

/// Decodes; a failure must say where and why. A success must survive the conformance check.
fn check(bytes: &[u8]) -> Result<(), DecodeFailure> {
    match decode::<Response>(bytes) {
        Ok(response) => {
            let _ = response.conformance();
            Ok(())
        }
        Err(failure) => {
            assert!(!failure.path.is_empty(), "a failure names a path");
            assert!(!failure.message.is_empty(), "a failure says why");
            Err(failure)
        }
    }
}

proptest! {
    #[test]
    fn flipped_bytes_never_panic(
        corporate in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = sample(if corporate { "corporate" } else { "personal" }).to_vec();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let _ = check(&bytes);
    }

    #[test]
    fn truncated_bodies_fail_with_a_path(corporate in any::<bool>(), cut in any::<prop::sample::Index>()) {
        let full = sample(if corporate { "corporate" } else { "personal" });
        // Keep at least one byte and drop at least the closing brace.
        let end = 1 + cut.index(full.len() - 2);
        let failure = check(&full[..end]).expect_err("a truncated document never decodes");
        prop_assert!(failure.message.contains("EOF") || failure.message.contains("expected"), "{failure}");
    }

    #[test]
    fn inserted_junk_never_panics(
        at in any::<prop::sample::Index>(),
        junk in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let mut bytes = sample("personal").to_vec();
        let i = at.index(bytes.len());
        bytes.splice(i..i, junk);
        let _ = check(&bytes);
    }
}

#[test]
fn a_wrong_type_deep_inside_is_reported_at_its_path() {
    let mut value: serde_json::Value = serde_json::from_slice(sample("corporate")).unwrap();
    value["brands"][0]["products"][3]["rejected"] = "yes".into();
    let failure = check(&serde_json::to_vec(&value).unwrap()).unwrap_err();
    assert_eq!(failure.path, "brands[0].products[3].rejected");

    value["brands"][0]["products"][3]["rejected"] = false.into();
    value["banks"] = serde_json::json!({"not": "a list"});
    let failure = check(&serde_json::to_vec(&value).unwrap()).unwrap_err();
    assert_eq!(failure.path, "banks");
}

#[test]
fn invalid_utf8_and_trailing_garbage_fail_cleanly() {
    let mut bytes = sample("personal").to_vec();
    let at = bytes.windows(4).position(|w| w == b"Bran").unwrap();
    bytes[at] = 0xff;
    let failure = check(&bytes).unwrap_err();
    assert!(failure.path.starts_with("brands[0]"), "{failure}");

    let mut bytes = sample("personal").to_vec();
    bytes.extend_from_slice(b" {}");
    let failure = check(&bytes).unwrap_err();
    assert_eq!(failure.path, ".");
    assert!(failure.message.contains("trailing"), "{failure}");
}
