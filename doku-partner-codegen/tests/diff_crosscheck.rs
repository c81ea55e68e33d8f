//! Cross-checks of the corpus: what the diff calls breaking really changes what the emitter
//! generates or what the runtime's check accepts, and what it calls additive keeps both.

mod diff_common;

use std::path::Path;

use diff_common::pairs::{A, B, BR, GT, PAIRS, UF, n, o};
use diff_common::{Edit, Pair, run_pair};
use doku_partner_codegen::diff::RULES;

use Edit::Replace;

/// Loads a pair's two versions and lists what the emitter generates for each.
fn items_of(pair: &Pair) -> (diff_common::Items, diff_common::Items) {
    let (old, new) = diff_common::texts(pair).unwrap();
    let load = |text: &str| doku_partner_codegen::load_spec_str(text, pair.spec, None).unwrap();
    (
        doku_partner_codegen::diff::generated_items(&load(&old)),
        doku_partner_codegen::diff::generated_items(&load(&new)),
    )
}

/// Whether `item` (or anything under it) differs between the two item lists.
fn differs(old: &diff_common::Items, new: &diff_common::Items, item: &str) -> bool {
    let under = |items: &diff_common::Items| -> Vec<(String, String)> {
        items
            .iter()
            .filter(|(k, _)| {
                *k == item || k.strip_prefix(item).is_some_and(|r| r.starts_with("::"))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    under(old) != under(new)
}

/// Breaking findings confirmed by the runtime's own check instead of by the generated items
/// (the Rust API is the same; what DOKU-bound requests may hold is not): pair name and rule,
/// each confirmed by a test below.
const CONFIRMED_BY_VALIDATION: &[(&str, &str, &str)] = &[
    (
        "check_status shapes picked by service.id",
        "response.union.discriminator-changed",
        "a_changed_discriminator_changes_the_shape_a_body_is_read_as",
    ),
    (
        "payment_notification shapes picked by service.id",
        "response.union.discriminator-changed",
        "a_changed_discriminator_changes_the_shape_a_body_is_read_as",
    ),
    (
        "check_status BNI VA moves to the PayLater shape",
        "response.union.value-moved",
        "a_moved_union_value_changes_the_shape_a_body_is_read_as",
    ),
    (
        "check_status BNI VA picks no shape",
        "response.union.value-moved",
        "a_moved_union_value_changes_the_shape_a_body_is_read_as",
    ),
    (
        "payment_notification Mandiri VA picks no shape",
        "response.union.value-moved",
        "a_moved_union_value_changes_the_shape_a_body_is_read_as",
    ),
    (
        "business_registration body rule added",
        "request.rule.tightened",
        "body_rule_tightened_refuses_what_was_accepted",
    ),
    (
        "business_registration same rule added",
        "request.rule.tightened",
        "same_rule_added_refuses_a_brand_unlike_its_business",
    ),
    (
        "checkout total rule added",
        "request.rule.tightened",
        "total_rule_added_refuses_items_that_do_not_add_up",
    ),
    (
        "checkout invoice limit rule added",
        "request.rule.tightened",
        "limit_rule_added_or_tightened_refuses_a_long_invoice_number",
    ),
    (
        "checkout invoice limit tightened to 20",
        "request.rule.tightened",
        "limit_rule_added_or_tightened_refuses_a_long_invoice_number",
    ),
    (
        "upload_file fewer file types",
        "request.format.narrowed",
        "file_types_narrowed_refuse_a_pdf",
    ),
];

/// Every breaking finding of the corpus is confirmed: a Rust item it names (or an item under
/// it) is generated differently or not at all by one version (code naming it stops compiling,
/// or an `Endpoint` constant the client sends by changed), or the runtime's check refuses a
/// sample it accepted (`sample.no-longer-checks`), or a validation test below shows it. And
/// every breaking rule is confirmed at least once.
#[test]
fn breaking_findings_are_confirmed() {
    let mut confirmed_rules = std::collections::BTreeSet::new();
    let mut unconfirmed = Vec::new();
    for pair in PAIRS {
        let findings = run_pair(pair).unwrap();
        let (old, new) = items_of(pair);
        for f in findings
            .iter()
            .filter(|f| f.severity.as_str() == "breaking")
        {
            let by_items = f.rust.iter().any(|item| differs(&old, &new, item));
            let by_runtime = f.rule == "sample.no-longer-checks";
            let by_test = CONFIRMED_BY_VALIDATION
                .iter()
                .any(|(name, rule, _)| *name == pair.name && *rule == f.rule);
            if by_items || by_runtime || by_test {
                confirmed_rules.insert(f.rule);
            } else {
                unconfirmed.push(format!("{}: {} ({})", pair.name, f.rule, f.message));
            }
        }
    }
    assert!(
        unconfirmed.is_empty(),
        "unconfirmed breaking findings:\n{}",
        unconfirmed.join("\n")
    );
    let missing: Vec<&str> = RULES
        .iter()
        .filter(|r| r.severity.as_str() == "breaking" && r.id != "endpoint.removed")
        .map(|r| r.id)
        .filter(|id| !confirmed_rules.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "breaking rules never confirmed: {missing:?}"
    );
}

/// Pairs with nothing breaking keep every item the old version generated, with the same type
/// or signature: code written against the old bindings still builds against the new ones.
#[test]
fn additive_pairs_keep_every_generated_item() {
    let mut checked = 0;
    for pair in PAIRS {
        if pair.expected.iter().any(|e| e.severity == "breaking")
            || !pair.expected.iter().any(|e| e.severity == "additive")
        {
            continue;
        }
        let (old, new) = items_of(pair);
        // An `Endpoint` constant (`GetBusinessData::SENSITIVE`) may take another value, or
        // its trait default (an empty list) when no longer emitted: code naming it still
        // builds. Every other item keeps its type or signature.
        let constant = |k: &str| k.starts_with(|c: char| c.is_ascii_uppercase());
        let lost: Vec<&String> = old
            .iter()
            .filter(|(k, v)| !constant(k) && new.get(*k) != Some(v))
            .map(|(k, _)| k)
            .collect();
        assert!(
            lost.is_empty(),
            "{}: additive, yet these items change: {lost:?}",
            pair.name
        );
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} additive pairs");
}

/// `check_request_samples` on a spec text with `body` as its (first) request sample: the
/// runtime's body check (what the client runs before sending and the stand-in on receipt).
fn accepts(spec: &str, spec_text: &str, body: &str) -> bool {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-validate-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    // A spec in a subfolder (`payments/checkout.yaml`) has its samples beside it.
    let folder = Path::new(spec).parent().unwrap_or(Path::new(""));
    let spec_folder = dir.join(folder);
    std::fs::create_dir_all(spec_folder.join("examples")).unwrap();
    // The response samples the spec names must exist; the request sample is `body`.
    let examples = diff_common::spec_dir().join(folder).join("examples");
    for entry in std::fs::read_dir(examples).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            spec_folder.join("examples").join(entry.file_name()),
        )
        .unwrap();
    }
    // A cut-off sample is not checked for missing keys; `body` is whole, and breaks none of
    // the rules the page's own sample breaks (`breaks`).
    let spec_text: String = spec_text
        .replace("      partial: true\n", "")
        .lines()
        .filter(|line| !line.trim_start().starts_with("breaks:"))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(dir.join(spec), spec_text).unwrap();
    let stem = Path::new(spec).file_stem().unwrap().to_string_lossy();
    std::fs::write(
        spec_folder.join(format!("examples/{stem}.request.json")),
        body,
    )
    .unwrap();
    let loaded = doku_partner_codegen::load_spec_file(&dir.join(spec), spec).unwrap();
    let first = &loaded.body.as_ref().unwrap().examples[0].file;
    std::fs::write(spec_folder.join(first), body).unwrap();
    let problems = doku_partner_codegen::check_request_samples(&loaded, &spec_folder);
    let _ = std::fs::remove_dir_all(&dir);
    problems.is_empty()
}

fn pair_named(name: &str) -> &'static Pair {
    PAIRS.iter().find(|p| p.name == name).unwrap()
}

