//! Get Business Data responses: `conformance()` on the page's two samples lists exactly the
//! values that break DOKU's documented formats, in document order.
//!
//! How the expected lists were made: independently of this crate. Nothing here was copied from
//! running the derive. A small Python oracle (kept outside the repository) read every response
//! field of `spec/get_business_data.yaml` (its `format`, `json`, `enum` and `optional`, each
//! row checked against the Response Explanation table of DOKU's Get Business Data page) and
//! applied DOKU's documented formats to the two JSON samples:
//!
//! - `AN(n)`: ASCII letters and digits; `ANS(n)`: anything but control characters; `N(n)` and
//!   `Numeric`: ASCII digits; 1 to n characters (no maximum for `Numeric`), counted in Unicode
//!   characters. Only the first problem of a value is reported, in the order empty, first bad
//!   character (left to right), too long: a 268-character URL in an `AN(128)` field reports
//!   its `:`, not its length.
//! - `json: integer` fields are checked through their decimal text (`0` against `ANS(10)`).
//! - `date` fields must be ISO 8601 date-times; `boolean` and `string` are not checked.
//! - Fields with an `enum` are only checked for being a documented value of the enum (all
//!   values in both samples are), not against their string format.
//! - Arrays of objects are walked element by element; raw arrays (`audit_logs`,
//!   `banks[].documents`) and absent optional fields give nothing.
//! - Findings come in the spec's field order, depth first, array elements in index order.
//!
//! The counts were also checked by hand from the page.
//!
//! - PERSONAL sample: **34 findings**: 14 hyphenated `approval_uuid`s in fields documented
//!   `AN(128)`, 13 `XXX-0000-...` IDs and relations in `AN(128)` fields, 2 signed URLs in
//!   `AN(128)` fields (`contacts.liveness_image`, `documents.link`), `banks.bank_name`
//!   (`BANK BCA`, a space in `AN(128)`), and 4 values longer than documented (`brands.name`,
//!   `brands.transaction_frequency.name`, `contacts.liveness_factor.name`,
//!   `addresses.area.code`).
//! - CORPORATE sample: **51 findings**: 20 `approval_uuid`s, 20 IDs and relations, 7
//!   document URLs, `banks.bank_name`, and 3 values longer than documented (`brands.name`,
//!   `brands.transaction_frequency.name`, `addresses.area.code`; the CORPORATE contact has no
//!   liveness fields).
//!
//! Each row of the tables below also has to agree with the sample itself: a `TooLong(n)` row
//! must name the value's real length, a `BadChar(c, i)` row the character really at index `i`.

use doku_partner::endpoints::get_business_data::Response;
use doku_partner::support::Conformance;
use doku_partner::support::conformance::{Finding, FindingPath, FindingRule, Problem};
use doku_partner::support::format::{FormatProblem, FormatRule};
use serde_json::Value;

const PERSONAL: &str = include_str!("../spec/examples/get_business_data.personal.json");
const CORPORATE: &str = include_str!("../spec/examples/get_business_data.corporate.json");

/// Short form of a finding's problem, for the tables.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// [`FormatProblem::TooLong`] with the value's length; the maximum is the rule's `n`.
    TooLong(usize),
    /// [`FormatProblem::InvalidChar`]: the first character outside the format, and its index
    /// in characters from 0.
    BadChar(char, usize),
}
use Expect::{BadChar, TooLong};

/// (path, rule, problem)
type Row = (&'static str, &'static str, Expect);

