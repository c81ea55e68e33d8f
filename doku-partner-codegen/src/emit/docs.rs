//! Doc comments for generated items: description, DOKU format, wire name, example, notes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Field, FieldKind, HeaderSource, Param, Sensitivity, Spec};

/// The summary rustdoc shows in item lists is the first paragraph: when it runs long (clippy's
/// `too_long_first_doc_paragraph` in a user's crate), its first sentence becomes the summary
/// and the rest a paragraph of its own.
fn short_first_paragraph(text: &str) -> std::borrow::Cow<'_, str> {
    const LONG: usize = 200;
    let first_end = text.find("\n\n").unwrap_or(text.len());
    let first = &text[..first_end];
    if first.len() <= LONG || first.starts_with(['#', '-', '|', '`']) {
        return text.into();
    }
    match first.find(". ") {
        Some(i) if i < LONG => {
            let mut out = String::with_capacity(text.len() + 2);
            out.push_str(&text[..=i]);
            out.push_str("\n\n");
            out.push_str(text[i + 2..].trim_start());
            out.into()
        }
        _ => text.into(),
    }
}

/// The lines of `text` as doc attribute values, each after the space `///` leaves, wrapped
/// (see [`wrap`]).
fn doc_lines(text: &str) -> Vec<String> {
    wrap(&short_first_paragraph(text))
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Width of a generated doc line's text: with the deepest item's indentation and `/// ` it
/// stays within 120 columns.
const DOC_WIDTH: usize = 96;

/// The words of a Markdown line: split on spaces, except inside a code span (a break there
/// would end the span at the line's end).
fn words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut fence = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if fence == 0 {
                fence = run;
            } else if fence == run {
                fence = 0;
            }
            start.get_or_insert(i);
            i += run;
            continue;
        }
        if bytes[i] == b' ' && fence == 0 {
            if let Some(s) = start.take() {
                out.push(&line[s..i]);
            }
        } else {
            start.get_or_insert(i);
        }
        i += 1;
    }
    if let Some(s) = start {
        out.push(&line[s..]);
    }
    out
}

/// Markdown lines wrapped at [`DOC_WIDTH`] on spaces, so a one-word edit changes one or two
/// lines of a snapshot: a list item's continuation is indented under its text; code blocks,
/// table rows and headings stay as they are (a word longer than the width, a URL, stays whole).
fn wrap(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            out.push(line.to_owned());
            continue;
        }
        if in_fence || trimmed.starts_with('|') || trimmed.starts_with('#') {
            out.push(line.to_owned());
            continue;
        }
        let lead = line.len() - trimmed.len();
        let marker = if trimmed.starts_with("- ") { 2 } else { 0 };
        let hang = " ".repeat(lead + marker);
        let mut current = line[..lead].to_owned();
        let mut has_word = false;
        for word in words(trimmed) {
            let width = current.chars().count() + 1 + word.chars().count();
            // A line may not start with what Markdown reads as a list item, quote or heading.
            let starts_block = word.starts_with(['-', '+', '*', '>', '#', '='])
                || word.trim_end_matches(['.', ')']).parse::<u64>().is_ok();
            if has_word && width > DOC_WIDTH && !starts_block {
                out.push(std::mem::replace(&mut current, hang.clone()));
                has_word = false;
            }
            if has_word {
                current.push(' ');
            }
            current.push_str(word);
            has_word = true;
        }
        out.push(current.trim_end().to_owned());
    }
    out
}

/// `text` as inner doc attributes (`//!`), for the module they open.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// `#[doc = "..."]` lines for a block of Markdown text, for the item they precede.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Escapes text from the spec for Markdown: brackets would become intra-doc links and angle
/// brackets HTML tags.
///
/// A code fence in the spec's text stays a code block but becomes ```` ```text ````: rustdoc
/// would otherwise compile and run it as a doctest in the user's crate.
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for (i, line) in text.trim().lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(indent);
            out.push_str(&trimmed[..3]);
            if !in_fence {
                out.push_str("text");
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
            continue;
        }
        push_prose_line(&mut out, line);
    }
    out
}

