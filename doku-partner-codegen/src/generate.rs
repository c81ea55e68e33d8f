//! Checked-in bindings: the code the derive produces, as a formatted Rust file with the marker
//! struct included (`doku-partner generate`), and the endpoint's field table as Markdown
//! (`doku-partner docs`).

use std::path::Path;

use quote::quote;

pub use crate::emit::SampleFiles;
use crate::emit::{EmitInput, default_runtime_path, emit, ident};
use crate::model::{ArrayItems, Field, FieldKind, JsonType, ObjectDef, Spec};
use crate::names::pascal_case;

/// The sample bodies of a spec, as `(name, JSON text)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Samples {
    /// Response samples (`response.examples`), served by the local stand-in. A spec without
    /// any gets one built from its field table (`minimal_response`), named `minimal`.
    pub response: Vec<(String, String)>,
    /// Request body samples (`body.examples`), shown in the generated docs.
    pub request: Vec<(String, String)>,
    /// Response samples the page cuts off (`cut_off: true`), stored as they are (not JSON):
    /// shown in the docs as text, never served.
    pub response_cut_off: Vec<(String, String)>,
}

/// Reads the sample bodies a spec lists, relative to the spec's folder.
pub fn read_examples(spec: &Spec, spec_dir: &Path) -> Result<Samples, String> {
    let read = |examples: &[crate::model::Example]| {
        examples
            .iter()
            .map(|example| {
                std::fs::read_to_string(spec_dir.join(&example.file))
                    .map(|text| (example.name.clone(), text))
                    .map_err(|e| format!("cannot read example `{}`: {e}", example.file))
            })
            .collect::<Result<Vec<_>, String>>()
    };
    let (cut, whole): (Vec<_>, Vec<_>) = spec
        .response
        .examples
        .iter()
        .cloned()
        .partition(|e| e.cut_off);
    let mut response = read(&whole)?;
    let response_cut_off = read(&cut)?;
    if response.is_empty() {
        response.push(("minimal".to_owned(), minimal_response(spec)));
    }
    let request = match &spec.body {
        Some(body) => read(&body.examples)?,
        None => Vec::new(),
    };
    Ok(Samples {
        response,
        request,
        response_cut_off,
    })
}

/// The smallest response the field table allows: every required field, with its `example`
/// where it has one (else an empty string, `0` or `false`), arrays empty, optional fields left
/// out. What the stand-in answers for an endpoint whose page shows no response sample.
pub fn minimal_response(spec: &Spec) -> String {
    fn object(def: &ObjectDef) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for field in def.fields.iter().filter(|f| !f.optional) {
            let value = match &field.kind {
                FieldKind::Object(o) => object(o),
                FieldKind::Array(_) => serde_json::Value::Array(Vec::new()),
                FieldKind::Scalar(s) => {
                    let example = field.example.as_deref();
                    match s.json {
                        JsonType::String => example.unwrap_or_default().into(),
                        JsonType::Integer => example
                            .and_then(|e| e.parse::<i64>().ok())
                            .unwrap_or(0)
                            .into(),
                        JsonType::Number => example
                            .and_then(|e| e.parse::<serde_json::Number>().ok())
                            .map_or(0.into(), serde_json::Value::Number),
                        JsonType::Boolean => (example == Some("true")).into(),
                    }
                }
            };
            map.insert(field.wire_name.clone(), value);
        }
        serde_json::Value::Object(map)
    }
    object(&spec.response.root).to_string()
}

/// The Rust type name of the marker struct for a spec (`get_business_data` →
/// `GetBusinessData`).
pub fn marker_name(spec: &Spec) -> String {
    pascal_case(&spec.name)
}

/// The bindings for `spec` as one formatted Rust file: a header naming the spec, the marker
/// struct, and exactly what `#[derive(Endpoint)]` on it expands to (minus the file tracking,
/// which only a derive needs).
pub fn generate_file(
    spec: &Spec,
    spec_display_path: &str,
    samples: Samples,
) -> Result<String, syn::Error> {
    generate_file_at(spec, spec_display_path, samples, None)
}

/// [`generate_file`] for a file whose module's public path is known (`my_crate::bindings`,
/// as another crate names it): the module docs' example is then a doctest that compiles, as
/// the derive's `doc_path` makes it.
pub fn generate_file_at(
    spec: &Spec,
    spec_display_path: &str,
    samples: Samples,
    doc_path: Option<&str>,
) -> Result<String, syn::Error> {
    generate_file_with(
        spec,
        spec_display_path,
        samples,
        doc_path,
        SampleFiles::Embedded,
    )
}

