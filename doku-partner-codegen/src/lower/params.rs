//! Lower: headers (with the caller-supplied ones and the token a response issues), path and
//! query parameters (with their Rust names), enums and rules.

use std::collections::HashMap;

use super::{TypeName, lower_param_format, text_opt, text_or_empty, unknown_choice};
use crate::diagnostic::{Ctxt, Diagnostic, FirstSeen, Loc, did_you_mean};
use crate::load::RawIssuesToken;
use crate::load::{RawAuth, RawEnum, RawHeader, RawParam, RawRule, RawSpec, Sp};
use crate::model::{
    Auth, Body, EnumDef, EnumValue, FieldKind, Format, Header, HeaderSource, JsonType, ObjectDef,
    Param, Response, Rule,
};
use crate::names;

/// Headers the client computes itself; a spec cannot make the caller supply them.
const CLIENT_HEADERS: &[&str] = &[
    "Client-Id",
    "Request-Id",
    "Request-Timestamp",
    "Signature",
    "Digest",
    "Content-Type",
    "Content-Length",
    "Accept",
    "Host",
    "User-Agent",
];

pub(super) fn lower_header(raw: &RawHeader, cx: &mut Ctxt<'_>) -> Header {
    if let Some(name) = &raw.name
        && !name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        cx.emit(
            Diagnostic::error(format!("invalid header name `{}`", name.value))
                .at(name.loc)
                .label("not an HTTP header name")
                .help("use ASCII letters, digits and `-`, e.g. `Request-Id`"),
        );
    }
    let source = match &raw.source {
        None => HeaderSource::Caller,
        Some(s) => match s.as_str() {
            "credentials" => HeaderSource::Credentials,
            "generated" => HeaderSource::Generated,
            "computed" => HeaderSource::Computed,
            "caller" => HeaderSource::Caller,
            _ => {
                unknown_choice(
                    cx,
                    "header source",
                    s,
                    &["credentials", "generated", "computed", "caller"],
                );
                HeaderSource::Caller
            }
        },
    };
    let name = text_or_empty(&raw.name);
    Header {
        rust_name: names::field_ident(&name),
        name,
        source,
        format: raw
            .format
            .as_ref()
            .and_then(|f| lower_param_format(f, "header", cx)),
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
    }
}

pub(super) fn check_rust_name_override(text: &Sp<String>, cx: &mut Ctxt<'_>) {
    if !names::is_snake_ident(&text.value) {
        cx.emit(
            Diagnostic::error(format!("invalid `rust_name` `{}`", text.value))
                .at(text.loc)
                .label("not a snake_case Rust identifier")
                .help(format!(
                    "use lowercase letters, digits and `_`, not a keyword, e.g. `{}`",
                    names::field_ident(&text.value)
                )),
        );
    }
}

pub(super) fn check_rust_type_override(text: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) {
    if !names::is_pascal_ident(&text.value) {
        cx.emit(
            Diagnostic::error(format!("invalid {what} `{}`", text.value))
                .at(text.loc)
                .label("not a PascalCase Rust type name")
                .help(format!(
                    "use an ASCII letter then letters and digits, e.g. `{}`",
                    names::escape_pascal(names::pascal_case(&text.value))
                )),
        );
    }
}

pub(super) fn lower_param(raw: &RawParam, is_path: bool, cx: &mut Ctxt<'_>) -> Param {
    let name = text_or_empty(&raw.name);
    let rust_name = match &raw.rust_name {
        Some(r) => {
            check_rust_name_override(r, cx);
            r.value.clone()
        }
        None => names::field_ident(&name),
    };
    let required = match (&raw.required, is_path) {
        (Some(r), true) if !r.value => {
            cx.emit(
                Diagnostic::error("path parameters are always required")
                    .at(r.loc)
                    .label("cannot be `false`")
                    .help("remove `required: false`"),
            );
            true
        }
        (_, true) => true,
        (r, false) => r.as_ref().is_none_or(|r| r.value),
    };
    let format = raw
        .format
        .as_ref()
        .and_then(|f| lower_param_format(f, "parameter", cx))
        .unwrap_or(Format::String);
    let raw_in_target = raw
        .target
        .as_ref()
        .is_some_and(|t| lower_target(t, is_path, format, raw.format.as_ref(), cx));
    Param {
        name,
        rust_name,
        required,
        format,
        enum_ref: text_opt(&raw.enum_ref),
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        raw_in_target,
        pos: raw.loc.pos(),
    }
}

