//! `doku-partner diff`: what a spec change means for DOKU's traffic and the generated Rust.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use doku_partner_codegen::Diagnostics;
use doku_partner_codegen::diff::{
    OutputFormat, Report, Severity, SpecSource, diff_sets, diff_specs,
};

use crate::output::{errln, stdout_failed, write_stderr, write_stdout};

/// Shown after `doku-partner diff --help`.
pub const AFTER_HELP: &str = "\
Inputs: two spec files, two directories of specs (paired by file name, then by `name`), or
--base REV [DIR]: DIR (default `spec`) at git revision REV against the working tree.

Exit status: 0 compared (and nothing reached --fail-on); 1 a finding at or above --fail-on;
2 an input could not be compared (unreadable, an invalid spec, a git error, a usage error).";

/// How bad a change must be to fail the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when anything breaks.
    Breaking,
    /// Exit 1 when anything breaks or is added.
    Additive,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-like text.
    Text,
    /// A Markdown table for a pull-request comment.
    Markdown,
    /// GitHub workflow annotations at the spec line.
    Github,
    /// `{"findings": [...], "semver": "..."}`.
    Json,
}

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old spec file or directory (with --base: the directory, default `spec`).
    old: Option<PathBuf>,
    /// The new spec file or directory.
    new: Option<PathBuf>,
    /// Compare DIR at this git revision (`origin/main`, a commit) with the working tree.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
}

const USAGE_ERROR: u8 = 2;

/// Runs `diff`.
pub fn run(args: Args) -> ExitCode {
    let report = match compare(&args) {
        Ok(report) => report,
        Err(message) => {
            write_stderr(&message);
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let format = match args.format {
        Format::Text => OutputFormat::Text,
        Format::Markdown => OutputFormat::Markdown,
        Format::Github => OutputFormat::Github,
        Format::Json => OutputFormat::Json,
    };
    if let Err(e) = write_stdout(&report.render(format)) {
        errln!("error: {}", stdout_failed(&e));
        return ExitCode::from(USAGE_ERROR);
    }
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Breaking => Severity::Breaking,
        FailOn::Additive => Severity::Additive,
    });
    match threshold {
        Some(t) if report.has_at_least(t) => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

fn render_all(errors: &[Diagnostics]) -> String {
    let mut out = String::new();
    for (i, d) in errors.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.render());
    }
    out
}

fn compare(args: &Args) -> Result<Report, String> {
    if let Some(rev) = &args.base {
        if args.new.is_some() {
            return Err("error: with --base, give at most one directory (default `spec`)\n".into());
        }
        let dir = args.old.clone().unwrap_or_else(|| PathBuf::from("spec"));
        return compare_base(rev, &dir);
    }
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        return Err(
            "error: give OLD and NEW (two spec files or two directories), or --base REV\n".into(),
        );
    };
    match (old.is_dir(), new.is_dir()) {
        (true, true) => {
            let olds = read_dir(old, &old.display().to_string())?;
            let news = read_dir(new, &new.display().to_string())?;
            diff_sets(&olds, &news).map_err(|e| render_all(&e))
        }
        (false, false) => {
            let old = SpecSource::read(old, &old.display().to_string()).map_err(|d| d.render())?;
            let new = SpecSource::read(new, &new.display().to_string()).map_err(|d| d.render())?;
            diff_specs(&old, &new).map_err(|d| d.render())
        }
        _ => Err("error: OLD and NEW must both be files or both be directories\n".into()),
    }
}

/// Every `*.yaml` / `*.yml` file directly in `dir`, named `display/<file>`.
fn read_dir(dir: &Path, display: &str) -> Result<Vec<SpecSource>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("error: cannot read directory {}: {e}\n", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    let display = display.trim_end_matches('/');
    paths
        .iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            SpecSource::read(p, &format!("{display}/{name}")).map_err(|d| d.render())
        })
        .collect()
}

/// Runs git with `args` in the current directory and returns its standard output.
fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("error: cannot run git: {e}\n"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "error: git {} failed: {}\n",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `dir` at `rev` (written to a temporary directory, examples included) against `dir` in the
/// working tree. Findings name files as `dir/<file>` in both versions.
fn compare_base(rev: &str, dir: &Path) -> Result<Report, String> {
    if rev.starts_with('-') {
        return Err(format!("error: `{rev}` is not a revision\n"));
    }
    // `ls-tree` prints paths relative to the current directory, without `./`.
    let display = dir.display().to_string();
    let display = display.trim_start_matches("./").trim_end_matches('/');
    let display = if display.is_empty() || display == "." {
        ".".to_owned()
    } else {
        display.to_owned()
    };
    let listing = git(&[
        "ls-tree",
        "-r",
        "--name-only",
        rev,
        "--",
        &format!("{display}/"),
    ])?;
    let listing = String::from_utf8_lossy(&listing).into_owned();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = TempDir(
        std::env::temp_dir().join(format!("doku-partner-diff-{}-{nanos}", std::process::id())),
    );
    let root = temp.0.join("old");
    for file in listing.lines().filter(|l| !l.is_empty()) {
        // `ls-tree` names files relative to the current directory, as `rev:./path` reads them.
        let bytes = git(&["show", &format!("{rev}:./{file}")])?;
        let relative = if display == "." {
            Path::new(file)
        } else {
            match Path::new(file).strip_prefix(&display) {
                Ok(relative) => relative,
                Err(_) => continue,
            }
        };
        let target = root.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot write {}: {e}\n", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| format!("error: cannot write {}: {e}\n", target.display()))?;
    }
    let olds = if root.is_dir() {
        read_dir(&root, &display)?
    } else {
        Vec::new()
    };
    let news = if dir.is_dir() {
        read_dir(dir, &display)?
    } else {
        Vec::new()
    };
    diff_sets(&olds, &news).map_err(|e| render_all(&e))
}
