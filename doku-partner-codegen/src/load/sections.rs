//! Load, step 3b: the readers of every section of a spec, each with the list of keys it
//! accepts right above it. A key is added in one place: its line in the list and its line in
//! the reader, which fills a field of the raw AST (the compiler asks for the field). A reader
//! asking for a key missing from its list is a bug the loader reports on every spec that has
//! the section, and a listed key without an effect fails `tests/keys.rs`, so the three cannot
//! drift apart.

use super::ast::*;
use super::map::{MapReader, text_list};
use super::yaml::{YKind, YNode};
use crate::diagnostic::{Ctxt, Diagnostic, Loc};

// Every key the loader accepts, by section. Each one reaches the generated code, its docs or
// the local stand-in (spec/README.md says where); `tests/keys.rs` proves it for every key of
// this table, so a key added here without an effect fails the tests.

/// Every key the loader accepts, as `(section, keys)`; sections are named as in
/// spec/README.md (`field` is an entry of `response.fields` or `body.fields`).
pub const ACCEPTED_KEYS: &[(&str, &[&str])] = &[
    ("top", TOP_KEYS),
    ("hosts", HOSTS_KEYS),
    ("hosts.others", OTHER_HOST_KEYS),
    ("auth", AUTH_KEYS),
    ("auth.issues_token", ISSUES_TOKEN_KEYS),
    ("header", HEADER_KEYS),
    ("param", PARAM_KEYS),
    ("enum", ENUM_KEYS),
    ("enum.value", ENUM_VALUE_KEYS),
    ("rule", RULE_KEYS),
    ("body", BODY_KEYS),
    ("body.rule", BODY_RULE_KEYS),
    ("body.example", REQUEST_EXAMPLE_KEYS),
    ("response", RESPONSE_KEYS),
    ("event", EVENT_KEYS),
    ("answer", ANSWER_KEYS),
    ("response.example", EXAMPLE_KEYS),
    ("response.union", super::union::UNION_KEYS),
    ("response.union.variant", super::union::VARIANT_KEYS),
    ("response.header", RESPONSE_HEADER_KEYS),
    ("field", FIELD_KEYS),
    ("errors", ERRORS_KEYS),
    ("error.case", ERROR_CASE_KEYS),
    ("errors.envelope", ENVELOPE_KEYS),
];

/// Keys accepted at the top level.
pub const TOP_KEYS: &[&str] = &[
    "name",
    "title",
    "summary",
    "docs_url",
    "notes",
    "direction",
    "method",
    "path",
    "hosts",
    "auth",
    "headers",
    "path_params",
    "query",
    "enums",
    "rules",
    "body",
    "response",
    "errors",
    "event",
    "answer",
];

/// Reads the raw AST of a spec from its YAML tree, reporting every structural problem.
/// `None` only when the document is not a mapping at all.
pub fn read_spec(root: &YNode, cx: &mut Ctxt<'_>) -> Option<RawSpec> {
    if matches!(root.kind, YKind::Null) {
        cx.emit(
            Diagnostic::error("the spec is empty")
                .at(Loc::new(1, 1, 0))
                .help("a spec is a YAML mapping with `name`, `method`, `path`, `response`, ..."),
        );
        return None;
    }
    let m = MapReader::new(root, "the spec", TOP_KEYS, cx)?;
    Some(RawSpec {
        loc: m.loc,
        name: m.required_text("name", cx),
        title: m.required_text("title", cx),
        summary: m.required_text("summary", cx),
        docs_url: m.required_text("docs_url", cx),
        notes: m.text_list("notes", cx),
        direction: m.text("direction", cx),
        event: m.get("event", cx).and_then(|n| read_event(n, cx)),
        answer: m.get("answer", cx).and_then(|n| read_answer(n, cx)),
        direction_keys: [
            "hosts",
            "response",
            "event",
            "answer",
            "path_params",
            "query",
            "rules",
            "body",
            "errors",
        ]
        .into_iter()
        .filter_map(|key| Some((key, m.key_loc(key)?)))
        .collect(),
        method: m.required_text("method", cx),
        path: m.required_text("path", cx),
        // Required or refused by `direction`: checked when lowering (an incoming spec has no
        // hosts and no response, an outgoing one has both).
        hosts: m.get("hosts", cx).and_then(|n| read_hosts(n, cx)),
        auth: m.required_node("auth", cx).and_then(|n| read_auth(n, cx)),
        headers: m
            .list("headers", cx)
            .iter()
            .filter_map(|n| read_header(n, cx))
            .collect(),
        path_params: m
            .list("path_params", cx)
            .iter()
            .filter_map(|n| read_param(n, "path parameter", cx))
            .collect(),
        query: m
            .list("query", cx)
            .iter()
            .filter_map(|n| read_param(n, "query parameter", cx))
            .collect(),
        enums: m
            .get("enums", cx)
            .map(|n| read_enums(n, cx))
            .unwrap_or_default(),
        rules: m
            .list("rules", cx)
            .iter()
            .filter_map(|n| read_rule(n, cx))
            .collect(),
        body: m
            .get("body", cx)
            .and_then(|n| read_body(n, cx))
            .map(|mut body| {
                body.key_loc = m.key_loc("body").unwrap_or(body.loc);
                body
            }),
        response: m.get("response", cx).and_then(|n| read_response(n, cx)),
        errors: m.get("errors", cx).and_then(|n| read_errors(n, cx)),
        unknown_keys: m.unknown.clone(),
    })
}

