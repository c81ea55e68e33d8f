//! Lower, first step: the cross-references of the raw AST, checked before anything is built
//! from it.
//!
//! - every `enum:` (parameter, field, array items) names a declared enum;
//! - rules: `when` names exactly one parameter; every parameter a rule names is declared and
//!   has an enum; every value is one of that enum's values;
//! - the path template and `path_params` match both ways;
//! - parameter names (path and query together), header names and example names are unique;
//! - example files exist (relative to the spec file's folder, only when loading from a file).
//!
//! Local checks of single values (formats, names, the field tree) follow in the rest of
//! [`crate::lower`], as each part is lowered.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::diagnostic::{Ctxt, Diagnostic};
use crate::diagnostic::{FirstSeen, did_you_mean};
use crate::load::{RawEnum, RawParam, RawSpec, Sp};
use crate::lower::Placeholders;

/// Runs every cross-reference check. `placeholders` are those of the path template, parsed
/// once by [`lower`](super::lower) (`None`: no template, or a malformed one, already
/// reported). `base_dir` is the folder of the spec file, when loading from a file (example
/// files are only checked then).
pub(super) fn check(
    raw: &RawSpec,
    placeholders: Option<&Placeholders>,
    base_dir: Option<&Path>,
    cx: &mut Ctxt<'_>,
) {
    let index = Index::new(raw);
    check_params(raw, cx);
    if let (Some(path), Some(placeholders)) = (&raw.path, placeholders) {
        check_path(raw, path, placeholders, cx);
    }
    check_enum_refs(raw, &index, cx);
    check_rules(raw, &index, cx);
    check_headers(raw, cx);
    check_examples(raw, base_dir, cx);
}

fn all_params(raw: &RawSpec) -> impl Iterator<Item = &RawParam> {
    raw.path_params.iter().chain(raw.query.iter())
}

fn quoted_list<'a>(items: impl Iterator<Item = &'a str>, max: usize) -> String {
    let all: Vec<&str> = items.collect();
    let mut shown: Vec<String> = all.iter().take(max).map(|s| format!("`{s}`")).collect();
    if all.len() > max {
        shown.push(format!("... ({} in all)", all.len()));
    }
    shown.join(", ")
}

fn check_params(raw: &RawSpec, cx: &mut Ctxt<'_>) {
    let mut seen = FirstSeen::new();
    for name in all_params(raw).filter_map(|p| p.name.as_ref()) {
        let help = Some("parameter names are unique across `path_params` and `query`");
        let subject = || format!("parameter `{}`", name.value);
        seen.declare(name.as_str(), subject, name.loc, help, cx);
    }
}

fn check_path(raw: &RawSpec, path: &Sp<String>, placeholders: &Placeholders, cx: &mut Ctxt<'_>) {
    let declared: HashSet<&str> = raw
        .path_params
        .iter()
        .filter_map(|p| p.name.as_ref().map(Sp::as_str))
        .collect();
    let mut seen = FirstSeen::new();
    for (name, loc) in placeholders {
        let subject = || format!("path placeholder `{{{name}}}`");
        if !seen.declare(name.as_str(), subject, *loc, None, cx) {
            continue;
        }
        if !declared.contains(name.as_str()) {
            let candidates = raw
                .path_params
                .iter()
                .filter_map(|p| p.name.as_ref().map(Sp::as_str));
            let help = match did_you_mean(name, candidates) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("add `- name: {name}` with a `format` to `path_params`"),
            };
            cx.emit(
                Diagnostic::error(format!(
                    "path placeholder `{{{name}}}` has no matching path parameter"
                ))
                .at(*loc)
                .label(format!("no `path_params` entry named `{name}`"))
                .help(help),
            );
        }
    }
    for name in raw.path_params.iter().filter_map(|p| p.name.as_ref()) {
        if !seen.contains(&name.as_str()) {
            cx.emit(
                Diagnostic::error(format!(
                    "path parameter `{}` does not appear in the path",
                    name.value
                ))
                .at(name.loc)
                .label("not in the path template")
                .secondary(path.loc, "path template")
                .help(format!(
                    "add `{{{}}}` to `path`, or move the parameter to `query`",
                    name.value
                )),
            );
        }
    }
}