/// One line of prose: Markdown's special characters escaped, URLs as `<autolinks>`, and words
/// that are code (`brand_business_line`, `get_business_data.yaml`, `businessType`) in
/// backticks, as rustdoc and clippy's `doc_markdown` want them. Text already in backticks is
/// left as written.
fn push_prose_line(out: &mut String, line: &str) {
    let mut in_code = false;
    let mut rest = line;
    while !rest.is_empty() {
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_len);
        let space_len = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        let (space, next) = after.split_at(space_len);
        if in_code || word.contains('`') {
            out.push_str(word);
            in_code ^= word.matches('`').count() % 2 == 1;
        } else {
            push_prose_word(out, word);
        }
        out.push_str(space);
        rest = next;
    }
}

fn push_prose_word(out: &mut String, word: &str) {
    let core_start = word
        .find(|c: char| !matches!(c, '(' | '\'' | '"'))
        .unwrap_or(word.len());
    let (lead, tail) = word.split_at(core_start);
    let core_end = tail
        .rfind(|c: char| !matches!(c, '.' | ',' | ';' | ':' | ')' | '\'' | '"' | '?' | '!'))
        .map_or(0, |i| {
            i + tail[i..].chars().next().map_or(1, char::len_utf8)
        });
    let (core, trail) = tail.split_at(core_end);
    if core.starts_with("https://") || core.starts_with("http://") {
        out.push_str(lead);
        out.push('<');
        out.push_str(core);
        out.push('>');
        out.push_str(trail);
    } else if !core.is_empty() && looks_like_code(core) {
        out.push_str(lead);
        out.push('`');
        out.push_str(core);
        out.push('`');
        out.push_str(trail);
    } else {
        for c in word.chars() {
            if matches!(c, '[' | ']' | '<' | '>' | '*') {
                out.push('\\');
            }
            out.push(c);
        }
    }
}

/// A word that is an identifier or a file name rather than English: an inner `_` or `::`, or
/// a lowercase letter followed by an uppercase one (`businessType`).
fn looks_like_code(word: &str) -> bool {
    let inner_underscore = word.trim_matches('_').contains('_');
    let camel = word
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    inner_underscore || camel || word.contains("::")
}

/// A value in a code span, whatever backticks it holds.
pub(crate) fn code(text: &str) -> String {
    let fence = if text.contains('`') { "``" } else { "`" };
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// What the module docs need besides the spec.
pub(crate) struct ModuleDoc<'a> {
    /// The deriving struct (`GetBusinessData`).
    pub target: &'a str,
    /// The module's name (`get_business_data`).
    pub module: &'a str,
    /// The spec's path as the user wrote it.
    pub spec_path: &'a str,
    /// The public path of the module's parent, when known: the example is then a doctest.
    pub doc_path: Option<&'a str>,
    /// The runtime's path, without the leading `::` (`doku_partner::support`).
    pub runtime: &'a str,
    /// Request samples `(name, JSON)`.
    pub request_examples: &'a [(String, String)],
    /// Response samples the page cuts off `(name, text)`.
    pub response_cut_off: &'a [(String, String)],
}

