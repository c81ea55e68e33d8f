//! Lower stage: raw AST → typed [`model`](crate::model).
//!
//! Interprets every value (formats, methods, JSON types, names), builds the response/body
//! object trees from the flat dotted field table, derives Rust names and reports collisions
//! after escaping. Every problem goes to the [`Ctxt`]; lowering always finishes (with
//! placeholders where something was wrong) so that later problems are reported too. The
//! result is only meaningful when no error was recorded.
//!
//! This file lowers the spec's sections in order; beside it: `format` (DOKU's notations),
//! `fields` (field tables → object trees), `body` (the request half), `checks` (checks across
//! the lowered spec). Cross-reference checks on the raw AST (enum references, rules, path
//! placeholders, example files) are in [`crate::validate`].

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Ctxt, Diagnostic, FirstSeen, Loc, declared_twice, did_you_mean};
use crate::load::{
    MAX_DEPTH, RawAuth, RawEnum, RawErrors, RawField, RawHeader, RawHosts, RawParam, RawResponse,
    RawRule, RawSpec, Sp, Text,
};
use crate::model::{
    ArrayItems, Auth, Body, EnumDef, EnumValue, ErrorCase, Errors, Example, Field, FieldKind,
    FileLimits, Format, Header, HeaderSource, Hosts, IssuesToken, JsonType, Method, ObjectDef,
    Param, PathSegment, PathTemplate, Response, Rule, Scalar, SignatureScheme, Spec,
};
use crate::names;

mod body;
mod checks;
mod fields;
mod format;
mod refs;

use checks::{check_formats_of_enums, check_generated_collisions, check_same_as_request};
pub(crate) use fields::{build_tree, check_type_names};
pub use format::{FORMAT_HELP, FormatError, lower_format, parse_format};

/// Rust type name of the response root object.
pub const RESPONSE_TYPE: &str = "Response";
/// Rust type name of the request body root object.
pub const BODY_TYPE: &str = "Body";
/// Type names an object or enum may not take, because generated code uses them unqualified.
pub const RESERVED_TYPES: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Self"];
/// Names the generated code gives items of its own, in the module of the request enums
/// (`Request`, `RawRequest`, `Query`, the `Response` alias) and in the response module (the
/// `ResponseObject` derive it imports): an enum or response object may not take them. The
/// decoders themselves are written once in the runtime and define no local names.
pub const GENERATED_NAMES: &[&str] = &[
    "Request",
    "RawRequest",
    "Query",
    "Response",
    "ResponseObject",
];

/// Reports `text` as not one of `expected`, with a "did you mean".
pub(crate) fn unknown_choice(cx: &mut Ctxt<'_>, what: &str, text: &Sp<String>, expected: &[&str]) {
    let list = {
        let quoted: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
        match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    };
    let help = match did_you_mean(&text.value, expected.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("expected {list}"),
    };
    cx.emit(
        Diagnostic::error(format!("unknown {what} `{}`", text.value))
            .at(text.loc)
            .label(format!("not a known {what}"))
            .help(help),
    );
}

fn lower_method(text: &Sp<String>, cx: &mut Ctxt<'_>) -> Method {
    match text.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => {
            unknown_choice(
                cx,
                "method",
                text,
                &["GET", "POST", "PUT", "PATCH", "DELETE"],
            );
            Method::Get
        }
    }
}

fn lower_json(text: &Sp<String>, cx: &mut Ctxt<'_>) -> Option<JsonType> {
    match text.as_str() {
        "string" => Some(JsonType::String),
        "integer" => Some(JsonType::Integer),
        "number" => Some(JsonType::Number),
        "boolean" => Some(JsonType::Boolean),
        _ => {
            unknown_choice(
                cx,
                "JSON type",
                text,
                &["string", "integer", "number", "boolean"],
            );
            None
        }
    }
}

pub(crate) fn text_or_empty(t: &Text) -> String {
    t.as_ref().map(|s| s.value.clone()).unwrap_or_default()
}

pub(crate) fn text_opt(t: &Text) -> Option<String> {
    t.as_ref().map(|s| s.value.clone())
}

fn check_url(text: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) {
    let v = text.value.as_str();
    if !(v.starts_with("https://") || v.starts_with("http://")) || v.contains(char::is_whitespace) {
        cx.emit(
            Diagnostic::error(format!("{what} `{v}` is not an http(s) URL"))
                .at(text.loc)
                .label("expected `https://...`"),
        );
    }
}

fn check_base_url(text: &Sp<String>, cx: &mut Ctxt<'_>) {
    check_url(text, "host", cx);
    if text.value.ends_with('/') {
        cx.emit(
            Diagnostic::error(format!("host `{}` ends with `/`", text.value))
                .at(text.loc)
                .label("trailing slash")
                .help("write the base URL without a trailing slash; the path starts with `/`"),
        );
    }
}

