//! No spec key is accepted without effect: for every key the loader accepts
//! (`load::ACCEPTED_KEYS`), changing its value in `fixtures/every_key/every_key.yaml` changes
//! what the generator writes (the generated code, which also drives the local stand-in, or
//! the `docs` table). A key added to the loader without an effect, or without a line here,
//! fails this test.

use std::path::{Path, PathBuf};

use doku_partner_codegen::ACCEPTED_KEYS;
use doku_partner_codegen::{field_table_markdown, generate_file, read_examples};

/// `(section, key, text in the fixture, replacement)`. For a container key the change is
/// inside its value.
const CHANGES: &[(&str, &str, &str, &str)] = &[
    ("top", "name", "name: every_key", "name: every_keys"),
    ("top", "title", "title: Every Key", "title: Every Keys"),
    (
        "top",
        "summary",
        "summary: A spec that",
        "summary: The spec that",
    ),
    (
        "top",
        "docs_url",
        "example.invalid/every-key",
        "example.invalid/every-key-2",
    ),
    (
        "top",
        "notes",
        "A top-level note.",
        "Another top-level note.",
    ),
    ("top", "method", "method: POST", "method: PUT"),
    (
        "top",
        "path",
        "path: /demo/v1/things/",
        "path: /demo/v2/things/",
    ),
    (
        "top",
        "hosts",
        "https://sandbox.example.invalid",
        "https://sandbox2.example.invalid",
    ),
    (
        "top",
        "auth",
        "query_in_target: false",
        "query_in_target: true",
    ),
    (
        "top",
        "headers",
        "A header description.",
        "Another header description.",
    ),
    ("top", "path_params", "example: THING-1", "example: THING-2"),
    (
        "top",
        "query",
        "A query parameter description.",
        "Another query description.",
    ),
    (
        "top",
        "enums",
        "A Kind description.",
        "Another Kind description.",
    ),
    ("top", "rules", "      size: [S]", "      size: [M]"),
    (
        "top",
        "body",
        "A body description.",
        "Another body description.",
    ),
    ("top", "response", "status: 200", "status: 201"),
    (
        "top",
        "errors",
        "message: Bad thing",
        "message: Worse thing",
    ),
    (
        "hosts",
        "sandbox",
        "https://sandbox.example.invalid",
        "https://sandbox2.example.invalid",
    ),
    (
        "hosts",
        "production",
        "https://api.example.invalid",
        "https://api2.example.invalid",
    ),
    (
        "hosts",
        "others",
        "note: Another host.",
        "note: Yet another host.",
    ),
    (
        "hosts.others",
        "url",
        "https://other.example.invalid",
        "https://other2.example.invalid",
    ),
    (
        "hosts.others",
        "note",
        "note: Another host.",
        "note: Yet another host.",
    ),
    (
        "auth",
        "signature",
        "signature: non_snap_hmac_sha256",
        "signature: none",
    ),
    (
        "auth",
        "query_in_target",
        "query_in_target: false",
        "query_in_target: true",
    ),
    (
        "auth",
        "issues_token",
        "token_field: id",
        "token_field: ref",
    ),
    (
        "auth.issues_token",
        "token_field",
        "token_field: id",
        "token_field: ref",
    ),
    (
        "auth.issues_token",
        "lifetime_field",
        "lifetime_field: minutes",
        "lifetime_field: hours",
    ),
    ("header", "name", "name: X-Ref", "name: X-Reference"),
    (
        "header",
        "source",
        "    source: caller",
        "    source: generated",
    ),
    ("header", "format", "format: ANS(20)", "format: ANS(21)"),
    (
        "header",
        "description",
        "A header description.",
        "Another header description.",
    ),
    ("header", "example", "example: REF-1", "example: REF-2"),
    ("header", "notes", "A header note.", "Another header note."),
    ("param", "name", "  - name: page\n", "  - name: pg\n"),
    (
        "param",
        "rust_name",
        "rust_name: page_number",
        "rust_name: page_no",
    ),
    ("param", "format", "format: N(3)", "format: N(4)"),
    (
        "param",
        "required",
        "required: false # size",
        "required: true # size",
    ),
    ("param", "enum", "    enum: Page\n", "    enum: Pages\n"),
    (
        "param",
        "description",
        "A query parameter description.",
        "Another query description.",
    ),
    ("param", "example", "example: \"1\"", "example: \"2\""),
    ("param", "target", "target: encoded", "target: raw"),
    (
        "enum",
        "description",
        "A Kind description.",
        "Another Kind description.",
    ),
    (
        "enum",
        "values",
        "      - value: MEDIUM",
        "      - value: MEDIUM\n      - value: HUGE",
    ),
    (
        "enum",
        "rust_path",
        "::other_crate::Size",
        "::another_crate::Size",
    ),
    ("enum.value", "value", "value: MEDIUM", "value: HUGE"),
    (
        "enum.value",
        "description",
        "A SMALL description.",
        "Another SMALL description.",
    ),
    (
        "rule",
        "when",
        "when: { kind: SMALL }",
        "when: { kind: LARGE }",
    ),
    ("rule", "then", "      size: [S]", "      size: [M]"),
    (
        "rule",
        "description",
        "A rule description.",
        "Another rule description.",
    ),
    ("body", "fields", "format: int(3)", "format: int(4)"),
    (
        "body",
        "rules",
        "require: [item.code]",
        "require: [item.tags]",
    ),
    ("body", "examples", "name: sample", "name: sample_2"),
    (
        "body",
        "description",
        "A body description.",
        "Another body description.",
    ),
    ("body", "notes", "A body note.", "Another body note."),
    (
        "body.rule",
        "when",
        "when: { item.channel: SMALL }",
        "when: { item.channel: MEDIUM }",
    ),
    ("body.rule", "then", "item.grade: [M]", "item.grade: [S]"),
    (
        "body.rule",
        "require",
        "require: [item.code]",
        "require: [item.tags]",
    ),
    (
        "body.rule",
        "one_of",
        "one_of: [item.file_id, item.file_url]",
        "one_of: [item.file_url, item.file_id]",
    ),
    (
        "body.rule",
        "same",
        "same: [item.name, item.code]",
        "same: [item.code, item.name]",
    ),
    (
        "body.rule",
        "total",
        "total: item.count",
        "total: item.stock",
    ),
    (
        "body.rule",
        "sum_of",
        "sum_of: [item.parts.price, item.parts.quantity]",
        "sum_of: [item.parts.price]",
    ),
    (
        "body.rule",
        "max_length",
        "max_length: { item.name: 10 }",
        "max_length: { item.name: 11 }",
    ),
    (
        "body.rule",
        "max_value",
        "max_value: { item.stock: 500 }",
        "max_value: { item.stock: 501 }",
    ),
    (
        "body.rule",
        "description",
        "A body rule description.",
        "Another body rule description.",
    ),
    ("body.example", "name", "name: sample", "name: sample_2"),
    (
        "body.example",
        "file",
        "file: every_key.request.json",
        "file: every_key.request2.json",
    ),
    (
        "body.example",
        "description",
        "A request sample description.",
        "Another request sample description.",
    ),
    (
        "body.example",
        "notes",
        "A request sample note.",
        "Another request sample note.",
    ),
    ("body.example", "partial", "partial: false", "partial: true"),
    (
        "body.example",
        "breaks",
        "breaks: [\"item.parts[0].nick\", \"item.parts[1].nick\"]",
        "breaks: [\"item.parts[1].nick\", \"item.parts[0].nick\"]",
    ),
    // A cut-off file is not JSON: the key flips with the file it describes.
    (
        "body.example",
        "cut_off",
        "file: every_key.request_cut.txt\n      cut_off: true",
        "file: every_key.request2.json\n      cut_off: false",
    ),
    ("response", "status", "status: 200", "status: 201"),
    ("response", "fields", "format: ANS(10)", "format: ANS(11)"),
    ("response", "examples", "name: ok", "name: fine"),
    (
        "response",
        "headers",
        "A response header description.",
        "Another response header description.",
    ),
    ("response.header", "name", "name: X-Trace", "name: X-Trail"),
    (
        "response.header",
        "format",
        "format: AN(8)",
        "format: AN(9)",
    ),
    (
        "response.header",
        "mandatory",
        "mandatory: false",
        "mandatory: true",
    ),
    (
        "response.header",
        "check",
        "check: same_as_request",
        "check: present",
    ),
    (
        "response.header",
        "description",
        "A response header description.",
        "Another response header description.",
    ),
    (
        "response.header",
        "example",
        "example: TRACE1",
        "example: TRACE2",
    ),
    (
        "response.header",
        "notes",
        "A response header note.",
        "Another response header note.",
    ),
    ("response.example", "name", "name: ok", "name: fine"),
    (
        "response.example",
        "file",
        "file: every_key.response.json",
        "file: every_key.response2.json",
    ),
    (
        "response.example",
        "description",
        "A response sample description.",
        "Another response sample description.",
    ),
    // A cut-off file is not JSON: the key flips with the file it describes.
    (
        "response.example",
        "cut_off",
        "file: every_key.response_cut.txt\n      cut_off: true",
        "file: every_key.response2.json\n      cut_off: false",
    ),
    ("field", "path", "path: item.level", "path: item.tier"),
    (
        "field",
        "documented_path",
        "documented_path: item.title",
        "documented_path: item.heading",
    ),
    ("field", "format", "format: int(3)", "format: int(4)"),
    (
        "field",
        "type",
        "    - path: meta\n      type: object",
        "    - path: meta\n      type: array",
    ),
    (
        "field",
        "rust_type",
        "rust_type: ItemInfo",
        "rust_type: ItemThing",
    ),
    ("field", "json", "json: integer", "json: number"),
    ("field", "items", "items: AN(8)", "items: AN(9)"),
    (
        "field",
        "optional",
        "optional: true # stats",
        "optional: false # stats",
    ),
    (
        "field",
        "rust_name",
        "rust_name: label",
        "rust_name: caption",
    ),
    ("field", "enum", "enum: Kind # level", "enum: Size # level"),
    (
        "field",
        "description",
        "A name description.",
        "Another name description.",
    ),
    ("field", "example", "example: Widget", "example: Gadget"),
    ("field", "notes", "A field note.", "Another field note."),
    (
        "field",
        "secret",
        "secret: A secret reason.",
        "personal: A secret reason.",
    ),
    (
        "field",
        "personal",
        "personal: A personal reason.",
        "secret: A personal reason.",
    ),
    (
        "errors",
        "envelope",
        "envelope: '{\"error\":{}}'",
        "envelope: '{\"error\":{\"code\":\"x\"}}'",
    ),
    ("errors", "cases", "code: bad_thing", "code: bad_other"),
    (
        "errors",
        "envelopes",
        "An envelope description.",
        "Another envelope description.",
    ),
    (
        "errors.envelope",
        "name",
        "- name: error\n      sample: '{\"error\":{\"code\":\"bad_thing\",\"message\":\"Bad thing\"}}'",
        "- name: message\n      sample: '{\"message\":[\"Bad thing\"]}'",
    ),
    (
        "errors.envelope",
        "sample",
        "\"message\":\"Bad thing\"}}'",
        "\"message\":\"Worse thing\"}}'",
    ),
    (
        "errors.envelope",
        "description",
        "An envelope description.",
        "Another envelope description.",
    ),
    (
        "error.case",
        "status",
        "    - status: 400",
        "    - status: 401",
    ),
    ("error.case", "code", "code: bad_thing", "code: bad_other"),
    (
        "error.case",
        "message",
        "message: Bad thing",
        "message: Worse thing",
    ),
    (
        "error.case",
        "description",
        "An error description.",
        "Another error description.",
    ),
];

