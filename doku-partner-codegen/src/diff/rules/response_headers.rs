//! Compare: the declared response headers (`response.headers`) and error envelopes
//! (`errors.envelopes`).
//!
//! A mandatory header added is breaking (replies without it get a finding, an error in strict
//! mode; a `Signature` one refuses unsigned replies), an optional one additive; a header
//! removed is breaking (`Reply::headers` no longer holds it), and so is a change of how one is
//! checked. Envelopes are compared as the set the client accepts (none declared: every one):
//! an envelope no longer accepted is breaking (its answers become
//! `Error::UndeclaredEnvelope`), one newly accepted additive.

use doku_partner_support::error::EnvelopeForm;

use super::{
    DOCS_CHANGED, ENVELOPE_NARROWED, ENVELOPE_WIDENED, Out, RESP_HEADER_ADDED_MANDATORY,
    RESP_HEADER_ADDED_OPTIONAL, RESP_HEADER_CHANGED, RESP_HEADER_REMOVED,
};
use crate::diagnostic::Loc;
use crate::load::RawSpec;

/// Where the response header `name` is declared in `raw`.
fn header_loc(raw: &RawSpec, name: &str) -> Option<Loc> {
    raw.response.as_ref()?.headers.iter().find_map(|h| {
        let n = h.name.as_ref()?;
        n.value.eq_ignore_ascii_case(name).then_some(n.loc)
    })
}

pub(super) fn compare(out: &mut Out<'_>) {
    let (old, new) = (&out.old.spec, &out.new.spec);
    let top = out.new.raw.loc;
    let rust = vec![out.constant("RESPONSE_HEADERS")];
    let mut findings = Vec::new();
    for n in &new.response_headers {
        let loc = header_loc(&out.new.raw, &n.name).unwrap_or(top);
        match old
            .response_headers
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(&n.name))
        {
            None if n.mandatory => findings.push((
                RESP_HEADER_ADDED_MANDATORY,
                false,
                loc,
                format!("new mandatory response header `{}`", n.name),
            )),
            None => findings.push((
                RESP_HEADER_ADDED_OPTIONAL,
                false,
                loc,
                format!("new optional response header `{}`", n.name),
            )),
            Some(o) if (o.mandatory, o.check, o.format) != (n.mandatory, n.check, n.format) => {
                findings.push((
                    RESP_HEADER_CHANGED,
                    false,
                    loc,
                    format!("response header `{}` is checked differently", n.name),
                ));
            }
            Some(o) if o != n => findings.push((
                DOCS_CHANGED,
                false,
                loc,
                format!("response header `{}`: its text changed", n.name),
            )),
            Some(_) => {}
        }
    }
    for o in &old.response_headers {
        if !new
            .response_headers
            .iter()
            .any(|n| n.name.eq_ignore_ascii_case(&o.name))
        {
            let loc = header_loc(&out.old.raw, &o.name).unwrap_or(out.old.raw.loc);
            findings.push((
                RESP_HEADER_REMOVED,
                true,
                loc,
                format!("response header `{}` no longer declared", o.name),
            ));
        }
    }
    for (rule, in_old, loc, msg) in findings {
        let rust = if rule.id == DOCS_CHANGED.id {
            Vec::new()
        } else {
            rust.clone()
        };
        if in_old {
            out.old_at(rule, loc, msg, rust);
        } else {
            out.new_at(rule, loc, msg, rust);
        }
    }
    envelopes(out);
}

/// The envelopes a spec's client accepts: the declared ones, or every one.
fn accepted(declared: &[crate::model::DeclaredEnvelope]) -> Vec<EnvelopeForm> {
    if declared.is_empty() {
        EnvelopeForm::ALL.to_vec()
    } else {
        declared.iter().map(|e| e.form).collect()
    }
}

fn envelopes(out: &mut Out<'_>) {
    let (old, new) = (
        &out.old.spec.errors.envelopes,
        &out.new.spec.errors.envelopes,
    );
    let raw = &out.new.raw;
    let loc = raw.errors.as_ref().map_or(raw.loc, |e| {
        e.envelopes
            .first()
            .and_then(|x| x.name.as_ref())
            .map_or(e.loc, |n| n.loc)
    });
    let (was, is) = (accepted(old), accepted(new));
    let rust = vec![out.constant("ERROR_ENVELOPES")];
    let lost: Vec<&str> = was
        .iter()
        .filter(|f| !is.contains(f))
        .map(|f| f.spec_name())
        .collect();
    let gained: Vec<&str> = is
        .iter()
        .filter(|f| !was.contains(f))
        .map(|f| f.spec_name())
        .collect();
    if !lost.is_empty() {
        let msg = format!(
            "error envelope(s) {} no longer accepted: answers in them become Error::UndeclaredEnvelope",
            lost.join(", ")
        );
        out.new_at(ENVELOPE_NARROWED, loc, msg, rust.clone());
    }
    if !gained.is_empty() {
        let msg = format!("error envelope(s) {} now accepted", gained.join(", "));
        out.new_at(ENVELOPE_WIDENED, loc, msg, rust);
    }
    if lost.is_empty() && gained.is_empty() && old != new {
        out.new_at(
            DOCS_CHANGED,
            loc,
            "error envelopes: their samples or descriptions changed".to_owned(),
            Vec::new(),
        );
    }
}