/// The endpoint module's docs, as inner attributes (`//!`): so that its links resolve inside
/// the module wherever the code lands (a derive, an `include!`, a pasted file). The summary
/// and a compiling example come first, the reference sections after; the spec's notes go to
/// the `notes` page of their own (see [`notes_module`]).
pub(crate) fn module_doc(spec: &Spec, m: &ModuleDoc<'_>) -> TokenStream {
    let target = m.target;
    let mut text = format!(
        "{}: `{} {}`.\n\n{}",
        prose(&spec.title),
        spec.method.as_str(),
        spec.path.raw,
        prose(&spec.summary),
    );
    text.push_str(&super::example::example_section(
        spec,
        m.module,
        m.doc_path,
        m.runtime,
        m.request_examples,
    ));
    text.push_str(&format!(
        "\n\n# Reference\n\nGenerated from {} by `#[derive(Endpoint)]` on \
         [`{target}`](super::{target}); source: <{}>.",
        code(m.spec_path),
        spec.docs_url.trim(),
    ));
    if !spec.notes.is_empty() {
        text.push_str(
            " What the spec records about DOKU's page (gaps, conflicts, decisions) is in \
             [`notes`].",
        );
    }
    let request_examples = m.request_examples;
    let shown = super::example::shown_sample_name(spec, request_examples);
    push_hosts(&mut text, spec);
    push_headers(&mut text, spec, m.runtime);
    if let Some(body) = &spec.body {
        let kind = if body.multipart {
            "A `multipart/form-data` form (text and file parts)"
        } else {
            "JSON (`Content-Type: application/json`)"
        };
        let digest = if body.digest {
            "signed with its `Digest` line"
        } else {
            "signed without a `Digest` line (the spec's `digest: none`)"
        };
        text.push_str(&format!(
            "\n\n# Request body\n\n{kind}, typed in [`body`]; {digest}."
        ));
        for (example, (name, json)) in body.examples.iter().zip(request_examples) {
            text.push_str(&format!("\n\nSample {}", code(name)));
            if !example.description.trim().is_empty() {
                text.push_str(&format!(": {}", prose(&example.description)));
            }
            if example.partial {
                text.push_str(" (cut off on the page: not a complete body)");
            }
            if !example.breaks.is_empty() {
                let paths: Vec<String> = example.breaks.iter().map(|b| code(b)).collect();
                text.push_str(&format!(
                    " (breaks the page's own rules at {}: not a body to send)",
                    paths.join(", ")
                ));
            }
            if example.cut_off {
                text.push_str(
                    " (cut off on the page and stored as it is: the text ends where the page's \
                     does, so it is not JSON and is never sent; `Endpoint::CUT_OFF_SAMPLES` \
                     holds it, to compare a body with)",
                );
            }
            for note in &example.notes {
                text.push_str(&format!(" Note: {}", prose(note)));
            }
            if shown == Some(name.as_str()) {
                text.push_str(" (the body of the example above).");
                continue;
            }
            // A cut-off text is no JSON: shown as text, exactly as far as the page goes.
            let fence = if example.cut_off { "text" } else { "json" };
            text.push_str(&format!("\n\n```{fence}\n"));
            text.push_str(json.trim_end());
            if example.cut_off {
                text.push_str("\n[... the page's text ends here]");
            }
            text.push_str("\n```");
        }
    }
    push_rules(&mut text, spec);
    if !spec.response.examples.is_empty() {
        text.push_str("\n\n# Response samples\n");
        let whole: Vec<_> = spec
            .response
            .examples
            .iter()
            .filter(|e| !e.cut_off)
            .collect();
        if !whole.is_empty() {
            text.push_str("\nServed by the local stand-in (`Endpoint::EXAMPLES`):\n");
        }
        for example in whole {
            text.push_str(&format!("\n- {}", code(&example.name)));
            if !example.description.trim().is_empty() {
                text.push_str(&format!(": {}", prose(&example.description)));
            }
        }
        // A cut-off text is no JSON: shown as text, exactly as far as the page goes.
        let cut = spec.response.examples.iter().filter(|e| e.cut_off);
        for (example, (name, text_of)) in cut.zip(m.response_cut_off) {
            text.push_str(&format!("\n\nSample {}", code(name)));
            if !example.description.trim().is_empty() {
                text.push_str(&format!(": {}", prose(&example.description)));
            }
            text.push_str(
                " (cut off on the page and stored as it is: the text ends where the page's does, \
                 so it is not JSON and the stand-in never serves it)",
            );
            text.push_str("\n\n```text\n");
            text.push_str(text_of.trim_end());
            text.push_str("\n[... the page's text ends here]\n```");
        }
    }
    super::response_headers::push_header_docs(&mut text, spec);
    super::response_headers::push_envelope_docs(&mut text, spec);
    if !spec.errors.cases.is_empty() {
        text.push_str("\n\n# Errors\n\nDOKU's error body: ");
        text.push_str(&code(spec.errors.envelope.trim()));
        text.push('.');
        let (shared, own): (Vec<_>, Vec<_>) =
            spec.errors.cases.iter().partition(|c| is_shared_error(c));
        if !shared.is_empty() {
            let which = if shared.len() == SHARED_ERRORS.len() {
                "every error".to_owned()
            } else {
                let codes: Vec<String> = shared.iter().map(|c| code(&c.code)).collect();
                format!("these errors ({})", codes.join(", "))
            };
            text.push_str(&format!(
                " The header and signature checks answer {which} of those [`non_snap`]({}::non_snap) \
                 lists.",
                m.runtime
            ));
        }
        if !own.is_empty() {
            text.push('\n');
        }
        for case in own {
            text.push_str(&format!("\n- {} {}", case.status, code(&case.code)));
            if !case.message.trim().is_empty() {
                text.push_str(&format!(" \"{}\"", table_cell(&case.message)));
            }
            if !case.description.trim().is_empty() {
                text.push_str(&format!(": {}", table_cell(&case.description)));
            }
        }
    }
    inner_doc(&text)
}

