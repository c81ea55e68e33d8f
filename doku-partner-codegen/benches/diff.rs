//! Issue 23: `doku-partner diff` on the largest spec, `spec/get_business_data.yaml` (goal:
//! under 100 ms per pair). Three pairs: unchanged, one narrowed format, and a broad edit (a
//! format narrowed on 40 fields, a field added, an enum value removed with its rule value, a
//! host changed). Baselines in the same run: loading both versions (what any diff must do
//! first) and loading plus emitting both (the derive's work twice; the diff emits both
//! versions to name the Rust items).
//!
//! Run: `cargo bench -p doku-partner-codegen --bench diff -- --noplot`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::Criterion;
use doku_partner_codegen::diff::{SpecSource, diff_specs, generated_items};
use doku_partner_codegen::load_spec_str;

const SPEC: &str = include_str!("../../spec/get_business_data.yaml");

fn source(display: &str, text: String) -> SpecSource {
    SpecSource {
        display_path: display.to_owned(),
        text,
        base_dir: Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")),
    }
}

fn pairs() -> Vec<(&'static str, String)> {
    let narrowed = SPEC.replacen("format: ANS(22)", "format: ANS(20)", 1);
    let broad = SPEC
        .replace("format: ANS(50)", "format: ANS(40)")
        .replace(
            "    - path: brands.name\n",
            "    - path: brands.tagline\n      format: ANS(50)\n      optional: true\n    - path: brands.name\n",
        )
        .replace("      - value: TRAVEL_AGENT\n        description: travel agent\n", "")
        .replace("        - TRAVEL_AGENT\n", "")
        .replace("production: https://api.doku.com", "production: https://api-prod.doku.com");
    vec![
        ("unchanged", SPEC.to_owned()),
        ("one_narrowed", narrowed),
        ("broad", broad),
    ]
}

fn bench(c: &mut Criterion) {
    let old = source("old/get_business_data.yaml", SPEC.to_owned());
    let mut group = c.benchmark_group("diff_get_business_data");
    group.sample_size(20);
    for (name, text) in pairs() {
        let new = source("new/get_business_data.yaml", text.clone());
        let findings = diff_specs(&old, &new)
            .expect("both versions load")
            .findings
            .len();
        println!("pair {name}: {findings} findings");
        group.bench_function(name, |b| {
            b.iter(|| diff_specs(black_box(&old), black_box(&new)).map(|r| r.findings.len()))
        });
    }
    group.bench_function("baseline_load_both", |b| {
        b.iter(|| {
            let a = load_spec_str(black_box(SPEC), "old", None).is_ok();
            let b2 = load_spec_str(black_box(SPEC), "new", None).is_ok();
            a && b2
        })
    });
    group.bench_function("baseline_load_and_emit_both", |b| {
        b.iter(|| {
            let mut n = 0;
            for _ in 0..2 {
                if let Ok(spec) = load_spec_str(black_box(SPEC), "spec", None) {
                    n += generated_items(&spec).len();
                }
            }
            n
        })
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
}
