//! `doku-partner check <spec>...`

use std::path::PathBuf;
use std::process::ExitCode;

use doku_partner_codegen::model::{ArrayItems, FieldKind, HeaderSource, ObjectDef, Spec};

use crate::output::{errln, outln, stdout_failed, write_stderr};

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files to check.
    #[arg(required = true)]
    specs: Vec<PathBuf>,
    /// The crate whose `#[derive(Endpoint)]`s use the specs (the folder of its `Cargo.toml`): a
    /// `rust_path` under `crate` or `super` is walked through its modules as the derive walks
    /// it. Default: the nearest folder above each spec with a `Cargo.toml` and `src/lib.rs` or
    /// `src/main.rs`.
    #[arg(long = "crate", value_name = "DIR")]
    crate_dir: Option<PathBuf>,
}

/// Runs `check`: loads every spec, prints its diagnostics to stderr or a one-line summary to
/// stdout, and succeeds only when every spec is valid (and its summary could be written).
pub fn run(args: Args) -> ExitCode {
    let mut all_ok = true;
    // Diagnostics name each file exactly as it was given on the command line. The specs are
    // checked together, so a `rust_path` into another of them is resolved, and one into the
    // user's crate is walked through its modules.
    let displays: Vec<String> = args
        .specs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let files: Vec<(&std::path::Path, &str)> = args
        .specs
        .iter()
        .zip(&displays)
        .map(|(p, d)| (p.as_path(), d.as_str()))
        .collect();
    let results =
        doku_partner_codegen::check_spec_files_in_crate(&files, args.crate_dir.as_deref());
    for (display, result) in displays.iter().zip(results) {
        match result {
            Ok(spec) => {
                if let Err(e) = outln!("{display}: {}", summary(&spec)) {
                    errln!("error: {}", stdout_failed(&e));
                    return ExitCode::FAILURE;
                }
            }
            Err(diagnostics) => {
                if !all_ok {
                    // A blank line between the reports of two failing specs.
                    errln!();
                }
                all_ok = false;
                write_stderr(&diagnostics.to_string());
            }
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `GET /path, 4 query params, 4 enums, 143 response fields`; for a POST also
/// `8 body fields, 2 body rules, 1 request sample`, and caller headers when there are any.
fn summary(spec: &Spec) -> String {
    let mut parts = vec![
        format!("{} {}", spec.method.as_str(), spec.path.raw),
        plural(spec.query.len(), "query param"),
    ];
    let callers = spec
        .headers
        .iter()
        .filter(|h| h.source == HeaderSource::Caller)
        .count();
    if callers > 0 {
        parts.push(plural(callers, "caller header"));
    }
    parts.push(plural(spec.enums.len(), "enum"));
    if let Some(body) = &spec.body {
        parts.push(plural(count_fields(&body.root), "body field"));
        if !body.rules.is_empty() {
            parts.push(plural(body.rules.len(), "body rule"));
        }
        parts.push(plural(body.examples.len(), "request sample"));
    }
    parts.push(plural(count_fields(&spec.response.root), "response field"));
    parts.join(", ")
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Every field entry of the tree, containers included (iterative: no recursion).
fn count_fields(root: &ObjectDef) -> usize {
    let mut count = 0;
    let mut stack = vec![root];
    while let Some(object) = stack.pop() {
        for field in &object.fields {
            count += 1;
            match &field.kind {
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => stack.push(o),
                FieldKind::Scalar(_) | FieldKind::Array(_) => {}
            }
        }
    }
    count
}