/// Lookups built once, so that checks stay linear on big (or hostile) files.
struct Index<'a> {
    /// Enums by name, with their set of values.
    enums: HashMap<&'a str, (&'a RawEnum, HashSet<&'a str>)>,
    /// Path and query parameters by wire name (first declaration).
    params: HashMap<&'a str, &'a RawParam>,
}

impl<'a> Index<'a> {
    fn new(raw: &'a RawSpec) -> Self {
        let mut enums = HashMap::new();
        for e in &raw.enums {
            let values = e
                .values
                .iter()
                .filter_map(|v| v.value.as_ref().map(Sp::as_str))
                .collect();
            enums.entry(e.name.as_str()).or_insert((e, values));
        }
        let mut params = HashMap::new();
        for p in all_params(raw) {
            if let Some(name) = &p.name {
                params.entry(name.as_str()).or_insert(p);
            }
        }
        Index { enums, params }
    }
}

fn check_enum_ref(raw: &RawSpec, index: &Index<'_>, r: &Sp<String>, cx: &mut Ctxt<'_>) {
    if index.enums.contains_key(r.as_str()) {
        return;
    }
    let names = raw.enums.iter().map(|e| e.name.as_str());
    let help = match did_you_mean(&r.value, names.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None if raw.enums.is_empty() => "declare it under `enums:`".to_owned(),
        None => format!("declared enums: {}", quoted_list(names, 12)),
    };
    cx.emit(
        Diagnostic::error(format!("unknown enum `{}`", r.value))
            .at(r.loc)
            .label("not declared in `enums`")
            .help(help),
    );
}

fn check_enum_refs(raw: &RawSpec, index: &Index<'_>, cx: &mut Ctxt<'_>) {
    // A misspelled `enums:` (reported as an unknown key) would make every reference dangle.
    if raw
        .unknown_keys
        .iter()
        .any(|k| did_you_mean(k, ["enums"]).is_some())
    {
        return;
    }
    for r in all_params(raw).filter_map(|p| p.enum_ref.as_ref()) {
        check_enum_ref(raw, index, r, cx);
    }
    let body = raw.body.iter().flat_map(|b| b.fields.iter());
    let response = raw.response.iter().flat_map(|r| r.fields.iter());
    for r in body.chain(response).filter_map(|f| f.enum_ref.as_ref()) {
        check_enum_ref(raw, index, r, cx);
    }
}

/// Checks that `param` is a declared parameter with an enum, and that `values` are in it.
fn check_rule_values(
    raw: &RawSpec,
    index: &Index<'_>,
    param: &Sp<String>,
    values: &[Sp<String>],
    cx: &mut Ctxt<'_>,
) {
    let Some(declared) = index.params.get(param.as_str()) else {
        let candidates = all_params(raw).filter_map(|p| p.name.as_ref().map(Sp::as_str));
        let help = match did_you_mean(&param.value, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "rules may only name parameters declared in `path_params` or `query`".to_owned()
            }
        };
        cx.emit(
            Diagnostic::error(format!("rule names undeclared parameter `{}`", param.value))
                .at(param.loc)
                .label("not a path or query parameter")
                .help(help),
        );
        return;
    };
    let Some(enum_ref) = &declared.enum_ref else {
        if cx.misspelled(declared.loc.pos(), "enum") {
            return; // `enmu:` on the parameter was reported: the same mistake.
        }
        let decl_loc = declared.name.as_ref().map_or(declared.loc, |n| n.loc);
        cx.emit(
            Diagnostic::error(format!(
                "rule constrains parameter `{}`, which has no `enum`",
                param.value
            ))
            .at(param.loc)
            .label("values cannot be checked")
            .secondary(decl_loc, "declared here without `enum:`")
            .help("add `enum: SomeEnum` to the parameter"),
        );
        return;
    };
    // An undeclared enum is reported by `check_enum_refs`.
    let Some((e, known)) = index.enums.get(enum_ref.as_str()) else {
        return;
    };
    let in_order = || {
        e.values
            .iter()
            .filter_map(|v| v.value.as_ref().map(Sp::as_str))
    };
    for v in values {
        if known.contains(v.as_str()) {
            continue;
        }
        let help = match did_you_mean(&v.value, in_order()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "values of `{}`: {}",
                e.name.value,
                quoted_list(in_order(), 12)
            ),
        };
        cx.emit(
            Diagnostic::error(format!(
                "`{}` is not a value of enum `{}` (parameter `{}`)",
                v.value, e.name.value, param.value
            ))
            .at(v.loc)
            .label(format!("not in `{}`", e.name.value))
            .help(help),
        );
    }
}