/// Changes to `fixtures/every_key/every_form.yaml`, for the keys only a multipart form uses.
const FORM_CHANGES: &[(&str, &str, &str, &str)] = &[
    // In every_form.yaml: every_key.yaml issues the token, and an endpoint that issues the
    // token cannot require it.
    (
        "auth",
        "bearer_token",
        "  signature: non_snap_hmac_sha256\n",
        "  signature: non_snap_hmac_sha256\n  bearer_token: true\n",
    ),
    (
        "body",
        "encoding",
        "  encoding: multipart\n  digest: body\n  fields:\n    - path: file\n      format: file\n      extensions: [PNG]\n      max_bytes: 1000\n",
        "  encoding: json\n  fields:\n",
    ),
    ("body", "digest", "digest: body", "digest: none"),
    (
        "field",
        "extensions",
        "extensions: [PNG]",
        "extensions: [PNG, JPG]",
    ),
    ("field", "max_bytes", "max_bytes: 1000", "max_bytes: 2000"),
    (
        "field",
        "same_as_request",
        "same_as_request: true",
        "same_as_request: false",
    ),
    (
        "field",
        "enum_cut_off",
        "enum_cut_off: false",
        "enum_cut_off: true",
    ),
];

/// Changes to `fixtures/every_key/every_incoming.yaml`, for the keys only an incoming spec
/// (`direction: incoming`) uses.
const INCOMING_CHANGES: &[(&str, &str, &str, &str)] = &[
    (
        "top",
        "direction",
        "direction: incoming\nmethod: POST\npath: /demo/notifications\n",
        "direction: outgoing\nmethod: POST\npath: /demo/notifications\nhosts: {sandbox: \"https://s.example.invalid\", production: \"https://p.example.invalid\"}\n",
    ),
    ("top", "event", "format: ANS(10)", "format: ANS(11)"),
    ("top", "answer", "status: 200", "status: 204"),
    ("event", "fields", "format: ANS(10)", "format: ANS(11)"),
    ("event", "examples", "name: paid", "name: settled"),
    // `event.union`: read, checked and emitted as `response.union` is (its own keys are
    // changed in UNION_CHANGES).
    (
        "event",
        "union",
        "        values: [SETTLED]\n",
        "        values: [SETTLED, CLEARED]\n",
    ),
    ("answer", "status", "status: 200", "status: 202"),
];