/// A path template that cannot be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The headline.
    pub message: String,
    /// The underline label.
    pub label: &'static str,
    /// The offending part of the path.
    pub loc: Loc,
}

/// Placeholder names of a path template, in order, with their positions.
pub type Placeholders = Vec<(String, Loc)>;

/// Parses a path template into literal and `{placeholder}` pieces, with the position of each
/// placeholder.
pub fn parse_path_template(
    path: &Sp<String>,
) -> Result<(PathTemplate, Placeholders), TemplateError> {
    let fail = |message: String, label: &'static str, loc: Loc| {
        Err(TemplateError {
            message,
            label,
            loc,
        })
    };
    let raw = path.value.as_str();
    if !raw.starts_with('/') {
        return fail(
            format!("path `{raw}` does not start with `/`"),
            "expected `/...`",
            path.sub_loc(0, 1),
        );
    }
    let mut segments = Vec::new();
    let mut placeholders = Vec::new();
    let mut literal = String::new();
    let mut open: Option<(usize, String)> = None;
    for (i, c) in raw.chars().enumerate() {
        if c.is_whitespace() || c == '?' || c == '#' {
            let what = if c.is_whitespace() {
                "whitespace"
            } else {
                "a query string or fragment"
            };
            return fail(
                format!("path `{raw}` contains {what}"),
                "not allowed in a path template",
                path.sub_loc(i, 1),
            );
        }
        match (&mut open, c) {
            (None, '{') => open = Some((i, String::new())),
            (None, '}') => {
                return fail(
                    format!("unmatched `}}` in path `{raw}`"),
                    "no `{` before it",
                    path.sub_loc(i, 1),
                );
            }
            (None, c) => literal.push(c),
            (Some((start, _)), '{') => {
                return fail(
                    format!("nested `{{` in path `{raw}`"),
                    "placeholder opened again",
                    path.sub_loc(*start, i - *start + 1),
                );
            }
            (Some((start, name)), '}') => {
                if name.is_empty() {
                    return fail(
                        format!("empty placeholder `{{}}` in path `{raw}`"),
                        "name the path parameter here",
                        path.sub_loc(*start, 2),
                    );
                }
                if !literal.is_empty() {
                    segments.push(PathSegment::Literal(std::mem::take(&mut literal)));
                }
                placeholders.push((name.clone(), path.sub_loc(*start, i - *start + 1)));
                segments.push(PathSegment::Param(std::mem::take(name)));
                open = None;
            }
            (Some((_, name)), c) => name.push(c),
        }
    }
    if let Some((start, _)) = open {
        return fail(
            format!("unclosed `{{` in path `{raw}`"),
            "placeholder never closed",
            path.sub_loc(start, raw.chars().count() - start),
        );
    }
    if !literal.is_empty() {
        segments.push(PathSegment::Literal(literal));
    }
    Ok((
        PathTemplate {
            raw: raw.to_owned(),
            segments,
        },
        placeholders,
    ))
}

/// A named Rust type and where it comes from, for collision checks.
pub(crate) struct TypeName {
    pub(crate) name: String,
    pub(crate) loc: Loc,
    pub(crate) what: String,
}

