//! Samples that no longer check: each version's samples are checked against that version's
//! field tables with the runtime's own check (what `doku-partner check` runs). A sample that
//! fit the old spec and does not fit the new one is what DOKU sends (or documents) being
//! refused.

use std::path::Path;

use super::{DOCS_CHANGED, Out, SAMPLE_REFUSED};
use crate::diagnostic::Diagnostic;
use crate::diff::matching::at;
use crate::model::Example;

pub(super) fn compare(out: &mut Out<'_>) {
    let (old_side, new_side) = (out.old, out.new);
    let (Some(old_dir), Some(new_dir)) = (&old_side.dir, &new_side.dir) else {
        return;
    };
    let old_req = crate::schema::check_request_samples(&old_side.spec, old_dir);
    let new_req = crate::schema::check_request_samples(&new_side.spec, new_dir);
    let empty = Vec::new();
    let (old_body, new_body) = (
        old_side.spec.body.as_ref().map_or(&empty, |b| &b.examples),
        new_side.spec.body.as_ref().map_or(&empty, |b| &b.examples),
    );
    let dirs = (old_dir.as_path(), new_dir.as_path());
    refused(
        out,
        "request",
        dirs,
        (old_body, &old_req),
        (new_body, &new_req),
    );
    let old_resp = crate::schema::check_response_samples(&old_side.spec, old_dir);
    let new_resp = crate::schema::check_response_samples(&new_side.spec, new_dir);
    let (old_ex, new_ex) = (
        &old_side.spec.response.examples,
        &new_side.spec.response.examples,
    );
    refused(
        out,
        "response",
        dirs,
        (old_ex, &old_resp),
        (new_ex, &new_resp),
    );
}

/// The problems found in one sample (each sample's problems are at its `file` entry).
fn problems_of<'a>(example: &Example, problems: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    problems
        .iter()
        .filter(|d| d.loc().line == example.pos.line)
        .collect()
}

/// Per sample present in both versions (by name): refused now though it fit before
/// (breaking), else changed bytes (docs).
fn refused(
    out: &mut Out<'_>,
    side: &str,
    (old_dir, new_dir): (&Path, &Path),
    (old_examples, old_problems): (&[Example], &[Diagnostic]),
    (new_examples, new_problems): (&[Example], &[Diagnostic]),
) {
    for example in new_examples {
        let Some(before) = old_examples.iter().find(|o| o.name == example.name) else {
            continue;
        };
        let now = problems_of(example, new_problems);
        let fit_before = problems_of(before, old_problems).is_empty();
        let Some(first) = now.first().filter(|_| fit_before) else {
            let old_bytes = std::fs::read(old_dir.join(&before.file)).ok();
            let new_bytes = std::fs::read(new_dir.join(&example.file)).ok();
            if old_bytes != new_bytes {
                let msg = format!(
                    "{side} sample `{}` ({}) changed",
                    example.name, example.file
                );
                out.new_at(DOCS_CHANGED, at(example.pos), msg, Vec::new());
            }
            continue;
        };
        let more = match now.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let msg = format!(
            "{side} sample `{}` ({}) checked before and no longer does: {}{more}",
            example.name, example.file, first.message
        );
        let item = match side {
            "request" => out.item("body::Body"),
            _ => out.item("response::Response"),
        };
        out.new_at(SAMPLE_REFUSED, at(example.pos), msg, vec![item]);
    }
}