/// Changes to `fixtures/every_key/every_union.yaml`, for the keys of a response that is one
/// shape per discriminator value (`response.union`).
const UNION_CHANGES: &[(&str, &str, &str, &str)] = &[
    (
        "response",
        "union",
        "        values: [SQUARE]\n",
        "        values: [SQUARE, BOX]\n",
    ),
    (
        "response.union",
        "discriminator",
        "  fields:\n    - path: kind\n      format: string\n  union:\n    discriminator: kind\n",
        "  fields:\n    - path: kind\n      format: string\n    - path: form\n      format: string\n  union:\n    discriminator: form\n",
    ),
    (
        "response.union",
        "variants",
        "      - name: Square\n        values: [SQUARE]\n        fields:\n          - path: side\n            format: string\n",
        "",
    ),
    (
        "response.union.variant",
        "name",
        "name: Round",
        "name: Circle",
    ),
    (
        "response.union.variant",
        "values",
        "values: [CIRCLE]",
        "values: [CIRCLE, DISC]",
    ),
    (
        "response.union.variant",
        "description",
        "A round shape.",
        "A shape without corners.",
    ),
    (
        "response.union.variant",
        "fields",
        "path: radius\n            format: string\n",
        "path: radius\n            format: string\n            optional: true\n",
    ),
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every_key")
}

