//! The generator behind `#[derive(doku_partner::Endpoint)]`, as an ordinary library shared by the
//! proc macro, the `doku-partner` CLI, the benches and the snapshot tests.
//!
//! Stages (see README.md), each a private module: YAML → `load` (syntax, positions) → `lower`
//! (the typed [`model`], semantic checks, every problem collected as a [`Diagnostic`]) → `emit`
//! (Rust tokens). What callers use is at the crate root:
//!
//! - loading and checking a spec: [`load_spec_str`], [`load_spec_file`],
//!   [`load_spec_file_for_build`], [`check_spec_file`], [`check_spec_files`]; the result is a
//!   [`model::Spec`] or [`Diagnostics`]; [`ACCEPTED_KEYS`] lists every key a spec may hold;
//! - samples against a spec: [`check_request_samples`], [`check_response_samples`],
//!   [`check_incoming_body`];
//! - code: [`emit`] (the derive's tokens, from an [`EmitInput`]) and, formatted as a checked-in
//!   file, [`generate_file`], [`generate_file_at`], [`generate_file_with`] with
//!   [`read_examples`]; the field table as Markdown: [`field_table_markdown`];
//! - the proc macros' expansions: [`expand_endpoint`], [`expand_value_enum`],
//!   [`expand_response_object`], [`expand_masked_debug`];
//! - two versions of a spec compared: [`diff`] (`doku-partner diff`);
//! - a spec loaded at run time for `call --spec` and `serve --spec`: [`live`].

mod crate_paths;
mod derive;
mod diagnostic;
pub mod diff;
mod emit;
mod formats;
mod generate;
pub mod live;
mod load;
mod lower;
pub mod model;
mod names;
mod schema;
mod shared_enums;

use std::path::Path;

pub use derive::DeriveEnv;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{EmitInput, SampleFiles, default_runtime_path, emit};
pub use generate::{
    Samples, field_table_markdown, generate_file, generate_file_at, generate_file_with,
    read_examples,
};
pub use load::ACCEPTED_KEYS;
pub use schema::{check_incoming_body, check_request_samples, check_response_samples};

/// Expands `#[derive(Endpoint)]` on `input`: loads the spec its `#[doku(spec = "...")]` names
/// (resolved as [`DeriveEnv`] says) and emits the endpoint's module; every problem becomes a
/// `compile_error!` at its place (the spec's `file:line:col` in the message).
pub fn expand_endpoint(input: &syn::DeriveInput, env: &DeriveEnv) -> proc_macro2::TokenStream {
    derive::expand(input, env)
}

/// Expands `#[derive(ValueEnum)]`, which generated code puts on every value enum: `ALL`,
/// `as_str`, `Display`, `FromStr`, serde and, with `#[doku(subset_of = Full)]`, the conversions
/// between a rule's narrowed set and `Full`, from each variant's `#[doku(wire = "...")]`.
pub fn expand_value_enum(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    derive::value_enum::expand(input)
}

/// Expands `#[derive(ResponseObject)]`, which generated code puts on every response struct:
/// `Deserialize`, `Serialize`, `Debug` with personal data masked, and the conformance walk,
/// from the fields and their `#[doku(...)]` attributes (wire name, format, `personal`).
pub fn expand_response_object(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    derive::response_object::expand(input)
}

/// Expands `#[derive(ResponseUnion)]`, which generated code puts on a response that is one
/// shape per discriminator value (`response.union`): `Deserialize` by the discriminator,
/// `Serialize` and the conformance walk, the unknown shape kept whole and reported.
pub fn expand_response_union(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    derive::response_union::expand(input)
}

/// Expands `#[derive(MaskedDebug)]`: `Debug` that masks the fields marked `#[doku(personal)]`
/// (a request body struct with personal data).
pub fn expand_masked_debug(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    derive::masked_debug::expand(input)
}

/// Loads a spec from its text.
///
/// `display_path` is how diagnostics name the file (shown exactly as given). `base_dir` is the
/// folder example files are resolved against; with `None` their existence is not checked.
///
/// Runs every stage (`load`, `lower`) and returns either the checked
/// [`model::Spec`] or every problem found, sorted by position.
pub fn load_spec_str(
    source: &str,
    display_path: &str,
    base_dir: Option<&Path>,
) -> Result<model::Spec, Diagnostics> {
    let mut cx = diagnostic::Ctxt::new(display_path, source);
    let Some(raw) = load::parse(source, &mut cx) else {
        return Err(cx.into_diagnostics());
    };
    let spec = lower::lower(&raw, base_dir, &mut cx);
    cx.finish().map(|()| spec)
}