/// Lowers the raw AST to the model, reporting every problem to `cx`.
pub fn lower(raw: &RawSpec, base_dir: Option<&Path>, cx: &mut Ctxt<'_>) -> Spec {
    let mut types: Vec<TypeName> = Vec::new();

    // The path template is parsed once; its placeholders feed the cross-reference checks.
    let (path, placeholders) = lower_path(raw.path.as_ref(), cx);
    refs::check(raw, placeholders.as_ref(), base_dir, cx);

    if let Some(name) = &raw.name {
        let ok = name.value.starts_with(|c: char| c.is_ascii_lowercase())
            && names::is_snake_ident(&name.value);
        if !ok {
            cx.emit(
                Diagnostic::error(format!("invalid spec name `{}`", name.value))
                    .at(name.loc)
                    .label("not snake_case")
                    .help({
                        // A suggestion that is the same text, or starts with a digit, helps
                        // nobody (`name: 123`): fall back to the page's title.
                        let guess = names::field_ident(&name.value).trim_matches('_').to_owned();
                        let usable = guess != name.value
                            && guess.starts_with(|c: char| c.is_ascii_lowercase());
                        let example = if usable {
                            guess
                        } else {
                            raw.title
                                .as_ref()
                                .map(|t| names::field_ident(&t.value).trim_matches('_').to_owned())
                                .filter(|t| t.starts_with(|c: char| c.is_ascii_lowercase()))
                                .unwrap_or_else(|| "get_business_data".to_owned())
                        };
                        format!(
                            "use lowercase letters, digits and `_`, starting with a letter and \
                             not a Rust keyword, e.g. `{example}`"
                        )
                    }),
            );
        }
    }
    if let Some(url) = &raw.docs_url {
        check_url(url, "docs_url", cx);
    }
    let method = raw
        .method
        .as_ref()
        .map_or(Method::Get, |m| lower_method(m, cx));

    let hosts = lower_hosts(raw.hosts.as_ref(), cx);
    let auth = lower_auth(raw.auth.as_ref(), cx);
    let headers: Vec<Header> = raw.headers.iter().map(|h| lower_header(h, cx)).collect();

    let mut path_params: Vec<Param> = raw
        .path_params
        .iter()
        .map(|p| lower_param(p, true, cx))
        .collect();
    let query: Vec<Param> = raw
        .query
        .iter()
        .map(|p| lower_param(p, false, cx))
        .collect();
    check_param_rust_names(raw, &path_params, &query, cx);
    // Path parameters in template order.
    let mut order: HashMap<&str, usize> = HashMap::new();
    for (i, segment) in path.segments.iter().enumerate() {
        if let PathSegment::Param(p) = segment {
            order.entry(p.as_str()).or_insert(i);
        }
    }
    path_params.sort_by_key(|p| order.get(p.name.as_str()).copied().unwrap_or(usize::MAX));

    let enums: Vec<EnumDef> = raw
        .enums
        .iter()
        .map(|e| lower_enum(e, &mut types, cx))
        .collect();
    let rules = raw.rules.iter().map(lower_rule).collect();

    let body = raw
        .body
        .as_ref()
        .map(|b| body::lower_body(b, method, &enums, cx));
    let headers = body::caller_header_names(headers, raw, &auth, &path_params, cx);
    let response = lower_response(raw.response.as_ref(), &mut types, cx);
    body::refuse_files(&response.root, "a response", cx);
    check_generated_collisions(raw, &enums, &query, cx);
    check_formats_of_enums(
        raw,
        &enums,
        &path_params,
        &query,
        body.as_ref(),
        &response,
        cx,
    );
    check_same_as_request(&response.root, body.as_ref(), cx);
    for param in path_params.iter().chain(&query) {
        if param.format == Format::File {
            cx.emit(
                Diagnostic::error(format!("parameter `{}` is a `file`", param.name))
                    .at(Loc::new(param.pos.line, param.pos.column, 1))
                    .label("a form-data file part")
                    .help("a file is a part of a multipart body (`body.encoding: multipart`)"),
            );
        }
    }
    let errors = lower_errors(raw.errors.as_ref(), cx);
    if let Some(issues) = raw.auth.as_ref().and_then(|a| a.issues_token.as_ref()) {
        body::check_issues_token(issues, body.as_ref(), &response, cx);
    }

    check_type_names(&types, GENERATED_NAMES, cx);

    Spec {
        name: text_or_empty(&raw.name),
        title: text_or_empty(&raw.title),
        summary: text_or_empty(&raw.summary),
        docs_url: text_or_empty(&raw.docs_url),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
        method,
        path,
        hosts,
        auth,
        headers,
        path_params,
        query,
        enums,
        rules,
        body,
        response,
        errors,
    }
}

/// The path template, and its placeholders when it parses (a malformed one is reported here).
fn lower_path(raw: Option<&Sp<String>>, cx: &mut Ctxt<'_>) -> (PathTemplate, Option<Placeholders>) {
    let Some(p) = raw else {
        let empty = PathTemplate {
            raw: String::new(),
            segments: Vec::new(),
        };
        return (empty, None);
    };
    match parse_path_template(p) {
        Ok((template, placeholders)) => (template, Some(placeholders)),
        Err(err) => {
            cx.emit(
                Diagnostic::error(err.message)
                    .at(err.loc)
                    .label(err.label)
                    .help("write the path as `/literal/{param}/...`"),
            );
            let template = PathTemplate {
                raw: p.value.clone(),
                segments: Vec::new(),
            };
            (template, None)
        }
    }
}

fn lower_hosts(raw: Option<&RawHosts>, cx: &mut Ctxt<'_>) -> Hosts {
    let Some(raw) = raw else {
        return Hosts {
            sandbox: String::new(),
            production: String::new(),
            others: Vec::new(),
        };
    };
    for url in [&raw.sandbox, &raw.production].into_iter().flatten() {
        check_base_url(url, cx);
    }
    for other in &raw.others {
        if let Some(url) = &other.url {
            check_base_url(url, cx);
        }
    }
    Hosts {
        sandbox: text_or_empty(&raw.sandbox),
        production: text_or_empty(&raw.production),
        others: raw
            .others
            .iter()
            .map(|o| (text_or_empty(&o.url), text_or_empty(&o.note)))
            .collect(),
    }
}

