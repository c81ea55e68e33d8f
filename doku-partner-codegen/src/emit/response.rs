//! The response side: one struct per object of the field table, in a `response` submodule.
//!
//! Decoding is lenient and lossless: string fields are plain `String`s whatever their
//! documented length (the conformance check reports what breaks the documentation), numbers
//! arrive as the JSON type the server really sends, and keys the spec does not know are kept
//! in `extra`, so decoding and re-encoding gives back the same JSON value.
//!
//! Each struct derives the runtime's `ResponseObject` (see [`crate::derive::response_object`]): its
//! `Deserialize`, `Serialize`, `Debug` (personal data masked) and conformance walk come from the fields and their
//! `#[doku(rename, format)]` attributes, so the module holds one line per fact and the
//! plumbing is written once.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{code, doc, field_doc, inner_doc, prose};
use super::ident;
use crate::model::{
    ArrayItems, Direction, Field, FieldKind, JsonType, ObjectDef, Scalar, Sensitivity, Spec,
};

pub(crate) fn emit(spec: &Spec, rt: &syn::Path) -> TokenStream {
    let mut structs = Vec::new();
    // An incoming spec's types report what DOKU sends beyond the table, not only keep it.
    let report = spec.direction == Direction::Incoming;
    match &spec.response.union {
        // One shape per discriminator value: the enum and its variants (emit/union.rs).
        Some(union) => structs.push(super::union::emit(spec, union, rt)),
        None => emit_object(&spec.response.root, rt, report, &mut structs),
    }
    let title = prose(&spec.title);
    let mdoc = inner_doc(&if report {
        format!(
            "The body of {title}, as DOKU sends it: one struct per object of the spec's field \
             table. An enum field holds `OrUnknown` of the value enum, which keeps values DOKU \
             adds later; a key the table does not know is kept in `extra` and reported by the \
             conformance check."
        )
    } else {
        format!(
            "The {title} response: one struct per object of DOKU's field table. An enum field \
             holds `OrUnknown` of the endpoint's value enum, which keeps values DOKU adds later."
        )
    });
    let root = ident(&spec.response.root.rust_type);
    quote! {
        pub mod response {
            #mdoc

            #(#structs)*

            #[automatically_derived]
            impl #rt::ApiResponse for #root {}
        }

        pub use self::response::#root as Response;
    }
}

/// The name of the map of unknown keys: `extra`, unless the spec has a field of that name.
fn extra_name(object: &ObjectDef) -> Ident {
    let mut name = String::from("extra");
    while object.fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    ident(&name)
}

