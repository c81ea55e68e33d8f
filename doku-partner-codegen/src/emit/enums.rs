//! Value enums: one closed type per documented set (a request cannot hold a value outside
//! it); a response field holds the runtime's `OrUnknown<T>` of the same type, so a value DOKU
//! adds later lands in `OrUnknown::Unknown` instead of failing the decode.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, prose};
use super::ident;
use crate::model::{EnumDef, EnumValue, FieldKind, ObjectDef, Spec};

/// The enums the generated module defines or re-exports: those the endpoint uses somewhere
/// (another spec's `rust_path` can only name one of them).
pub(crate) fn generated_enums(spec: &Spec) -> Vec<&EnumDef> {
    let mut in_fields = Vec::new();
    if let Some(body) = &spec.body {
        collect_enum_refs(&body.root, &mut in_fields);
    }
    collect_enum_refs(&spec.response.root, &mut in_fields);
    let used = |def: &EnumDef| {
        in_fields.contains(&def.name.as_str())
            || spec
                .query
                .iter()
                .chain(&spec.path_params)
                .any(|p| p.enum_ref.as_deref() == Some(def.name.as_str()))
    };
    spec.enums.iter().filter(|def| used(def)).collect()
}

/// The enum of every value set the endpoint uses, in a parameter, a body field or a response
/// field: one closed type per set, which a response field wraps in `OrUnknown`.
pub(crate) fn value_enums(spec: &Spec, spec_path: &str, rt: &syn::Path) -> TokenStream {
    let enums = generated_enums(spec).into_iter().map(|def| {
        let values: Vec<&EnumValue> = def.values.iter().collect();
        match &def.rust_path {
            Some(path) => shared_enum(def, path, spec_path, rt),
            None => {
                let text = enum_doc(def);
                closed_enum(&def.name, &text, &values, rt)
            }
        }
    });
    quote!(#(#enums)*)
}

fn collect_enum_refs<'a>(object: &'a ObjectDef, out: &mut Vec<&'a str>) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Scalar(s) => out.extend(s.enum_ref.as_deref()),
            FieldKind::Object(o) => collect_enum_refs(o, out),
            FieldKind::Array(crate::model::ArrayItems::Object(o)) => collect_enum_refs(o, out),
            FieldKind::Array(crate::model::ArrayItems::Scalar(s)) => {
                out.extend(s.enum_ref.as_deref())
            }
            FieldKind::Array(crate::model::ArrayItems::Any) => {}
        }
    }
}

/// An enum another spec already generates (`rust_path`): used as it is, with a compile-time
/// check that its values are this spec's, in the same order.
fn shared_enum(def: &EnumDef, path: &str, spec_path: &str, rt: &syn::Path) -> TokenStream {
    let ty: syn::Path = syn::parse_str(path).unwrap_or_else(|_| {
        let name = ident(&def.name);
        syn::parse_quote!(#name)
    });
    let wires: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
    let message = format!(
        "{spec_path}:{}:{}: `rust_path` `{path}` does not have the values of enum `{}` in this \
         spec ({}): make the lists agree, or drop `rust_path`",
        def.pos.line,
        def.pos.column,
        def.name,
        wires.join(", ")
    );
    let text = format!(
        "{}\n\nThe same type as {}: the pages agree on its values.",
        enum_doc(def),
        code(path)
    );
    let docs = doc(&text);
    // A path to a type that is no spec's enum fails here, at a trait of this check whose
    // message names the spec's line (not at rustc's own words about `WireEnum`).
    let not_an_enum = format!(
        "{spec_path}:{}:{}: `rust_path` `{path}` is not an enum generated from a spec",
        def.pos.line, def.pos.column
    );
    let note = format!(
        "`rust_path` names the `{}` another spec generates, e.g. \
         `::doku_partner::endpoints::get_business_data::BusinessType`; `doku-partner check` \
         with both specs checks it",
        def.name
    );
    quote! {
        #docs
        pub use #ty;

        const _: () = {
            #[diagnostic::on_unimplemented(
                message = #not_an_enum,
                label = "not an enum generated from a spec",
                note = #note
            )]
            trait RustPath {
                const WIRE_VALUES: &'static [&'static str];
            }
            impl<T: #rt::WireEnum> RustPath for T {
                const WIRE_VALUES: &'static [&'static str] = T::WIRE_VALUES;
            }
            ::core::assert!(
                #rt::__private::values::same_values(<#ty as RustPath>::WIRE_VALUES, &[#(#wires),*]),
                #message
            );
        };
    }
}

