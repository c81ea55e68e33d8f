//! `doku-partner diff` as a user runs it: two files, two directories, `--base` on a git
//! repository made here, the formats, and the exit codes of `--fail-on`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("crate is in a workspace")
        .to_path_buf()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_doku-partner"))
        .arg("diff")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("doku-partner runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-diff")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the shipped `spec/` (with its samples) to `to`.
fn copy_specs(to: &Path) {
    let from = workspace_root().join("spec");
    std::fs::create_dir_all(to.join("examples")).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    for entry in std::fs::read_dir(from.join("examples")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join("examples").join(entry.file_name())).unwrap();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn two_files_text_and_exit_codes() {
    let dir = scratch("files");
    let old = workspace_root().join("spec/generate_token.yaml");
    let new = dir.join("generate_token.yaml");
    std::fs::copy(&old, &new).unwrap();
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    for f in [
        "generate_token.request.json",
        "generate_token.response.json",
    ] {
        std::fs::copy(
            workspace_root().join("spec/examples").join(f),
            dir.join("examples").join(f),
        )
        .unwrap();
    }
    edit(&new, "method: POST", "method: PUT");
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());

    let output = run_in(&dir, &[old, new]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("breaking[endpoint.method.changed]: method POST → PUT"),
        "{text}"
    );
    assert!(text.contains(&format!("  --> {new}:31:9\n")), "{text}");
    assert!(
        text.contains("   = rust: GenerateToken::METHOD\n"),
        "{text}"
    );
    assert!(
        text.ends_with("semver: major (1 breaking, 0 additive, 0 docs)\n"),
        "{text}"
    );

    let output = run_in(&dir, &[old, new, "--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(1));
    let output = run_in(&dir, &[old, new, "--fail-on", "additive"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn additive_only_fails_only_on_additive() {
    let dir = scratch("additive");
    let old = workspace_root().join("spec/upload_file.yaml");
    copy_specs(&dir);
    let new = dir.join("upload_file.yaml");
    edit(
        &new,
        "      - value: BANK_ACCOUNT\n",
        "      - value: SIGNATURE\n      - value: BANK_ACCOUNT\n",
    );
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let output = run_in(
        &dir,
        &[old, new, "--fail-on", "breaking", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["semver"], "minor");
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["request.enum.value-added", "response.enum.value-added"]
    );
    let output = run_in(&dir, &[old, new, "--fail-on", "additive"]);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn two_directories_pair_by_file_name() {
    let dir = scratch("dirs");
    let new = dir.join("spec");
    copy_specs(&new);
    std::fs::remove_file(new.join("upload_file.yaml")).unwrap();
    edit(
        &new.join("get_business_data.yaml"),
        "bearer_token: false",
        "bearer_token: true",
    );
    let old = workspace_root().join("spec");
    let output = run_in(&dir, &[old.to_str().unwrap(), "spec", "--format", "github"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("::error file=spec/get_business_data.yaml,line=52,col=17,title=breaking auth.bearer-token.changed::")), "{lines:?}");
    let removed = format!(
        "::error file={}/upload_file.yaml,line=9,col=7,title=breaking endpoint.removed::",
        old.display()
    );
    assert!(
        lines
            .iter()
            .any(|l| l.replace("%3A", ":").starts_with(&removed)),
        "{lines:?}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=diff test",
            "-c",
            "user.email=diff@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// `--base REV`: `spec/` at a commit of a repository made here against the working tree, with
/// a changed, an added and a removed spec, and a response sample that no longer fits.
#[test]
fn base_revision_against_the_working_tree() {
    let repo = scratch("repo");
    git(&repo, &["init", "-q"]);
    copy_specs(&repo.join("spec"));
    std::fs::remove_file(repo.join("spec/upload_file.yaml")).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "specs"]);

    let spec = repo.join("spec");
    edit(
        &spec.join("generate_token.yaml"),
        "query_in_target: false",
        "query_in_target: true",
    );
    std::fs::remove_file(spec.join("create_business_lite.yaml")).unwrap();
    std::fs::copy(
        workspace_root().join("spec/upload_file.yaml"),
        spec.join("upload_file.yaml"),
    )
    .unwrap();
    // The working tree's sample of Generate Token no longer has the token the table requires.
    std::fs::write(
        spec.join("examples/generate_token.response.json"),
        "{\n    \"tokens\": \"x\"\n}\n",
    )
    .unwrap();

    let output = run_in(
        &repo,
        &[
            "--base",
            "HEAD",
            "--format",
            "json",
            "--fail-on",
            "breaking",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["file"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "endpoint.removed".to_owned(),
                "spec/create_business_lite.yaml".to_owned(),
                10
            ),
            (
                "auth.query-in-target.changed".to_owned(),
                "spec/generate_token.yaml".to_owned(),
                43
            ),
            (
                "sample.no-longer-checks".to_owned(),
                "spec/generate_token.yaml".to_owned(),
                109
            ),
            (
                "endpoint.added".to_owned(),
                "spec/upload_file.yaml".to_owned(),
                9
            ),
        ]
    );
    assert_eq!(json["semver"], "major");

    // The directory written as `./spec/`, and from inside it as `.`, is the same `spec/`.
    let output = run_in(&repo, &["--base", "HEAD", "./spec/", "--format", "json"]);
    let again: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(again["findings"].as_array().unwrap().len(), 4, "{again}");
    let output = run_in(&spec, &["--base", "HEAD", ".", "--format", "json"]);
    let inside: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let rules: Vec<&str> = inside["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "endpoint.removed",
            "auth.query-in-target.changed",
            "sample.no-longer-checks",
            "endpoint.added"
        ],
        "{inside}"
    );
}

#[test]
fn unusable_inputs_exit_2() {
    let dir = scratch("errors");
    let old = workspace_root().join("spec/generate_token.yaml");
    let new = dir.join("generate_token.yaml");
    std::fs::copy(&old, &new).unwrap();
    edit(&new, "method: POST", "method: SEND");
    let output = run_in(&dir, &[old.to_str().unwrap(), new.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("generate_token.yaml:31:9"),
        "{}",
        stderr(&output)
    );

    let output = run_in(&dir, &[old.to_str().unwrap(), dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("both be files or both be directories"));

    let output = run_in(&dir, &["--base", "no-such-revision"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("git ls-tree"),
        "{}",
        stderr(&output)
    );
}
