//! The request body's schema, from the model: the one mapping that both the emitted
//! `static SCHEMA` (what the client and the local stand-in check) and the `check` command's
//! sample check use, so the two cannot drift apart.

use std::path::Path;

use doku_partner_support::__private::body;
use doku_partner_support::FormatRule;
use proc_macro2::TokenStream;

use crate::diagnostic::{Diagnostic, Loc};
use crate::model::{
    ArrayItems, Body, BodyRuleKind, EnumDef, Field, FieldKind, FileLimits, Format, JsonType,
    ObjectDef, Scalar, Spec,
};

/// The rule a body scalar is checked against: its format's character set and length, checked
/// on the text of a string or the digits of a number; free text must at least be non-empty.
pub(crate) fn format_rule(scalar: &Scalar) -> Option<FormatRule> {
    use crate::formats::Check;
    match (scalar.json, crate::formats::check(scalar.format)) {
        (JsonType::Boolean, _) | (_, Check::None) => None,
        (_, Check::Rule(rule)) => Some(rule),
        // A free-text format (or a date, checked as text here) says nothing about a number's
        // digits.
        (
            JsonType::Integer | JsonType::Number,
            Check::Date | Check::CompactDate(_) | Check::FreeText,
        ) => None,
        (JsonType::String, Check::Date | Check::CompactDate(_) | Check::FreeText) => {
            Some(FormatRule::text_unbounded())
        }
    }
}

/// `rule` as an expression of the runtime's constructors (`FormatRule::ans(50)`).
pub(crate) fn rule_tokens(rule: FormatRule, rt: &syn::Path) -> TokenStream {
    crate::formats::rule_tokens(rule, rt)
}

// -- The schema as a value, for checking samples ----------------------------------------------
//
// The runtime's schema holds `&'static` data (generated code keeps it in statics), so the
// schema built here from a spec is leaked: a few kilobytes per spec, once per `check` of a
// spec. Only `check_spec_file` builds one; the derive never does.

pub(crate) fn leak<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

pub(crate) fn leak_str(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

pub(crate) fn scalar(scalar: &Scalar, enums: &[EnumDef]) -> body::Scalar {
    let values = match (&scalar.enum_ref, scalar.json) {
        (Some(name), JsonType::String | JsonType::Integer) => enums
            .iter()
            .find(|e| &e.name == name)
            .map(|e| leak(e.values.iter().map(|v| leak_str(&v.wire)).collect())),
        _ => None,
    };
    body::Scalar {
        json: match scalar.json {
            JsonType::String => body::JsonType::String,
            JsonType::Integer => body::JsonType::Integer,
            JsonType::Number => body::JsonType::Number,
            JsonType::Boolean => body::JsonType::Boolean,
        },
        // A cut-off list's other values meet the field's format (the listed ones are DOKU's).
        rule: match (values.is_some(), scalar.enum_cut_off) {
            (true, true) => Some(format_rule(scalar).unwrap_or(FormatRule::text_unbounded())),
            _ => format_rule(scalar),
        },
        values,
        date: date_shape(scalar),
        values_cut_off: scalar.enum_cut_off,
    }
}

/// The date shape a body string is checked against (`date`, `timestamp`).
pub(crate) fn date_shape(scalar: &Scalar) -> Option<body::DateShape> {
    match (scalar.format, scalar.json, &scalar.enum_ref) {
        (Format::Date, JsonType::String, None) => Some(body::DateShape::DateTime),
        (Format::Timestamp, JsonType::String, None) => Some(body::DateShape::Timestamp),
        (Format::CompactDateTime(zone), JsonType::String, None) => Some(body::DateShape::Compact(
            crate::formats::compact_notation(zone),
        )),
        _ => None,
    }
}

/// The runtime's rule for a `file` field.
pub(crate) fn file_rule(limits: &FileLimits) -> body::FileRule {
    body::FileRule {
        extensions: leak(limits.extensions.iter().map(|e| leak_str(e)).collect()),
        max_bytes: limits.max_bytes,
    }
}

fn field(field: &Field, spec: Option<&Body>, enums: &[EnumDef]) -> body::Field {
    let kind = match &field.kind {
        FieldKind::Scalar(s) if s.format == Format::File => {
            body::Kind::File(file_rule(&field.file.clone().unwrap_or_default()))
        }
        FieldKind::Scalar(s) => body::Kind::Scalar(scalar(s, enums)),
        FieldKind::Object(o) => body::Kind::Object(object(o, spec, enums)),
        FieldKind::Array(ArrayItems::Object(o)) => {
            body::Kind::Array(body::Items::Object(object(o, spec, enums)))
        }
        FieldKind::Array(ArrayItems::Scalar(s)) => {
            body::Kind::Array(body::Items::Scalar(scalar(s, enums)))
        }
        FieldKind::Array(ArrayItems::Any) => body::Kind::Array(body::Items::Any),
    };
    body::Field {
        name: leak_str(&field.wire_name),
        optional: field.optional,
        kind,
    }
}

/// The runtime rules of the object at `object` (one per constrained or required key).
pub(crate) fn rules_of<'b>(body: &'b Body, object: &'b str) -> Vec<RuleRow<'b>> {
    let mut out = Vec::new();
    for rule in body.rules.iter().filter(|r| r.object == object) {
        match &rule.kind {
            BodyRuleKind::AllowedWhen { when, is, then } => {
                for (field, allowed) in then {
                    out.push(RuleRow::AllowedWhen {
                        when,
                        is,
                        field,
                        allowed,
                    });
                }
            }
            BodyRuleKind::RequiredWhen { when, is, require } => {
                for field in require {
                    out.push(RuleRow::RequiredWhen { when, is, field });
                }
            }
            BodyRuleKind::ExactlyOne { fields } => out.push(RuleRow::ExactlyOne { fields }),
            BodyRuleKind::Same { when, fields } => out.push(RuleRow::Same {
                when: when.as_ref().map(|(w, v)| (w.as_str(), v.as_str())),
                fields,
            }),
            BodyRuleKind::Total {
                total,
                items,
                factors,
            } => out.push(RuleRow::Total {
                total,
                items,
                factors,
            }),
            BodyRuleKind::LimitWhen {
                when, is, limits, ..
            } => {
                for (field, limit) in limits {
                    out.push(RuleRow::LimitWhen {
                        when,
                        is,
                        field,
                        limit: *limit,
                    });
                }
            }
        }
    }
    out
}

/// One runtime rule ([`body::Rule`]), over the model's strings.
pub(crate) enum RuleRow<'b> {
    AllowedWhen {
        when: &'b str,
        is: &'b str,
        field: &'b str,
        allowed: &'b [String],
    },
    RequiredWhen {
        when: &'b str,
        is: &'b str,
        field: &'b str,
    },
    ExactlyOne {
        fields: &'b [String],
    },
    Same {
        when: Option<(&'b str, &'b str)>,
        fields: &'b [String],
    },
    Total {
        total: &'b str,
        items: &'b str,
        factors: &'b [String],
    },
    LimitWhen {
        when: &'b str,
        is: &'b str,
        field: &'b str,
        limit: crate::model::Limit,
    },
}

