//! `doku-partner generate` and `doku-partner docs`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use doku_partner_codegen::model::Spec;
use doku_partner_codegen::{SampleFiles, field_table_markdown, generate_file_with, read_examples};

use crate::output::{errln, stdout_failed, write_stdout};

/// Writes `text` to standard output: success, also when standard output is a closed pipe; a
/// failure (full disk) is reported and exits 1.
fn print_stdout(text: &str) -> ExitCode {
    match write_stdout(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", stdout_failed(&e));
            ExitCode::FAILURE
        }
    }
}

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// The spec to generate bindings for.
    spec: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Do not write: exit 1 with a unified diff when OUTPUT is not what the spec generates.
    #[arg(long, requires = "output")]
    check: bool,
    /// The public path of the module the file becomes (`my_crate::bindings`): the module docs'
    /// example is then a doctest that compiles. Without it the example is shown, not compiled.
    #[arg(long, value_name = "PATH")]
    doc_path: Option<String>,
}

/// Arguments of `docs`.
#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// The spec whose field table to print.
    spec: PathBuf,
}

fn load(path: &Path) -> Result<Spec, ExitCode> {
    let display = path.display().to_string();
    doku_partner_codegen::load_spec_file_for_build(path, &display).map_err(|diagnostics| {
        errln!("{diagnostics}");
        ExitCode::FAILURE
    })
}

/// Runs `generate`.
pub fn run_generate(args: GenerateArgs) -> ExitCode {
    let spec = match load(&args.spec) {
        Ok(spec) => spec,
        Err(code) => return code,
    };
    let dir = args.spec.parent().unwrap_or(Path::new("."));
    let examples = match read_examples(&spec, dir) {
        Ok(examples) => examples,
        Err(msg) => {
            errln!("error: {}: {msg}", args.spec.display());
            return ExitCode::FAILURE;
        }
    };
    // The header names the spec as given, with `/` separators, so the file is the same on
    // every machine.
    let display = args.spec.display().to_string().replace('\\', "/");
    let sample_files = sample_files(&args.spec, args.output.as_deref());
    let code = match generate_file_with(
        &spec,
        &display,
        examples,
        args.doc_path.as_deref(),
        sample_files,
    ) {
        Ok(code) => code,
        Err(e) => {
            errln!("error: generated code does not parse (a bug in doku-partner): {e}");
            return ExitCode::FAILURE;
        }
    };
    match (&args.output, args.check) {
        (None, _) => print_stdout(&code),
        (Some(out), false) => match std::fs::write(out, &code) {
            Ok(()) => {
                errln!("wrote {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                errln!("error: cannot write {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        (Some(out), true) => {
            let current = std::fs::read_to_string(out).unwrap_or_default();
            if current == code {
                errln!(
                    "{} is up to date with {}",
                    out.display(),
                    args.spec.display()
                );
                return ExitCode::SUCCESS;
            }
            let diff = similar::TextDiff::from_lines(&current, &code);
            // The diff is for the reader; the verdict below is the exit status either way.
            let _ = write_stdout(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(
                        &out.display().to_string(),
                        &format!("{} (generated)", out.display()),
                    )
                    .to_string(),
            );
            errln!(
                "error: {} is stale; run `doku-partner generate {} -o {}`",
                out.display(),
                args.spec.display(),
                out.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Where the generated file reads the spec's samples: relative to the file itself when it is
/// written to a path both it and the spec are named by from here, else from the crate root,
/// which is how the derive names a spec (`spec` relative to `Cargo.toml`'s folder).
fn sample_files(spec: &Path, output: Option<&Path>) -> SampleFiles {
    let spec_dir = spec.parent().unwrap_or(Path::new(""));
    let slashes = |path: &Path| path.display().to_string().replace('\\', "/");
    if let Some(out_dir) = output.map(|o| o.parent().unwrap_or(Path::new("")))
        && let Some(relative) = relative_path(out_dir, spec_dir)
    {
        return SampleFiles::FromFile(slashes(&relative));
    }
    SampleFiles::FromCrateRoot(slashes(spec_dir))
}

/// `to` as a path from `from`, both relative to the same folder and made of plain names only
/// (no `..`, not absolute); `None` otherwise.
fn relative_path(from: &Path, to: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let names = |path: &Path| -> Option<Vec<std::ffi::OsString>> {
        path.components()
            .filter(|c| *c != Component::CurDir)
            .map(|c| match c {
                Component::Normal(name) => Some(name.to_owned()),
                _ => None,
            })
            .collect()
    };
    let (from, to) = (names(from)?, names(to)?);
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for name in &to[common..] {
        out.push(name);
    }
    Some(out)
}

/// Runs `docs`.
pub fn run_docs(args: DocsArgs) -> ExitCode {
    match load(&args.spec) {
        Ok(spec) => print_stdout(&field_table_markdown(&spec)),
        Err(code) => code,
    }
}
