//! Lower stage: raw AST → typed [`model`](crate::model).
//!
//! Interprets every value (formats, methods, JSON types, names), builds the response/body
//! object trees from the flat dotted field table, derives Rust names and reports collisions
//! after escaping. Every problem goes to the [`Ctxt`]; lowering always finishes (with
//! placeholders where something was wrong) so that later problems are reported too. The
//! result is only meaningful when no error was recorded.
//!
//! This file lowers the spec's sections in order. Beside it, one concern each: `refs` (the
//! cross-references, checked first: enum references, rules, path placeholders, example
//! files), `path` (the path template), `params` (headers, parameters, enums, rules), `format`
//! (DOKU's notations), `fields` (field tables → object trees), `response` (response and
//! errors), `body` (the request half), `checks` (checks across the lowered spec).

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Ctxt, Diagnostic, Loc, did_you_mean};
use crate::load::{RawAuth, RawHosts, RawSpec, Sp, Text};
use crate::model::{
    Auth, EnumDef, Format, Header, Hosts, IssuesToken, JsonType, Method, Param, PathSegment,
    SignatureScheme, Spec,
};
use crate::names;

mod body;
mod body_limit;
mod checks;
mod fields;
mod format;
mod incoming;
mod marks;
mod params;
mod path;
mod refs;
mod response;
mod response_headers;
pub(crate) mod union;

use checks::{
    check_body_names, check_formats_of_enums, check_generated_collisions, check_number_enums,
    check_same_as_request,
};
pub(crate) use fields::{build_tree, check_type_names};
pub use format::{FORMAT_HELP, lower_format, lower_param_format, parse_format};
use params::{
    check_param_rust_names, check_rust_name_override, check_rust_type_override, lower_enum,
    lower_header, lower_param, lower_rule,
};
pub use path::Placeholders;
use path::lower_path;
pub(crate) use response::lower_example;
use response::{lower_errors, lower_response};

/// Rust type name of the response root object.
pub const RESPONSE_TYPE: &str = "Response";
/// Rust type name of the request body root object.
pub const BODY_TYPE: &str = "Body";
/// Type names an object or enum may not take, because generated code uses them unqualified.
pub const RESERVED_TYPES: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Self"];
/// Names the generated code gives items of its own, in the module of the request enums
/// (`Request`, `RawRequest`, `Query`, the `Response` alias), in the response module (the
/// `ResponseObject` and `ValueEnum` derives it imports) and in the body module (the `MaskedDebug` derive it
/// imports for personal data): an enum or an object may not take them. The
/// decoders themselves are written once in the runtime and define no local names.
pub const GENERATED_NAMES: &[&str] = &[
    "Request",
    "RawRequest",
    "Query",
    "Response",
    "ResponseObject",
    "MaskedDebug",
    "ValueEnum",
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

/// A named Rust type and where it comes from, for collision checks.
pub(crate) struct TypeName {
    pub(crate) name: String,
    pub(crate) loc: Loc,
    pub(crate) what: String,
}

/// Lowers the raw AST to the model, reporting every problem to `cx`.
pub fn lower(raw: &RawSpec, base_dir: Option<&Path>, cx: &mut Ctxt<'_>) -> Spec {
    let (direction, raw) = incoming::normalize(raw, cx);
    let raw = raw.as_ref();
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
    let headers = params::caller_header_names(headers, raw, &auth, &path_params, &query, cx);
    let mut response = lower_response(raw.response.as_ref(), &mut types, cx);
    body::refuse_files(&response.root, "a response", cx);
    // One shape per discriminator value (lower/union.rs).
    if let Some(raw_union) = raw.response.as_ref().and_then(|r| r.union.as_ref()) {
        response.union = union::lower_union(
            union::section(direction),
            raw_union,
            &response.root,
            &enums,
            &mut types,
            cx,
        );
        for variant in response.union.iter().flat_map(|u| &u.variants) {
            body::refuse_files(&variant.root, "a response", cx);
        }
    }
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
    if let Some(body) = &body {
        check_body_names(body, cx);
    }
    check_number_enums(&enums, body.as_ref(), &response.root, cx);
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
    let mut errors = lower_errors(raw.errors.as_ref(), cx);
    errors.envelopes = response_headers::lower_envelopes(raw.errors.as_ref(), cx);
    let response_headers = response_headers::lower_response_headers(raw, &auth, cx);
    if let Some(auth) = &raw.auth
        && let Some(issues) = &auth.issues_token
    {
        params::check_issues_token(issues, auth, body.as_ref(), &response, cx);
    }

    check_type_names(&types, GENERATED_NAMES, cx);

    Spec {
        name: text_or_empty(&raw.name),
        title: text_or_empty(&raw.title),
        summary: text_or_empty(&raw.summary),
        docs_url: text_or_empty(&raw.docs_url),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
        direction,
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
        response_headers,
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

// ---------------------------------------------------------------------------------------------
// Field tree.