/// A path parameter's `target`: whether its value is signed in `Request-Target` as it is
/// (`raw`) rather than as sent (`encoded`). Refused on a query parameter, and `raw` on a format
/// that admits control characters: a line break in the value would add a line to the signed
/// string.
fn lower_target(
    target: &Sp<String>,
    is_path: bool,
    format: Format,
    format_text: Option<&Sp<String>>,
    cx: &mut Ctxt<'_>,
) -> bool {
    if !is_path {
        cx.emit(
            Diagnostic::error("`target` applies to path parameters only")
                .at(target.loc)
                .label("on a query parameter")
                .help(
                    "a query string is signed as sent, and only with `auth.query_in_target: \
                     true`; remove `target` here",
                ),
        );
        return false;
    }
    let raw = match target.as_str() {
        "encoded" => false,
        "raw" => true,
        _ => {
            cx.emit(
                Diagnostic::error(format!(
                    "unknown Request-Target encoding `{}`",
                    target.value
                ))
                .at(target.loc)
                .label("not `encoded` or `raw`")
                .help(
                    "expected `encoded` (the value signed percent-encoded, as sent in the URL) or \
                     `raw` (the value signed as it is)",
                ),
            );
            return false;
        }
    };
    let admits_control = matches!(
        format,
        Format::String | Format::Str(_) | Format::Text | Format::File
    );
    if raw && admits_control {
        let notation = format.doku_notation();
        let mut diagnostic = Diagnostic::error(format!(
            "`target: raw` signs the value as it is, but format `{notation}` admits line breaks, \
             which would add lines to the signed string"
        ))
        .at(target.loc)
        .label("value signed unencoded");
        if let Some(f) = format_text {
            diagnostic = diagnostic.secondary(f.loc, "admits any character");
        }
        cx.emit(diagnostic.help(
            "use `target: encoded` (the value signed percent-encoded, as sent), or a format \
             without control characters (`ANS(n)`, `AN(n)`, `N(n)`)",
        ));
        return false;
    }
    raw
}

pub(super) fn check_param_rust_names(
    raw: &RawSpec,
    path: &[Param],
    query: &[Param],
    cx: &mut Ctxt<'_>,
) {
    let raws = raw.path_params.iter().chain(raw.query.iter());
    let lowered = path.iter().chain(query.iter());
    let mut seen: HashMap<&str, (&str, Loc)> = HashMap::new();
    for (i, (r, p)) in raws.zip(lowered).enumerate() {
        let loc = r
            .rust_name
            .as_ref()
            .or(r.name.as_ref())
            .map_or(r.loc, |s| s.loc);
        // Path parameters are fields of `Request`, beside `query` and `body`.
        if i < path.len() && ["query", "body"].contains(&p.rust_name.as_str()) {
            cx.emit(
                Diagnostic::error(format!(
                    "path parameter `{}` would be the request field `{}`, which the generated \
                     code uses for the {}",
                    p.name, p.rust_name, p.rust_name
                ))
                .at(loc)
                .label("reserved field name")
                .help(format!("set `rust_name:`, e.g. `{}_id`", p.rust_name)),
            );
        }
        // `RawRequest` holds every parameter flat beside `body`, and its `validate` collects
        // into a local `errors`: a parameter of either name would not compile.
        let raw_request_name = match p.rust_name.as_str() {
            "errors" => Some("the violations `RawRequest::validate` collects"),
            "body" if i >= path.len() && raw.body.is_some() => Some("the body"),
            _ => None,
        };
        if let Some(what) = raw_request_name {
            cx.emit(
                Diagnostic::error(format!(
                    "parameter `{}` would be the `RawRequest` name `{}`, which the generated \
                     code uses for {what}",
                    p.name, p.rust_name
                ))
                .at(loc)
                .label("reserved name")
                .help(format!("set `rust_name:`, e.g. `{}_param`", p.rust_name)),
            );
        }
        match seen.get(p.rust_name.as_str()) {
            // Same wire name twice is reported by `validate` as a duplicate parameter.
            Some((wire, _)) if *wire == p.name => {}
            Some((wire, first)) => cx.emit(
                Diagnostic::error(format!(
                    "parameters `{wire}` and `{}` are both named `{}` in Rust",
                    p.name, p.rust_name
                ))
                .at(loc)
                .label(format!("`{}` here", p.rust_name))
                .secondary(*first, format!("`{}` also here", p.rust_name))
                .help("set `rust_name:` on one of them"),
            ),
            None => {
                seen.insert(&p.rust_name, (&p.name, loc));
            }
        }
    }
}

