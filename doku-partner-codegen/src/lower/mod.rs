//! Lower stage: raw AST → typed [`model`](crate::model).
//!
//! Interprets every value (formats, methods, JSON types, names), builds the response/body
//! object trees from the flat dotted field table, derives Rust names and reports collisions
//! after escaping. Every problem goes to the [`Ctxt`]; lowering always finishes (with
//! placeholders where something was wrong) so that later problems are reported too. The
//! result is only meaningful when no error was recorded.
//!
//! Cross-reference checks (enum references, rules, path placeholders, example files) are in
//! [`crate::validate`].

use std::collections::HashMap;

use crate::diagnostic::{Ctxt, Diagnostic, Loc};
use crate::load::{
    MAX_DEPTH, RawAuth, RawEnum, RawErrors, RawField, RawHeader, RawHosts, RawParam, RawResponse,
    RawRule, RawSpec, Sp, Text, did_you_mean,
};
use crate::model::{
    ArrayItems, Auth, Body, EnumDef, EnumValue, ErrorCase, Errors, Example, Field, FieldKind,
    FileLimits, Format, Header, HeaderSource, Hosts, IssuesToken, JsonType, Method, ObjectDef,
    Param, PathSegment, PathTemplate, Response, Rule, Scalar, SignatureScheme, Spec,
};
use crate::names;

mod body;

/// Help text listing the accepted formats.
pub const FORMAT_HELP: &str = "expected AN(n), ANS(n), N(n), Numeric, boolean, date, timestamp, \
     string, string(n), int(n) or text";

/// Rust type name of the response root object.
pub const RESPONSE_TYPE: &str = "Response";
/// Rust type name of the request body root object.
pub const BODY_TYPE: &str = "Body";
/// Type names an object or enum may not take, because generated code uses them unqualified.
pub const RESERVED_TYPES: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Self"];
/// Names the generated code gives items of its own, in the module of the request enums
/// (`Request`, `RawRequest`, `Query`, the `Response` alias) and inside the response decoders
/// (`Key`, `KeyVisitor`, `ObjectVisitor`): an enum or response object may not take them.
pub const GENERATED_NAMES: &[&str] = &[
    "Request",
    "RawRequest",
    "Query",
    "Response",
    "Key",
    "KeyVisitor",
    "ObjectVisitor",
];

/// Why a format string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// Not one of the known formats; maybe a close spelling.
    Unknown {
        /// A corrected spelling, when the input differs only in case.
        suggestion: Option<String>,
    },
    /// A known format written wrongly (`ANS(abc)`, `ANS(50`, `AN`).
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// The length is 0 or larger than 65535.
    Length,
    /// A notation DOKU uses that the generator does not support (yet).
    Unsupported {
        /// Why, and what to do instead.
        reason: &'static str,
    },
}