/// Loads a spec file like [`load_spec_file`], then checks its samples: request samples against
/// the body schema with the runtime's own check, response samples against the field table
/// (JSON types and required keys). What `doku-partner check` runs; the derive only loads.
pub fn check_spec_file(path: &Path, display_path: &str) -> Result<model::Spec, Diagnostics> {
    let spec = load_spec_file(path, display_path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut problems = schema::check_request_samples(&spec, dir);
    problems.extend(schema::check_response_samples(&spec, dir));
    problems.extend(lower::union::check_sample_files(&spec, dir));
    if problems.is_empty() {
        Ok(spec)
    } else {
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let mut cx = diagnostic::Ctxt::new(display_path, &source);
        for problem in problems {
            cx.emit(problem);
        }
        Err(cx.into_diagnostics())
    }
}

/// Checks several spec files, each like [`check_spec_file`], then what only the specs
/// together show: an enum's `rust_path` into another of them
/// (`::doku_partner::endpoints::get_business_data::BusinessType`, the module named after that
/// spec's `name`) must name an enum that spec generates, with the same values in the same
/// order; a spec not checked together is looked for beside it and among doku_partner's own
/// (the table of what `doku_partner::endpoints` generates). What `doku-partner check a.yaml b.yaml` runs. `files` holds each file's
/// path and the name diagnostics give it; the results are in the same order.
pub fn check_spec_files(files: &[(&Path, &str)]) -> Vec<Result<model::Spec, Diagnostics>> {
    let mut results: Vec<Result<model::Spec, Diagnostics>> = files
        .iter()
        .map(|(path, display)| check_spec_file(path, display))
        .collect();
    let problems: Vec<Vec<Diagnostic>> = {
        let together: Vec<&model::Spec> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        files
            .iter()
            .zip(&results)
            .map(|((path, _), result)| match result {
                Ok(spec) if spec.enums.iter().any(|d| d.rust_path.is_some()) => {
                    let siblings = shared_enums::sibling_specs(path);
                    shared_enums::problems(spec, &together, &siblings)
                }
                _ => Vec::new(),
            })
            .collect()
    };
    for (((path, display), result), problems) in files.iter().zip(&mut results).zip(problems) {
        if problems.is_empty() {
            continue;
        }
        *result = Err(diagnostics_at(path, display, problems));
    }
    results
}

/// `problems` found after loading the spec at `path`, as diagnostics located in its text.
fn diagnostics_at(
    path: &Path,
    display: &str,
    problems: Vec<diagnostic::Diagnostic>,
) -> Diagnostics {
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let mut cx = diagnostic::Ctxt::new(display, &source);
    for problem in problems {
        cx.emit(problem);
    }
    cx.into_diagnostics()
}

/// Checks spec files like [`check_spec_files`], then walks each spec's `rust_path`s under
/// `crate` or `super` through the user's crate as `#[derive(Endpoint)]` does, from every derive
/// of the crate whose `spec = "…"` is that file: a path the crate's source shows to name
/// nothing, or no spec's enum, fails at the enum's `file:line:col` with the derive's message.
/// The crate is `crate_dir`, or else the nearest folder above the spec with a `Cargo.toml` and
/// `src/lib.rs` or `src/main.rs`; a spec no derive of it names is checked alone. What
/// `doku-partner check [--crate DIR] a.yaml …` runs.
pub fn check_spec_files_in_crate(
    files: &[(&Path, &str)],
    crate_dir: Option<&Path>,
) -> Vec<Result<model::Spec, Diagnostics>> {
    let mut results = check_spec_files(files);
    for ((path, display), result) in files.iter().zip(&mut results) {
        let Ok(spec) = result else { continue };
        if !spec.enums.iter().any(|d| d.rust_path.is_some()) {
            continue;
        }
        let Some(dir) = crate_dir
            .map(Path::to_path_buf)
            .or_else(|| crate_paths::crate_of(path))
        else {
            continue;
        };
        let problems = crate_paths::crate_problems(spec, path, &dir);
        if problems.is_empty() {
            continue;
        }
        *result = Err(diagnostics_at(path, display, problems));
    }
    results
}

/// Loads a spec file like [`load_spec_file`], then resolves its enums' `rust_path`s against
/// the specs beside it and doku_partner's own: what the derive and
/// `doku-partner generate` run, so that a path into a module no spec has fails at the enum's
/// line instead of reaching rustc as an unresolved import without the spec's location.
pub fn load_spec_file_for_build(
    path: &Path,
    display_path: &str,
) -> Result<model::Spec, Diagnostics> {
    let spec = load_spec_file(path, display_path)?;
    if !spec.enums.iter().any(|d| d.rust_path.is_some()) {
        return Ok(spec);
    }
    let siblings = shared_enums::sibling_specs(path);
    let problems = shared_enums::problems(&spec, &[], &siblings);
    if problems.is_empty() {
        return Ok(spec);
    }
    let source = std::fs::read_to_string(path).unwrap_or_default();
    let mut cx = diagnostic::Ctxt::new(display_path, &source);
    for problem in problems {
        cx.emit(problem);
    }
    Err(cx.into_diagnostics())
}

/// Loads a spec file. `display_path` is how diagnostics name it (typically the path as the
/// user wrote it); example files are resolved relative to the file's folder. A file that cannot
/// be read, or is not UTF-8, is reported as a diagnostic too.
pub fn load_spec_file(path: &Path, display_path: &str) -> Result<model::Spec, Diagnostics> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Err(
                Diagnostic::error(format!("could not read spec file: {err}"))
                    .in_file(display_path)
                    .into(),
            );
        }
    };
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let before = err.as_bytes().get(..valid).unwrap_or_default();
            let text = String::from_utf8_lossy(before);
            let line = u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX);
            let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let column = u32::try_from(column).unwrap_or(u32::MAX);
            return Err(Diagnostic::error("spec file is not valid UTF-8")
                .in_file(display_path)
                .at(diagnostic::Loc::new(line, column, 1))
                .label("invalid byte here")
                .into());
        }
    };
    let base_dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    load_spec_str(&source, display_path, Some(base_dir))
}