/// The spec's notes as a documentation page of their own (an empty `notes` module), below the
/// API rather than above it; nothing when the spec has none.
pub(crate) fn notes_module(spec: &Spec) -> TokenStream {
    if spec.notes.is_empty() {
        return TokenStream::new();
    }
    let mut text = format!(
        "Notes from the spec: what {} records about DOKU's page (gaps, conflicts, decisions).",
        prose(&spec.title)
    );
    for note in &spec.notes {
        text.push_str("\n\n- ");
        text.push_str(&prose(note));
    }
    let docs = inner_doc(&text);
    quote! {
        pub mod notes {
            #docs
        }
    }
}

pub(crate) fn param_doc(param: &Param, location: &str) -> TokenStream {
    let mut text = String::new();
    push_description(&mut text, &param.description);
    text.push_str(&format!(
        "{location} parameter {}, DOKU format {}{}",
        code(&param.name),
        code(&param.format.doku_notation()),
        if param.required { "" } else { ", optional" }
    ));
    if let Some(example) = &param.example {
        text.push_str(&format!("; example: {}", example_code(example)));
    }
    text.push('.');
    if param.raw_in_target {
        text.push_str(
            " Sent percent-encoded as one path segment, signed in `Request-Target` as it is \
             (the spec's `target: raw`).",
        );
    }
    doc(&text)
}

/// A description, then on the next line (the same paragraph) the facts that follow it: one
/// paragraph per item rather than two.
fn push_description(text: &mut String, description: &str) {
    let description = prose(description);
    if description.is_empty() {
        return;
    }
    text.push_str(&description);
    if !description.ends_with(['.', '!', '?', ':', ')']) {
        text.push('.');
    }
    text.push('\n');
}

/// An example as inline code; a long one (a URL) shortened, so no doc line runs past the
/// width: the spec and `docs` keep it whole.
fn example_code(example: &str) -> String {
    const LONG: usize = 72;
    let count = example.chars().count();
    if count <= LONG {
        return code(example);
    }
    let head: String = example.chars().take(LONG - 12).collect();
    format!("{}… ({count} characters)", code(&head))
}

pub(crate) fn field_doc(field: &Field) -> TokenStream {
    let mut text = String::new();
    push_description(&mut text, &field.description);
    let shape = match &field.kind {
        FieldKind::Scalar(s) => format!("DOKU format {}", code(&s.format.doku_notation())),
        FieldKind::Object(_) => "Object".to_owned(),
        FieldKind::Array(_) => "Array".to_owned(),
    };
    text.push_str(&format!("{shape}; wire name {}", code(&field.wire_name)));
    if let Some(documented) = &field.documented_name {
        text.push_str(&format!(" (documented as {})", code(documented)));
    }
    if field.optional {
        text.push_str("; not always present");
    }
    if field.same_as_request {
        text.push_str("; DOKU sends the request's value");
    }
    if let FieldKind::Scalar(s) = &field.kind
        && s.enum_cut_off
        && let Some(name) = &s.enum_ref
    {
        text.push_str(&format!(
            "; the page's list of {} is cut off: `OrOther::Known` sends a listed value, \
             `OrOther::other(..)` one the list lost, checked (the listed values' characters, \
             not a listed value in another case, the format) when made and before sending",
            code(name)
        ));
    }
    if let Some(limits) = &field.file {
        if !limits.extensions.is_empty() {
            text.push_str(&format!("; files: .{}", limits.extensions.join(", .")));
        }
        if let Some(max) = limits.max_bytes {
            text.push_str(&format!(", at most {max} bytes"));
        }
    }
    // A secret's example is not repeated: the page's sample may be a live key.
    if let Some(example) = field.example.as_ref().filter(|_| !is_secret(field)) {
        text.push_str(&format!("; example: {}", example_code(example)));
    }
    text.push('.');
    match &field.sensitivity {
        Some(Sensitivity::Secret(why)) => text.push_str(&format!(
            "\n\n**Secret**: {} A `Secret`: `[redacted]` in `Debug`, `Display` and printed \
             bodies, zeroed on drop; read it with `expose_secret()`.",
            prose(why)
        )),
        Some(Sensitivity::Personal(why)) => text.push_str(&format!(
            "\n\n**Personal data**: {} Masked in `Debug` and printed bodies.",
            prose(why)
        )),
        None => {}
    }
    push_notes(&mut text, &field.notes);
    doc(&text)
}