/// Parses a DOKU format: `AN(n)`, `ANS(n)`, `N(n)` (spaces allowed: `ANS (50)`, n in
/// 1..=65535), `Numeric`, `boolean`, `date`, `timestamp`, `string`.
pub fn parse_format(text: &str) -> Result<Format, FormatError> {
    let t = text.trim();
    match t {
        "Numeric" => return Ok(Format::Numeric),
        "boolean" => return Ok(Format::Boolean),
        "date" => return Ok(Format::Date),
        "timestamp" => return Ok(Format::Timestamp),
        // DOKU's pages write both spellings.
        "string" | "String" => return Ok(Format::String),
        "text" => return Ok(Format::Text),
        "file" => return Ok(Format::File),
        _ => {}
    }
    let (head, rest) = match t.split_once('(') {
        Some((head, rest)) => (head.trim_end(), Some(rest)),
        None => (t, None),
    };
    let ctor: fn(u32) -> Format = match head {
        "AN" => Format::An,
        "ANS" => Format::Ans,
        "N" => Format::N,
        "string" | "String" => Format::Str,
        "int" => Format::Int,
        _ => {
            let lower = t.to_ascii_lowercase();
            let named = [
                "Numeric",
                "boolean",
                "date",
                "timestamp",
                "string",
                "text",
                "file",
            ];
            let suggestion = if let Some(n) = named.iter().find(|n| n.to_ascii_lowercase() == lower)
            {
                Some((*n).to_owned())
            } else if rest.is_none()
                && let Some(n) = did_you_mean(t, named.iter().copied())
            {
                Some(n.to_owned())
            } else if ["AN", "ANS", "N"].contains(&head.to_ascii_uppercase().as_str())
                && rest.is_some()
            {
                Some(format!(
                    "{}({}",
                    head.to_ascii_uppercase(),
                    rest.unwrap_or_default()
                ))
            } else if ["int", "string"].contains(&head.to_ascii_lowercase().as_str())
                && rest.is_some()
            {
                Some(format!(
                    "{}({}",
                    head.to_ascii_lowercase(),
                    rest.unwrap_or_default()
                ))
            } else {
                None
            };
            return Err(FormatError::Unknown { suggestion });
        }
    };
    let Some(rest) = rest else {
        return Err(FormatError::Malformed {
            reason: "missing length",
        });
    };
    let Some(inner) = rest.strip_suffix(')') else {
        return Err(FormatError::Malformed {
            reason: "missing `)`",
        });
    };
    let inner = inner.trim();
    if inner.is_empty() {
        return Err(FormatError::Malformed {
            reason: "missing length",
        });
    }
    if !inner.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormatError::Malformed {
            reason: "length must be a number",
        });
    }
    match inner.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(ctor(n)),
        _ => Err(FormatError::Length),
    }
}