fn scalar_type(scalar: &Scalar, rt: &syn::Path) -> TokenStream {
    // An enum of integers too (`#[doku(integers)]` reads and writes it as JSON numbers).
    if let (Some(name), JsonType::String | JsonType::Integer) = (&scalar.enum_ref, scalar.json) {
        let name = ident(name);
        return quote!(#rt::OrUnknown<super::#name>);
    }
    match scalar.json {
        // DOKU's compact date-time: its type carries the notation; a value that breaks it is
        // kept (`OrInvalid::Invalid`), a conformance finding.
        JsonType::String if matches!(scalar.format, crate::model::Format::CompactDateTime(_)) => {
            let ty = crate::formats::rust_type(scalar.format, rt);
            quote!(#rt::OrInvalid<#ty>)
        }
        JsonType::String => quote!(::std::string::String),
        JsonType::Integer => quote!(i64),
        JsonType::Number => quote!(#rt::json::Number),
        JsonType::Boolean => quote!(bool),
    }
}

pub(super) fn field_type(field: &Field, rt: &syn::Path) -> TokenStream {
    let ty = match &field.kind {
        FieldKind::Scalar(_) if matches!(field.sensitivity, Some(Sensitivity::Secret(_))) => {
            quote!(#rt::Secret)
        }
        FieldKind::Scalar(s) => scalar_type(s, rt),
        FieldKind::Object(o) => {
            let name = ident(&o.rust_type);
            quote!(#name)
        }
        FieldKind::Array(ArrayItems::Object(o)) => {
            let name = ident(&o.rust_type);
            quote!(::std::vec::Vec<#name>)
        }
        FieldKind::Array(ArrayItems::Scalar(s)) => {
            let item = scalar_type(s, rt);
            quote!(::std::vec::Vec<#item>)
        }
        FieldKind::Array(ArrayItems::Any) => {
            quote!(::std::vec::Vec<#rt::json::Json>)
        }
    };
    if field.optional {
        quote!(::core::option::Option<#ty>)
    } else {
        ty
    }
}

pub(super) fn emit_object(
    object: &ObjectDef,
    rt: &syn::Path,
    report: bool,
    out: &mut Vec<TokenStream>,
) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => {
                emit_object(o, rt, report, out)
            }
            _ => {}
        }
    }
    out.push(object_struct(object, rt, report, &[]));
}

/// The struct of one object; `expected` names the `Option` fields a union's variant requires
/// (`#[doku(expected)]`: absent, a conformance finding).
pub(super) fn object_struct(
    object: &ObjectDef,
    rt: &syn::Path,
    report: bool,
    expected: &[String],
) -> TokenStream {
    let name = ident(&object.rust_type);
    let extra = extra_name(object);
    let where_text = if object.path.is_empty() {
        "the response body".to_owned()
    } else {
        code(&object.path)
    };
    let mut text = String::new();
    if !object.description.trim().is_empty() {
        text.push_str(&prose(&object.description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The object at {where_text}. Keys the spec does not know are kept in `{extra}`."
    ));
    let sdoc = doc(&text);

    let fields: Vec<TokenStream> = object
        .fields
        .iter()
        .map(|f| {
            let fdoc = field_doc(f);
            let fname = ident(&f.rust_name);
            let ty = field_type(f, rt);
            let attr = field_attr(f);
            let expect = expected.contains(&f.wire_name).then(|| {
                quote! {
                    ///
                    /// Required by this shape: absent, it is `None` and a conformance finding.
                    #[doku(expected)]
                }
            });
            quote!(#fdoc #expect #attr pub #fname: #ty)
        })
        .collect();

    let (derive, crate_attr) = object_derive(rt);
    let report = report.then(|| quote!(, report));
    quote! {
        #sdoc
        #[derive(Clone, PartialEq, Eq, #derive)]
        #crate_attr
        pub struct #name {
            #(#fields,)*
            /// Keys the spec does not know, exactly as sent.
            #[doku(extra #report)]
            pub #extra: #rt::json::Extra,
        }
    }
}

/// Where the `ResponseObject` derive is, and the struct attribute naming a runtime other than
/// the facade's.
pub(super) fn object_derive(rt: &syn::Path) -> (TokenStream, TokenStream) {
    super::runtime_derive(rt, "ResponseObject")
}

/// A response field's `#[doku(...)]`: its wire name when it differs from the Rust name, and
/// the documented format the conformance check applies.
fn field_attr(field: &Field) -> TokenStream {
    let mut parts = Vec::new();
    if field.wire_name != field.rust_name {
        let wire = &field.wire_name;
        parts.push(quote!(rename = #wire));
    }
    let scalar = match &field.kind {
        FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => Some(s),
        _ => None,
    };
    if let Some(format) = scalar.and_then(check_name) {
        parts.push(quote!(format = #format));
    }
    if matches!(field.sensitivity, Some(Sensitivity::Personal(_))) {
        parts.push(quote!(personal));
    }
    if scalar.is_some_and(|s| s.enum_ref.is_some() && s.json == JsonType::Integer) {
        parts.push(quote!(integers));
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[doku(#(#parts),*)])
    }
}

/// The `format = "..."` a scalar is checked against, or `None` when nothing is checked beyond
/// its JSON type (an enum checks its own values).
fn check_name(scalar: &Scalar) -> Option<String> {
    if scalar.enum_ref.is_some() && matches!(scalar.json, JsonType::String | JsonType::Integer) {
        return None;
    }
    if scalar.json == JsonType::Boolean {
        return None;
    }
    // The attribute holds DOKU's notation, which the derive reads with the loader's parser.
    match crate::formats::check(scalar.format) {
        crate::formats::Check::Rule(_) => Some(scalar.format.doku_notation()),
        crate::formats::Check::Date | crate::formats::Check::CompactDate(_)
            if scalar.json == JsonType::String =>
        {
            Some(scalar.format.doku_notation())
        }
        crate::formats::Check::Date
        | crate::formats::Check::CompactDate(_)
        | crate::formats::Check::FreeText
        | crate::formats::Check::None => None,
    }
}
