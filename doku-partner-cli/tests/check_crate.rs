//! `doku-partner check` walks a `rust_path` under `crate` or `super` through the user's crate
//! as the derive does: a temporary crate on disk whose derives name the specs checked.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A spec whose enum `Kind` has `rust_path` (or none).
fn spec(name: &str, rust_path: Option<&str>) -> String {
    let rust_path = rust_path
        .map(|p| format!("    rust_path: {p}\n"))
        .unwrap_or_default();
    format!(
        "name: {name}\ntitle: T\nsummary: S.\ndocs_url: https://example.invalid/x\n\
         method: GET\npath: /x\nhosts:\n  sandbox: https://sandbox.example.invalid\n  \
         production: https://api.example.invalid\nauth:\n  signature: non_snap_hmac_sha256\n\
         query:\n  - name: kind\n    format: string\n    enum: Kind\nenums:\n  Kind:\n\
         {rust_path}    values:\n      - value: PERSONAL\n      - value: CORPORATE\n\
         response:\n  fields:\n    - path: ok\n      format: boolean\n"
    )
}

/// A crate in a fresh folder: `specs/list_owners.yaml` generates `Kind`, derived on in module
/// `api::endpoints` (a module file); `specs/list_users.yaml` names `rust_path`, derived on in
/// the crate root; `extra` is added to `src/main.rs`.
fn write_crate(case: &str, rust_path: &str, extra: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check-crate-{case}"));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "Cargo.toml",
        "[package]\nname = \"users\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
    );
    write("specs/list_owners.yaml", &spec("list_owners", None));
    write(
        "specs/list_users.yaml",
        &spec("list_users", Some(rust_path)),
    );
    write(
        "src/main.rs",
        &format!(
            "mod api;\n{extra}\n#[derive(doku_partner::Endpoint)]\n\
             #[doku(spec = \"specs/list_users.yaml\")]\npub struct ListUsers;\nfn main() {{}}\n"
        ),
    );
    write("src/api/mod.rs", "pub mod endpoints;\n");
    write(
        "src/api/endpoints.rs",
        "#[derive(doku_partner::Endpoint)]\n#[doku(spec = \"../../specs/list_owners.yaml\")]\n\
         pub struct ListOwners;\n",
    );
    dir
}

fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("doku-partner runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The line of `Kind:` under `enums:` in the spec `spec` writes, and its column.
const KIND_AT: &str = "specs/list_users.yaml:17:3";

#[test]
fn a_typo_in_a_crate_path_fails_check_at_the_enum_with_the_module_meant() {
    let dir = write_crate("typo", "crate::api::endpointz::list_owners::Kind", "");
    // The crate found upward from the spec.
    let output = check(&dir, &["specs/list_users.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.starts_with(
            "error: `rust_path` `crate::api::endpointz::list_owners::Kind` names nothing: \
             module `crate::api` holds no `endpointz`\n"
        ),
        "{report}"
    );
    assert!(report.contains(&format!("--> {KIND_AT}\n")), "{report}");
    assert!(
        report.contains("= help: did you mean `endpoints`?")
            && report.contains("`crate::api::endpoints::list_owners::Kind`"),
        "{report}"
    );
    // One mistake, one error.
    assert!(
        report.ends_with(
            "error: could not load spec specs/list_users.yaml due to 1 previous error\n"
        ),
        "{report}"
    );

    // `--crate` from another folder, the spec by an absolute path: the same error.
    let spec = dir.join("specs/list_users.yaml");
    let crate_dir = dir.to_string_lossy().into_owned();
    let output = check(
        &std::env::temp_dir(),
        &["--crate", &crate_dir, &spec.to_string_lossy()],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("module `crate::api` holds no `endpointz`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_crate_path_through_a_re_export_to_a_struct_fails_check() {
    let extra = "pub mod things { mod inner { pub struct Kind; } pub use inner::Kind; }";
    let dir = write_crate("struct", "crate::things::Kind", extra);
    let output = check(&dir, &["specs/list_users.yaml", "specs/list_owners.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = stderr(&output);
    assert!(
        report.starts_with(
            "error: `rust_path` `crate::things::Kind` names a struct \
             (`crate::things::inner::Kind`, in `main.rs`), not an enum generated from a spec\n"
        ),
        "{report}"
    );
    assert!(report.contains(&format!("--> {KIND_AT}\n")), "{report}");
    // The other spec is still summarised.
    assert!(
        String::from_utf8_lossy(&output.stdout).starts_with("specs/list_owners.yaml: GET /x"),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_right_crate_path_passes_check_and_a_spec_no_derive_names_is_checked_alone() {
    let dir = write_crate("right", "crate::api::endpoints::list_owners::Kind", "");
    let output = check(&dir, &["specs/list_users.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");

    // The crate's derive names another file: this spec is no derive's, nothing to walk.
    let dir = write_crate("unnamed", "crate::api::endpointz::list_owners::Kind", "");
    std::fs::copy(
        dir.join("specs/list_users.yaml"),
        dir.join("specs/list_others.yaml"),
    )
    .unwrap();
    let output = check(&dir, &["specs/list_others.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}