fn lower_auth(raw: Option<&RawAuth>, cx: &mut Ctxt<'_>) -> Auth {
    let signature = match raw.and_then(|a| a.signature.as_ref()) {
        None => SignatureScheme::NonSnapHmacSha256,
        Some(s) => match s.as_str() {
            "non_snap_hmac_sha256" => SignatureScheme::NonSnapHmacSha256,
            "none" => SignatureScheme::None,
            _ => {
                unknown_choice(cx, "signature scheme", s, &["non_snap_hmac_sha256", "none"]);
                SignatureScheme::NonSnapHmacSha256
            }
        },
    };
    Auth {
        signature,
        query_in_target: raw
            .and_then(|a| a.query_in_target.as_ref())
            .is_some_and(|b| b.value),
        bearer_token: raw
            .and_then(|a| a.bearer_token.as_ref())
            .is_some_and(|b| b.value),
        issues_token: raw
            .and_then(|a| a.issues_token.as_ref())
            .map(|t| IssuesToken {
                token_field: text_or_empty(&t.token_field),
                lifetime_field: text_opt(&t.lifetime_field),
            }),
    }
}

fn lower_header(raw: &RawHeader, cx: &mut Ctxt<'_>) -> Header {
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
        format: raw.format.as_ref().and_then(|f| lower_format(f, cx)),
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
    }
}

fn check_rust_name_override(text: &Sp<String>, cx: &mut Ctxt<'_>) {
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

fn check_rust_type_override(text: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) {
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

fn lower_param(raw: &RawParam, is_path: bool, cx: &mut Ctxt<'_>) -> Param {
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
        .and_then(|f| lower_format(f, cx))
        .unwrap_or(Format::String);
    Param {
        name,
        rust_name,
        required,
        format,
        enum_ref: text_opt(&raw.enum_ref),
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        pos: raw.loc.pos(),
    }
}

fn check_param_rust_names(raw: &RawSpec, path: &[Param], query: &[Param], cx: &mut Ctxt<'_>) {
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

fn lower_enum(raw: &RawEnum, types: &mut Vec<TypeName>, cx: &mut Ctxt<'_>) -> EnumDef {
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
        pos: raw.name.loc.pos(),
    }
}

fn lower_rule(raw: &RawRule) -> Rule {
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

fn lower_response(
    raw: Option<&RawResponse>,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Response {
    let Some(raw) = raw else {
        return Response {
            status: 200,
            root: ObjectDef {
                rust_type: RESPONSE_TYPE.to_owned(),
                path: String::new(),
                description: String::new(),
                fields: Vec::new(),
            },
            examples: Vec::new(),
        };
    };
    let status = match &raw.status {
        None => 200,
        Some(s) => status_code(s, cx).unwrap_or(200),
    };
    Response {
        status,
        root: build_tree(
            &raw.fields,
            RESPONSE_TYPE,
            raw.loc,
            "the response",
            types,
            cx,
        ),
        examples: raw.examples.iter().map(lower_example).collect(),
    }
}

/// A sample's entry (`response.examples`, `body.examples`).
pub(crate) fn lower_example(e: &crate::load::RawExample) -> Example {
    Example {
        name: text_or_empty(&e.name),
        file: text_or_empty(&e.file),
        description: text_or_empty(&e.description),
        notes: e.notes.iter().map(|n| n.value.clone()).collect(),
        pos: e.file.as_ref().map_or(e.loc, |f| f.loc).pos(),
        partial: e.partial.as_ref().is_some_and(|p| p.value),
    }
}

fn status_code(s: &Sp<i128>, cx: &mut Ctxt<'_>) -> Option<u16> {
    match u16::try_from(s.value) {
        Ok(v) if (100..=599).contains(&v) => Some(v),
        _ => {
            cx.emit(
                Diagnostic::error(format!("invalid HTTP status {}", s.value))
                    .at(s.loc)
                    .label("expected 100..=599"),
            );
            None
        }
    }
}

fn lower_errors(raw: Option<&RawErrors>, cx: &mut Ctxt<'_>) -> Errors {
    let Some(raw) = raw else {
        return Errors {
            envelope: String::new(),
            cases: Vec::new(),
        };
    };
    Errors {
        envelope: text_or_empty(&raw.envelope),
        cases: raw
            .cases
            .iter()
            .map(|c| ErrorCase {
                status: c
                    .status
                    .as_ref()
                    .and_then(|s| status_code(s, cx))
                    .unwrap_or(0),
                code: text_or_empty(&c.code),
                message: text_or_empty(&c.message),
                description: text_or_empty(&c.description),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Field tree.