/// Everything the generator writes for a spec text: the generated file (code, docs and the
/// constants the stand-in serves and checks) and the `docs` table.
fn output(text: &str, dir: &Path, what: &str) -> String {
    output_of("every_key.yaml", text, dir, what)
}

fn output_of(file: &str, text: &str, dir: &Path, what: &str) -> String {
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    let spec = doku_partner_codegen::check_spec_file(&path, file)
        .unwrap_or_else(|d| panic!("{what}: the changed spec does not load:\n{d}"));
    let samples = read_examples(&spec, dir).unwrap_or_else(|e| panic!("{what}: {e}"));
    let code = generate_file(&spec, file, samples).unwrap();
    format!("{code}\n{}", field_table_markdown(&spec))
}

#[test]
fn every_accepted_key_reaches_the_output() {
    let source = std::fs::read_to_string(fixture_dir().join("every_key.yaml")).unwrap();
    // The spec is written to a folder of its own, beside copies of its sample files.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every_key");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        // `.txt`: a sample cut off on its page, stored as it is (`cut_off: true`).
        if path.extension().is_some_and(|e| e == "json" || e == "txt") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    let baseline = output(&source, &dir, "the fixture");

    let mut missing = Vec::new();
    for (section, keys) in ACCEPTED_KEYS {
        for key in *keys {
            if !CHANGES
                .iter()
                .chain(FORM_CHANGES)
                .chain(INCOMING_CHANGES)
                .chain(UNION_CHANGES)
                .any(|(s, k, _, _)| s == section && k == key)
            {
                missing.push(format!("{section}.{key}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "accepted keys this test does not change: {missing:?}"
    );

    let mut without_effect = Vec::new();
    for (section, key, from, to) in CHANGES {
        assert!(
            ACCEPTED_KEYS
                .iter()
                .any(|(s, keys)| s == section && keys.contains(key)),
            "{section}.{key} is not an accepted key"
        );
        assert_eq!(
            source.matches(from).count(),
            1,
            "{section}.{key}: `{from}` must occur exactly once in the fixture"
        );
        let changed = source.replacen(from, to, 1);
        if output(&changed, &dir, &format!("{section}.{key}")) == baseline {
            without_effect.push(format!("{section}.{key}"));
        }
    }
    assert!(
        without_effect.is_empty(),
        "keys without effect: {without_effect:?}"
    );
}

#[test]
fn every_incoming_key_reaches_the_output() {
    let source = std::fs::read_to_string(fixture_dir().join("every_incoming.yaml")).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every_incoming");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture_dir().join("every_incoming.event.json"),
        dir.join("every_incoming.event.json"),
    )
    .unwrap();
    let baseline = output_of("every_incoming.yaml", &source, &dir, "the fixture");
    let mut without_effect = Vec::new();
    for (section, key, from, to) in INCOMING_CHANGES {
        assert!(
            ACCEPTED_KEYS
                .iter()
                .any(|(s, keys)| s == section && keys.contains(key)),
            "{section}.{key} is not an accepted key"
        );
        assert_eq!(source.matches(from).count(), 1, "{section}.{key}: `{from}`");
        let changed = source.replacen(from, to, 1);
        let what = format!("{section}.{key}");
        if section == &"top" && key == &"direction" {
            // An outgoing spec has no `event` or `answer`: those are refused, at their line.
            let err = doku_partner_codegen::load_spec_str(&changed, "every_incoming.yaml", None)
                .expect_err(&what)
                .to_string();
            assert!(
                err.contains("`event` has no place in an outgoing spec"),
                "{err}"
            );
            assert!(err.contains("every_incoming.yaml:16:1"), "{err}");
            continue;
        }
        if output_of("every_incoming.yaml", &changed, &dir, &what) == baseline {
            without_effect.push(what);
        }
    }
    assert!(
        without_effect.is_empty(),
        "keys without effect: {without_effect:?}"
    );
}

#[test]
fn every_union_key_reaches_the_output() {
    let source = std::fs::read_to_string(fixture_dir().join("every_union.yaml")).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("every_union");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture_dir().join("every_union.response.json"),
        dir.join("every_union.response.json"),
    )
    .unwrap();
    let baseline = output_of("every_union.yaml", &source, &dir, "the fixture");
    let mut without_effect = Vec::new();
    for (section, key, from, to) in UNION_CHANGES {
        assert!(
            ACCEPTED_KEYS
                .iter()
                .any(|(s, keys)| s == section && keys.contains(key)),
            "{section}.{key} is not an accepted key"
        );
        assert_eq!(source.matches(from).count(), 1, "{section}.{key}: `{from}`");
        let changed = source.replacen(from, to, 1);
        let what = format!("{section}.{key}");
        if output_of("every_union.yaml", &changed, &dir, &what) == baseline {
            without_effect.push(what);
        }
    }
    assert!(
        without_effect.is_empty(),
        "keys without effect: {without_effect:?}"
    );
}

#[test]
fn a_key_that_would_have_no_effect_is_refused_at_its_place() {
    let source = std::fs::read_to_string(fixture_dir().join("every_key.yaml")).unwrap();
    let cases = [
        (
            "  fields:\n    - path: item\n",
            "  content_type: application/json\n  fields:\n    - path: item\n",
            "key `content_type` is not supported in `body`",
        ),
        (
            "      - value: LARGE\n",
            "      - value: LARGE\n        example: L\n",
            "key `example` is not supported in a value of enum `Kind`",
        ),
        (
            "    description: A rule description.\n",
            "    description: A rule description.\n    notes: [x]\n",
            "key `notes` is not supported in a rule",
        ),
        (
            "  status: 200\n",
            "  status: 200\n  description: The response.\n",
            "key `description` is not supported in `response`",
        ),
    ];
    for (from, to, message) in cases {
        assert_eq!(source.matches(from).count(), 1, "{from}");
        let changed = source.replacen(from, to, 1);
        let diagnostics = doku_partner_codegen::load_spec_str(&changed, "every_key.yaml", None)
            .expect_err(message)
            .to_string();
        assert!(diagnostics.contains(message), "{diagnostics}");
        assert!(diagnostics.contains("every_key.yaml:"), "{diagnostics}");
    }
}