#[rustfmt::skip] // one row per line
const PERSONAL_FINDINGS: [Row; 34] = [
    // brands[0]
    ("brands[0].name", "ANS(22)", TooLong(38)),
    ("brands[0].transaction_frequency.name", "ANS(10)", TooLong(12)),
    ("brands[0].photo_proofs[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].social_media[0].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].social_media[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].social_media[1].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].social_media[1].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[0].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[1].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[1].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[2].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[2].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[3].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[3].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[4].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[4].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[5].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[5].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // contacts[0]
    ("contacts[0].id", "AN(128)", BadChar('-', 3)),
    ("contacts[0].liveness_image", "AN(128)", BadChar(':', 5)),
    ("contacts[0].liveness_factor.name", "ANS(50)", TooLong(52)),
    ("contacts[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // addresses[0]
    ("addresses[0].id", "AN(128)", BadChar('-', 3)),
    ("addresses[0].area.code", "ANS(50)", TooLong(54)),
    ("addresses[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // documents[0]
    ("documents[0].id", "AN(128)", BadChar('-', 3)),
    ("documents[0].relation", "AN(128)", BadChar('-', 3)),
    ("documents[0].link", "AN(128)", BadChar(':', 5)),
    ("documents[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // banks[0] (its approval_uuid is documented ANS(50), so the UUID is fine there)
    ("banks[0].id", "AN(128)", BadChar('-', 3)),
    ("banks[0].bank_name", "AN(128)", BadChar(' ', 4)),
    // root, after the arrays in spec order
    ("approval_uuid", "AN(128)", BadChar('-', 8)),
];

#[rustfmt::skip] // one row per line
const CORPORATE_FINDINGS: [Row; 51] = [
    // brands[0]
    ("brands[0].name", "ANS(22)", TooLong(36)),
    ("brands[0].transaction_frequency.name", "ANS(10)", TooLong(12)),
    ("brands[0].photo_proofs[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].social_media[0].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].social_media[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].social_media[1].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].social_media[1].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[0].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[1].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[1].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[2].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[2].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[3].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[3].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[4].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[4].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].products[5].id", "AN(128)", BadChar('-', 3)),
    ("brands[0].products[5].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("brands[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // contacts[0] (no liveness_image / liveness_factor in the CORPORATE sample)
    ("contacts[0].id", "AN(128)", BadChar('-', 3)),
    ("contacts[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // addresses[0]
    ("addresses[0].id", "AN(128)", BadChar('-', 3)),
    ("addresses[0].area.code", "ANS(50)", TooLong(70)),
    ("addresses[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    // documents[0..7]; only documents[0] and documents[6] have a relation
    ("documents[0].id", "AN(128)", BadChar('-', 3)),
    ("documents[0].relation", "AN(128)", BadChar('-', 3)),
    ("documents[0].link", "AN(128)", BadChar(':', 5)),
    ("documents[0].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[1].id", "AN(128)", BadChar('-', 3)),
    ("documents[1].link", "AN(128)", BadChar(':', 5)),
    ("documents[1].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[2].id", "AN(128)", BadChar('-', 3)),
    ("documents[2].link", "AN(128)", BadChar(':', 5)),
    ("documents[2].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[3].id", "AN(128)", BadChar('-', 3)),
    ("documents[3].link", "AN(128)", BadChar(':', 5)),
    ("documents[3].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[4].id", "AN(128)", BadChar('-', 3)),
    ("documents[4].link", "AN(128)", BadChar(':', 5)),
    ("documents[4].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[5].id", "AN(128)", BadChar('-', 3)),
    ("documents[5].link", "AN(128)", BadChar(':', 5)),
    ("documents[5].approval_uuid", "AN(128)", BadChar('-', 8)),
    ("documents[6].id", "AN(128)", BadChar('-', 3)),
    ("documents[6].relation", "AN(128)", BadChar('-', 3)),
    ("documents[6].link", "AN(128)", BadChar(':', 5)),
    ("documents[6].approval_uuid", "AN(128)", BadChar('-', 8)),
    // banks[0]
    ("banks[0].id", "AN(128)", BadChar('-', 3)),
    ("banks[0].bank_name", "AN(128)", BadChar(' ', 4)),
    // root
    ("approval_uuid", "AN(128)", BadChar('-', 8)),
];

fn decode(text: &str) -> Response {
    serde_json::from_str::<Response>(text).expect("sample decodes")
}

/// The value at `path` (`documents[3].forms[0].value`) in `json`, as text: a string as is, a
/// number as its decimal text.
fn value_text(json: &Value, path: &str) -> String {
    let mut value = json;
    for segment in path.split('.') {
        let mut parts = segment.split('[');
        let key = parts.next().unwrap_or_default();
        value = value
            .get(key)
            .unwrap_or_else(|| panic!("{path}: the sample has no key {key:?}"));
        for index in parts {
            let index: usize = index
                .strip_suffix(']')
                .and_then(|i| i.parse().ok())
                .unwrap_or_else(|| panic!("{path}: bad index {index:?}"));
            value = value
                .get(index)
                .unwrap_or_else(|| panic!("{path}: the sample has no element {index}"));
        }
    }
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("{path}: not a string or number in the sample: {other}"),
    }
}

/// The `n` of `AN(n)`, `ANS(n)`, `N(n)`.
fn max_len(rule: &str) -> usize {
    rule.split_once('(')
        .and_then(|(_, n)| n.strip_suffix(')'))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("rule {rule:?} has no maximum length"))
}

/// The rule a table row names (`ANS(22)`), as the runtime's value; it must display the same.
fn rule_of(rule: &str) -> FindingRule {
    let n = max_len(rule);
    let format = match rule.split_once('(').map(|(charset, _)| charset) {
        Some("AN") => FormatRule::an(n),
        Some("ANS") => FormatRule::ans(n),
        Some("N") => FormatRule::numeric(n),
        _ => panic!("rule {rule:?} is not AN(n), ANS(n) or N(n)"),
    };
    let value = FindingRule::Format(format);
    assert_eq!(value.to_string(), rule, "rule {rule:?} displays as written");
    value
}

/// Expands a table into full findings, checking each row against the sample it describes.
fn expected(sample: &str, rows: &[Row]) -> Vec<Finding> {
    let json: Value = serde_json::from_str(sample).expect("sample is JSON");
    rows.iter()
        .map(|&(path, rule, expect)| {
            let text = value_text(&json, path);
            let len = text.chars().count();
            let problem = match expect {
                TooLong(n) => {
                    assert_eq!(
                        n, len,
                        "table row {path}: TooLong({n}), but the sample's value has {len} characters"
                    );
                    assert!(n > max_len(rule), "table row {path}: {n} fits {rule}");
                    FormatProblem::TooLong {
                        max: max_len(rule),
                        len: n,
                    }
                }
                BadChar(ch, index) => {
                    assert_eq!(
                        text.chars().nth(index),
                        Some(ch),
                        "table row {path}: no {ch:?} at character {index} of {text:?}"
                    );
                    FormatProblem::InvalidChar { ch, index }
                }
            };
            Finding {
                path: FindingPath::parse(path),
                rule: rule_of(rule),
                problem: Problem::Format(problem),
                len,
            }
        })
        .collect()
}

/// The findings at `path`.
fn findings_at<'a>(findings: &'a [Finding], path: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.path == path).collect()
}

fn render(finding: &Finding) -> String {
    format!(
        "{} | {} | {:?} | len {}",
        finding.path, finding.rule, finding.problem, finding.len
    )
}

/// A line diff (longest common subsequence): `  ` in both, `- ` expected only, `+ ` found only.
fn diff(expected: &[String], found: &[String]) -> String {
    use std::fmt::Write as _;
    let (n, m) = (expected.len(), found.len());
    // lcs[i][j]: length of the longest common subsequence of expected[i..] and found[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == found[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && expected[i] == found[j] {
            let _ = writeln!(out, "  {}", expected[i]);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            let _ = writeln!(out, "+ {}", found[j]);
            j += 1;
        } else {
            let _ = writeln!(out, "- {}", expected[i]);
            i += 1;
        }
    }
    out
}

fn assert_findings(what: &str, found: &[Finding], expected: &[Finding]) {
    if found == expected {
        return;
    }
    let found: Vec<String> = found.iter().map(render).collect();
    let expected: Vec<String> = expected.iter().map(render).collect();
    panic!(
        "{what}: conformance findings differ from the expected list \
         ({} expected, {} found; `- ` expected only, `+ ` found only):\n{}",
        expected.len(),
        found.len(),
        diff(&expected, &found)
    );
}

#[test]
fn personal_sample_findings_are_exactly_the_expected_list() {
    let found = decode(PERSONAL).conformance().findings;
    assert_findings(
        "PERSONAL sample",
        &found,
        &expected(PERSONAL, &PERSONAL_FINDINGS),
    );
    assert_eq!(found.len(), 34);
}

#[test]
fn corporate_sample_findings_are_exactly_the_expected_list() {
    let found = decode(CORPORATE).conformance().findings;
    assert_findings(
        "CORPORATE sample",
        &found,
        &expected(CORPORATE, &CORPORATE_FINDINGS),
    );
    assert_eq!(found.len(), 51);
}

/// A few findings written out in full, straight from the page.
#[test]
fn spot_checks_from_the_page() {
    let personal = decode(PERSONAL).conformance().findings;
    let at = |path: &str| findings_at(&personal, path);

    // The page's table documents brands.name as ANS(22); its own example and the PERSONAL
    // sample send "Brand under partner personal only test", 38 characters. All of them are
    // allowed ANS characters, so the problem is the length.
    assert_eq!(
        at("brands[0].name"),
        [&Finding {
            path: FindingPath::parse("brands[0].name"),
            rule: FindingRule::Format(FormatRule::ans(22)),
            problem: Problem::Format(FormatProblem::TooLong { max: 22, len: 38 }),
            len: 38,
        }]
    );

    // The root approval_uuid (approval_id in the table) is documented AN(128): letters and
    // digits only. The sample sends a hyphenated UUID, "0fe9de0c-1879-4a32-a6a1-935043a2c648";
    // its first '-' is character 8.
    assert_eq!(
        at("approval_uuid"),
        [&Finding {
            path: FindingPath::parse("approval_uuid"),
            rule: FindingRule::Format(FormatRule::an(128)),
            problem: Problem::Format(FormatProblem::InvalidChar { ch: '-', index: 8 }),
            len: 36,
        }]
    );

    // documents.link is documented AN(128), but the sample's link is a signed URL of 268
    // characters: too long AND full of characters AN does not allow. Only the first problem
    // is reported, and bad characters are checked before the length: "https://..." has ':'
    // at character 5. The finding still carries the value's real length.
    assert_eq!(
        at("documents[0].link"),
        [&Finding {
            path: FindingPath::parse("documents[0].link"),
            rule: FindingRule::Format(FormatRule::an(128)),
            problem: Problem::Format(FormatProblem::InvalidChar { ch: ':', index: 5 }),
            len: 268,
        }]
    );

    // banks.bank_name is documented AN(128); the page's example and the sample, "BANK BCA",
    // have a space at character 4.
    assert_eq!(
        at("banks[0].bank_name"),
        [&Finding {
            path: FindingPath::parse("banks[0].bank_name"),
            rule: FindingRule::Format(FormatRule::an(128)),
            problem: Problem::Format(FormatProblem::InvalidChar { ch: ' ', index: 4 }),
            len: 8,
        }]
    );

    // No finding where the page's documentation holds:
    // - banks.approval_uuid is documented ANS(50) (unlike every other approval_uuid), and a
    //   36-character UUID is fine there;
    // - brands.minimum_transaction is documented ANS(10) but sent as the JSON number 0; its
    //   text "0" is fine;
    // - brands.created_date ("2023-03-16T10:00:41Z") is a valid date;
    // - type ("PERSONAL") and legal_entity.code ("PERSEORANGAN") are documented enum values.
    for clean in [
        "banks[0].approval_uuid",
        "brands[0].minimum_transaction",
        "brands[0].created_date",
        "type",
        "legal_entity.code",
    ] {
        assert_eq!(
            at(clean),
            Vec::<&Finding>::new(),
            "{clean} keeps to its format"
        );
    }

    // CORPORATE: addresses.area.code is documented ANS(50); the sample's
    // "12310 - Pondok Pinang - Kebayoran Lama - Jakarta Selatan - DKI Jakarta" is 70.
    let corporate = decode(CORPORATE).conformance().findings;
    assert_eq!(
        findings_at(&corporate, "addresses[0].area.code"),
        [&Finding {
            path: FindingPath::parse("addresses[0].area.code"),
            rule: FindingRule::Format(FormatRule::ans(50)),
            problem: Problem::Format(FormatProblem::TooLong { max: 50, len: 70 }),
            len: 70,
        }]
    );
}

/// The samples happen to send their keys in the spec's order. Findings follow the spec's order,
/// not the JSON's: the same samples with every object's keys reversed give the same lists.
#[test]
fn findings_follow_the_spec_order_not_the_json_key_order() {
    fn reversed_keys(value: &Value) -> String {
        match value {
            Value::Object(map) => {
                let members: Vec<String> = map
                    .iter()
                    .rev()
                    .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), reversed_keys(v)))
                    .collect();
                format!("{{{}}}", members.join(","))
            }
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(reversed_keys).collect();
                format!("[{}]", items.join(","))
            }
            other => other.to_string(),
        }
    }
    for (what, sample, rows) in [
        (
            "PERSONAL sample, keys reversed",
            PERSONAL,
            &PERSONAL_FINDINGS[..],
        ),
        (
            "CORPORATE sample, keys reversed",
            CORPORATE,
            &CORPORATE_FINDINGS[..],
        ),
    ] {
        let reordered = reversed_keys(&serde_json::from_str(sample).unwrap());
        assert!(!reordered.starts_with("{\"id\""), "keys were reordered");
        let found = decode(&reordered).conformance().findings;
        assert_findings(what, &found, &expected(sample, rows));
    }
}