const HOSTS_KEYS: &[&str] = &["sandbox", "production", "others"];

const OTHER_HOST_KEYS: &[&str] = &["url", "note"];

fn read_hosts(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawHosts> {
    let m = MapReader::new(node, "`hosts`", HOSTS_KEYS, cx)?;
    Some(RawHosts {
        loc: m.loc,
        sandbox: m.required_text("sandbox", cx),
        production: m.required_text("production", cx),
        others: m
            .list("others", cx)
            .iter()
            .filter_map(|n| {
                let e = MapReader::new(n, "an entry of `hosts.others`", OTHER_HOST_KEYS, cx)?;
                Some(RawOtherHost {
                    loc: e.loc,
                    url: e.required_text("url", cx),
                    note: e.text("note", cx),
                })
            })
            .collect(),
    })
}

const AUTH_KEYS: &[&str] = &[
    "signature",
    "query_in_target",
    "bearer_token",
    "issues_token",
];

const ISSUES_TOKEN_KEYS: &[&str] = &["token_field", "lifetime_field"];

fn read_auth(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawAuth> {
    let m = MapReader::new(node, "`auth`", AUTH_KEYS, cx)?;
    Some(RawAuth {
        loc: m.loc,
        signature: m.required_text("signature", cx),
        query_in_target: m.flag("query_in_target", cx),
        bearer_token: m.flag("bearer_token", cx),
        issues_token: m.get("issues_token", cx).and_then(|n| {
            let t = MapReader::new(n, "`auth.issues_token`", ISSUES_TOKEN_KEYS, cx)?;
            Some(RawIssuesToken {
                loc: t.loc,
                token_field: t.required_text("token_field", cx),
                lifetime_field: t.text("lifetime_field", cx),
            })
        }),
    })
}

fn read_notes(m: &MapReader<'_>, cx: &mut Ctxt<'_>) -> Vec<Sp<String>> {
    m.text_list("notes", cx)
}

const HEADER_KEYS: &[&str] = &[
    "name",
    "source",
    "format",
    "description",
    "example",
    "notes",
];

fn read_header(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawHeader> {
    let m = MapReader::new(node, "a header", HEADER_KEYS, cx)?;
    Some(RawHeader {
        notes: read_notes(&m, cx),
        loc: m.loc,
        name: m.required_text("name", cx),
        source: m.required_text("source", cx),
        format: m.text("format", cx),
        description: m.text("description", cx),
        example: m.example("example", cx),
    })
}

const PARAM_KEYS: &[&str] = &[
    "name",
    "rust_name",
    "format",
    "required",
    "enum",
    "description",
    "example",
    "target",
];

fn read_param(node: &YNode, what: &str, cx: &mut Ctxt<'_>) -> Option<RawParam> {
    let m = MapReader::new(node, &format!("a {what}"), PARAM_KEYS, cx)?;
    Some(RawParam {
        loc: m.loc,
        name: m.required_text("name", cx),
        rust_name: m.text("rust_name", cx),
        format: m.required_text("format", cx),
        required: m.flag("required", cx),
        enum_ref: m.text("enum", cx),
        description: m.text("description", cx),
        example: m.example("example", cx),
        target: m.text("target", cx),
    })
}

const ENUM_KEYS: &[&str] = &["description", "values", "rust_path"];

const ENUM_VALUE_KEYS: &[&str] = &["value", "description"];

fn read_enums(node: &YNode, cx: &mut Ctxt<'_>) -> Vec<RawEnum> {
    if matches!(node.kind, YKind::Null) {
        return Vec::new();
    }
    // Keys are enum names: any key is allowed (duplicates are reported by the reader).
    let Some(m) = MapReader::new(node, "`enums`", &[], cx) else {
        return Vec::new();
    };
    let mut out: Vec<RawEnum> = Vec::new();
    for (name, def) in &m.entries {
        let what = format!("enum `{}`", name.value);
        let Some(e) = MapReader::new(def, &what, ENUM_KEYS, cx) else {
            continue;
        };
        let values = match e.required_node("values", cx) {
            None => Vec::new(),
            Some(v) => match &v.kind {
                YKind::Seq(items) => {
                    if items.is_empty() {
                        cx.error(v.loc, format!("{what} has no values"), "empty list");
                    }
                    items
                        .iter()
                        .filter_map(|item| {
                            let vm = MapReader::new(
                                item,
                                &format!("a value of {what}"),
                                ENUM_VALUE_KEYS,
                                cx,
                            )?;
                            Some(RawEnumValue {
                                loc: vm.loc,
                                value: vm.required_text("value", cx),
                                description: vm.text("description", cx),
                            })
                        })
                        .collect()
                }
                _ => {
                    cx.emit(
                        Diagnostic::error(format!(
                            "expected a list for `values` of {what}, found {}",
                            v.describe()
                        ))
                        .at(v.loc)
                        .label("expected a list")
                        .help("write `values: [{value: X, description: ...}, ...]`"),
                    );
                    Vec::new()
                }
            },
        };
        out.push(RawEnum {
            name: name.clone(),
            loc: e.loc,
            description: e.text("description", cx),
            values,
            rust_path: e.text("rust_path", cx),
        });
    }
    out
}

/// A rule's `when`: `name: value` entries, each value a single scalar.
fn read_when(node: &YNode, what: &str, cx: &mut Ctxt<'_>) -> Vec<(Sp<String>, Sp<String>)> {
    let mut out = Vec::new();
    let Some(w) = MapReader::new(node, what, &[], cx) else {
        return out;
    };
    for (name, value) in &w.entries {
        match value.text() {
            Some(v) => out.push((name.clone(), Sp::new(v.to_owned(), value.loc))),
            None => cx.emit(
                Diagnostic::error(format!(
                    "expected one value for `{}` in `when`, found {}",
                    name.value,
                    value.describe()
                ))
                .at(value.loc)
                .label("expected a single value"),
            ),
        }
    }
    out
}

const RULE_KEYS: &[&str] = &["when", "then", "description"];

fn read_rule(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawRule> {
    let m = MapReader::new(node, "a rule", RULE_KEYS, cx)?;
    let mut rule = RawRule {
        loc: m.loc,
        description: m.text("description", cx),
        ..RawRule::default()
    };
    if let Some(when) = m.required_node("when", cx) {
        rule.when_loc = when.loc;
        rule.when = read_when(when, "`when` of a rule", cx);
    }
    if let Some(then) = m.required_node("then", cx) {
        rule.then_loc = then.loc;
        if let Some(t) = MapReader::new(then, "`then` of a rule", &[], cx) {
            for (param, values) in &t.entries {
                let list = text_list(values, &format!("`then.{}`", param.value), cx);
                rule.then.push((param.clone(), list));
            }
        }
    }
    Some(rule)
}

pub(super) fn read_fields(m: &MapReader<'_>, cx: &mut Ctxt<'_>) -> Vec<RawField> {
    let Some(node) = m.required_node("fields", cx) else {
        return Vec::new();
    };
    let items: &[YNode] = match &node.kind {
        YKind::Seq(items) => items,
        YKind::Null => &[],
        _ => {
            cx.emit(
                Diagnostic::error(format!(
                    "expected a list for `fields` in {}, found {}",
                    m.what,
                    node.describe()
                ))
                .at(node.loc)
                .label("expected a list"),
            );
            &[]
        }
    };
    items.iter().filter_map(|n| read_field(n, cx)).collect()
}

/// Keys accepted in a field entry.
pub const FIELD_KEYS: &[&str] = &[
    "path",
    "documented_path",
    "format",
    "type",
    "rust_type",
    "json",
    "items",
    "optional",
    "rust_name",
    "enum",
    "description",
    "example",
    "notes",
    "extensions",
    "max_bytes",
    "same_as_request",
    "enum_cut_off",
    "secret",
    "personal",
];

fn read_field(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawField> {
    let m = MapReader::new(node, "a field entry", FIELD_KEYS, cx)?;
    Some(RawField {
        loc: m.loc,
        path: m.required_text("path", cx),
        documented_path: m.text("documented_path", cx),
        format: m.text("format", cx),
        ty: m.text("type", cx),
        rust_type: m.text("rust_type", cx),
        json: m.text("json", cx),
        items: m.text("items", cx),
        optional: m.flag("optional", cx),
        rust_name: m.text("rust_name", cx),
        enum_ref: m.text("enum", cx),
        description: m.text("description", cx),
        example: m.example("example", cx),
        notes: read_notes(&m, cx),
        extensions: m.text_list("extensions", cx),
        max_bytes: m.integer("max_bytes", cx),
        same_as_request: m.flag("same_as_request", cx),
        enum_cut_off: m.flag("enum_cut_off", cx),
        secret: m.text("secret", cx),
        personal: m.text("personal", cx),
    })
}

const BODY_KEYS: &[&str] = &[
    "encoding",
    "digest",
    "fields",
    "rules",
    "examples",
    "description",
    "notes",
];

const REQUEST_EXAMPLE_KEYS: &[&str] = &[
    "name",
    "file",
    "description",
    "notes",
    "partial",
    "breaks",
    "cut_off",
];

fn read_body(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawBody> {
    let m = MapReader::new(node, "`body`", BODY_KEYS, cx)?;
    Some(RawBody {
        loc: m.loc,
        key_loc: m.loc,
        encoding: m.text("encoding", cx),
        digest: m.text("digest", cx),
        description: m.text("description", cx),
        notes: read_notes(&m, cx),
        fields: read_fields(&m, cx),
        rules: m
            .list("rules", cx)
            .iter()
            .filter_map(|n| read_body_rule(n, cx))
            .collect(),
        examples: read_examples(&m, true, cx),
    })
}

const BODY_RULE_KEYS: &[&str] = &[
    "when",
    "then",
    "require",
    "one_of",
    "same",
    "total",
    "sum_of",
    "max_length",
    "max_value",
    "description",
];

fn read_body_rule(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawBodyRule> {
    let m = MapReader::new(node, "a body rule", BODY_RULE_KEYS, cx)?;
    let mut rule = RawBodyRule {
        loc: m.loc,
        description: m.text("description", cx),
        ..RawBodyRule::default()
    };
    if let Some(when) = m.get("when", cx) {
        rule.when_loc = when.loc;
        rule.when = read_when(when, "`when` of a body rule", cx);
    }
    if let Some(then) = m.get("then", cx) {
        let mut entries = Vec::new();
        if let Some(t) = MapReader::new(then, "`then` of a body rule", &[], cx) {
            for (field, values) in &t.entries {
                let list = text_list(values, &format!("`then.{}`", field.value), cx);
                entries.push((field.clone(), list));
            }
        }
        rule.then = Some(entries);
    }
    rule.total = m.text("total", cx);
    for (key, slot) in [
        ("max_length", &mut rule.max_length),
        ("max_value", &mut rule.max_value),
    ] {
        if let Some(node) = m.get(key, cx) {
            *slot = Some(Sp::new(read_limits(node, key, cx), node.loc));
        }
    }
    for (key, slot) in [
        ("require", &mut rule.require),
        ("one_of", &mut rule.one_of),
        ("same", &mut rule.same),
        ("sum_of", &mut rule.sum_of),
    ] {
        if let Some(node) = m.get(key, cx) {
            *slot = Some(Sp::new(text_list(node, &format!("`{key}`"), cx), node.loc));
        }
    }
    Some(rule)
}

/// `max_length: { field.path: 30 }`: each field with an integer.
fn read_limits(node: &YNode, key: &str, cx: &mut Ctxt<'_>) -> Vec<RawLimit> {
    let Some(map) = MapReader::new(node, &format!("`{key}` of a body rule"), &[], cx) else {
        return Vec::new();
    };
    map.entries
        .iter()
        .filter_map(|(field, _)| Some((field.clone(), map.integer(&field.value, cx)?)))
        .collect()
}

/// `examples` of the response (name, file, description, `cut_off` for a sample cut off on
/// DOKU's page) or, with `request`, of the body (also `notes`, and `partial` or `cut_off`).
fn read_examples(m: &MapReader<'_>, request: bool, cx: &mut Ctxt<'_>) -> Vec<RawExample> {
    let keys = if request {
        REQUEST_EXAMPLE_KEYS
    } else {
        EXAMPLE_KEYS
    };
    m.list("examples", cx)
        .iter()
        .filter_map(|n| {
            let e = MapReader::new(n, "an example", keys, cx)?;
            Some(RawExample {
                loc: e.loc,
                name: e.required_text("name", cx),
                file: e.required_text("file", cx),
                description: e.text("description", cx),
                notes: if request {
                    read_notes(&e, cx)
                } else {
                    Vec::new()
                },
                partial: if request { e.flag("partial", cx) } else { None },
                breaks: if request {
                    e.get("breaks", cx)
                        .map(|n| text_list(n, "`breaks`", cx))
                        .unwrap_or_default()
                } else {
                    Vec::new()
                },
                cut_off: e.flag("cut_off", cx),
            })
        })
        .collect()
}

const RESPONSE_KEYS: &[&str] = &["status", "fields", "examples", "headers", "union"];

const EXAMPLE_KEYS: &[&str] = &["name", "file", "description", "cut_off"];

fn read_response(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawResponse> {
    let m = MapReader::new(node, "`response`", RESPONSE_KEYS, cx)?;
    Some(RawResponse {
        loc: m.loc,
        status: m.integer("status", cx),
        fields: read_fields(&m, cx),
        examples: read_examples(&m, false, cx),
        union: m
            .get("union", cx)
            .and_then(|n| super::union::read_union(n, "response", cx)),
        headers: m
            .list("headers", cx)
            .iter()
            .filter_map(|n| read_response_header(n, cx))
            .collect(),
    })
}

/// Keys of an entry of `response.headers` (lowered in `lower/response_headers.rs`).
const RESPONSE_HEADER_KEYS: &[&str] = &[
    "name",
    "format",
    "mandatory",
    "check",
    "description",
    "example",
    "notes",
];

fn read_response_header(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawResponseHeader> {
    let m = MapReader::new(node, "a response header", RESPONSE_HEADER_KEYS, cx)?;
    Some(RawResponseHeader {
        notes: read_notes(&m, cx),
        loc: m.loc,
        name: m.required_text("name", cx),
        format: m.text("format", cx),
        mandatory: m.flag("mandatory", cx),
        check: m.text("check", cx),
        description: m.text("description", cx),
        example: m.example("example", cx),
    })
}

// An incoming spec (`direction: incoming`): the body DOKU sends, written like a response's
// field table, and what the partner answers.

const EVENT_KEYS: &[&str] = &["fields", "examples", "union"];

fn read_event(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawResponse> {
    let m = MapReader::new(node, "`event`", EVENT_KEYS, cx)?;
    Some(RawResponse {
        loc: m.loc,
        status: None,
        fields: read_fields(&m, cx),
        examples: read_examples(&m, false, cx),
        // One shape per channel: the same reader and checks as `response.union`.
        union: m
            .get("union", cx)
            .and_then(|n| super::union::read_union(n, "event", cx)),
        headers: Vec::new(),
    })
}

const ANSWER_KEYS: &[&str] = &["status"];

fn read_answer(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawAnswer> {
    let m = MapReader::new(node, "`answer`", ANSWER_KEYS, cx)?;
    Some(RawAnswer {
        loc: m.loc,
        status: m.integer("status", cx),
    })
}

const ERRORS_KEYS: &[&str] = &["envelope", "envelopes", "cases"];

/// Keys of an entry of `errors.envelopes` (lowered in `lower/response_headers.rs`).
const ENVELOPE_KEYS: &[&str] = &["name", "sample", "description"];

const ERROR_CASE_KEYS: &[&str] = &["status", "code", "message", "description"];

fn read_errors(node: &YNode, cx: &mut Ctxt<'_>) -> Option<RawErrors> {
    if matches!(node.kind, YKind::Null) {
        return None;
    }
    let m = MapReader::new(node, "`errors`", ERRORS_KEYS, cx)?;
    Some(RawErrors {
        loc: m.loc,
        envelope: m.text("envelope", cx),
        envelopes: m
            .list("envelopes", cx)
            .iter()
            .filter_map(|n| {
                let e = MapReader::new(n, "an entry of `errors.envelopes`", ENVELOPE_KEYS, cx)?;
                Some(RawEnvelope {
                    loc: e.loc,
                    name: e.required_text("name", cx),
                    sample: e.text("sample", cx),
                    description: e.text("description", cx),
                })
            })
            .collect(),
        cases: m
            .list("cases", cx)
            .iter()
            .filter_map(|n| {
                let e = MapReader::new(n, "an error case", ERROR_CASE_KEYS, cx)?;
                let status = e.integer("status", cx);
                if status.is_none() && e.get("status", cx).is_none() {
                    e.missing("status", cx);
                }
                Some(RawErrorCase {
                    loc: e.loc,
                    status,
                    code: e.required_text("code", cx),
                    message: e.text("message", cx),
                    description: e.text("description", cx),
                })
            })
            .collect(),
    })
}
