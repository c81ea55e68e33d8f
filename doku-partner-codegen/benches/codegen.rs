//! Issue 6, item 6: code generation time (load + validate + lower + emit, what the derive does
//! per spec) for the real spec, and how time and generated-code size grow with the number of
//! response fields.
//!
//! The synthetic specs are generated here: `n` field entries in groups of ten (an object with
//! a string, an optional string, an integer, a boolean, an array of objects with two fields, an
//! array of scalars, and a top-level scalar), every scalar with a description and an example,
//! so the emitted docs grow like the real spec's.
//!
//! After the timings, the bench prints the generated size for each `n` and the exponent `k` of
//! a least-squares fit `y = c * n^k` on log-log axes, for size and for the median times of the
//! run (read back from criterion's `estimates.json`). Linear growth is `k` = 1.
//!
//! Run: `cargo bench -p doku-partner-codegen --bench codegen -- --noplot`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput};
use doku_partner_codegen::model::Spec;
use doku_partner_codegen::{
    EmitInput, SampleFiles, default_runtime_path, emit, generate_file, load_spec_str,
};

const REAL_SPEC: &str = include_str!("../../spec/get_business_data.yaml");
const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];
const SCALING_GROUP: &str = "codegen_scaling";

/// A valid spec with `n` response field entries (`n` a multiple of 10).
fn synthetic_spec(n: usize) -> String {
    assert!(n.is_multiple_of(10));
    let mut s = String::from(
        "name: synthetic\n\
         title: Synthetic\n\
         summary: A generated spec for the code generation benchmark.\n\
         docs_url: https://example.com/synthetic\n\
         method: GET\n\
         path: /synthetic/{id}\n\
         hosts:\n  sandbox: https://api-uat.doku.com\n  production: https://api.doku.com\n\
         auth:\n  signature: non_snap_hmac_sha256\n\
         headers:\n  - name: Client-Id\n    source: credentials\n\
         path_params:\n  - name: id\n    format: ANS(50)\n\
         response:\n  fields:\n",
    );
    for i in 0..n / 10 {
        s.push_str(&format!(
            "    - path: g{i}\n      type: object\n      description: Group {i}.\n\
             \x20   - path: g{i}.id\n      format: ANS(50)\n      description: ID of group {i}.\n      example: GRP-{i}\n\
             \x20   - path: g{i}.name\n      format: ANS(255)\n      optional: true\n      description: Name of group {i}.\n      example: Group number {i}\n\
             \x20   - path: g{i}.amount\n      format: N(12)\n      json: integer\n      description: Amount of group {i}.\n      example: \"{i}\"\n\
             \x20   - path: g{i}.active\n      format: boolean\n      description: Whether group {i} is active.\n      example: \"true\"\n\
             \x20   - path: g{i}.lines\n      type: array\n      description: Lines of group {i}.\n\
             \x20   - path: g{i}.lines.code\n      format: AN(20)\n      description: Line code.\n      example: L{i}\n\
             \x20   - path: g{i}.lines.created\n      format: date\n      description: When the line was created.\n      example: \"2023-03-16T10:00:41Z\"\n\
             \x20   - path: g{i}.tags\n      type: array\n      items: AN(10)\n      description: Tags of group {i}.\n\
             \x20   - path: s{i}\n      format: ANS(30)\n      description: Scalar {i}.\n      example: S{i}\n"
        ));
    }
    s
}

fn load(source: &str) -> Spec {
    match load_spec_str(source, "bench.yaml", None) {
        Ok(spec) => spec,
        Err(d) => panic!("spec does not load:\n{d}"),
    }
}

fn emit_tokens(spec: &Spec) -> proc_macro2::TokenStream {
    let input = EmitInput {
        spec,
        target: syn::parse_str("Bench").unwrap(),
        vis: syn::parse_quote!(pub),
        runtime: default_runtime_path(),
        spec_display_path: "bench.yaml".to_owned(),
        track_files: Vec::new(),
        examples: Vec::new(),
        request_examples: Vec::new(),
        response_cut_off: Vec::new(),
        sample_files: SampleFiles::Embedded,
        doc_path: None,
    };
    emit(&input)
}

