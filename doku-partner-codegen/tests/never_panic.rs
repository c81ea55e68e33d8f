//! Never-panic smoke test: byte-level mutations of the minimal spec must load to `Ok` or `Err`,
//! never panic. Deterministic (xorshift), no extra dependencies.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use doku_partner_codegen::{load_spec_file, load_spec_str};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Bytes that mean something to YAML, to the format or to the loader.
const INTERESTING: &[u8] = b":-{}[],'\"&*!|>#%@`? \n\t.()0123456789_AZaz\xff\xc3";

fn mutate(base: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut out = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        match rng.below(7) {
            // Overwrite one byte.
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            // Insert a few bytes.
            1 => {
                let i = rng.below(len + 1);
                for _ in 0..1 + rng.below(3) {
                    out.insert(i, INTERESTING[rng.below(INTERESTING.len())]);
                }
            }
            // Delete a range.
            2 if len > 0 => {
                let i = rng.below(len);
                let n = (1 + rng.below(24)).min(len - i);
                out.drain(i..i + n);
            }
            // Flip a bit.
            3 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            // Duplicate or drop a whole line (keeps the YAML plausible, reaches semantic checks).
            4 | 5 => {
                let mut lines: Vec<Vec<u8>> =
                    out.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let i = rng.below(lines.len());
                if rng.below(2) == 0 {
                    let line = lines[i].clone();
                    let j = rng.below(lines.len() + 1);
                    lines.insert(j, line);
                } else {
                    lines.remove(i);
                }
                out = lines.join(&b'\n');
            }
            // Truncate.
            _ => {
                let n = rng.below(len + 1);
                out.truncate(n);
            }
        }
    }
    out
}

#[test]
fn mutated_specs_never_panic() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let base = std::fs::read(fixtures.join("minimal.yaml")).unwrap();
    let tmp = std::env::temp_dir().join(format!("doku-loader-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();

    let seed = std::env::var("DOKU_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = XorShift(seed);
    let (mut ok, mut err) = (0, 0);
    let mut panics = Vec::new();
    let cases: usize = std::env::var("DOKU_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    for case in 0..cases {
        let bytes = mutate(&base, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if case % 10 == 0 {
                // Through the file API too: raw bytes, possibly not UTF-8.
                let file = tmp.join("fuzz.yaml");
                std::fs::write(&file, &bytes).unwrap();
                load_spec_file(&file, "fuzz.yaml")
                    .map(|_| ())
                    .map_err(|d| d.render())
            } else {
                let text = String::from_utf8_lossy(&bytes);
                load_spec_str(&text, "fuzz.yaml", Some(&fixtures))
                    .map(|_| ())
                    .map_err(|d| d.render())
            }
        }));
        match outcome {
            Ok(Ok(())) => ok += 1,
            Ok(Err(rendered)) => {
                assert!(rendered.contains("error"), "case {case}: {rendered}");
                err += 1;
            }
            Err(_) => panics.push((case, String::from_utf8_lossy(&bytes).into_owned())),
        }
    }
    std::fs::remove_dir_all(&tmp).ok();
    eprintln!("ok={ok} err={err} panics={}", panics.len());
    assert!(
        panics.is_empty(),
        "{} panics, first: {:?}",
        panics.len(),
        panics.first()
    );
    // The mutations must exercise both outcomes.
    assert!(ok > 10 && err > 100, "ok={ok} err={err}");
}