pub(super) fn lower_enum(raw: &RawEnum, types: &mut Vec<TypeName>, cx: &mut Ctxt<'_>) -> EnumDef {
    check_rust_type_override(&raw.name, "enum name", cx);
    types.push(TypeName {
        name: raw.name.value.clone(),
        loc: raw.name.loc,
        what: format!("enum `{}`", raw.name.value),
    });
    let mut values: Vec<EnumValue> = Vec::new();
    let mut wires: FirstSeen<&str> = FirstSeen::new();
    let mut variants: HashMap<String, (&str, Loc)> = HashMap::new();
    for v in &raw.values {
        let Some(wire) = &v.value else { continue };
        let subject = || format!("value `{}` of enum `{}`", wire.value, raw.name.value);
        if !wires.declare(wire.as_str(), subject, wire.loc, None, cx) {
            continue;
        }
        let variant = names::variant_ident(&wire.value);
        if let Some((other, first)) = variants.get(&variant) {
            cx.emit(
                Diagnostic::error(format!(
                    "values `{other}` and `{}` of enum `{}` both become variant `{variant}`",
                    wire.value, raw.name.value
                ))
                .at(wire.loc)
                .label(format!("becomes `{variant}`"))
                .secondary(*first, format!("also becomes `{variant}`")),
            );
            continue;
        }
        variants.insert(variant.clone(), (&wire.value, wire.loc));
        values.push(EnumValue {
            wire: wire.value.clone(),
            variant,
            description: text_or_empty(&v.description),
        });
    }
    let rust_path =
        raw.rust_path
            .as_ref()
            .and_then(|p| match syn::parse_str::<syn::Path>(&p.value) {
                Ok(path)
                    if path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == raw.name.value) =>
                {
                    Some(p.value.clone())
                }
                _ => {
                    cx.emit(
                        Diagnostic::error(format!(
                            "`rust_path` `{}` is not a Rust path to a type named `{}`",
                            p.value, raw.name.value
                        ))
                        .at(p.loc)
                        .label("not a path to this enum")
                        .help(format!(
                            "name the enum generated from another spec, e.g. \
                         `::doku_partner::endpoints::get_business_data::{}`",
                            raw.name.value
                        )),
                    );
                    None
                }
            });
    EnumDef {
        name: raw.name.value.clone(),
        description: text_or_empty(&raw.description),
        values,
        rust_path,
        rust_path_unseen: false,
        pos: raw.name.loc.pos(),
    }
}

pub(super) fn lower_rule(raw: &RawRule) -> Rule {
    let (when_param, when_value) = raw
        .when
        .first()
        .map(|(p, v)| (p.value.clone(), v.value.clone()))
        .unwrap_or_default();
    Rule {
        when_param,
        when_value,
        then: raw
            .then
            .iter()
            .map(|(p, vs)| {
                (
                    p.value.clone(),
                    vs.iter().map(|v| v.value.clone()).collect(),
                )
            })
            .collect(),
        description: text_or_empty(&raw.description),
        pos: raw.loc.pos(),
    }
}

/// `auth.issues_token` is on an endpoint that does not itself require the token, and names a
/// root string field of the response (the token) and, when given, a root string field of the
/// body (the wanted lifetime in minutes).
pub(super) fn check_issues_token(
    raw: &RawIssuesToken,
    auth: &RawAuth,
    body: Option<&Body>,
    response: &Response,
    cx: &mut Ctxt<'_>,
) {
    // The client gets a token from this endpoint: requiring one for it would never start.
    if let Some(bearer) = auth.bearer_token.as_ref().filter(|b| b.value) {
        cx.emit(
            Diagnostic::error("the endpoint that issues the bearer token also requires it")
                .at(bearer.loc)
                .label("`bearer_token: true` here")
                .secondary(raw.loc, "the endpoint issues the token")
                .help(
                    "the client could never get a first token: set `bearer_token: false` \
                     (Generate Token is signed, not bearer-authenticated)",
                ),
        );
    }
    let strings = |root: &ObjectDef| -> Vec<String> {
        root.fields
            .iter()
            .filter(|f| matches!(&f.kind, FieldKind::Scalar(s) if s.json == JsonType::String))
            .map(|f| f.wire_name.clone())
            .collect()
    };
    let string_at = |root: &ObjectDef, name: &str| strings(root).iter().any(|f| f == name);
    // Help that names what this spec has: the closest field, or its string fields.
    let help = |candidates: Vec<String>, name: &str, what: &str| {
        if let Some(s) = did_you_mean(name, candidates.iter().map(String::as_str)) {
            format!("did you mean `{s}`?")
        } else if candidates.is_empty() {
            format!("the {what} has no string field at its root")
        } else {
            let listed: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            format!(
                "string fields at the root of the {what}: {}",
                listed.join(", ")
            )
        }
    };
    if let Some(field) = &raw.token_field
        && !string_at(&response.root, &field.value)
    {
        cx.emit(
            Diagnostic::error(format!(
                "`token_field` `{}` is not a string field at the root of the response",
                field.value
            ))
            .at(field.loc)
            .label("no such response field")
            .help(help(strings(&response.root), &field.value, "response")),
        );
    }
    if let Some(field) = &raw.lifetime_field
        && !body.is_some_and(|b| string_at(&b.root, &field.value))
    {
        cx.emit(
            Diagnostic::error(format!(
                "`lifetime_field` `{}` is not a string field at the root of the body",
                field.value
            ))
            .at(field.loc)
            .label("no such body field")
            .help(help(
                body.map(|b| strings(&b.root)).unwrap_or_default(),
                &field.value,
                "body",
            )),
        );
    }
}