fn check_rules(raw: &RawSpec, index: &Index<'_>, cx: &mut Ctxt<'_>) {
    // One mistake, one error: with `query:` or `path_params:` misspelled (already reported as
    // an unknown key), every rule would name "undeclared" parameters.
    let params_misspelled = raw
        .unknown_keys
        .iter()
        .any(|k| did_you_mean(k, ["query", "path_params", "enums"]).is_some());
    if params_misspelled {
        return;
    }
    for rule in &raw.rules {
        if rule.when_loc.is_known() && rule.when.len() != 1 {
            let loc = rule.when.get(1).map_or(rule.when_loc, |(p, _)| p.loc);
            let found = match rule.when.len() {
                0 => "none".to_owned(),
                n => n.to_string(),
            };
            cx.emit(
                Diagnostic::error(format!(
                    "a rule's `when` must name exactly one parameter, found {found}"
                ))
                .at(loc)
                .label(if rule.when.is_empty() {
                    "no parameter"
                } else {
                    "second parameter"
                })
                .help("write `when: { param: VALUE }`; split combined conditions into rules"),
            );
        }
        for (param, value) in &rule.when {
            check_rule_values(raw, index, param, std::slice::from_ref(value), cx);
        }
        if rule.then_loc.is_known() && rule.then.is_empty() {
            cx.emit(
                Diagnostic::error("a rule's `then` constrains nothing")
                    .at(rule.then_loc)
                    .label("empty")
                    .help("write `then: { param: [VALUE, ...] }`"),
            );
        }
        for (param, values) in &rule.then {
            check_rule_values(raw, index, param, values, cx);
        }
    }
}

fn check_headers(raw: &RawSpec, cx: &mut Ctxt<'_>) {
    // Header names are case-insensitive.
    let mut seen = FirstSeen::new();
    for name in raw.headers.iter().filter_map(|h| h.name.as_ref()) {
        let key = name.value.to_ascii_lowercase();
        seen.declare(
            key,
            || format!("header `{}`", name.value),
            name.loc,
            None,
            cx,
        );
    }
}