fn is_secret(field: &Field) -> bool {
    matches!(field.sensitivity, Some(Sensitivity::Secret(_)))
}

fn push_notes(text: &mut String, notes: &[String]) {
    for note in notes {
        text.push_str("\n\nNote: ");
        text.push_str(&prose(note));
    }
}

/// Spec text inside a Markdown table cell.
pub(crate) fn table_cell(text: &str) -> String {
    prose(text).replace('|', "\\|").replace('\n', " ")
}

fn push_hosts(text: &mut String, spec: &Spec) {
    text.push_str(&format!(
        "\n\n# Hosts\n\n- sandbox (test mode): <{}>\n- production: <{}>",
        spec.hosts.sandbox.trim(),
        spec.hosts.production.trim()
    ));
    for (url, note) in &spec.hosts.others {
        text.push_str(&format!("\n- also known: <{}>", url.trim()));
        if !note.trim().is_empty() {
            text.push_str(&format!(": {}", prose(note)));
        }
    }
}

/// The headers `support::non_snap` documents, as `(name, source, format, description,
/// example)`: a spec's header documented exactly so is linked there, not repeated.
const SHARED_HEADERS: &[(&str, HeaderSource, Option<&str>, &str, &str)] = &[
    (
        "Client-Id",
        HeaderSource::Credentials,
        None,
        "Client ID (Brand ID) will be shared by DOKU Account Manager",
        "BRN-0001-10791114622547",
    ),
    (
        "Request-Id",
        HeaderSource::Generated,
        Some("ANS(128)"),
        "Unique random string (max 128 characters) generated from merchant side to protect \
         duplicate request",
        "fdb69f47-96da-499d-acec-7cdc318ab2fe",
    ),
    (
        "Request-Timestamp",
        HeaderSource::Generated,
        Some("timestamp"),
        "Timestamp request on UTC time in ISO8601 UTC+0 format. It means to proceed transaction \
         on UTC+7 (WIB), merchant need to subtract time with 7. Ex: to proceed transaction on \
         September 22th 2020 at 08:51:00 WIB, the timestamp should be 2020-09-22T01:51:00Z",
        "2020-08-11T08:45:42Z",
    ),
];

/// The errors `support::non_snap` documents, as `(status, code, message, description)`.
const SHARED_ERRORS: &[(u16, &str, &str, &str)] = &[
    (
        400,
        "invalid_header_request",
        "Header Client-Id is required",
        "The Client-Id header is missing (headers are checked in this order).",
    ),
    (
        400,
        "invalid_header_request",
        "Header Request-Id is required",
        "The Request-Id header is missing.",
    ),
    (
        400,
        "invalid_header_request",
        "Header Request-Timestamp is required",
        "The Request-Timestamp header is missing.",
    ),
    (
        400,
        "invalid_header_request",
        "Header Signature is required",
        "The Signature header is missing.",
    ),
    (
        400,
        "invalid_header_request",
        "Invalid format Header Request-Timestamp",
        "Request-Timestamp is not YYYY-MM-DDTHH:MM:SSZ. Only the message is documented: code and \
         status are assumed.",
    ),
    (
        400,
        "request_time_out_of_range",
        "Header Request-Timestamp is not in +- 3600 second of now",
        "Request-Timestamp is more than an hour away from DOKU's clock. Status not documented; \
         400 assumed.",
    ),
    (
        400,
        "invalid_client_id",
        "Invalid Client-Id",
        "DOKU does not know the Client-Id. Status not documented; 400 assumed.",
    ),
    (
        400,
        "invalid_signature",
        "Invalid Header Signature",
        "The Signature does not match (checked before the body). Status not documented; 400 \
         assumed.",
    ),
    (
        400,
        "idempotent_request",
        "",
        "The Request-Id was already used. Message and status not documented; 400 assumed.",
    ),
];

fn is_shared_header(h: &crate::model::Header) -> bool {
    SHARED_HEADERS
        .iter()
        .any(|(name, source, format, description, example)| {
            h.name == *name
                && h.source == *source
                && h.format.map(|f| f.doku_notation()).as_deref() == *format
                && h.description == *description
                && h.example.as_deref() == Some(*example)
                && h.notes.is_empty()
        })
}

fn is_shared_error(case: &crate::model::ErrorCase) -> bool {
    SHARED_ERRORS
        .iter()
        .any(|(status, code, message, description)| {
            case.status == *status
                && case.code == *code
                && case.message == *message
                && case.description == *description
        })
}