/// Load + validate + lower + emit: what `#[derive(Endpoint)]` does besides reading files.
fn derive_work(source: &str) -> proc_macro2::TokenStream {
    emit_tokens(&load(source))
}

fn real_spec(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen_real");
    group.sample_size(30);
    group.bench_function("load", |b| b.iter(|| load(black_box(REAL_SPEC))));
    group.bench_function("load_emit", |b| {
        b.iter(|| derive_work(black_box(REAL_SPEC)))
    });
    // `doku-partner generate`: the same, then parsed by syn and formatted by prettyplease.
    group.bench_function("generate_file", |b| {
        b.iter(|| {
            let spec = load(black_box(REAL_SPEC));
            generate_file(&spec, "spec/get_business_data.yaml", Default::default()).unwrap()
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group(SCALING_GROUP);
    group.sample_size(10);
    for n in SIZES {
        let source = synthetic_spec(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &source, |b, source| {
            b.iter(|| derive_work(black_box(source)))
        });
    }
    group.finish();
}

/// Exponent `k` of the least-squares line through `(ln x, ln y)`.
fn loglog_exponent(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x.ln(), sy + y.ln()));
    let (mx, my) = (sx / n, sy / n);
    let (num, den) = points.iter().fold((0.0, 0.0), |(num, den), (x, y)| {
        let dx = x.ln() - mx;
        (num + dx * (y.ln() - my), den + dx * dx)
    });
    num / den
}

/// Where criterion writes its results (its own rule, minus asking `cargo metadata`).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return home.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    target.join("criterion")
}

/// Median time in nanoseconds of `group/id` in the last run, if criterion recorded one.
fn median_ns(group: &str, id: &str) -> Option<f64> {
    let path = criterion_home()
        .join(group)
        .join(id)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json["median"]["point_estimate"].as_f64()
}

fn scaling_report() {
    println!("\ncode generation scaling (load + validate + lower + emit):");
    println!(
        "{:>8} {:>10} {:>14} {:>12} {:>12} {:>12}",
        "fields", "spec B", "generated B", "B/field", "median ms", "us/field"
    );
    let mut sizes = Vec::new();
    let mut times = Vec::new();
    for n in SIZES {
        let source = synthetic_spec(n);
        let generated = derive_work(&source).to_string().len();
        sizes.push((n as f64, generated as f64));
        let median = median_ns(SCALING_GROUP, &n.to_string());
        if let Some(ns) = median {
            times.push((n as f64, ns));
        }
        println!(
            "{n:>8} {:>10} {generated:>14} {:>12.0} {:>12} {:>12}",
            source.len(),
            generated as f64 / n as f64,
            median.map_or("-".to_owned(), |ns| format!("{:.3}", ns / 1e6)),
            median.map_or("-".to_owned(), |ns| format!("{:.2}", ns / 1e3 / n as f64)),
        );
    }
    println!(
        "log-log exponent, generated size vs fields: {:.3}",
        loglog_exponent(&sizes)
    );
    if times.len() == SIZES.len() {
        println!(
            "(medians from criterion's last saved run, {})",
            criterion_home().join(SCALING_GROUP).display()
        );
        println!(
            "log-log exponent, median time vs fields: {:.3} (10..10000); {:.3} (100..10000)",
            loglog_exponent(&times),
            loglog_exponent(&times[1..])
        );
    } else {
        println!("(no criterion medians for every size yet: run the scaling group to fit time)");
    }
    let real = derive_work(REAL_SPEC).to_string().len();
    println!(
        "real spec: {} B of YAML -> {real} B of tokens",
        REAL_SPEC.len()
    );
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    real_spec(&mut c);
    scaling(&mut c);
    c.final_summary();
    scaling_report();
}