/// [`generate_file_at`] with the sample files read where `sample_files` says
/// (`doku-partner generate`: through `include_str!`, so each sample stays in its own file).
pub fn generate_file_with(
    spec: &Spec,
    spec_display_path: &str,
    samples: Samples,
    doc_path: Option<&str>,
    sample_files: SampleFiles,
) -> Result<String, syn::Error> {
    let name = marker_name(spec);
    let target = ident(&name);
    let module = crate::names::snake_case(&name);
    let input = EmitInput {
        spec,
        target: target.clone(),
        vis: syn::parse_quote!(pub),
        runtime: default_runtime_path(),
        spec_display_path: spec_display_path.to_owned(),
        track_files: Vec::new(),
        examples: samples.response,
        request_examples: samples.request,
        response_cut_off: samples.response_cut_off,
        sample_files,
        doc_path: doc_path.map(str::to_owned),
    };
    // Two lines, each within the width of the generated file.
    let (doc, doc_more) = if spec.direction == crate::model::Direction::Incoming {
        (
            format!(
                " {}: DOKU sends `{} {}`.",
                spec.title,
                spec.method.as_str(),
                spec.path.raw
            ),
            format!(
                " Its types are in [`{module}`]; it implements the runtime's \
                 `inbound::IncomingSpec` trait."
            ),
        )
    } else {
        (
            format!(
                " {}: `{} {}`.",
                spec.title,
                spec.method.as_str(),
                spec.path.raw
            ),
            format!(
                " Its types are in [`{module}`]; it implements the runtime's `Endpoint` trait."
            ),
        )
    };
    let body = emit(&input);
    let tokens = quote! {
        #[doc = #doc]
        #[doc = #doc_more]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #target;

        #body
    };
    let file: syn::File = syn::parse2(tokens)?;
    Ok(format!(
        "// @generated by `doku-partner generate` from {spec_display_path}.\n\
         // Do not edit by hand: edit the spec and run the command again.\n\n{}",
        separate_items(&prettyplease::unparse(&file))
    ))
}

/// `code` with a blank line between items (prettyplease writes none), so a file reads, and
/// diffs, item by item: after a block item (`}`), after the `use` lines and inner docs, and
/// before the next item at the same indentation. The text of raw strings (samples) is kept
/// byte for byte.
fn separate_items(code: &str) -> String {
    const STARTS: &[&str] = &[
        "///", "#[", "pub ", "impl", "mod ", "const ", "static ", "type ", "enum ", "struct ",
        "fn ", "use ",
    ];
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let mut raw_end: Option<String> = None;
    let mut prev: Option<&str> = None;
    for line in code.lines() {
        if let Some(end) = &raw_end {
            if line.contains(end.as_str()) {
                raw_end = None;
            }
            out.push_str(line);
            out.push('\n');
            prev = None;
            continue;
        }
        let trimmed = line.trim_start();
        if let Some(p) = prev {
            let p_trimmed = p.trim_start();
            let same_indent = p.len() - p_trimmed.len() == line.len() - trimmed.len();
            let ends_item = matches!(p_trimmed, "}" | "};")
                || (p_trimmed.starts_with("use ") && !trimmed.starts_with("use "))
                || (p_trimmed.starts_with("pub struct ") && p_trimmed.ends_with(';'))
                || (p_trimmed.starts_with("//!") && !trimmed.starts_with("//!"));
            if same_indent && ends_item && STARTS.iter().any(|s| trimmed.starts_with(s)) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
        if !trimmed.starts_with("//") {
            raw_end = open_raw_string(line);
        }
    }
    out
}

/// The closing delimiter (`"#`) of a raw string that `line` opens and does not close.
fn open_raw_string(line: &str) -> Option<String> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i] == b'r'
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if starts {
            let hashes = bytes[i + 1..].iter().take_while(|&&b| b == b'#').count();
            if bytes.get(i + 1 + hashes) == Some(&b'"') {
                let end = format!("\"{}", "#".repeat(hashes));
                let body = i + hashes + 2;
                match line[body..].find(&end) {
                    Some(at) => i = body + at + end.len(),
                    None => return Some(end),
                }
                continue;
            }
        }
        i += 1;
    }
    None
}