/// A request sample of `spec/examples/`; Business Registration's, cut off on the page, is
/// completed with an address and a contact.
fn sample(name: &str) -> serde_json::Value {
    let text =
        std::fs::read_to_string(diff_common::spec_dir().join("examples").join(name)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    if name == "business_registration.request.json" {
        value["business"]["addresses"] = serde_json::json!([
            {"area": "Jakarta Selatan", "country": "ID", "name": "Head office", "primary": true}
        ]);
        value["business"]["contacts"] = serde_json::json!([{"name": "Budi Santoso"}]);
        // The page's own sample breaks its PERSONAL rules (`same`); a body that keeps them.
        value["business"]["brands"][0]["name"] = value["business"]["name"].clone();
        value["business"]["brands"][0]["description"] = value["business"]["description"].clone();
    }
    value
}

/// Old accepts `body`, new refuses it (and the diff says breaking).
fn refused_now(pair: &Pair, body: &serde_json::Value) {
    let (old, new) = diff_common::texts(pair).unwrap();
    let body = body.to_string();
    assert!(
        accepts(pair.spec, &old, &body),
        "{}: the old spec refuses {body}",
        pair.name
    );
    assert!(
        !accepts(pair.spec, &new, &body),
        "{}: the new spec accepts {body}",
        pair.name
    );
}

#[test]
fn body_rule_tightened_refuses_what_was_accepted() {
    let mut body = sample("business_registration.request.json");
    body["business"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    refused_now(pair_named("business_registration body rule added"), &body);
}

#[test]
fn format_narrowed_refuses_a_long_brand_name() {
    let mut body = sample("business_registration.request.json");
    body["business"]["brands"][0]["name"] = "B".repeat(150).into();
    // For PERSONAL the business's name is the brand's (`same`).
    body["business"]["name"] = "B".repeat(150).into();
    refused_now(
        pair_named("business_registration brand name narrowed"),
        &body,
    );
}

#[test]
fn required_field_added_refuses_the_page_sample() {
    let body = sample("business_registration.request.json");
    refused_now(
        pair_named("business_registration required field added"),
        &body,
    );
}

#[test]
fn type_changed_refuses_the_page_sample() {
    let body = sample("business_registration.request.json");
    refused_now(
        pair_named("business_registration calling code as a number"),
        &body,
    );
}

#[test]
fn now_required_refuses_a_body_without_it() {
    let mut body = sample("business_registration.request.json");
    body["business"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    refused_now(
        pair_named("business_registration description now required"),
        &body,
    );
}

#[test]
fn enum_value_removed_refuses_it() {
    const REPLACED: Pair = Pair::new(
        "generate_token grant type replaced",
        GT,
        &[Replace(
            "      - value: client_credentials\n",
            "      - value: password\n",
        )],
    )
    .expect(&[
        n(A, "request.enum.value-added", 73, 16),
        o(B, "request.enum.value-removed", 73, 16),
        n(B, "sample.no-longer-checks", 93, 13),
    ]);
    let pair = REPLACED;
    run_pair(&pair).unwrap();
    refused_now(&pair, &sample("generate_token.request.json"));
}

/// Additive changes keep accepting what was accepted.
#[test]
fn optional_field_added_and_rule_loosened_still_accept() {
    for (name, body) in [
        (
            "generate_token optional field added",
            sample("generate_token.request.json"),
        ),
        (
            "create_business_lite optional contact field added",
            sample("create_business_lite.request.json"),
        ),
    ] {
        let (old, new) = diff_common::texts(pair_named(name)).unwrap();
        let body = body.to_string();
        assert!(accepts(pair_named(name).spec, &old, &body), "{name}");
        assert!(accepts(pair_named(name).spec, &new, &body), "{name}");
    }
    // The loosened rule: what the old spec refused, the new one accepts.
    let tightened = pair_named("business_registration body rule added");
    let (without, with_rule) = diff_common::texts(tightened).unwrap();
    let mut body = sample("business_registration.request.json");
    body["business"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    let body = body.to_string();
    assert!(!accepts(BR, &with_rule, &body));
    assert!(accepts(BR, &without, &body));
}

/// A form's file part, as the runtime's check sees it (name and size), against the file types
/// of the old and the new Upload File spec: the PDF DOKU accepted is refused before sending.
#[test]
fn file_types_narrowed_refuse_a_pdf() {
    let pair = pair_named("upload_file fewer file types");
    let (old, new) = diff_common::texts(pair).unwrap();
    let with_sample = |text: &str| {
        text.replace(
            "  rules:\n    - when: { category: DOCUMENT }",
            "  examples:\n    - name: pdf\n      file: examples/upload_file.request.json\n  rules:\n    - when: { category: DOCUMENT }",
        )
    };
    let body = r#"{"category": "LOGO", "file": {"file_name": "logo.pdf", "size": 2048}}"#;
    assert!(accepts(UF, &with_sample(&old), body));
    assert!(!accepts(UF, &with_sample(&new), body));
}

/// A folder of its own for each call: tests run in parallel, each writes its spec and sample.
fn scratch_dir(name: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}_{n}"))
}

/// Whether `body`, as Check Status's response sample, fits the spec `text`: the sample check
/// reads it as the variant its `channel.id` names (what the derive decodes it as).
fn check_status_sample_fits(text: &str, body: &str) -> bool {
    let dir = scratch_dir("crosscheck_union");
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(dir.join("examples/body.json"), body).unwrap();
    // The page's cut-off Alfa sample, listed beside it.
    let alfa = "examples/check_status.online_to_offline_alfa.cut_off.txt";
    std::fs::copy(
        diff_common::spec_dir().join("payments").join(alfa),
        dir.join(alfa),
    )
    .unwrap();
    let text = text.replace(
        "file: examples/check_status.virtual_account_mandiri.json",
        "file: examples/body.json",
    );
    std::fs::write(dir.join("check_status.yaml"), text).unwrap();
    doku_partner_codegen::check_spec_file(&dir.join("check_status.yaml"), "check_status.yaml")
        .is_ok()
}

/// Whether `body`, as every sample of the payment notification, fits the spec `text` (an
/// incoming spec: its `event.union` reads the sample as the variant its discriminator names).
fn payment_notification_sample_fits(text: &str, body: &str) -> bool {
    let dir = scratch_dir("crosscheck_event_union");
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    std::fs::write(dir.join("examples/body.json"), body).unwrap();
    let mut text = text.to_owned();
    for sample in ["bca_va", "bni_va", "akulaku_p2p"] {
        text = text.replace(
            &format!("file: examples/payment_notification.{sample}.json"),
            "file: examples/body.json",
        );
    }
    std::fs::write(dir.join("payment_notification.yaml"), text).unwrap();
    doku_partner_codegen::check_spec_file(
        &dir.join("payment_notification.yaml"),
        "payment_notification.yaml",
    )
    .is_ok()
}

/// A VA body of a bank no shape lists (the BNI VA sample, sent as BRI's): `Other` while
/// `channel.id` picks the shape, the VA shape once `service.id` (`VIRTUAL_ACCOUNT`) does. The
/// same bytes decode as another variant: for Check Status's response and for the notification.
#[test]
fn a_changed_discriminator_changes_the_shape_a_body_is_read_as() {
    let bri = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec/examples/payment_notification.bni_va.json"),
    )
    .unwrap()
    .replace("VIRTUAL_ACCOUNT_BNI", "VIRTUAL_ACCOUNT_BRI");
    let (old, new) =
        diff_common::texts(pair_named("check_status shapes picked by service.id")).unwrap();
    assert!(
        !check_status_sample_fits(&old, &bri),
        "check_status: before"
    );
    assert!(check_status_sample_fits(&new, &bri), "check_status: after");
    let (old, new) = diff_common::texts(pair_named(
        "payment_notification shapes picked by service.id",
    ))
    .unwrap();
    assert!(
        !payment_notification_sample_fits(&old, &bri),
        "payment_notification: before"
    );
    assert!(
        payment_notification_sample_fits(&new, &bri),
        "payment_notification: after"
    );
}

/// A body DOKU sends with `channel.id` `VIRTUAL_ACCOUNT_BNI` (the notification's BNI VA
/// sample): the VA shape before the value moved, and not after (another shape, or none).
#[test]
fn a_moved_union_value_changes_the_shape_a_body_is_read_as() {
    let bni = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec/examples/payment_notification.bni_va.json"),
    )
    .unwrap();
    for name in [
        "check_status BNI VA moves to the PayLater shape",
        "check_status BNI VA picks no shape",
    ] {
        let (old, new) = diff_common::texts(pair_named(name)).unwrap();
        assert!(check_status_sample_fits(&old, &bni), "{name}: before");
        assert!(!check_status_sample_fits(&new, &bni), "{name}: after");
    }
    // The notification of a Mandiri VA payment (the BNI VA sample, sent as Mandiri's).
    let mandiri = bni.replace("VIRTUAL_ACCOUNT_BNI", "VIRTUAL_ACCOUNT_BANK_MANDIRI");
    let name = "payment_notification Mandiri VA picks no shape";
    let (old, new) = diff_common::texts(pair_named(name)).unwrap();
    assert!(
        payment_notification_sample_fits(&old, &mandiri),
        "{name}: before"
    );
    assert!(
        !payment_notification_sample_fits(&new, &mandiri),
        "{name}: after"
    );
}

/// The breaking rules whose change DOKU's traffic does not see: only the Rust types change, so
/// only a build can show the break. Each has a fixture in doku-partner-macros/tests/ui/diff/
/// on which code written against the shipped spec no longer builds. (`endpoint.name.changed`
/// is not one for the derive: its module is named after the deriving struct, so a renamed spec
/// changes `Endpoint::NAME` and the module `doku-partner generate` writes, which
/// `breaking_findings_are_confirmed` checks in the generated items.)
const RUST_ONLY: &[&str] = &[
    "request.field.now-optional",
    "request.field.added-to-literal",
    "request.format.widened-retyped",
    "request.rule.reshaped",
    "response.field.removed",
    "response.field.now-optional",
    "response.enum.value-removed",
    "rust.name.changed",
    "field.secret.added",
    "field.secret.removed",
];

/// Every rule breaking for the Rust types alone is cross-checked by a build: a fixture
/// (`<spec>.<case>.yaml` in doku-partner-macros/tests/ui/diff/) whose only breaking finding
/// against the shipped spec is that rule, and a compile-fail case
/// (`tests/ui/fail/diff_breaking_<case>.rs`, with its reviewed `.stderr`) that builds on it the
/// code of `tests/ui/diff/uses/<spec>.rs`, which builds on the shipped spec
/// (`tests/ui/pass/diff_breaking_builds_before.rs`). The ui test runs the builds.
#[test]
fn rust_only_breaking_rules_fail_to_build() {
    let ui = diff_common::spec_dir().join("../doku-partner-macros/tests/ui");
    let pass = std::fs::read_to_string(ui.join("pass/diff_breaking_builds_before.rs")).unwrap();
    let mut covered = std::collections::BTreeSet::new();
    let mut fixtures: Vec<_> = std::fs::read_dir(ui.join("diff"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    for path in fixtures {
        let file = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (spec, case) = file.split_once('.').unwrap();
        if case == "additive" {
            continue;
        }
        let old = diff_common::spec_dir().join(format!("{spec}.yaml"));
        let report = doku_partner_codegen::diff::diff_specs(
            &doku_partner_codegen::diff::SpecSource::read(&old, "old.yaml").unwrap(),
            &doku_partner_codegen::diff::SpecSource::read(&path, "new.yaml").unwrap(),
        )
        .unwrap_or_else(|d| panic!("{file}: {d:?}"));
        let breaking: Vec<&str> = report
            .findings
            .iter()
            .filter(|f| f.severity.as_str() == "breaking")
            .map(|f| f.rule)
            .collect();
        let [rule] = breaking.as_slice() else {
            panic!("{file}: one breaking finding expected, found {breaking:?}");
        };
        assert!(
            RUST_ONLY.contains(rule),
            "{file}: `{rule}` is not a rule breaking for the Rust types alone"
        );
        covered.insert(*rule);

        let case_file = ui.join(format!("fail/diff_breaking_{case}.rs"));
        let source = std::fs::read_to_string(&case_file)
            .unwrap_or_else(|e| panic!("{}: {e}", case_file.display()));
        assert!(
            source.contains(&format!("#[doku(spec = \"../diff/{file}.yaml\")]"))
                && source.contains(&format!("include!(\"../diff/uses/{spec}.rs\");")),
            "{} must derive on {file}.yaml and include uses/{spec}.rs",
            case_file.display()
        );
        let stderr = std::fs::read_to_string(case_file.with_extension("stderr")).unwrap();
        assert!(
            stderr.starts_with("error") && stderr.contains("diff/uses/"),
            "{}: the build must fail in the code written against the shipped spec:\n{stderr}",
            case_file.display()
        );
        assert!(
            pass.contains(&format!("#[doku(spec = \"../../../../spec/{spec}.yaml\")]"))
                && pass.contains(&format!("include!(\"../diff/uses/{spec}.rs\");")),
            "diff_breaking_builds_before.rs must build uses/{spec}.rs on the shipped spec"
        );
    }
    let missing: Vec<&&str> = RUST_ONLY.iter().filter(|r| !covered.contains(*r)).collect();
    assert!(missing.is_empty(), "no build fixture for {missing:?}");
    for rule in RUST_ONLY {
        assert!(
            RULES
                .iter()
                .any(|r| r.id == *rule && r.severity.as_str() == "breaking"),
            "{rule} is not a breaking rule"
        );
    }
}

#[test]
fn same_rule_added_refuses_a_brand_unlike_its_business() {
    let mut body = sample("business_registration.request.json");
    body["business"]["brands"][0]["description"] = "Another description".into();
    refused_now(pair_named("business_registration same rule added"), &body);
}

#[test]
fn total_rule_added_refuses_items_that_do_not_add_up() {
    let text = std::fs::read_to_string(
        diff_common::spec_dir().join("payments/examples/checkout.request.basic.json"),
    )
    .unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&text).unwrap();
    body["order"]["line_items"] =
        serde_json::json!([{"name": "T-shirt", "price": 15000, "quantity": 1}]);
    refused_now(pair_named("checkout total rule added"), &body);
}

/// A Checkout offering Credit Card: 31 characters pass without the limit rule, 25 pass the
/// page's 30 but not a limit tightened to 20.
#[test]
fn limit_rule_added_or_tightened_refuses_a_long_invoice_number() {
    let text = std::fs::read_to_string(
        diff_common::spec_dir().join("payments/examples/checkout.request.basic.json"),
    )
    .unwrap();
    let mut body: serde_json::Value = serde_json::from_str(&text).unwrap();
    body["payment"]["payment_method_types"] = serde_json::json!(["QRIS", "CREDIT_CARD"]);
    body["order"]["invoice_number"] = "INV-2026-12-08-0001-ABCDEFGHIJK".into();
    refused_now(pair_named("checkout invoice limit rule added"), &body);
    body["order"]["invoice_number"] = "INV-2026-12-08-0001-ABCDE".into();
    refused_now(pair_named("checkout invoice limit tightened to 20"), &body);
}
