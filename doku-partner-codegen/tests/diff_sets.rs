//! `diff_sets` (spec directories: added and removed endpoints, pairing) and the four renderings
//! of a report, the JSON one against the shape other tools rely on.

mod diff_common;

use diff_common::{Edit, Pair, source, spec_dir, texts};
use doku_partner_codegen::diff::{
    OutputFormat, Report, Semver, Severity, SpecSource, diff_sets, diff_specs,
};

fn shipped(dir: &str, file: &str) -> SpecSource {
    let text = std::fs::read_to_string(spec_dir().join(file)).unwrap();
    source(format!("{dir}/{file}"), text)
}

fn summary(report: &Report) -> Vec<(Severity, &str, &str, u32, u32)> {
    report
        .findings
        .iter()
        .map(|f| (f.severity, f.rule, f.file.as_str(), f.line, f.col))
        .collect()
}

#[test]
fn an_endpoint_only_in_the_new_set_is_added() {
    let old = [shipped("old", "get_business_data.yaml")];
    let new = [
        shipped("new", "get_business_data.yaml"),
        shipped("new", "generate_token.yaml"),
    ];
    let report = diff_sets(&old, &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Additive,
            "endpoint.added",
            "new/generate_token.yaml",
            9,
            7
        )]
    );
    assert_eq!(report.findings[0].rust, ["generate_token"]);
    assert_eq!(report.semver(), Semver::Minor);

    let old = [shipped("old", "check_requirements.yaml")];
    let new = [
        shipped("new", "upload_file.yaml"),
        shipped("new", "check_requirements.yaml"),
    ];
    let report = diff_sets(&old, &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Additive,
            "endpoint.added",
            "new/upload_file.yaml",
            9,
            7
        )]
    );
}

#[test]
fn an_endpoint_only_in_the_old_set_is_removed_at_its_old_location() {
    let old = [
        shipped("old", "get_business_data.yaml"),
        shipped("old", "generate_token.yaml"),
    ];
    let new = [shipped("new", "get_business_data.yaml")];
    let report = diff_sets(&old, &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Breaking,
            "endpoint.removed",
            "old/generate_token.yaml",
            9,
            7
        )]
    );
    assert_eq!(report.semver(), Semver::Major);

    let old = [
        shipped("old", "upload_file.yaml"),
        shipped("old", "create_business_lite.yaml"),
    ];
    let new = [shipped("new", "create_business_lite.yaml")];
    let report = diff_sets(&old, &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Breaking,
            "endpoint.removed",
            "old/upload_file.yaml",
            9,
            7
        )]
    );
}

/// A spec moved to another file name is paired by its `name`: not removed and added.
#[test]
fn a_renamed_file_is_paired_by_name() {
    let old = [shipped("old", "generate_token.yaml")];
    let text = std::fs::read_to_string(spec_dir().join("generate_token.yaml")).unwrap();
    let new = [source(
        "new/token.yaml".into(),
        text.replace("method: POST", "method: PUT"),
    )];
    let report = diff_sets(&old, &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Breaking,
            "endpoint.method.changed",
            "new/token.yaml",
            31,
            9
        )]
    );
}

#[test]
fn an_unchanged_set_has_no_findings_and_needs_a_patch() {
    let files = [
        "get_business_data.yaml",
        "business_registration.yaml",
        "check_requirements.yaml",
        "create_business_lite.yaml",
        "generate_token.yaml",
        "upload_file.yaml",
    ];
    let old: Vec<_> = files.iter().map(|f| shipped("old", f)).collect();
    let new: Vec<_> = files.iter().map(|f| shipped("new", f)).collect();
    let report = diff_sets(&old, &new).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.semver(), Semver::Patch);
    assert_eq!(
        report.render(OutputFormat::Json),
        "{\"findings\": [], \"semver\": \"patch\"}\n"
    );
}

#[test]
fn an_invalid_version_is_its_diagnostics() {
    let old = shipped("old", "generate_token.yaml");
    let text = std::fs::read_to_string(spec_dir().join("generate_token.yaml")).unwrap();
    let new = source(
        "new/generate_token.yaml".into(),
        text.replace("method: POST", "method: SEND"),
    );
    let errors = diff_specs(&old, &new).unwrap_err();
    let rendered = errors.render();
    assert!(
        rendered.contains("new/generate_token.yaml:31:"),
        "{rendered}"
    );
}

