//! Doc comments for generated items: description, DOKU format, wire name, example, notes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Field, FieldKind, HeaderSource, Param, Spec};

/// `#[doc = "..."]` lines for a block of Markdown text.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
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
        for c in line.chars() {
            match c {
                '[' | ']' | '<' | '>' | '*' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
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

pub(crate) fn module_doc(
    spec: &Spec,
    target: &str,
    spec_path: &str,
    request_examples: &[(String, String)],
) -> TokenStream {
    let mut text = format!(
        "{}: `{} {}`.\n\n{}\n\nGenerated from {} by `#[derive(Endpoint)]` on [`{target}`](super::{target}); \
         source: <{}>.",
        prose(&spec.title),
        spec.method.as_str(),
        spec.path.raw,
        prose(&spec.summary),
        code(spec_path),
        spec.docs_url.trim(),
    );
    push_hosts(&mut text, spec);
    push_headers(&mut text, spec);
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
            for note in &example.notes {
                text.push_str(&format!(" Note: {}", prose(note)));
            }
            text.push_str("\n\n```json\n");
            text.push_str(json.trim_end());
            text.push_str("\n```");
        }
    }
    push_rules(&mut text, spec);
    if !spec.response.examples.is_empty() {
        text.push_str(
            "\n\n# Response samples\n\nServed by the local stand-in (`Endpoint::EXAMPLES`):\n",
        );
        for example in &spec.response.examples {
            text.push_str(&format!("\n- {}", code(&example.name)));
            if !example.description.trim().is_empty() {
                text.push_str(&format!(": {}", prose(&example.description)));
            }
        }
    }
    if !spec.errors.cases.is_empty() {
        text.push_str("\n\n# Errors\n\nDOKU's error body: ");
        text.push_str(&code(spec.errors.envelope.trim()));
        text.push_str("\n\n| status | code | message | when |\n| --- | --- | --- | --- |");
        for case in &spec.errors.cases {
            text.push_str(&format!(
                "\n| {} | {} | {} | {} |",
                case.status,
                code(&case.code),
                table_cell(&case.message),
                table_cell(&case.description)
            ));
        }
    }
    if !spec.notes.is_empty() {
        text.push_str("\n\n# Notes from the spec");
        for note in &spec.notes {
            text.push_str("\n\n- ");
            text.push_str(&prose(note));
        }
    }
    doc(&text)
}

pub(crate) fn param_doc(param: &Param, location: &str) -> TokenStream {
    let mut text = String::new();
    if !param.description.trim().is_empty() {
        text.push_str(&prose(&param.description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "{location} parameter {}, DOKU format {}{}",
        code(&param.name),
        code(&param.format.doku_notation()),
        if param.required { "" } else { ", optional" }
    ));
    if let Some(example) = &param.example {
        text.push_str(&format!("; example: {}", code(example)));
    }
    text.push('.');
    doc(&text)
}

pub(crate) fn field_doc(field: &Field) -> TokenStream {
    let mut text = String::new();
    if !field.description.trim().is_empty() {
        text.push_str(&prose(&field.description));
        text.push_str("\n\n");
    }
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
    if let Some(limits) = &field.file {
        if !limits.extensions.is_empty() {
            text.push_str(&format!("; files: .{}", limits.extensions.join(", .")));
        }
        if let Some(max) = limits.max_bytes {
            text.push_str(&format!(", at most {max} bytes"));
        }
    }
    if let Some(example) = &field.example {
        text.push_str(&format!("; example: {}", code(example)));
    }
    text.push('.');
    push_notes(&mut text, &field.notes);
    doc(&text)
}

fn push_notes(text: &mut String, notes: &[String]) {
    for note in notes {
        text.push_str("\n\nNote: ");
        text.push_str(&prose(note));
    }
}

/// Spec text inside a Markdown table cell.
fn table_cell(text: &str) -> String {
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

fn push_headers(text: &mut String, spec: &Spec) {
    if spec.headers.is_empty() {
        return;
    }
    text.push_str(
        "\n\n# Headers\n\nIn the order DOKU checks them.\n\n\
         | header | set by | DOKU format | example | description |\n| --- | --- | --- | --- | --- |",
    );
    for h in &spec.headers {
        let source = match h.source {
            HeaderSource::Credentials => "the client (credentials)",
            HeaderSource::Generated => "the client (per request)",
            HeaderSource::Computed => "the client (signature)",
            HeaderSource::Caller => "you (a `Request` field)",
        };
        let mut description = table_cell(&h.description);
        for note in &h.notes {
            description.push_str(" Note: ");
            description.push_str(&table_cell(note));
        }
        text.push_str(&format!(
            "\n| {} | {source} | {} | {} | {description} |",
            code(&h.name),
            h.format
                .map(|f| code(&f.doku_notation()))
                .unwrap_or_default(),
            h.example.as_deref().map(code).unwrap_or_default(),
        ));
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
    use super::prose;

    #[test]
    fn a_code_fence_in_a_description_is_text_not_a_doctest() {
        let text = "Call it like this:\n```rust\nlet x = [1];\n```\nThen [done].";
        assert_eq!(
            prose(text),
            "Call it like this:\n```text\nlet x = [1];\n```\nThen \\[done\\]."
        );
    }
}
