//! Doc comments for generated items: description, DOKU format, wire name, example, notes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Field, FieldKind, Param, Spec};

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
pub(crate) fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '[' | ']' | '<' | '>' | '*' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
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

pub(crate) fn module_doc(spec: &Spec, target: &str, spec_path: &str) -> TokenStream {
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
