//! Lower: the response (status, field table, samples) and the documented errors.

use super::{RESPONSE_TYPE, TypeName, build_tree, text_or_empty};
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::{RawErrors, RawResponse, Sp};
use crate::model::{ErrorCase, Errors, Example, ObjectDef, Response};

pub(super) fn lower_response(
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
            union: None,
        };
    };
    let status = match &raw.status {
        None => 200,
        Some(s) => status_code(s, cx).unwrap_or(200),
    };
    super::fields::check_no_enum_cut_off(&raw.fields, "response", cx);
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
        union: None,
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
        breaks: e.breaks.iter().map(|b| b.value.clone()).collect(),
        cut_off: e.cut_off.as_ref().is_some_and(|p| p.value),
    }
}

pub(super) fn status_code(s: &Sp<i128>, cx: &mut Ctxt<'_>) -> Option<u16> {
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

pub(super) fn lower_errors(raw: Option<&RawErrors>, cx: &mut Ctxt<'_>) -> Errors {
    let Some(raw) = raw else {
        return Errors {
            envelope: String::new(),
            cases: Vec::new(),
            envelopes: Vec::new(),
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
        envelopes: Vec::new(),
    }
}