/// The headers, in the order DOKU checks them: one list item each (a table row would run
/// past any line width), those `support::non_snap` documents named and linked.
fn push_headers(text: &mut String, spec: &Spec, runtime: &str) {
    if spec.headers.is_empty() {
        return;
    }
    text.push_str("\n\n# Headers\n\nIn the order DOKU checks them.\n");
    for h in &spec.headers {
        if is_shared_header(h) {
            text.push_str(&format!(
                "\n- {}: set by the client, as [`non_snap`]({runtime}::non_snap) documents.",
                code(&h.name)
            ));
            continue;
        }
        let source = match h.source {
            HeaderSource::Credentials => "set by the client from the credentials",
            HeaderSource::Generated => "set by the client per request",
            HeaderSource::Computed => "computed by the client",
            HeaderSource::Caller => "yours: a `Request` field",
        };
        text.push_str(&format!("\n- {} ({source}", code(&h.name)));
        if let Some(format) = h.format {
            text.push_str(&format!(", DOKU format {}", code(&format.doku_notation())));
        }
        if let Some(example) = &h.example {
            text.push_str(&format!(", e.g. {}", code(example)));
        }
        text.push(')');
        if !h.description.trim().is_empty() {
            text.push_str(&format!(": {}", table_cell(&h.description)));
        }
        for note in &h.notes {
            text.push_str(" Note: ");
            text.push_str(&table_cell(note));
        }
    }
}

fn push_rules(text: &mut String, spec: &Spec) {
    if spec.rules.is_empty() {
        return;
    }
    text.push_str(
        "\n\n# Rules\n\nBetween query parameters; checked before any I/O, or made types:\n",
    );
    for rule in &spec.rules {
        let then: Vec<String> = rule
            .then
            .iter()
            .map(|(param, values)| {
                let values: Vec<String> = values.iter().map(|v| code(v)).collect();
                format!("{} only {}", code(param), values.join(", "))
            })
            .collect();
        text.push_str(&format!(
            "\n- when {} is {}: {}",
            code(&rule.when_param),
            code(&rule.when_value),
            then.join("; ")
        ));
        if !rule.description.trim().is_empty() {
            text.push_str(&format!(
                " ({})",
                prose(rule.description.trim_end_matches('.'))
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SHARED_ERRORS, SHARED_HEADERS, prose, wrap};

    #[test]
    fn a_code_fence_in_a_description_is_text_not_a_doctest() {
        let text = "Call it like this:\n```rust\nlet x = [1];\n```\nThen [done].";
        assert_eq!(
            prose(text),
            "Call it like this:\n```text\nlet x = [1];\n```\nThen \\[done\\]."
        );
    }

    /// The rows the generated docs link instead of repeating are the rows
    /// `support::non_snap` documents: a row changed on one side only fails here.
    #[test]
    fn shared_rows_are_the_ones_the_runtime_documents() {
        let runtime = include_str!("../../../doku-partner-support/src/non_snap.rs");
        let text: String = runtime
            .lines()
            .map(|l| l.trim_start_matches("//!").trim())
            .collect::<Vec<_>>()
            .join(" ");
        for (status, code, message, description) in SHARED_ERRORS {
            let row = format!("| {status} | `{code}` | {message} | {description} |");
            assert!(text.contains(&row), "support::non_snap lacks the row {row}");
        }
        for (name, _, format, description, example) in SHARED_HEADERS {
            assert!(text.contains(&format!("`{name}`")), "{name}");
            if let Some(format) = format {
                assert!(
                    text.contains(&format!("DOKU format `{format}`")),
                    "{name} {format}"
                );
            }
            assert!(text.contains(description), "{name}: {description}");
            assert!(
                text.contains(&format!("Example: `{example}`")),
                "{name} {example}"
            );
        }
    }

    /// A wrapped line never breaks inside a code span, nor starts with a list marker.
    #[test]
    fn wrapping_keeps_code_spans_and_list_markers_whole() {
        let text = format!(
            "{} `17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat` and - more",
            "word ".repeat(14)
        );
        let lines = wrap(&text);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert_eq!(line.matches('`').count() % 2, 0, "{line}");
            assert!(!line.trim_start().starts_with('-'), "{line}");
        }
        assert_eq!(
            lines.join(" ").split_whitespace().count(),
            text.split_whitespace().count()
        );
    }
}
