//! Snapshots of what the generator produces, so a reviewer sees every change to generated code
//! (or to a diagnostic) as a diff in `tests/snapshots/`.
//!
//! - `spec__<name>`: `generate_file` output for every spec in the workspace's `spec/` folder,
//!   exactly the code `#[derive(Endpoint)]` expands to plus the marker struct;
//! - `downstream__<name>`: the same for `examples/downstream/spec/`;
//! - `check__<name>`: the rendered diagnostics for every fixture in `tests/fixtures/broken/`,
//!   as `doku-partner check` prints them.
//!
//! Every folder is read at run time, sorted: adding a spec or a fixture adds a snapshot (and
//! fails until it is reviewed). Paths in snapshots are relative, so they read the same on every
//! machine. See CONTRIBUTING.md for the review workflow.

use std::path::{Path, PathBuf};

use doku_partner_codegen::generate::{SampleFiles, generate_file_with, read_examples};
use doku_partner_codegen::load_spec_file;

/// The workspace root (this crate's parent folder).
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("crate is in a workspace")
        .to_path_buf()
}

/// The `.yaml`/`.yml` files directly in `dir` (not in subfolders), sorted by name.
fn yaml_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    names.sort();
    names
}

fn stem(file_name: &str) -> &str {
    file_name
        .strip_suffix(".yaml")
        .or_else(|| file_name.strip_suffix(".yml"))
        .unwrap_or(file_name)
}

/// The bindings file for the spec at `root/rel`, named `rel` in its header and docs.
fn generate(root: &Path, rel: &str) -> String {
    let path = root.join(rel);
    let spec = load_spec_file(&path, rel).unwrap_or_else(|d| panic!("{rel} does not load:\n{d}"));
    let examples =
        read_examples(&spec, path.parent().unwrap()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // What `doku-partner generate <rel>` prints from the workspace root: the samples stay in
    // their files, read from the crate root.
    let dir = Path::new(rel)
        .parent()
        .map_or(String::new(), |d| d.display().to_string());
    generate_file_with(&spec, rel, examples, None, SampleFiles::FromCrateRoot(dir))
        .unwrap_or_else(|e| panic!("{rel}: generated code does not parse: {e}"))
}

/// Snapshots every spec in `root/folder` under `prefix__<spec name>`; returns how many.
fn snapshot_specs(root: &Path, folder: &str, prefix: &str) -> usize {
    let files = yaml_files(&root.join(folder));
    assert!(!files.is_empty(), "no spec in {folder}/");
    for file in &files {
        let rel = format!("{folder}/{file}");
        let code = generate(root, &rel);
        assert!(
            !code.contains(&*root.to_string_lossy()),
            "{rel}: generated code names an absolute path"
        );
        insta::with_settings!({
            description => format!("doku-partner generate {rel}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{prefix}__{}", stem(file)), code);
        });
    }
    files.len()
}

#[test]
fn generated_code_for_every_spec() {
    let root = workspace_root();
    let count = snapshot_specs(&root, "spec", "spec");
    // The repository ships Get Business Data; make sure discovery found it.
    assert!(count >= 1);
    assert!(root.join("spec/get_business_data.yaml").is_file());
}

/// The payment specs (issue 26) in `spec/payments/`, under `payments__<spec name>`.
#[test]
fn generated_code_for_every_payment_spec() {
    let root = workspace_root();
    snapshot_specs(&root, "spec/payments", "payments");
}

#[test]
fn generated_code_for_every_downstream_spec() {
    let root = workspace_root();
    snapshot_specs(&root, "examples/downstream/spec", "downstream");
}

#[test]
fn generating_twice_gives_identical_output() {
    let root = workspace_root();
    for folder in ["spec", "spec/payments", "examples/downstream/spec"] {
        for file in yaml_files(&root.join(folder)) {
            let rel = format!("{folder}/{file}");
            // Two independent loads, so no state is shared between the runs.
            let first = generate(&root, &rel);
            let second = generate(&root, &rel);
            assert!(
                first == second,
                "{rel}: two runs of the generator differ (first difference at byte {})",
                first
                    .bytes()
                    .zip(second.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(first.len().min(second.len()))
            );
        }
    }
}

/// The lines of generated code that change when `edit` is applied to `spec/<name>.yaml`, as a
/// unified diff (what a reviewer reads in a pull request), and how many lines it adds or
/// removes.
fn edit_diff(name: &str, edit: impl Fn(&str) -> String) -> (String, usize) {
    let root = workspace_root();
    let rel = format!("spec/{name}.yaml");
    let path = root.join(&rel);
    let dir = path.parent().unwrap();
    let source = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&source);
    assert_ne!(source, edited, "the edit changes nothing in {rel}");
    let generate = |text: &str| {
        let spec = doku_partner_codegen::load_spec_str(text, &rel, Some(dir))
            .unwrap_or_else(|d| panic!("{rel} does not load after the edit:\n{d}"));
        let examples = read_examples(&spec, dir).unwrap();
        generate_file_with(
            &spec,
            &rel,
            examples,
            None,
            SampleFiles::FromCrateRoot("spec".to_owned()),
        )
        .unwrap()
    };
    let (before, after) = (generate(&source), generate(&edited));
    let diff = similar::TextDiff::from_lines(&before, &after);
    let changed = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .count();
    let text = diff
        .unified_diff()
        .context_radius(1)
        .header(&rel, &format!("{rel} (edited)"))
        .to_string();
    (text, changed)
}

