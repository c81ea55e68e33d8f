//! Hostile input: checked formats accept exactly what their rule allows, enums survive any
//! value, and no spec or response bytes make anything panic.
//!
//! Case counts are proptest's default (256) unless set below; a longer run:
//! `PROPTEST_CASES=100000 cargo test --release --test hostile_input`.

use doku_partner::endpoints::get_business_data::{self, BusinessType, Response};
use doku_partner::support::{An, Ans, Conformance, Num, OrUnknown};
use proptest::prelude::*;
use serde_json::Value;

const SPEC: &str = include_str!("../spec/get_business_data.yaml");
const PERSONAL: &str = include_str!("../spec/examples/get_business_data.personal.json");
const CORPORATE: &str = include_str!("../spec/examples/get_business_data.corporate.json");

/// The rules, written independently of the runtime: length in characters, 1..=n.
fn oracle(value: &str, n: usize, allowed: impl Fn(char) -> bool) -> bool {
    let len = value.chars().count();
    (1..=n).contains(&len) && value.chars().all(allowed)
}

/// Strings biased towards the interesting: ASCII, punctuation, multi-byte and combining
/// characters, controls.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('a', 'z'),
            2 => prop::char::range('0', '9'),
            1 => prop::sample::select(vec!['-', ' ', '.', '<', '_', '/', '%']),
            1 => prop::sample::select(vec!['é', 'ß', '中', '😀', '\u{301}', '\u{200b}']),
            1 => prop::sample::select(vec!['\n', '\t', '\0', '\u{7f}', '\u{85}']),
            1 => any::<char>(),
        ],
        0..12,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn an_accepts_exactly_ascii_letters_and_digits(s in text()) {
        prop_assert_eq!(An::<8>::new(s.clone()).is_ok(), oracle(&s, 8, |c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn ans_accepts_exactly_printable_characters(s in text()) {
        prop_assert_eq!(Ans::<8>::new(s.clone()).is_ok(), oracle(&s, 8, |c| !c.is_control()));
    }

    #[test]
    fn n_accepts_exactly_ascii_digits(s in text()) {
        prop_assert_eq!(Num::<8>::new(s.clone()).is_ok(), oracle(&s, 8, |c| c.is_ascii_digit()));
    }

    #[test]
    fn unknown_response_enum_values_survive_a_round_trip(s in "\\PC*") {
        let value = OrUnknown::<BusinessType>::from(s.as_str());
        prop_assert_eq!(value.as_str(), s.as_str());
        let json = serde_json::to_string(&value).unwrap();
        let back: OrUnknown<BusinessType> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, value);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_spec_loader(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = doku_partner_codegen::load_spec_str(&text, "fuzz.yaml", None);
    }
}

#[test]
fn lengths_at_the_boundary_count_characters() {
    for (c, name) in [('a', "ascii"), ('é', "two-byte"), ('😀', "four-byte")] {
        let at = |n: usize| std::iter::repeat_n(c, n).collect::<String>();
        assert!(Ans::<5>::new(at(4)).is_ok(), "{name} n-1");
        assert!(Ans::<5>::new(at(5)).is_ok(), "{name} n");
        let err = Ans::<5>::new(at(6)).unwrap_err();
        assert_eq!(err.len, 6, "{name} n+1 counts characters");
    }
    // A combining accent is its own character: "e" + U+0301 is two.
    assert!(Ans::<1>::new("e\u{301}").is_err());
    assert!(Ans::<2>::new("e\u{301}").is_ok());
    assert!(Ans::<5>::new("").is_err());
    assert!(Ans::<5>::new("a\u{7}b").is_err());
    assert!(
        Num::<3>::new("١٢٣").is_err(),
        "Arabic-Indic digits are not ASCII digits"
    );
}

#[test]
fn request_enums_round_trip_through_their_wire_strings() {
    use get_business_data::{
        BrandBusinessLine, BusinessContactNationality, BusinessLegalEntity, BusinessType,
    };
    fn check<T: Copy + PartialEq + std::fmt::Debug + std::str::FromStr + std::fmt::Display>(
        all: &[T],
    ) where
        T::Err: std::fmt::Debug,
    {
        for v in all {
            assert_eq!(v.to_string().parse::<T>().unwrap(), *v);
        }
    }
    check(BusinessType::ALL);
    check(BusinessLegalEntity::ALL);
    check(BrandBusinessLine::ALL);
    check(BusinessContactNationality::ALL);
}

/// Deterministic mutations of the real spec (line deletions, swaps, character edits): never a
/// panic, always a value or diagnostics.
#[test]
fn mutated_copies_of_the_real_spec_never_panic() {
    let lines: Vec<&str> = SPEC.lines().collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let cases = 300;
    let mut diagnostics = 0;
    for _ in 0..cases {
        let mut mutated: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        for _ in 0..(1 + next() % 4) {
            let i = (next() as usize) % mutated.len();
            match next() % 5 {
                0 => {
                    mutated.remove(i);
                }
                1 => {
                    let j = (next() as usize) % mutated.len();
                    mutated.swap(i, j);
                }
                2 => mutated[i] = format!("  {}", mutated[i]),
                3 => mutated[i] = mutated[i].replacen(':', "", 1),
                _ => mutated[i].push_str(" ]"),
            }
        }
        if doku_partner_codegen::load_spec_str(&mutated.join("\n"), "mutated.yaml", None).is_err() {
            diagnostics += 1;
        }
    }
    assert!(
        diagnostics > cases / 2,
        "most mutations break the spec: {diagnostics}/{cases}"
    );
}

/// Mutated page samples: fields removed, types changed, huge strings, deep nesting. Decoding
/// never panics: it gives an error, or a value whose conformance check runs.
#[test]
fn mutated_samples_never_panic_the_decoder() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut decoded, mut refused) = (0, 0);
    for sample in [PERSONAL, CORPORATE] {
        let original: Value = serde_json::from_str(sample).unwrap();
        for _ in 0..400 {
            let mut value = original.clone();
            mutate(&mut value, &mut next, 0);
            match serde_json::from_value::<Response>(value) {
                Ok(response) => {
                    decoded += 1;
                    let _ = response.conformance();
                }
                Err(_) => refused += 1,
            }
        }
    }
    assert!(
        decoded > 0 && refused > 0,
        "both outcomes happen: {decoded} decoded, {refused} refused"
    );

    // Deep nesting in an unknown field is kept exactly, as text: it is skipped over, never
    // walked recursively, so absurd depth is neither a stack overflow nor an error.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = PERSONAL.replacen('{', &format!("{{\"deep\": {deep},"), 1);
    let kept = serde_json::from_str::<Response>(&text).expect("kept");
    assert_eq!(kept.extra["deep"].as_text(), deep);
    // Deep nesting where the spec documents a value is refused by serde_json's recursion
    // limit, not a stack overflow.
    let text = PERSONAL.replacen("\"name\":", &format!("\"name\": {deep}, \"x\":"), 1);
    assert!(serde_json::from_str::<Response>(&text).is_err());
    // Invalid UTF-8 is an error.
    let mut bytes = PERSONAL.as_bytes().to_vec();
    let at = bytes.iter().position(|b| *b == b'B').unwrap();
    bytes[at] = 0xff;
    assert!(serde_json::from_slice::<Response>(&bytes).is_err());
    // A 1 MB string decodes and is reported by its length.
    let mut value: Value = serde_json::from_str(PERSONAL).unwrap();
    value["name"] = "x".repeat(1_000_000).into();
    let response: Response = serde_json::from_value(value).unwrap();
    let findings = response.conformance().findings;
    assert!(
        findings
            .iter()
            .any(|f| f.path == "name" && f.len == 1_000_000)
    );
}

fn mutate(value: &mut Value, next: &mut impl FnMut() -> u64, depth: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[(next() as usize) % keys.len()];
            match next() % 6 {
                0 => {
                    map.remove(key);
                }
                1 => {
                    map.insert(key.clone(), Value::Null);
                }
                2 => {
                    map.insert(key.clone(), Value::from(next() as i64));
                }
                3 => {
                    map.insert(
                        key.clone(),
                        Value::from("x".repeat((next() % 5000) as usize)),
                    );
                }
                _ if depth < 8 => {
                    if let Some(child) = map.get_mut(key) {
                        mutate(child, next, depth + 1);
                    }
                }
                _ => {}
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let i = (next() as usize) % items.len();
            mutate(&mut items[i], next, depth + 1);
        }
        other => *other = Value::Bool(next().is_multiple_of(2)),
    }
}