fn enum_doc(def: &EnumDef) -> String {
    let wire: Vec<String> = def.values.iter().map(|v| code(&v.wire)).collect();
    let mut text = String::new();
    if !def.description.trim().is_empty() {
        text.push_str(&prose(&def.description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Documented values: {}. A response field holds `OrUnknown<{}>`, which also keeps a \
         value DOKU adds later.",
        wire.join(", "),
        def.name
    ));
    text
}

fn variant_doc(value: &EnumValue) -> TokenStream {
    let text = if value.description.trim().is_empty() {
        code(&value.wire)
    } else {
        format!("{}: {}", code(&value.wire), prose(&value.description))
    };
    doc(&text)
}

/// A closed enum named `name` over `values`, with `ALL`, `as_str`, `Display`, `FromStr`,
/// `TryFrom<&str>` and serde (deserializing refuses undocumented values).
pub(crate) fn closed_enum(
    name: &str,
    doc_text: &str,
    values: &[&EnumValue],
    rt: &syn::Path,
) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc(doc_text);
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let variant_docs = values.iter().map(|v| variant_doc(v));
    let wires: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
    let serde = quote!(#rt::__private::serde);

    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum #name_ident {
            #(#variant_docs #variants,)*
        }

        impl #name_ident {
            /// Every documented value, in documented order.
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as sent on the wire.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    #(Self::#variants => #wires,)*
                }
            }
        }

        #[automatically_derived]
        impl #rt::WireEnum for #name_ident {
            const ENUM_NAME: &'static str = #name;
            const WIRE_VALUES: &'static [&'static str] = &[#(#wires),*];

            fn as_str(self) -> &'static str {
                Self::as_str(self)
            }

            fn from_wire(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #(#wires => ::core::option::Option::Some(Self::#variants),)*
                    _ => ::core::option::Option::None,
                }
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #name_ident {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #name_ident {
            type Err = #rt::UnknownEnumValue;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as #rt::WireEnum>::parse_wire(value)
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<&str> for #name_ident {
            type Error = #rt::UnknownEnumValue;

            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                <Self as #rt::WireEnum>::parse_wire(value)
            }
        }

        #[automatically_derived]
        impl #serde::Serialize for #name_ident {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #name_ident {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::__private::values::deserialize_closed(deserializer)
            }
        }
    }
}

/// `From<subset> for full` and `TryFrom<full> for subset` between a rule's subset enum and
/// the full enum; the variants share names.
pub(crate) fn subset_conversions(
    subset: &str,
    full: &str,
    values: &[&EnumValue],
    full_values: &[EnumValue],
) -> TokenStream {
    let subset = ident(subset);
    let full = ident(full);
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    // The variants outside the subset, by name: a wildcard would also swallow a variant a
    // spec edit adds to the full set (clippy's `match_wildcard_for_single_variants`).
    let others: Vec<_> = full_values
        .iter()
        .filter(|v| !values.iter().any(|s| s.variant == v.variant))
        .map(|v| ident(&v.variant))
        .collect();
    quote! {
        #[automatically_derived]
        impl ::core::convert::From<#subset> for #full {
            fn from(value: #subset) -> Self {
                match value {
                    #(#subset::#variants => Self::#variants,)*
                }
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<#full> for #subset {
            /// The value, given back: it is not in this subset.
            type Error = #full;

            fn try_from(value: #full) -> ::core::result::Result<Self, #full> {
                match value {
                    #(#full::#variants => ::core::result::Result::Ok(Self::#variants),)*
                    #(#full::#others)|* => ::core::result::Result::Err(value),
                }
            }
        }
    }
}