/// A report with a breaking, an additive and a docs finding.
fn mixed_report() -> Report {
    const PAIR: Pair = Pair::new(
        "mixed",
        "upload_file.yaml",
        &[
            Edit::Replace("status: 200", "status: 201"),
            Edit::Insert(
                "      - value: BANK_ACCOUNT\n",
                "      - value: SIGNATURE\n",
            ),
            Edit::Replace("title: Upload File", "title: Upload a File"),
        ],
    );
    let (old, new) = texts(&PAIR).unwrap();
    diff_specs(
        &source("old/upload_file.yaml".into(), old),
        &source("spec/upload_file.yaml".into(), new),
    )
    .unwrap()
}

#[test]
fn json_has_the_documented_shape() {
    let report = mixed_report();
    let json: serde_json::Value = serde_json::from_str(&report.render(OutputFormat::Json)).unwrap();
    let top = json.as_object().unwrap();
    assert_eq!(top.keys().collect::<Vec<_>>(), ["findings", "semver"]);
    assert_eq!(json["semver"], "major");
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), report.findings.len());
    for f in findings {
        let mut keys: Vec<&String> = f.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["col", "file", "line", "message", "rule", "rust", "severity"]
        );
        assert!(["breaking", "additive", "docs"].contains(&f["severity"].as_str().unwrap()));
        assert!(f["line"].as_u64().unwrap() > 0 && f["col"].as_u64().unwrap() > 0);
        assert!(
            f["rust"]
                .as_array()
                .unwrap()
                .iter()
                .all(serde_json::Value::is_string)
        );
    }
    let status = findings
        .iter()
        .find(|f| f["rule"] == "response.status.changed")
        .unwrap();
    assert_eq!(status["file"], "spec/upload_file.yaml");
    assert_eq!(
        (status["line"].as_u64(), status["col"].as_u64()),
        (Some(154), Some(11))
    );
    assert_eq!(status["rust"][0], "UploadFile::SUCCESS_STATUS");
}

#[test]
fn text_markdown_and_github_carry_every_finding() {
    let report = mixed_report();
    let text = report.render(OutputFormat::Text);
    assert!(
        text.contains("breaking[response.status.changed]: success status 200 → 201"),
        "{text}"
    );
    assert!(
        text.contains("  --> spec/upload_file.yaml:154:11\n"),
        "{text}"
    );
    assert!(
        text.ends_with("semver: major (1 breaking, 2 additive, 1 docs)\n"),
        "{text}"
    );

    let markdown = report.render(OutputFormat::Markdown);
    assert!(
        markdown.starts_with("### Spec changes: semver **major**"),
        "{markdown}"
    );
    assert!(
        markdown
            .contains("| breaking | `response.status.changed` | `spec/upload_file.yaml:154:11` |"),
        "{markdown}"
    );
    // Breaking first.
    let rows: Vec<&str> = markdown
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| severity") && !l.starts_with("| ---"))
        .collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("| breaking"));
    assert!(rows[3].starts_with("| docs"));

    let github = report.render(OutputFormat::Github);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines.contains(&"::error file=spec/upload_file.yaml,line=154,col=11,title=breaking response.status.changed::success status 200 → 201: a 200 reply is now an error (Rust: UploadFile::SUCCESS_STATUS)"), "{github}");
    assert!(lines.iter().any(|l| l.starts_with("::warning file=spec/upload_file.yaml,line=84,col=16,title=additive request.enum.value-added::")), "{github}");
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::notice file=spec/upload_file.yaml,line=10,col=8,title=docs docs.changed::"
        )),
        "{github}"
    );
}

#[test]
fn fail_thresholds() {
    let report = mixed_report();
    assert!(report.has_at_least(Severity::Breaking));
    assert!(report.has_at_least(Severity::Additive));
    let additive_only = Report {
        findings: report
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Breaking)
            .cloned()
            .collect(),
    };
    assert!(!additive_only.has_at_least(Severity::Breaking));
    assert!(additive_only.has_at_least(Severity::Additive));
    assert_eq!(additive_only.semver(), Semver::Minor);
}

/// The codegen README's rule table lists every rule with its severity, and nothing else.
#[test]
fn the_readme_lists_every_rule() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| `") && l.contains("` | "))
        .collect();
    for rule in doku_partner_codegen::diff::RULES {
        let row = format!("| `{}` | {} |", rule.id, rule.severity.as_str());
        assert!(
            rows.iter().any(|r| r.starts_with(&row)),
            "README lacks {row}"
        );
    }
    let listed = rows
        .iter()
        .filter(|r| {
            r.contains("` | breaking |") || r.contains("` | additive |") || r.contains("` | docs |")
        })
        .count();
    assert_eq!(listed, doku_partner_codegen::diff::RULES.len());
}