pub(crate) fn object(
    def: &ObjectDef,
    spec: Option<&Body>,
    enums: &[EnumDef],
) -> &'static body::Object {
    let fields = def.fields.iter().map(|f| field(f, spec, enums)).collect();
    let strs = |list: &[String]| leak(list.iter().map(|s| leak_str(s)).collect());
    let rules = spec
        .map(|spec| rules_of(spec, &def.path))
        .unwrap_or_default()
        .into_iter()
        .map(|row| match row {
            RuleRow::AllowedWhen {
                when,
                is,
                field,
                allowed,
            } => body::Rule::AllowedWhen {
                when: leak_str(when),
                is: leak_str(is),
                field: leak_str(field),
                allowed: strs(allowed),
            },
            RuleRow::RequiredWhen { when, is, field } => body::Rule::RequiredWhen {
                when: leak_str(when),
                is: leak_str(is),
                field: leak_str(field),
            },
            RuleRow::ExactlyOne { fields } => body::Rule::ExactlyOne {
                fields: strs(fields),
            },
            RuleRow::Same { when, fields } => body::Rule::Same {
                when: when.map(|(w, v)| (leak_str(w), leak_str(v))),
                fields: strs(fields),
            },
            RuleRow::Total {
                total,
                items,
                factors,
            } => body::Rule::Total {
                total: leak_str(total),
                items: leak_str(items),
                factors: strs(factors),
            },
            RuleRow::LimitWhen {
                when,
                is,
                field,
                limit,
            } => body::Rule::LimitWhen {
                when: leak_str(when),
                is: leak_str(is),
                field: leak_str(field),
                limit,
            },
        })
        .collect();
    Box::leak(Box::new(body::Object {
        fields: leak(fields),
        rules: leak(rules),
    }))
}