/// Parses a format value and reports what is wrong with it.
pub fn lower_format(text: &Sp<String>, cx: &mut Ctxt<'_>) -> Option<Format> {
    match parse_format(&text.value) {
        Ok(f) => Some(f),
        Err(FormatError::Unknown { suggestion }) => {
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`? ({FORMAT_HELP})"),
                None => FORMAT_HELP.to_owned(),
            };
            cx.emit(
                Diagnostic::error(format!("unknown format \"{}\"", text.value))
                    .at(text.loc)
                    .label("not a DOKU format")
                    .help(help),
            );
            None
        }
        Err(FormatError::Malformed { reason }) => {
            cx.emit(
                Diagnostic::error(format!("malformed format \"{}\"", text.value))
                    .at(text.loc)
                    .label(reason)
                    .help(
                        "write AN(n), ANS(n), N(n), string(n) or int(n) with a length n in \
                         1..=65535, e.g. ANS(50)",
                    ),
            );
            None
        }
        Err(FormatError::Unsupported { reason }) => {
            cx.emit(
                Diagnostic::error(format!("format \"{}\" is not supported yet", text.value))
                    .at(text.loc)
                    .label("not supported")
                    .help(reason),
            );
            None
        }
        Err(FormatError::Length) => {
            cx.emit(
                Diagnostic::error(format!(
                    "zero or absurd length in format \"{}\"",
                    text.value
                ))
                .at(text.loc)
                .label("length must be in 1..=65535"),
            );
            None
        }
    }
}

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
pub fn lower(raw: &RawSpec, cx: &mut Ctxt<'_>) -> Spec {
    let mut types: Vec<TypeName> = Vec::new();

    if let Some(name) = &raw.name {
        let ok = name.value.starts_with(|c: char| c.is_ascii_lowercase())
            && names::is_snake_ident(&name.value);
        if !ok {
            cx.emit(
                Diagnostic::error(format!("invalid spec name `{}`", name.value))
                    .at(name.loc)
                    .label("not snake_case")
                    .help(format!(
                        "use lowercase letters, digits and `_`, starting with a letter and not a \
                         Rust keyword, e.g. `{}`",
                        names::field_ident(&name.value).trim_matches('_')
                    )),
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

    let path = match &raw.path {
        Some(p) => match parse_path_template(p) {
            Ok((template, _)) => template,
            Err(err) => {
                cx.emit(
                    Diagnostic::error(err.message)
                        .at(err.loc)
                        .label(err.label)
                        .help("write the path as `/literal/{param}/...`"),
                );
                PathTemplate {
                    raw: p.value.clone(),
                    segments: Vec::new(),
                }
            }
        },
        None => PathTemplate {
            raw: String::new(),
            segments: Vec::new(),
        },
    };

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
    check_generated_collisions(raw, &enums, &query, &response, cx);
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
    let mut wires: HashMap<&str, Loc> = HashMap::new();
    let mut variants: HashMap<String, (&str, Loc)> = HashMap::new();
    for v in &raw.values {
        let Some(wire) = &v.value else { continue };
        if let Some(first) = wires.get(wire.as_str()) {
            cx.emit(
                Diagnostic::error(format!(
                    "duplicate value `{}` in enum `{}`",
                    wire.value, raw.name.value
                ))
                .at(wire.loc)
                .label("listed again here")
                .secondary(*first, "first listed here"),
            );
            continue;
        }
        wires.insert(&wire.value, wire.loc);
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
        examples: raw
            .examples
            .iter()
            .map(|e| Example {
                name: text_or_empty(&e.name),
                file: text_or_empty(&e.file),
                description: text_or_empty(&e.description),
                notes: e.notes.iter().map(|n| n.value.clone()).collect(),
                pos: e.file.as_ref().map_or(e.loc, |f| f.loc).pos(),
                partial: e.partial.as_ref().is_some_and(|p| p.value),
            })
            .collect(),
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

/// What a field entry declares, once its keys are interpreted.
#[derive(Debug, Clone)]
enum Decl {
    /// `format:`.
    Scalar(Scalar),
    /// `type: object`.
    Object,
    /// `type: array` with `items:`.
    ArrayOfScalars(Scalar),
    /// `type: array` without `items:` (objects if it gets children, else raw JSON).
    Array,
    /// Unusable (already reported); its children are skipped silently.
    Broken,
}

struct Node<'r> {
    raw: &'r RawField,
    path: &'r Sp<String>,
    decl: Decl,
    children: Vec<usize>,
}

fn scalar_of(format: &Sp<String>, raw: &RawField, cx: &mut Ctxt<'_>) -> Scalar {
    let format = lower_format(format, cx).unwrap_or(Format::String);
    let json = raw
        .json
        .as_ref()
        .and_then(|j| lower_json(j, cx))
        .unwrap_or_else(|| format.default_json());
    Scalar {
        format,
        json,
        enum_ref: text_opt(&raw.enum_ref),
    }
}

fn not_here(cx: &mut Ctxt<'_>, key: &str, text: &Text, applies_to: &str, path: &str) {
    if let Some(t) = text {
        cx.emit(
            Diagnostic::error(format!(
                "`{key}` on field `{path}`, which is not {applies_to}"
            ))
            .at(t.loc)
            .label(format!("`{key}` only applies to {applies_to}")),
        );
    }
}

fn declare(raw: &RawField, path: &str, cx: &mut Ctxt<'_>) -> Decl {
    match (&raw.format, &raw.ty) {
        (Some(format), Some(ty)) => {
            cx.emit(
                Diagnostic::error(format!("field `{path}` has both `format` and `type`"))
                    .at(ty.loc)
                    .label("`type` here")
                    .secondary(format.loc, "`format` here")
                    .help("a scalar has `format:`; an object or array has `type:`"),
            );
            Decl::Broken
        }
        (None, None) => {
            let loc = raw.path.as_ref().map_or(raw.loc, |p| p.loc);
            cx.emit(
                Diagnostic::error(format!("field `{path}` has neither `format` nor `type`"))
                    .at(loc)
                    .label("needs `format` or `type`")
                    .help(
                        "give a scalar a `format:` (e.g. `ANS(50)`), a container \
                         `type: object` or `type: array`",
                    ),
            );
            Decl::Broken
        }
        (Some(format), None) => {
            not_here(cx, "items", &raw.items, "an array (`type: array`)", path);
            not_here(
                cx,
                "rust_type",
                &raw.rust_type,
                "an object or an array of objects",
                path,
            );
            Decl::Scalar(scalar_of(format, raw, cx))
        }
        (None, Some(ty)) => match ty.as_str() {
            "object" => {
                not_here(cx, "items", &raw.items, "an array (`type: array`)", path);
                not_here(
                    cx,
                    "json",
                    &raw.json,
                    "a scalar or an array with `items`",
                    path,
                );
                not_here(
                    cx,
                    "enum",
                    &raw.enum_ref,
                    "a scalar or an array with `items`",
                    path,
                );
                Decl::Object
            }
            "array" => match &raw.items {
                Some(items) => {
                    not_here(
                        cx,
                        "rust_type",
                        &raw.rust_type,
                        "an object or an array of objects",
                        path,
                    );
                    Decl::ArrayOfScalars(scalar_of(items, raw, cx))
                }
                None => {
                    not_here(
                        cx,
                        "json",
                        &raw.json,
                        "a scalar or an array with `items`",
                        path,
                    );
                    not_here(
                        cx,
                        "enum",
                        &raw.enum_ref,
                        "a scalar or an array with `items`",
                        path,
                    );
                    Decl::Array
                }
            },
            _ => {
                unknown_choice(cx, "field type", ty, &["object", "array"]);
                Decl::Broken
            }
        },
    }
}

/// Builds the object tree of a field table (`root_type` is `Response` or `Body`).
pub(crate) fn build_tree(
    fields: &[RawField],
    root_type: &str,
    root_loc: Loc,
    root_what: &str,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> ObjectDef {
    types.push(TypeName {
        name: root_type.to_owned(),
        loc: root_loc,
        what: format!("the root of {root_what}"),
    });
    // First declaration of every path, to tell "declared later" from "not declared".
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        if let Some(p) = &f.path {
            first_index.entry(p.as_str()).or_insert(i);
        }
    }

    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    let mut root_children: Vec<usize> = Vec::new();

    for (index, raw) in fields.iter().enumerate() {
        let Some(path) = &raw.path else { continue };
        let p = path.as_str();
        let segments: Vec<&str> = p.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            cx.emit(
                Diagnostic::error(format!("malformed field path `{p}`"))
                    .at(path.loc)
                    .label("empty segment")
                    .help("a path is dot-separated wire names, e.g. `brands.name`"),
            );
            continue;
        }
        if segments.len() > MAX_DEPTH {
            cx.emit(
                Diagnostic::error(format!(
                    "field path `{p}` nests deeper than {MAX_DEPTH} levels"
                ))
                .at(path.loc)
                .label("too deep"),
            );
            continue;
        }
        if let Some(first) = by_path.get(p).and_then(|&i| nodes.get(i)) {
            cx.emit(
                Diagnostic::error(format!("duplicate field path `{p}`"))
                    .at(path.loc)
                    .label("declared again here")
                    .secondary(first.path.loc, "first declared here"),
            );
            continue;
        }
        let mut decl = declare(raw, p, cx);

        let parent = match p.rsplit_once('.') {
            None => None,
            Some((parent, _)) => match by_path.get(parent).copied() {
                None => {
                    let later = first_index
                        .get(parent)
                        .filter(|&&i| i > index)
                        .and_then(|&i| fields.get(i))
                        .and_then(|f| f.path.as_ref());
                    let mut d = match later {
                        Some(later) => Diagnostic::error(format!(
                            "field `{p}` comes before its parent `{parent}`"
                        ))
                        .at(path.loc)
                        .label("child declared here")
                        .secondary(later.loc, "parent declared later here")
                        .help("move the parent above its children"),
                        None => Diagnostic::error(format!(
                            "parent `{parent}` of field `{p}` is not declared"
                        ))
                        .at(path.loc)
                        .label("orphan field")
                        .help(format!(
                            "declare `{parent}` with `type: object` or `type: array` before it"
                        )),
                    };
                    if let Some(s) = did_you_mean(parent, by_path.keys().copied())
                        && later.is_none()
                    {
                        d = d.note(format!("a field `{s}` is declared; a typo?"));
                    }
                    cx.emit(d);
                    decl = Decl::Broken;
                    None
                }
                Some(parent_index) => {
                    let parent_node = nodes.get(parent_index);
                    match parent_node.map(|n| &n.decl) {
                        Some(Decl::Object | Decl::Array) => Some(parent_index),
                        Some(Decl::Scalar(s)) => {
                            let parent_loc = parent_node.map_or(Loc::UNKNOWN, |n| n.path.loc);
                            cx.emit(
                                Diagnostic::error(format!(
                                    "field `{p}` is a child of scalar field `{parent}`"
                                ))
                                .at(path.loc)
                                .label("child of a scalar")
                                .secondary(
                                    parent_loc,
                                    format!("`{parent}` has `format: {}`", s.format.doku_notation()),
                                )
                                .help(format!(
                                    "make `{parent}` a `type: object` (or `type: array`), or fix the path"
                                )),
                            );
                            decl = Decl::Broken;
                            None
                        }
                        Some(Decl::ArrayOfScalars(_)) => {
                            let parent_loc = parent_node.map_or(Loc::UNKNOWN, |n| n.path.loc);
                            cx.emit(
                                Diagnostic::error(format!(
                                    "field `{p}` is a child of `{parent}`, an array of scalars"
                                ))
                                .at(path.loc)
                                .label("child of an array with `items`")
                                .secondary(parent_loc, format!("`{parent}` has `items:`"))
                                .help(format!(
                                    "remove `items:` from `{parent}` to make it an array of objects"
                                )),
                            );
                            decl = Decl::Broken;
                            None
                        }
                        // The parent is broken (already reported): skip quietly.
                        Some(Decl::Broken) | None => {
                            decl = Decl::Broken;
                            None
                        }
                    }
                }
            },
        };

        let id = nodes.len();
        let attach = !matches!(decl, Decl::Broken);
        nodes.push(Node {
            raw,
            path,
            decl,
            children: Vec::new(),
        });
        by_path.insert(p, id);
        if attach {
            match parent {
                Some(parent_index) => {
                    if let Some(n) = nodes.get_mut(parent_index) {
                        n.children.push(id);
                    }
                }
                None if !p.contains('.') => root_children.push(id),
                None => {}
            }
        }
    }

    let fields = object_fields(&nodes, &root_children, root_type, 0, types, cx);
    ObjectDef {
        rust_type: root_type.to_owned(),
        path: String::new(),
        description: String::new(),
        fields,
    }
}

fn object_fields(
    nodes: &[Node<'_>],
    children: &[usize],
    owner: &str,
    depth: usize,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Vec<Field> {
    let mut out = Vec::new();
    if depth > MAX_DEPTH {
        return out;
    }
    let mut rust_names: HashMap<String, (&str, Loc)> = HashMap::new();
    for node in children.iter().filter_map(|&i| nodes.get(i)) {
        let Some(field) = field_of(nodes, node, depth, types, cx) else {
            continue;
        };
        let name_loc = node.raw.rust_name.as_ref().map_or(node.path.loc, |r| r.loc);
        if let Some((other, first)) = rust_names.get(&field.rust_name) {
            cx.emit(
                Diagnostic::error(format!(
                    "fields `{other}` and `{}` of `{owner}` are both named `{}` in Rust",
                    field.path, field.rust_name
                ))
                .at(name_loc)
                .label(format!("becomes `{}`", field.rust_name))
                .secondary(*first, format!("also becomes `{}`", field.rust_name))
                .help("set `rust_name:` on one of them"),
            );
            continue;
        }
        rust_names.insert(field.rust_name.clone(), (node.path.as_str(), name_loc));
        out.push(field);
    }
    out
}

fn object_type(node: &Node<'_>, types: &mut Vec<TypeName>, cx: &mut Ctxt<'_>) -> String {
    let (name, loc) = match &node.raw.rust_type {
        Some(t) => {
            check_rust_type_override(t, "`rust_type`", cx);
            (t.value.clone(), t.loc)
        }
        None => (
            names::type_ident_for_path(node.path.as_str()),
            node.path.loc,
        ),
    };
    types.push(TypeName {
        name: name.clone(),
        loc,
        what: match node.decl {
            Decl::Array => format!("the items of array `{}`", node.path.value),
            _ => format!("the object at `{}`", node.path.value),
        },
    });
    name
}

fn field_of(
    nodes: &[Node<'_>],
    node: &Node<'_>,
    depth: usize,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Option<Field> {
    let raw = node.raw;
    let path = node.path.as_str();
    let wire_name = path.rsplit('.').next().unwrap_or(path).to_owned();
    let rust_name = match &raw.rust_name {
        Some(r) => {
            check_rust_name_override(r, cx);
            r.value.clone()
        }
        None => names::field_ident(&wire_name),
    };
    let documented_name = raw.documented_path.as_ref().and_then(|d| {
        let last = d.value.rsplit('.').next().unwrap_or_default();
        if last.is_empty() {
            cx.emit(
                Diagnostic::error(format!("malformed `documented_path` `{}`", d.value))
                    .at(d.loc)
                    .label("empty segment"),
            );
            None
        } else if last == wire_name {
            None
        } else {
            Some(last.to_owned())
        }
    });
    let kind = match &node.decl {
        Decl::Broken => return None,
        Decl::Scalar(s) => FieldKind::Scalar(s.clone()),
        Decl::ArrayOfScalars(s) => FieldKind::Array(ArrayItems::Scalar(s.clone())),
        Decl::Object => {
            let rust_type = object_type(node, types, cx);
            let fields = object_fields(nodes, &node.children, &rust_type, depth + 1, types, cx);
            FieldKind::Object(ObjectDef {
                rust_type,
                path: path.to_owned(),
                description: text_or_empty(&raw.description),
                fields,
            })
        }
        Decl::Array if node.children.is_empty() => {
            if let Some(t) = &raw.rust_type {
                cx.emit(
                    Diagnostic::error(format!(
                        "`rust_type` on array `{path}`, which has no child fields"
                    ))
                    .at(t.loc)
                    .label("nothing to name")
                    .help("an array without children or `items` keeps its items as raw JSON"),
                );
            }
            FieldKind::Array(ArrayItems::Any)
        }
        Decl::Array => {
            let rust_type = object_type(node, types, cx);
            let fields = object_fields(nodes, &node.children, &rust_type, depth + 1, types, cx);
            FieldKind::Array(ArrayItems::Object(ObjectDef {
                rust_type,
                path: path.to_owned(),
                description: text_or_empty(&raw.description),
                fields,
            }))
        }
    };
    Some(Field {
        wire_name,
        documented_name,
        rust_name,
        path: path.to_owned(),
        optional: raw.optional.as_ref().is_some_and(|o| o.value),
        kind,
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
        file: file_limits(raw, path, cx),
        same_as_request: raw.same_as_request.as_ref().is_some_and(|s| s.value),
        pos: raw.loc.pos(),
    })
}

/// Names the generated code derives from the spec and could clash: a response enum's
/// `Unknown(String)` variant, and the subset enums a rule-shaped query gets
/// (`{Variant}{Enum}`, e.g. `CorporateBusinessLegalEntity`).
fn check_generated_collisions(
    raw: &RawSpec,
    enums: &[EnumDef],
    query: &[Param],
    response: &Response,
    cx: &mut Ctxt<'_>,
) {
    let mut in_response = Vec::new();
    collect_enum_refs(&response.root, &mut in_response);
    for (def, raw_enum) in enums.iter().zip(&raw.enums) {
        if in_response.contains(&def.name.as_str())
            && let Some(value) = def.values.iter().find(|v| v.variant == "Unknown")
        {
            cx.emit(
                Diagnostic::error(format!(
                    "value `{}` of enum `{}` would be the variant `Unknown`, which the response \
                     enum uses for values DOKU adds later",
                    value.wire, def.name
                ))
                .at(raw_enum.name.loc)
                .label("enum used by a response field")
                .help(
                    "DOKU's own unknown marker cannot be told from an undocumented value: \
                       drop it from `values` and note it",
                ),
            );
        }
    }
    for (rule, raw_rule) in raw
        .rules
        .iter()
        .filter_map(|r| Some((r.when.first()?, r)))
        .map(|((_, value), r)| (names::variant_ident(&value.value), r))
    {
        for (param, _) in &raw_rule.then {
            let Some(enum_name) = query
                .iter()
                .find(|p| p.name == param.value)
                .and_then(|p| p.enum_ref.as_deref())
            else {
                continue;
            };
            let subset = format!("{rule}{enum_name}");
            let is_request_enum = |name: &str| {
                query.iter().any(|p| p.enum_ref.as_deref() == Some(name))
                    || raw
                        .path_params
                        .iter()
                        .any(|p| p.enum_ref.as_ref().is_some_and(|e| e.value == name))
                    || raw
                        .body
                        .iter()
                        .flat_map(|b| &b.fields)
                        .any(|f| f.enum_ref.as_ref().is_some_and(|e| e.value == name))
            };
            if let Some((def, raw_enum)) = enums
                .iter()
                .zip(&raw.enums)
                .find(|(d, _)| d.name == subset && is_request_enum(&d.name))
            {
                cx.emit(
                    Diagnostic::error(format!(
                        "enum `{}` has the name of the values `{}` may take by this rule",
                        def.name, param.value
                    ))
                    .at(raw_enum.name.loc)
                    .label("name of a generated enum")
                    .secondary(param.loc, "this rule generates it")
                    .help("rename the enum"),
                );
            }
        }
    }
}

fn collect_enum_refs<'a>(object: &'a ObjectDef, out: &mut Vec<&'a str>) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => {
                out.extend(s.enum_ref.as_deref());
            }
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => {
                collect_enum_refs(o, out);
            }
            FieldKind::Array(ArrayItems::Any) => {}
        }
    }
}

/// A request format that a value of its enum cannot meet (`AN(3)` on `PERSONAL`) contradicts
/// the enum: that value could never be sent.
fn check_formats_of_enums(
    raw: &RawSpec,
    enums: &[EnumDef],
    path_params: &[Param],
    query: &[Param],
    body: Option<&Body>,
    response: &Response,
    cx: &mut Ctxt<'_>,
) {
    let mut uses: Vec<(Format, &str, &str, crate::model::Pos)> = Vec::new();
    for p in path_params.iter().chain(query) {
        if let Some(e) = &p.enum_ref {
            uses.push((p.format, e, &p.name, p.pos));
        }
    }
    fn fields<'a>(
        object: &'a ObjectDef,
        out: &mut Vec<(Format, &'a str, &'a str, crate::model::Pos)>,
    ) {
        for field in &object.fields {
            match &field.kind {
                FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => {
                    if let (Some(e), JsonType::String) = (&s.enum_ref, s.json) {
                        out.push((s.format, e, &field.path, field.pos));
                    }
                }
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => fields(o, out),
                FieldKind::Array(ArrayItems::Any) => {}
            }
        }
    }
    if let Some(body) = body {
        fields(&body.root, &mut uses);
    }
    // A response value that breaks its documented format is DOKU contradicting its page: it is
    // decoded and reported by the conformance check (`legal_entity.code` is ANS(22) on Get
    // Business Data's page, and PERKUMPULAN_BERBADAN_HUKUM has 26 characters), not an error.
    let _ = (raw, response);
    for (format, enum_name, what, pos) in uses {
        let Some(def) = enums.iter().find(|d| d.name == enum_name) else {
            continue;
        };
        let scalar = Scalar {
            format,
            json: JsonType::String,
            enum_ref: None,
        };
        let Some(rule) = crate::schema::format_rule(&scalar) else {
            continue;
        };
        let breaking: Vec<&str> = def
            .values
            .iter()
            .filter(|v| rule.check(&v.wire).is_err())
            .map(|v| v.wire.as_str())
            .collect();
        if !breaking.is_empty() {
            cx.emit(
                Diagnostic::error(format!(
                    "`{what}` is documented as {} but enum `{}` has values it cannot meet: {}",
                    format.doku_notation(),
                    def.name,
                    breaking.join(", ")
                ))
                .at(Loc::new(pos.line, pos.column, 1))
                .label("format and enum disagree")
                .help("keep the page's format and the page's values, and give the field `format: string` with a note on the conflict"),
            );
        }
    }
}

/// `same_as_request` only on a root response field that the body has too.
fn check_same_as_request(root: &ObjectDef, body: Option<&Body>, cx: &mut Ctxt<'_>) {
    let in_body =
        |name: &str| body.is_some_and(|b| b.root.fields.iter().any(|f| f.wire_name == name));
    let mut stack = vec![(root, true)];
    while let Some((object, is_root)) = stack.pop() {
        for field in &object.fields {
            if field.same_as_request && !(is_root && in_body(&field.wire_name)) {
                cx.emit(
                    Diagnostic::error(format!(
                        "response field `{}` is `same_as_request`, but the body has no root field `{}`",
                        field.path, field.wire_name
                    ))
                    .at(Loc::new(field.pos.line, field.pos.column, 1))
                    .label("nothing to be the same as")
                    .help("`same_as_request` echoes a root body field of the same name"),
                );
            }
            if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
                stack.push((o, false));
            }
        }
    }
}

/// `extensions` and `max_bytes`, which only a `file` field takes.
fn file_limits(raw: &RawField, path: &str, cx: &mut Ctxt<'_>) -> Option<FileLimits> {
    let is_file = raw
        .format
        .as_ref()
        .is_some_and(|f| f.value.trim() == "file");
    if !is_file {
        if let Some(e) = raw.extensions.first() {
            not_here(cx, "extensions", &Some(e.clone()), "a `file` field", path);
        }
        if let Some(m) = &raw.max_bytes {
            cx.emit(
                Diagnostic::error(format!(
                    "`max_bytes` on field `{path}`, which is not a `file` field"
                ))
                .at(m.loc)
                .label("`max_bytes` only applies to a `file` field"),
            );
        }
        return None;
    }
    let max_bytes = raw
        .max_bytes
        .as_ref()
        .and_then(|m| match u64::try_from(m.value) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                cx.emit(
                    Diagnostic::error(format!("`max_bytes` {} is not a size", m.value))
                        .at(m.loc)
                        .label("expected a positive number of bytes"),
                );
                None
            }
        });
    Some(FileLimits {
        extensions: raw.extensions.iter().map(|e| e.value.clone()).collect(),
        max_bytes,
    })
}

pub(crate) fn check_type_names(types: &[TypeName], generated: &[&str], cx: &mut Ctxt<'_>) {
    let mut seen: HashMap<&str, &TypeName> = HashMap::new();
    for t in types {
        // The response root is `Response` by design; anything else so named collides.
        let is_root = t.what.starts_with("the root of");
        if generated.contains(&t.name.as_str()) && !is_root {
            cx.emit(
                Diagnostic::error(format!(
                    "{} would be named `{}`, a name the generated code uses itself",
                    t.what, t.name
                ))
                .at(t.loc)
                .label("reserved by the generator")
                .help(format!(
                    "rename it (for an object, set `rust_type:`); reserved: {}",
                    generated.join(", ")
                )),
            );
            continue;
        }
        if RESERVED_TYPES.contains(&t.name.as_str()) {
            cx.emit(
                Diagnostic::error(format!(
                    "{} would be named `{}`, which shadows a standard type",
                    t.what, t.name
                ))
                .at(t.loc)
                .label("reserved type name")
                .help("set `rust_type:` to another name"),
            );
            continue;
        }
        match seen.get(t.name.as_str()) {
            Some(first) => cx.emit(
                Diagnostic::error(format!(
                    "two types named `{}`: {} and {}",
                    t.name, first.what, t.what
                ))
                .at(t.loc)
                .label(format!("`{}` again here", t.name))
                .secondary(first.loc, format!("`{}` first here", t.name))
                .help("set `rust_type:` on one of the objects (or rename the enum)"),
            ),
            None => {
                seen.insert(&t.name, t);
            }
        }
    }
}
