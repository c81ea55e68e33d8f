//! `secret` and `personal` on a field entry: the reason each gives, and what it can mark.

use super::fields::Decl;
use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::{RawField, Sp};
use crate::model::{JsonType, Sensitivity};

/// `secret` and `personal`: each with its reason, on what it can hide. A secret is a `Secret`
/// string, so only a string scalar takes it; personal data is masked value by value, so a
/// scalar or an array of scalars takes it (mark an object's fields, not the object).
pub(super) fn sensitivity(
    raw: &RawField,
    decl: &Decl,
    path: &str,
    cx: &mut Ctxt<'_>,
) -> Option<Sensitivity> {
    let reason = |t: &Sp<String>, key: &str, cx: &mut Ctxt<'_>| {
        let why = t.value.trim();
        if why.is_empty() {
            cx.emit(
                Diagnostic::error(format!("`{key}` on field `{path}` gives no reason"))
                    .at(t.loc)
                    .label("empty")
                    .help(format!(
                        "write why the value is {}: `{key}: The sub-merchant's key; it signs its payments.`",
                        if key == "secret" { "a secret" } else { "personal data" }
                    )),
            );
            None
        } else {
            Some(why.to_owned())
        }
    };
    match (&raw.secret, &raw.personal) {
        (Some(secret), Some(personal)) => {
            cx.emit(
                Diagnostic::error(format!("field `{path}` is marked both `secret` and `personal`"))
                    .at(personal.loc)
                    .label("`personal` here")
                    .secondary(secret.loc, "`secret` here")
                    .help("a secret is never printed at all; keep `secret` and put the other reason in it"),
            );
            None
        }
        (Some(secret), None) => {
            let is_string = matches!(decl, Decl::Scalar(s) if s.json == JsonType::String);
            if !is_string {
                cx.emit(
                    Diagnostic::error(format!(
                        "`secret` on field `{path}`, which is not a string scalar"
                    ))
                    .at(secret.loc)
                    .label("only a string value can be a `Secret`")
                    .help(
                        "DOKU's keys and tokens are strings; mark the string field that holds one",
                    ),
                );
                return None;
            }
            reason(secret, "secret", cx).map(Sensitivity::Secret)
        }
        (None, Some(personal)) => {
            if !matches!(decl, Decl::Scalar(_) | Decl::ArrayOfScalars(_)) {
                cx.emit(
                    Diagnostic::error(format!(
                        "`personal` on field `{path}`, which is an object or an array of objects"
                    ))
                    .at(personal.loc)
                    .label("personal data is masked value by value")
                    .help("mark the fields of this object that hold personal data"),
                );
                return None;
            }
            reason(personal, "personal", cx).map(Sensitivity::Personal)
        }
        (None, None) => None,
    }
}
