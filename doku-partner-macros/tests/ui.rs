//! UI tests: what a user's crate sees when it compiles the derive and the generated API.
//!
//! - `tests/ui/pass/*.rs` compile without warnings (each denies `warnings` and `missing_docs`)
//!   and run;
//! - `tests/ui/fail/*.rs` fail to compile with exactly the committed `.stderr`;
//! - the bindings `doku-partner generate` writes for every spec of the workspace, wrapped as a
//!   crate that denies `warnings` and `missing_docs`, compile and run.
//!
//! All cases share one `TestCases`, so trybuild builds its crate (and the facade, without the
//! HTTP client) once. Refresh the `.stderr` files with
//! `TRYBUILD=overwrite cargo test -p doku-partner-macros --test ui`; see CONTRIBUTING.md.

use std::path::{Path, PathBuf};

use doku_partner_codegen::load_spec_file;
use doku_partner_codegen::{generate_file, read_examples};

/// The workspace root (this crate's parent folder).
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("crate is in a workspace")
        .to_path_buf()
}

/// Every spec the workspace ships, as `(folder, file name)`, sorted.
fn workspace_specs() -> Vec<(&'static str, String)> {
    let root = workspace_root();
    let mut specs = Vec::new();
    for folder in ["spec", "spec/payments", "examples/downstream/spec"] {
        let mut files: Vec<String> = std::fs::read_dir(root.join(folder))
            .unwrap_or_else(|e| panic!("cannot read {folder}/: {e}"))
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
            .collect();
        files.sort();
        specs.extend(files.into_iter().map(|file| (folder, file)));
    }
    specs
}

/// Writes the generated bindings for `folder/file`, wrapped as a binary crate that denies
/// warnings and missing docs, under this test's target directory; returns the file's path.
fn write_generated_crate(out_dir: &Path, folder: &str, file: &str) -> PathBuf {
    let root = workspace_root();
    let rel = format!("{folder}/{file}");
    let path = root.join(&rel);
    let spec = load_spec_file(&path, &rel).unwrap_or_else(|d| panic!("{rel} does not load:\n{d}"));
    let examples =
        read_examples(&spec, path.parent().unwrap()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let code = generate_file(&spec, &rel, examples)
        .unwrap_or_else(|e| panic!("{rel}: generated code does not parse: {e}"));
    let stem = file.trim_end_matches(".yaml").trim_end_matches(".yml");
    let prefix = match folder {
        "spec" => "spec",
        "spec/payments" => "payments",
        _ => "downstream",
    };
    let crate_file = out_dir.join(format!("generated_{prefix}_{stem}.rs"));
    let source = format!(
        "//! The bindings `doku-partner generate {rel}` writes, pasted into a crate that denies\n\
         //! warnings and missing docs.\n\
         #![deny(warnings, missing_docs)]\n\n\
         {code}\n\
         fn main() {{}}\n"
    );
    std::fs::write(&crate_file, source)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", crate_file.display()));
    crate_file
}

#[test]
fn ui() {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-bindings");
    std::fs::create_dir_all(&out_dir).unwrap();
    let generated: Vec<PathBuf> = workspace_specs()
        .iter()
        .map(|(folder, file)| write_generated_crate(&out_dir, folder, file))
        .collect();
    assert!(!generated.is_empty());

    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    // Every snapshot compiles without warnings: the generated file of every spec.
    for file in &generated {
        t.pass(file);
    }
    t.compile_fail("tests/ui/fail/*.rs");
    // `t` builds and runs every case when dropped, in one cargo invocation.
}

#[test]
fn every_workspace_spec_has_a_pass_case() {
    let pass_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/pass");
    // Only the cases: a pass case's own spec lives in `pass/specs/`.
    let cases: Vec<String> = std::fs::read_dir(&pass_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for (folder, file) in workspace_specs() {
        let needle = format!("{folder}/{file}\")]");
        assert!(
            cases.iter().any(|case| case.contains(&needle)),
            "no case in tests/ui/pass/ derives on {folder}/{file}: add one \
             (`#[doku(spec = \"../../../../{folder}/{file}\")]`)"
        );
    }
}

#[test]
fn every_compile_fail_case_has_a_committed_stderr() {
    // A case without its `.stderr` is a case nobody has reviewed; trybuild only reports it as
    // "wip". While `TRYBUILD=overwrite` writes the files (in parallel with this test), only the
    // count is checked.
    let fail_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/fail");
    let overwriting = std::env::var_os("TRYBUILD").is_some_and(|v| v == "overwrite");
    let mut missing = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&fail_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            count += 1;
            if !path.with_extension("stderr").is_file() {
                missing.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert!(count >= 12, "only {count} compile-fail cases");
    assert!(
        overwriting || missing.is_empty(),
        "compile-fail cases without .stderr (run `TRYBUILD=overwrite cargo test -p \
         doku-partner-macros --test ui` and review them): {missing:?}"
    );
}