/// The shape of a response, for its samples: JSON types and required keys only. Unknown keys
/// are kept by the generated types, unknown enum values too, and documented formats are the
/// conformance check's business: none of them is a reason a sample does not decode.
pub(crate) fn response_object(def: &ObjectDef) -> &'static body::Object {
    let fields = def
        .fields
        .iter()
        .map(|f| {
            let scalar = |s: &Scalar| body::Scalar {
                json: match s.json {
                    JsonType::String => body::JsonType::String,
                    JsonType::Integer => body::JsonType::Integer,
                    JsonType::Number => body::JsonType::Number,
                    JsonType::Boolean => body::JsonType::Boolean,
                },
                rule: None,
                values: None,
                date: None,
                values_cut_off: false,
            };
            let kind = match &f.kind {
                FieldKind::Scalar(s) => body::Kind::Scalar(scalar(s)),
                FieldKind::Object(o) => body::Kind::Object(response_object(o)),
                FieldKind::Array(ArrayItems::Object(o)) => {
                    body::Kind::Array(body::Items::Object(response_object(o)))
                }
                FieldKind::Array(ArrayItems::Scalar(s)) => {
                    body::Kind::Array(body::Items::Scalar(scalar(s)))
                }
                FieldKind::Array(ArrayItems::Any) => body::Kind::Array(body::Items::Any),
            };
            body::Field {
                name: leak_str(&f.wire_name),
                optional: f.optional,
                kind,
            }
        })
        .collect();
    Box::leak(Box::new(body::Object {
        fields: leak(fields),
        rules: &[],
    }))
}

/// Checks every response sample of `spec` against its field table: a sample the generated
/// types could not decode (a wrong JSON type, a required key missing) is one diagnostic per
/// problem, at the sample's `file` entry.
pub fn check_response_samples(spec: &Spec, spec_dir: &Path) -> Vec<Diagnostic> {
    if spec.response.examples.is_empty() {
        return Vec::new();
    }
    let schema = response_object(&spec.response.root);
    let mut out = Vec::new();
    for example in &spec.response.examples {
        let Ok(bytes) = std::fs::read(spec_dir.join(&example.file)) else {
            continue;
        };
        let loc = Loc::new(
            example.pos.line,
            example.pos.column,
            u32::try_from(example.file.chars().count()).unwrap_or(1),
        );
        if example.cut_off {
            out.extend(check_cut_off_response(spec, example, schema, &bytes, loc));
            continue;
        }
        if let Err(errors) = body::check_bytes(schema, &bytes) {
            let decoding = errors
                .violations
                .iter()
                .filter(|v| !matches!(v, doku_partner_support::Violation::UnknownField { .. }));
            for violation in decoding {
                out.push(
                    Diagnostic::error(format!(
                        "response sample `{}` does not fit the field table: {violation}",
                        example.name
                    ))
                    .at(loc)
                    .label(format!("in {}", example.file))
                    .help(
                        "the sample is what DOKU sends: fix the field table (`optional: true`, \
                         `json:`) and note the conflict",
                    ),
                );
            }
        }
    }
    out
}

/// A response sample the page cuts off (`cut_off: true`): the members its text holds in full,
/// against the field table, or against the union's variant its discriminator names when the
/// cut left it (not the keys the cut removed). An unreadable cut is the loader's finding.
fn check_cut_off_response(
    spec: &Spec,
    example: &crate::model::Example,
    common: &'static body::Object,
    bytes: &[u8],
    loc: Loc,
) -> Vec<Diagnostic> {
    use crate::lower::union::{discriminator_of, strict_shape, variant_of};
    use doku_partner_support::Violation;
    let Some(present) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| doku_partner_support::cut_off::present_values(text).ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut shape = common;
    let mut what = String::new();
    if let Some(union) = &spec.response.union
        && let Some(value) = discriminator_of(&present, &union.discriminator)
    {
        match variant_of(union, &value) {
            Some(variant) => {
                shape = strict_shape(variant);
                what = format!(" (variant `{}`)", variant.name);
            }
            None => out.push(
                Diagnostic::error(format!(
                    "response sample `{}` has {} `{value}`, which no variant covers",
                    example.name, union.discriminator
                ))
                .at(loc)
                .label(format!("in {}", example.file))
                .help("add the value to the `values` of the variant it shows"),
            ),
        }
    }
    if let Err(errors) = body::check(shape, &present) {
        let held = errors.violations.iter().filter(|v| {
            !matches!(
                v,
                Violation::UnknownField { .. } | Violation::Missing { .. }
            )
        });
        for violation in held {
            out.push(
                Diagnostic::error(format!(
                    "response sample `{}` (cut off) does not fit the field table{what}: {violation}",
                    example.name
                ))
                .at(loc)
                .label(format!("in {}", example.file))
                .help(
                    "the sample is what DOKU sends, as far as the page goes: fix the field table \
                     (`optional: true`, `json:`) and note the conflict",
                ),
            );
        }
    }
    out
}

