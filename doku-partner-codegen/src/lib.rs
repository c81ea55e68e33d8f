//! The generator behind `#[derive(doku_partner::Endpoint)]`, as an ordinary library shared by the
//! proc macro, the `doku-partner` CLI and the snapshot tests.
//!
//! Stages (see README.md), one module each: YAML → [`load`] (syntax, positions) → [`lower`] (typed
//! [`model`], semantic checks, every problem collected as a [`diagnostic::Diagnostic`]) →
//! [`emit`] (Rust tokens).

pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod emit;
mod formats;
pub mod generate;
pub mod load;
pub mod lower;
pub mod masked_debug;
pub mod model;
pub mod names;
pub mod response_object;
pub mod schema;
pub mod value_enum;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};

/// Loads a spec from its text.
///
/// `display_path` is how diagnostics name the file (shown exactly as given). `base_dir` is the
/// folder example files are resolved against; with `None` their existence is not checked.
///
/// Runs every stage ([`load`], [`lower`]) and returns either the checked
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
/// order. What `doku-partner check a.yaml b.yaml` runs. `files` holds each file's path and the
/// name diagnostics give it; the results are in the same order.
pub fn check_spec_files(files: &[(&Path, &str)]) -> Vec<Result<model::Spec, Diagnostics>> {
    let mut results: Vec<Result<model::Spec, Diagnostics>> = files
        .iter()
        .map(|(path, display)| check_spec_file(path, display))
        .collect();
    let problems: Vec<Vec<Diagnostic>> = results
        .iter()
        .map(|result| match result {
            Ok(spec) => shared_enum_problems(spec, &results),
            Err(_) => Vec::new(),
        })
        .collect();
    for (((path, display), result), problems) in files.iter().zip(&mut results).zip(problems) {
        if problems.is_empty() {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let mut cx = diagnostic::Ctxt::new(*display, &source);
        for problem in problems {
            cx.emit(problem);
        }
        *result = Err(cx.into_diagnostics());
    }
    results
}

/// The `rust_path`s of `spec` that name a module of another spec in `all` and do not fit it.
fn shared_enum_problems(
    spec: &model::Spec,
    all: &[Result<model::Spec, Diagnostics>],
) -> Vec<Diagnostic> {
    let others: Vec<&model::Spec> = all
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .filter(|other| other.name != spec.name)
        .collect();
    let mut out = Vec::new();
    for def in &spec.enums {
        let Some(path) = &def.rust_path else { continue };
        let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
        let [.., module, name] = segments.as_slice() else {
            continue;
        };
        let width = u32::try_from(def.name.chars().count()).unwrap_or(1);
        let at = diagnostic::Loc::new(def.pos.line, def.pos.column, width);
        let Some(other) = others.iter().find(|o| o.name == *module) else {
            // A module of the user's own: only the build can tell. A near miss of a spec
            // checked together is a typo.
            if let Some(near) =
                diagnostic::did_you_mean(module, others.iter().map(|o| o.name.as_str()))
            {
                out.push(
                    Diagnostic::error(format!(
                        "`rust_path` `{path}` names module `{module}`, which no spec checked here generates"
                    ))
                    .at(at)
                    .label("`rust_path` of this enum")
                    .help(format!("did you mean `{near}`?")),
                );
            }
            continue;
        };
        let generated = emit::generated_enums(other);
        let Some(theirs) = generated.iter().find(|d| d.name == *name) else {
            let declared = other.enums.iter().any(|d| d.name == *name);
            let listed: Vec<String> = generated.iter().map(|d| format!("`{}`", d.name)).collect();
            out.push(
                Diagnostic::error(format!(
                    "`rust_path` `{path}`: spec `{module}` generates no enum `{name}`"
                ))
                .at(at)
                .label("`rust_path` of this enum")
                .note(if declared {
                    format!(
                        "`{module}` declares `{name}` but uses it nowhere, so it is not generated"
                    )
                } else if listed.is_empty() {
                    format!("`{module}` generates no enum")
                } else {
                    format!("`{module}` generates {}", listed.join(", "))
                }),
            );
            continue;
        };
        let ours: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
        let their: Vec<&str> = theirs.values.iter().map(|v| v.wire.as_str()).collect();
        if ours != their {
            out.push(
                Diagnostic::error(format!(
                    "`rust_path` `{path}` does not have the values of enum `{}` in this spec",
                    def.name
                ))
                .at(at)
                .label(format!("this spec: {}", ours.join(", ")))
                .note(format!("`{module}` has: {}", their.join(", ")))
                .help("make the lists agree (same values, same order), or drop `rust_path`"),
            );
        }
    }
    out
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