/// Checks the caller-supplied headers: not one the client computes, and a Rust field name
/// that no path parameter or other request part already has.
pub(super) fn caller_header_names(
    headers: Vec<Header>,
    raw: &RawSpec,
    auth: &Auth,
    path_params: &[Param],
    query: &[Param],
    cx: &mut Ctxt<'_>,
) -> Vec<Header> {
    // `Request` holds the path parameters, `query` and `body`; `RawRequest` holds every
    // parameter flat: a caller header's field must differ from all of them.
    let mut taken: HashMap<String, (String, bool)> = path_params
        .iter()
        .map(|p| {
            (
                p.rust_name.clone(),
                (format!("path parameter `{}`", p.name), true),
            )
        })
        .chain(query.iter().map(|p| {
            (
                p.rust_name.clone(),
                (format!("query parameter `{}`", p.name), true),
            )
        }))
        .collect();
    taken.insert("query".into(), ("the query".into(), false));
    taken.insert(
        "errors".into(),
        (
            "the violations `RawRequest::validate` collects".into(),
            false,
        ),
    );
    taken.insert("body".into(), ("the body".into(), false));
    for (header, raw_header) in headers.iter().zip(&raw.headers) {
        if header.source != HeaderSource::Caller {
            continue;
        }
        let loc = raw_header.name.as_ref().map_or(raw_header.loc, |n| n.loc);
        let computed = CLIENT_HEADERS
            .iter()
            .find(|h| h.eq_ignore_ascii_case(&header.name))
            .copied()
            .or(
                (auth.bearer_token && header.name.eq_ignore_ascii_case("Authorization"))
                    .then_some("Authorization"),
            );
        if let Some(name) = computed {
            cx.emit(
                Diagnostic::error(format!(
                    "header `{name}` is set by the client, not the caller"
                ))
                .at(loc)
                .label("`source: caller` here")
                .help(if name == "Authorization" {
                    "`auth.bearer_token: true` already sends `Authorization: Bearer ...`"
                } else {
                    "use `source: credentials`, `generated` or `computed` to document it"
                }),
            );
            continue;
        }
        if header.format == Some(Format::File) {
            cx.emit(
                Diagnostic::error(format!("caller header `{}` is a `file`", header.name))
                    .at(raw_header.format.as_ref().map_or(loc, |f| f.loc))
                    .label("a form-data file part")
                    .help(
                        "a header value is one line of text: give it a text format (e.g. `ANS(128)`), \
                         or make the file a part of a multipart body",
                    ),
            );
            continue;
        }
        match taken.get(&header.rust_name) {
            Some((other, renamable)) => cx.emit(
                Diagnostic::error(format!(
                    "header `{}` would be the request field `{}`, which {other} already is",
                    header.name, header.rust_name
                ))
                .at(loc)
                .label("name collision")
                .help(if *renamable {
                    format!(
                        "a header's field is named after the header; set `rust_name:` on the \
                         parameter, e.g. `{}_param`",
                        header.rust_name.trim_end_matches('_')
                    )
                } else {
                    "a header's field is named after the header and the generated request \
                     uses this name itself: such a caller header cannot be expressed"
                        .to_owned()
                }),
            ),
            None => {
                taken.insert(
                    header.rust_name.clone(),
                    (format!("header `{}`", header.name), false),
                );
            }
        }
    }
    headers
}