/// Any two shipped specs, even two different endpoints compared as one, give a report (never
/// a panic) whose every finding has a location and a rule of the catalogue.
#[test]
fn any_two_shipped_specs_compare() {
    let files = [
        "get_business_data.yaml",
        "business_registration.yaml",
        "check_requirements.yaml",
        "create_business_lite.yaml",
        "generate_token.yaml",
        "upload_file.yaml",
    ];
    for a in files {
        for b in files {
            let report = diff_specs(&shipped("old", a), &shipped("new", b)).unwrap();
            assert_eq!(report.findings.is_empty(), a == b, "{a} vs {b}");
            for f in &report.findings {
                assert!(f.line > 0 && f.col > 0, "{a} vs {b}: {f:?}");
                assert!(
                    doku_partner_codegen::diff::RULES
                        .iter()
                        .any(|r| r.id == f.rule && r.severity == f.severity)
                );
            }
        }
    }
}

/// The fixture doku-partner-macros builds code written against the shipped Generate Token on
/// (`tests/ui/pass/diff_additive_still_builds.rs`) is, for the diff, additive and nothing else:
/// the build shows an additive change still builds.
#[test]
fn the_build_fixture_is_additive() {
    let path = spec_dir().join("../doku-partner-macros/tests/ui/diff/generate_token.additive.yaml");
    let fixture = SpecSource::read(&path, "fixture/generate_token.additive.yaml").unwrap();
    let report = diff_specs(&shipped("old", "generate_token.yaml"), &fixture).unwrap();
    let rules: Vec<(Severity, &str)> = report
        .findings
        .iter()
        .map(|f| (f.severity, f.rule))
        .collect();
    assert_eq!(
        rules,
        [
            (Severity::Additive, "request.enum.value-added"),
            // The samples are named by another path from the fixture's folder.
            (Severity::Docs, "docs.changed"),
            (Severity::Additive, "request.field.added-optional"),
            (Severity::Docs, "docs.changed"),
            (Severity::Additive, "response.field.added-optional"),
        ],
        "{}",
        report.render(OutputFormat::Text)
    );
    assert_eq!(report.semver(), Semver::Minor);
}

/// A sample file whose bytes changed but which still fits is a docs change at its entry.
#[test]
fn a_changed_sample_that_still_fits_is_docs() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-sample-changed");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    for entry in std::fs::read_dir(spec_dir().join("examples")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join("examples").join(entry.file_name())).unwrap();
    }
    std::fs::write(
        dir.join("examples/generate_token.response.json"),
        "{\n    \"token\": \"eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl\"\n}\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(spec_dir().join("generate_token.yaml")).unwrap();
    let new = SpecSource {
        display_path: "new/generate_token.yaml".into(),
        text,
        base_dir: Some(dir),
    };
    let report = diff_specs(&shipped("old", "generate_token.yaml"), &new).unwrap();
    assert_eq!(
        summary(&report),
        [(
            Severity::Docs,
            "docs.changed",
            "new/generate_token.yaml",
            110,
            13
        )]
    );
    assert_eq!(
        report.findings[0].message,
        "response sample `page` (examples/generate_token.response.json) changed"
    );
}

/// An incoming spec diffs like any other (its `event` table is compared as a response's, at
/// its own lines); nothing panics, and one that is unchanged has no finding.
#[test]
fn an_incoming_spec_is_compared_at_its_event_table() {
    let old = shipped("old", "payment_notification.yaml");
    let same = diff_specs(&old, &shipped("new", "payment_notification.yaml")).unwrap();
    assert!(same.findings.is_empty(), "{:?}", summary(&same));

    let text = std::fs::read_to_string(spec_dir().join("payment_notification.yaml")).unwrap();
    let changed = text.replacen(
        "    - path: payment.merchant_unique_reference\n      format: string\n",
        "    - path: payment.merchant_unique_reference\n      format: AN(20)\n",
        1,
    );
    assert_ne!(changed, text);
    let new = source("new/payment_notification.yaml".into(), changed);
    let report = diff_specs(&old, &new).unwrap();
    assert!(!report.findings.is_empty(), "a changed format is a finding");
    for finding in &report.findings {
        assert_eq!(finding.file, "new/payment_notification.yaml");
        assert!(finding.line > 1, "{finding:?}");
    }
}
