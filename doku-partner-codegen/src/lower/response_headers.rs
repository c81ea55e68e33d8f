//! Lower: a response's headers (`response.headers`) and the error envelopes an endpoint may
//! answer (`errors.envelopes`), with the checks that keep each one checkable by the runtime.

use doku_partner_support::error::{DokuError, EnvelopeForm};

use super::format::lower_format;
use super::{text_or_empty, unknown_choice};
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::{RawErrors, RawSpec, Sp};
use crate::model::{
    Auth, DeclaredEnvelope, Format, ResponseHeader, ResponseHeaderCheck, SignatureScheme,
};

/// The headers whose request value the client knows, so that `same_as_request` can compare.
const ECHOABLE: [&str; 2] = ["Client-Id", "Request-Id"];

/// `response.headers`, checked: names unique (case-insensitive), formats the runtime checks
/// on a header, and each `check` one the runtime can do for that header.
pub(super) fn lower_response_headers(
    raw: &RawSpec,
    auth: &Auth,
    cx: &mut Ctxt<'_>,
) -> Vec<ResponseHeader> {
    let Some(response) = &raw.response else {
        return Vec::new();
    };
    let mut seen: Vec<&Sp<String>> = Vec::new();
    let mut out = Vec::new();
    for h in &response.headers {
        if let Some(name) = &h.name {
            check_name(name, &seen, cx);
            seen.push(name);
        }
        let name = text_or_empty(&h.name);
        let format = h.format.as_ref().and_then(|f| {
            let format = lower_format(f, cx)?;
            header_format(format, f, cx)
        });
        let check = match &h.check {
            None if format.is_some() => ResponseHeaderCheck::Format,
            None => ResponseHeaderCheck::Present,
            Some(c) => match ResponseHeaderCheck::NAMES
                .iter()
                .position(|n| *n == c.value)
            {
                Some(0) => ResponseHeaderCheck::Present,
                Some(1) => ResponseHeaderCheck::SameAsRequest,
                Some(2) => ResponseHeaderCheck::Format,
                Some(_) => ResponseHeaderCheck::Signature,
                None => {
                    unknown_choice(cx, "response header check", c, &ResponseHeaderCheck::NAMES);
                    ResponseHeaderCheck::Present
                }
            },
        };
        if let Some(c) = &h.check {
            check_checkable(check, &name, c, h.format.is_some(), raw, auth, cx);
        }
        let example = h.example.as_ref().map(|e| e.value.clone());
        if matches!(
            check,
            ResponseHeaderCheck::Present | ResponseHeaderCheck::Format
        ) && example.is_none()
            && let Some(n) = &h.name
        {
            cx.emit(
                Diagnostic::error(format!("response header `{name}` has no `example`"))
                    .at(n.loc)
                    .label("the stand-in sends this header's example")
                    .help(
                        "write the page's example value, e.g. `example: \"2020-08-11T08:45:42Z\"`",
                    ),
            );
        }
        out.push(ResponseHeader {
            name,
            mandatory: h.mandatory.as_ref().is_none_or(|m| m.value),
            check,
            format,
            description: text_or_empty(&h.description),
            example,
            notes: h.notes.iter().map(|n| n.value.clone()).collect(),
        });
    }
    out
}

fn check_name(name: &Sp<String>, seen: &[&Sp<String>], cx: &mut Ctxt<'_>) {
    if name.value.is_empty()
        || !name
            .value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        cx.emit(
            Diagnostic::error(format!("invalid header name `{}`", name.value))
                .at(name.loc)
                .label("not an HTTP header name")
                .help("use ASCII letters, digits and `-`, e.g. `Response-Timestamp`"),
        );
    }
    if let Some(first) = seen
        .iter()
        .find(|s| s.value.eq_ignore_ascii_case(&name.value))
    {
        cx.emit(
            Diagnostic::error(format!(
                "response header `{}` is declared twice",
                name.value
            ))
            .at(name.loc)
            .label(format!(
                "already declared as `{}` at line {}",
                first.value, first.loc.line
            ))
            .help("header names are case-insensitive: keep one entry"),
        );
    }
}

/// The formats the runtime checks on a header value: a timestamp, or a string format.
fn header_format(format: Format, text: &Sp<String>, cx: &mut Ctxt<'_>) -> Option<Format> {
    match format {
        Format::An(_)
        | Format::Ans(_)
        | Format::N(_)
        | Format::Numeric
        | Format::Str(_)
        | Format::String
        | Format::Timestamp => Some(format),
        _ => {
            cx.emit(
                Diagnostic::error(format!("unknown header format \"{}\"", text.value))
                    .at(text.loc)
                    .label("not a format a response header is checked with")
                    .help(
                        "a header is one line of text: write `timestamp`, AN(n), ANS(n), N(n), \
                         Numeric, string or string(n)",
                    ),
            );
            None
        }
    }
}