/// The response (and body) field table as Markdown: path, wire name, Rust type, DOKU format,
/// required, example.
pub fn field_table_markdown(spec: &Spec) -> String {
    let mut out = format!(
        "# {}\n\n`{} {}`\n\n{}\n\n## Response fields\n\n\
         | path | wire name | Rust type | DOKU format | required | example |\n\
         | --- | --- | --- | --- | --- | --- |\n",
        spec.title,
        spec.method.as_str(),
        spec.path.raw,
        spec.summary.trim()
    );
    rows(&spec.response.root, &mut out);
    // A union: each shape's own fields, after the common ones (`required`: the shape requires
    // it; absent, it is a conformance finding).
    for variant in spec.response.union.iter().flat_map(|u| {
        u.variants
            .iter()
            .map(move |v| (u.discriminator.as_str(), v))
    }) {
        let (discriminator, variant) = variant;
        let required = if variant.expected.is_empty() {
            "none".to_owned()
        } else {
            format!("`{}`", variant.expected.join("`, `"))
        };
        out.push_str(&format!(
            "\n### Variant `{}` (`{discriminator}`: {})\n\n\
             Its own root fields are `Option`s; the shape requires {required} (absent: a \
             conformance finding).\n\n\
             | path | wire name | Rust type | DOKU format | required | example |\n\
             | --- | --- | --- | --- | --- | --- |\n",
            variant.name,
            variant.values.join(", ")
        ));
        let mut own = variant.root.clone();
        own.fields.retain(|f| variant.is_own(&f.wire_name));
        rows(&own, &mut out);
    }
    if let Some(body) = &spec.body {
        out.push_str(
            "\n## Request body fields\n\n\
             | path | wire name | Rust type | DOKU format | required | example |\n\
             | --- | --- | --- | --- | --- | --- |\n",
        );
        table_rows(&body.root, true, &mut out);
        if !body.rules.is_empty() {
            out.push_str("\n## Request body rules\n\n");
            for rule in &body.rules {
                let at = if rule.object.is_empty() {
                    String::new()
                } else {
                    format!(" (in `{}`)", rule.object)
                };
                let text = match &rule.kind {
                    crate::model::BodyRuleKind::AllowedWhen { when, is, then } => {
                        let parts: Vec<String> = then
                            .iter()
                            .map(|(f, vs)| format!("`{f}` only {}", vs.join(", ")))
                            .collect();
                        format!("when `{when}` is {is}: {}", parts.join("; "))
                    }
                    crate::model::BodyRuleKind::RequiredWhen { when, is, require } => {
                        format!("when `{when}` is {is}: `{}` required", require.join("`, `"))
                    }
                    crate::model::BodyRuleKind::ExactlyOne { fields } => {
                        format!("exactly one of `{}`", fields.join("`, `"))
                    }
                    crate::model::BodyRuleKind::Same { when, fields } => {
                        let when = when
                            .as_ref()
                            .map(|(w, v)| format!("when `{w}` is {v}: "))
                            .unwrap_or_default();
                        format!("{when}`{}` the same", fields.join("`, `"))
                    }
                    crate::model::BodyRuleKind::Total {
                        total,
                        items,
                        factors,
                    } => format!(
                        "`{total}` = sum over `{items}` of `{}`",
                        factors.join("` × `")
                    ),
                    crate::model::BodyRuleKind::LimitWhen {
                        when,
                        is,
                        list,
                        limits,
                    } => {
                        let verb = if *list { "includes" } else { "is" };
                        let parts: Vec<String> = limits
                            .iter()
                            .map(|(f, l)| format!("`{f}` {}", crate::emit::limit_words(*l)))
                            .collect();
                        format!("when `{when}` {verb} {is}: {}", parts.join("; "))
                    }
                };
                out.push_str(&format!("- {text}{at}\n"));
            }
        }
    }
    let headers: Vec<_> = spec
        .headers
        .iter()
        .filter(|h| h.source == crate::model::HeaderSource::Caller)
        .collect();
    if !headers.is_empty() {
        out.push_str("\n## Caller headers\n\n| header | Rust field | DOKU format | example |\n| --- | --- | --- | --- |\n");
        for h in headers {
            out.push_str(&format!(
                "| `{}` | `{}` | {} | {} |\n",
                h.name,
                h.rust_name,
                h.format.map(|f| f.doku_notation()).unwrap_or_default(),
                cell(h.example.as_deref().unwrap_or(""))
            ));
        }
    }
    if !spec.query.is_empty() || !spec.path_params.is_empty() {
        out.push_str("\n## Parameters\n\n| in | name | Rust field | DOKU format | required | values |\n| --- | --- | --- | --- | --- | --- |\n");
        for (location, params) in [("path", &spec.path_params), ("query", &spec.query)] {
            for p in params {
                let values = p
                    .enum_ref
                    .as_deref()
                    .and_then(|name| spec.enums.iter().find(|e| e.name == name))
                    .map(|e| {
                        e.values
                            .iter()
                            .map(|v| v.wire.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {location} | `{}` | `{}` | {} | {} | {} |\n",
                    p.name,
                    p.rust_name,
                    p.format.doku_notation(),
                    if p.required { "yes" } else { "no" },
                    cell(&values)
                ));
            }
        }
    }
    out
}

fn rows(object: &ObjectDef, out: &mut String) {
    table_rows(object, false, out);
}

/// The rows of a field table; `body`: the Rust types are the request body's (checked
/// newtypes, closed enums, files).
fn table_rows(object: &ObjectDef, body: bool, out: &mut String) {
    for field in &object.fields {
        let format = match &field.kind {
            FieldKind::Scalar(s) => s.format.doku_notation(),
            FieldKind::Object(_) => "object".to_owned(),
            FieldKind::Array(ArrayItems::Scalar(s)) => {
                format!("array of {}", s.format.doku_notation())
            }
            FieldKind::Array(_) => "array".to_owned(),
        };
        let wire = match &field.documented_name {
            Some(doc) => format!("`{}` (documented `{doc}`)", field.wire_name),
            None => format!("`{}`", field.wire_name),
        };
        out.push_str(&format!(
            "| `{}` | {wire} | `{}` | {} | {} | {} |\n",
            field.path,
            rust_type(field, body),
            format,
            if field.optional { "no" } else { "yes" },
            cell(field.example.as_deref().unwrap_or(""))
        ));
        match &field.kind {
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => {
                table_rows(o, body, out);
            }
            _ => {}
        }
    }
}

fn rust_type(field: &Field, body: bool) -> String {
    let scalar = |s: &crate::model::Scalar| match (&s.enum_ref, s.json) {
        // An enum of integers is the enum too (sent and read as JSON integers).
        (Some(name), JsonType::String | JsonType::Integer) => name.clone(),
        (_, JsonType::String) if body => body_text_type(s.format),
        (_, JsonType::String) => "String".to_owned(),
        (_, JsonType::Integer) => "i64".to_owned(),
        (_, JsonType::Number) => "Number".to_owned(),
        (_, JsonType::Boolean) => "bool".to_owned(),
    };
    let ty = match &field.kind {
        FieldKind::Scalar(s) => scalar(s),
        FieldKind::Object(o) => o.rust_type.clone(),
        FieldKind::Array(ArrayItems::Object(o)) => format!("Vec<{}>", o.rust_type),
        FieldKind::Array(ArrayItems::Scalar(s)) => format!("Vec<{}>", scalar(s)),
        FieldKind::Array(ArrayItems::Any) => "Vec<Json>".to_owned(),
    };
    if field.optional {
        format!("Option<{ty}>")
    } else {
        ty
    }
}

/// The Rust type of a body value sent as text (the runtime's checked newtypes).
fn body_text_type(format: crate::model::Format) -> String {
    use crate::model::Format;
    match format {
        Format::An(n) => format!("An<{n}>"),
        Format::Ans(n) => format!("Ans<{n}>"),
        Format::N(n) | Format::Int(n) => format!("Num<{n}>"),
        Format::Numeric => "Num<0>".to_owned(),
        Format::Str(n) => format!("Text<{n}>"),
        Format::File => "FilePart".to_owned(),
        Format::CompactDateTime(zone) => format!("CompactDateTime<{}>", zone.marker()),
        Format::Boolean | Format::Date | Format::Timestamp | Format::String | Format::Text => {
            "String".to_owned()
        }
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    let text = text.replace('|', "\\|").replace('\n', " ");
    if text.chars().count() > 60 {
        let short: String = text.chars().take(57).collect();
        format!("{short}...")
    } else {
        text
    }
}
