//! The response of a `response.union` (or the event of an incoming spec's `event.union`: the
//! same code, its structs reporting unknown keys as every incoming body does): one struct per
//! shape (the common fields, then its own), and the `Response` enum choosing between them by
//! the discriminator, its last variant (`Other`) keeping an unknown shape whole, with one
//! accessor per common root field (the fields every shape has, `None` for `Other`). Each shape is boxed: the enum stays the size of
//! a pointer or two whatever the shapes hold (and clippy's `large_enum_variant` stays quiet in
//! a user's crate). The plumbing is the runtime's `ResponseUnion`
//! derive (see [`crate::derive::response_union`]); this file writes the facts.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, prose};
use super::ident;
use super::response::{emit_object, field_type, object_struct};
use crate::lower::union::OTHER_VARIANT;
use crate::model::union::Union;
use crate::model::{ArrayItems, Direction, FieldKind, ObjectDef, Spec};

pub(super) fn emit(spec: &Spec, union: &Union, rt: &syn::Path) -> TokenStream {
    // An incoming spec's types report what DOKU sends beyond the table, not only keep it.
    let report = spec.direction == Direction::Incoming;
    let mut items = Vec::new();
    nested(&spec.response.root, |_| true, rt, report, &mut items);
    for variant in &union.variants {
        nested(
            &variant.root,
            |wire| variant.is_own(wire),
            rt,
            report,
            &mut items,
        );
        items.push(object_struct(&variant.root, rt, report, &variant.expected));
    }

    let discriminator = &union.discriminator;
    let arms = union.variants.iter().map(|v| {
        let name = ident(&v.name);
        let values = &v.values;
        let listed: Vec<String> = v.values.iter().map(|x| code(x)).collect();
        let mut text = String::new();
        if !v.description.trim().is_empty() {
            text.push_str(&prose(&v.description));
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "{} {}.",
            code(discriminator),
            match listed.as_slice() {
                [one] => format!("is {one}"),
                _ => format!("is one of {}", listed.join(", ")),
            }
        ));
        let vdoc = doc(&text);
        quote!(#vdoc #[doku(values(#(#values),*))] #name(::std::boxed::Box<#name>))
    });
    let other = ident(OTHER_VARIANT);
    let other_doc = doc(&format!(
        "A value of {} no variant lists (or none): the body exactly as sent, reported by the \
         conformance check.",
        code(discriminator)
    ));
    let edoc = doc(&format!(
        "The {} {}: one shape per value of {}, each with the fields common to every shape and \
         its own. The methods named after the common fields read them whatever the shape.",
        prose(&spec.title),
        if report {
            "event as DOKU sends it"
        } else {
            "response"
        },
        code(discriminator)
    ));
    let accessors = common_accessors(spec, union, rt);
    let (derive, crate_attr) = super::runtime_derive(rt, "ResponseUnion");
    quote! {
        #(#items)*

        #edoc
        #[derive(Clone, PartialEq, Eq, Debug, #derive)]
        #crate_attr
        #[doku(discriminator = #discriminator)]
        pub enum Response {
            #(#arms,)*
            #other_doc
            #[doku(other)]
            #other(#rt::union::Unknown),
        }

        #accessors
    }
}

/// One method per root field of the common table: `Some` of the field in every typed shape
/// (all share its type), `None` for `Other`, whose body is kept as sent (`Unknown::body`).
fn common_accessors(spec: &Spec, union: &Union, rt: &syn::Path) -> TokenStream {
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.name)).collect();
    let other = ident(OTHER_VARIANT);
    let methods = spec.response.root.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        let mut required = field.clone();
        required.optional = false;
        let ty = field_type(&required, rt);
        let read = if field.optional {
            quote!(value.#name.as_ref())
        } else {
            quote!(::core::option::Option::Some(&value.#name))
        };
        let mdoc = doc(&format!(
            "{}, which every shape has{}; `None` for `{OTHER_VARIANT}` (an unknown shape, kept \
             as sent).",
            code(&field.wire_name),
            if field.optional {
                " (optional: `None` when absent)"
            } else {
                ""
            }
        ));
        quote! {
            #mdoc
            #[must_use]
            pub fn #name(&self) -> ::core::option::Option<&#ty> {
                match self {
                    #(Self::#variants(value) => #read,)*
                    Self::#other(_) => ::core::option::Option::None,
                }
            }
        }
    });
    quote! {
        impl Response {
            #(#methods)*
        }
    }
}

/// The structs of the objects under `root`'s fields that `take` selects (by wire name).
fn nested(
    root: &ObjectDef,
    take: impl Fn(&str) -> bool,
    rt: &syn::Path,
    report: bool,
    out: &mut Vec<TokenStream>,
) {
    for field in root.fields.iter().filter(|f| take(&f.wire_name)) {
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            emit_object(o, rt, report, out);
        }
    }
}