/// Refuses a `check` the runtime cannot do for this header.
fn check_checkable(
    check: ResponseHeaderCheck,
    name: &str,
    at: &Sp<String>,
    has_format: bool,
    raw: &RawSpec,
    auth: &Auth,
    cx: &mut Ctxt<'_>,
) {
    let problem = match check {
        ResponseHeaderCheck::SameAsRequest
            if !ECHOABLE.iter().any(|e| e.eq_ignore_ascii_case(name)) =>
        {
            Some((
                format!("the client cannot compare `{name}` with the request"),
                "the client knows the request's value of `Client-Id` and `Request-Id` only; \
                 write `check: format` or `check: present`"
                    .to_owned(),
            ))
        }
        ResponseHeaderCheck::Signature if !name.eq_ignore_ascii_case("Signature") => Some((
            format!("`{name}` cannot be checked as the response signature"),
            "DOKU's response signature is the `Signature` header".to_owned(),
        )),
        ResponseHeaderCheck::Signature if auth.signature != SignatureScheme::NonSnapHmacSha256 => {
            Some((
                "the response signature cannot be verified without `auth.signature`".to_owned(),
                "the client verifies it with the Non-SNAP scheme: `auth.signature: \
                 non_snap_hmac_sha256`"
                    .to_owned(),
            ))
        }
        ResponseHeaderCheck::Signature
            if !raw.response.as_ref().is_some_and(|r| {
                r.headers.iter().any(|h| {
                    h.name
                        .as_ref()
                        .is_some_and(|n| n.value.eq_ignore_ascii_case("Response-Timestamp"))
                })
            }) =>
        {
            Some((
                "the response signature cannot be verified without `Response-Timestamp`".to_owned(),
                "the signature covers the `Response-Timestamp` header: declare it too".to_owned(),
            ))
        }
        ResponseHeaderCheck::Format if !has_format => Some((
            format!("`check: format` on `{name}`, which has no `format`"),
            "write its `format` (e.g. `timestamp`), or `check: present`".to_owned(),
        )),
        _ => None,
    };
    if let Some((message, help)) = problem {
        cx.emit(
            Diagnostic::error(message)
                .at(at.loc)
                .label("the runtime cannot check it as declared")
                .help(help),
        );
    }
}

/// `errors.envelopes`, checked: known names, each once, each sample in its own envelope.
pub(super) fn lower_envelopes(raw: Option<&RawErrors>, cx: &mut Ctxt<'_>) -> Vec<DeclaredEnvelope> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let names: Vec<&str> = EnvelopeForm::ALL.iter().map(|f| f.spec_name()).collect();
    let mut out: Vec<DeclaredEnvelope> = Vec::new();
    for e in &raw.envelopes {
        let Some(name) = &e.name else { continue };
        let Some(form) = EnvelopeForm::from_spec_name(&name.value) else {
            unknown_choice(cx, "error envelope", name, &names);
            continue;
        };
        if out.iter().any(|d| d.form == form) {
            cx.emit(
                Diagnostic::error(format!("error envelope `{}` is declared twice", name.value))
                    .at(name.loc)
                    .label("declared above already")
                    .help("keep one entry per envelope"),
            );
            continue;
        }
        if let Some(sample) = &e.sample {
            let problem = match DokuError::parse(sample.value.as_bytes()) {
                None => Some("is none of DOKU's error envelopes".to_owned()),
                Some(parsed) if parsed.form != form => Some(format!(
                    "is the `{}` envelope, not `{}`",
                    parsed.form.spec_name(),
                    form.spec_name()
                )),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                cx.emit(
                    Diagnostic::error(format!("the sample of envelope `{}` {problem}", name.value))
                        .at(sample.loc)
                        .label("does not match its envelope")
                        .help(
                            "`error` is {\"error\":{\"code\":\"...\",\"message\":\"...\"}}, \
                             `message` is {\"message\":[\"...\"]}",
                        ),
                );
            }
        }
        out.push(DeclaredEnvelope {
            form,
            sample: e.sample.as_ref().map(|s| s.value.clone()),
            description: text_or_empty(&e.description),
        });
    }
    out
}