#[test]
fn a_new_value_of_a_query_enum_no_rule_lists_is_a_small_diff() {
    // `FRANCHISE` joins `BrandBusinessLine`; the CORPORATE rule's list stays as it is, so
    // CORPORATE now allows a subset of the values: a new narrowed enum, named not re-spelled.
    let (diff, changed) = edit_diff("get_business_data", |spec| {
        spec.replacen(
            "      - value: TRAVEL_AGENT\n",
            "      - value: FRANCHISE\n        description: franchise\n      - value: TRAVEL_AGENT\n",
            1,
        )
    });
    assert!(changed <= 80, "{changed} changed lines:\n{diff}");
    insta::with_settings!({
        description => format!("{changed} changed lines"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!("edit__query_enum_value", diff);
    });
}

#[test]
fn a_format_change_is_a_diff_of_a_few_lines() {
    let (diff, changed) = edit_diff("get_business_data", |spec| {
        let at = spec
            .find("- path: website_readiness.code")
            .expect("field in the spec");
        let format = at + spec[at..].find("format: ANS(22)").expect("its format");
        format!("{}format: ANS(30){}", &spec[..format], &spec[format + 15..])
    });
    assert!(changed <= 4, "{changed} changed lines:\n{diff}");
    insta::with_settings!({
        description => format!("{changed} changed lines"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!("edit__response_field_format", diff);
    });
}

#[test]
fn check_diagnostics_for_every_broken_fixture() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = "tests/fixtures/broken";
    let files = yaml_files(&manifest.join(folder));
    assert!(!files.is_empty(), "no fixture in {folder}/");
    for file in &files {
        let rel = format!("{folder}/{file}");
        let diagnostics = match doku_partner_codegen::check_spec_file(&manifest.join(&rel), &rel) {
            Ok(_) => panic!("{rel} is in broken/ but loads without errors"),
            Err(d) => d,
        };
        let rendered = diagnostics.to_string();
        assert!(
            rendered.starts_with("error: "),
            "{rel}: diagnostics do not start with `error: `:\n{rendered}"
        );
        assert!(
            rendered.contains(&format!("--> {rel}:")) || rendered.contains(&rel),
            "{rel}: diagnostics do not name the file:\n{rendered}"
        );
        assert!(
            !rendered.contains(&*manifest.to_string_lossy()),
            "{rel}: diagnostics name an absolute path:\n{rendered}"
        );
        insta::with_settings!({
            description => format!("doku-partner check {rel}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("check__{}", stem(file)), rendered);
        });
    }
}

#[test]
fn every_snapshot_belongs_to_a_spec_or_fixture() {
    // A removed or renamed spec leaves its old snapshot behind; this names it.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = workspace_root();
    let mut expected: Vec<String> = Vec::new();
    for (folder, prefix) in [
        (root.join("spec"), "spec"),
        (root.join("spec/payments"), "payments"),
        (root.join("examples/downstream/spec"), "downstream"),
        (manifest.join("tests/fixtures/broken"), "check"),
    ] {
        expected.extend(
            yaml_files(&folder)
                .iter()
                .map(|f| format!("snapshots__{prefix}__{}.snap", stem(f))),
        );
    }
    // The edits' diffs (above).
    expected.extend(
        ["query_enum_value", "response_field_format"].map(|e| format!("snapshots__edit__{e}.snap")),
    );
    let Ok(entries) = std::fs::read_dir(manifest.join("tests/snapshots")) else {
        return; // first run: nothing recorded yet
    };
    let orphans: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".snap") && !expected.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots without a spec or fixture (delete them): {orphans:?}"
    );
}