/// Checks every request sample of `spec` (`body.examples`) against the body's schema, with
/// the runtime's own check; one diagnostic per violation, at the sample's `file` entry.
pub fn check_request_samples(spec: &Spec, spec_dir: &Path) -> Vec<Diagnostic> {
    let Some(body) = &spec.body else {
        return Vec::new();
    };
    if body.examples.is_empty() {
        return Vec::new();
    }
    let schema = object(&body.root, Some(body), &spec.enums);
    let mut out = Vec::new();
    for example in &body.examples {
        let loc = Loc::new(
            example.pos.line,
            example.pos.column,
            u32::try_from(example.file.chars().count()).unwrap_or(1),
        );
        let bytes = match std::fs::read(spec_dir.join(&example.file)) {
            Ok(bytes) => bytes,
            // A missing file is reported by the loader already.
            Err(_) => continue,
        };
        let result = if example.cut_off {
            // The page's text up to its cut: the members it holds in full are checked (an
            // unreadable cut is reported by the loader already).
            let Some(present) = std::str::from_utf8(&bytes)
                .ok()
                .and_then(|text| doku_partner_support::cut_off::present_values(text).ok())
            else {
                continue;
            };
            body::check(schema, &present)
        } else {
            body::check_bytes(schema, &bytes)
        };
        let violations = result.err().map(|e| e.violations).unwrap_or_default();
        // `breaks`: the page's own sample breaks a rule there; exactly those are expected.
        for path in &example.breaks {
            if !violations
                .iter()
                .any(|v| rule_violation_at(v) == Some(path))
            {
                out.push(
                    Diagnostic::error(format!(
                        "request sample `{}` is said to break a rule at `{path}`, but does not",
                        example.name
                    ))
                    .at(loc)
                    .label(format!("in {}", example.file))
                    .help(
                        "`breaks` lists the JSON paths (`business.brands[0].name`) where the \
                         sample breaks one of `body.rules`: remove this one",
                    ),
                );
            }
        }
        if !violations.is_empty() {
            let shown = violations.iter().filter(|v| {
                // A cut-off sample lacks what the page lost (a key, the member a rule requires,
                // the one of two a rule wants); everything it has is checked.
                use doku_partner_support::Violation;
                let absent = match v {
                    Violation::Missing { .. } => example.partial || example.cut_off,
                    Violation::RequiredWhen { .. } | Violation::ExactlyOne { present: 0, .. } => {
                        example.cut_off
                    }
                    _ => false,
                };
                // A rule the page's own sample is known to break (`breaks`).
                let known =
                    rule_violation_at(v).is_some_and(|p| example.breaks.iter().any(|b| b == p));
                !absent && !known
            });
            for violation in shown {
                out.push(
                    Diagnostic::error(format!(
                        "request sample `{}` does not fit the body: {violation}",
                        example.name
                    ))
                    .at(loc)
                    .label(format!("in {}", example.file))
                    .help(
                        "fix the sample (it must be the page's sample, byte for byte) or the \
                         field table, and record the conflict in `notes`",
                    ),
                );
            }
        }
    }
    out
}

/// The JSON path a violation of one of `body.rules` is reported at; `None` for any other
/// violation (those a sample's `breaks` cannot excuse).
fn rule_violation_at(v: &doku_partner_support::Violation) -> Option<&str> {
    use doku_partner_support::Violation;
    match v {
        Violation::NotAllowedWith { field, .. }
        | Violation::RequiredWhen { field, .. }
        | Violation::NotSame { field, .. }
        | Violation::TotalMismatch { field, .. }
        | Violation::OverLimitWhen { field, .. } => Some(field),
        Violation::ExactlyOne { fields, .. } => fields.first().map(String::as_str),
        _ => None,
    }
}

/// Checks a body DOKU sent against an incoming spec's `event` table, as a request body is
/// checked (JSON types, required keys, documented formats and values) and with every key the
/// table does not document: one text per drift (`doku-partner listen <spec>` prints them).
/// The generated types decode such a body all the same: these are findings, not failures.
///
/// With `event.union`, the body is checked as the shape its discriminator names (its own
/// required fields required); a value no shape lists is one finding, and the body is checked
/// against the fields every shape has.
pub fn check_incoming_body(spec: &Spec, bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let strict;
    let root = match spec
        .response
        .union
        .as_ref()
        .and_then(|u| crate::lower::union::pick(u, bytes, "Event"))
    {
        Some(Ok(variant)) => {
            strict = crate::lower::union::strict_root(variant);
            &strict
        }
        Some(Err(finding)) => {
            out.push(finding);
            &spec.response.root
        }
        None => &spec.response.root,
    };
    let schema = object(root, None, &spec.enums);
    if let Err(errors) = body::check_bytes(schema, bytes) {
        out.extend(errors.violations.iter().map(ToString::to_string));
    }
    out
}