/// DOKU adds enum values without notice. A business type the spec does not list still
/// decodes, and is reported once, as an unknown enum value at `type`; its string format
/// (`ANS(22)`) is not checked on top.
#[test]
fn a_business_type_doku_adds_later_is_one_unknown_enum_value_finding() {
    for new_type in ["SOLE_PROPRIETOR", "SOLE_PROPRIETOR_WITH_A_LONGER_NAME"] {
        let mut value: Value = serde_json::from_str(PERSONAL).unwrap();
        value["type"] = Value::from(new_type);
        let response: Response = serde_json::from_str(&value.to_string())
            .unwrap_or_else(|e| panic!("type {new_type:?} does not decode: {e}"));
        let found = response.conformance().findings;

        // `type` comes before brands, contacts, ... in the spec, and nothing before it has a
        // finding, so the new finding is the first one; the rest is the PERSONAL list.
        let mut want = expected(PERSONAL, &PERSONAL_FINDINGS);
        want.insert(
            0,
            Finding {
                path: FindingPath::parse("type"),
                rule: FindingRule::Enum("BusinessType"),
                problem: Problem::UnknownEnumValue(new_type.to_owned()),
                len: new_type.chars().count(),
            },
        );
        assert_findings(&format!("PERSONAL with type {new_type}"), &found, &want);
        assert_eq!(found.len(), PERSONAL_FINDINGS.len() + 1);
        assert_eq!(found.iter().filter(|f| f.path == "type").count(), 1);
    }
}