fn check_examples(raw: &RawSpec, base_dir: Option<&Path>, cx: &mut Ctxt<'_>) {
    // An event sample is replayed as DOKU's request to the receiver: it must be whole.
    for cut in raw
        .event
        .iter()
        .flat_map(|e| &e.examples)
        .filter_map(|e| e.cut_off.as_ref().filter(|c| c.value))
    {
        cx.emit(
            Diagnostic::error("an event sample cannot be `cut_off`")
                .at(cut.loc)
                .label("on an incoming spec's sample")
                .help(
                    "an event sample is replayed as DOKU's request to the receiver, so it must be \
                     complete JSON; keep the page's cut text in `notes`",
                ),
        );
    }
    let response = raw.response.iter().flat_map(|r| &r.examples);
    let request = raw.body.iter().flat_map(|b| &b.examples);
    for (examples, what) in [
        (response.collect::<Vec<_>>(), "response sample"),
        (request.collect::<Vec<_>>(), "request sample"),
    ] {
        let mut seen = FirstSeen::new();
        for example in examples {
            if let Some(name) = &example.name {
                seen.declare(
                    name.as_str(),
                    || format!("example `{}`", name.value),
                    name.loc,
                    None,
                    cx,
                );
            }
            let cut_off = example.cut_off.as_ref().filter(|c| c.value);
            if let (Some(cut), Some(partial)) = (cut_off, example.partial.as_ref()) {
                cx.emit(
                    Diagnostic::error("a sample is either `partial` or `cut_off`")
                        .at(partial.loc)
                        .label("`partial` here")
                        .secondary(cut.loc, "`cut_off` here")
                        .help(
                            "`cut_off: true` stores the page's text as it is (not JSON); \
                             `partial: true` a sample completed into JSON: keep one",
                        ),
                );
            }
            match (base_dir, &example.file, cut_off) {
                (Some(base), Some(file), None) => check_example_file(base, file, what, cx),
                (Some(base), Some(file), Some(_)) => check_cut_off_file(base, file, what, cx),
                _ => {}
            }
        }
    }
}

/// A cut-off sample's file must exist, be UTF-8 and be the start of a JSON text that the
/// page cut off: not complete JSON (then it is no cut), nor text no JSON document starts with.
fn check_cut_off_file(base: &Path, file: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) {
    let text = match std::fs::read(base.join(&file.value)) {
        Ok(bytes) => String::from_utf8(bytes),
        Err(_) => {
            cx.emit(
                Diagnostic::error(format!("example file `{}` does not exist", file.value))
                    .at(file.loc)
                    .label("file not found")
                    .note("example files are looked up relative to the spec file's folder"),
            );
            return;
        }
    };
    let Ok(text) = text else {
        cx.emit(
            Diagnostic::error(format!("{what} file `{}` is not UTF-8", file.value))
                .at(file.loc)
                .label("not UTF-8 text"),
        );
        return;
    };
    if let Err(e) = doku_partner_support::cut_off::present_values(&text) {
        let complete = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
        let (message, help) = if complete {
            (
                format!("{what} file `{}` is complete JSON, not cut off", file.value),
                "remove `cut_off: true` (a complete sample is checked whole)",
            )
        } else {
            (
                format!(
                    "{what} file `{}` is not the start of a JSON text: {e}",
                    file.value
                ),
                "a cut-off sample is the page's JSON text, byte for byte, up to where the page \
                 ends; text that is not a sample belongs in `notes`",
            )
        };
        cx.emit(
            Diagnostic::error(message)
                .at(file.loc)
                .label("marked `cut_off`")
                .help(help),
        );
    }
}

/// A sample file must exist and hold JSON: the generated code embeds it (the stand-in serves a
/// response sample, `REQUEST_EXAMPLES` offers a request sample as a body to send).
fn check_example_file(base: &Path, file: &Sp<String>, what: &str, cx: &mut Ctxt<'_>) {
    let Ok(bytes) = std::fs::read(base.join(&file.value)) else {
        cx.emit(
            Diagnostic::error(format!("example file `{}` does not exist", file.value))
                .at(file.loc)
                .label("file not found")
                .note("example files are looked up relative to the spec file's folder"),
        );
        return;
    };
    if let Err(err) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
        cx.emit(
            Diagnostic::error(format!("{what} file `{}` is not JSON: {err}", file.value))
                .at(file.loc)
                .label("not a JSON file")
                .help(format!(
                    "a {what} is the page's JSON sample, copied byte for byte; \
                     text that is not JSON belongs in `notes`"
                )),
        );
    }
}
