//! The response side: one struct per object of the field table, in a `response` submodule.
//!
//! Decoding is lenient and lossless: string fields are plain `String`s whatever their
//! documented length (the conformance check reports what breaks the documentation), numbers
//! arrive as the JSON type the server really sends, and keys the spec does not know are kept
//! in `extra`, so decoding and re-encoding gives back the same JSON value.
//!
//! `Deserialize` is written out rather than derived with `#[serde(flatten)]`: flatten buffers
//! every field through serde's private `Content` type, which costs about 40% in decoding. The
//! hand-rolled visitor matches known keys directly and only allocates for unknown ones.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc, field_doc, prose};
use super::enums::response_enums;
use super::ident;
use crate::model::{ArrayItems, Field, FieldKind, Format, JsonType, ObjectDef, Scalar, Spec};

pub(crate) fn emit(spec: &Spec, rt: &syn::Path) -> TokenStream {
    let mut structs = Vec::new();
    emit_object(&spec.response.root, rt, &mut structs);
    let enums = response_enums(spec, rt);
    let title = prose(&spec.title);
    let mdoc = doc(&format!(
        "The {title} response: one struct per object of DOKU's field table, and the response \
         value enums (which keep values DOKU adds later)."
    ));
    let root = ident(&spec.response.root.rust_type);
    quote! {
        #mdoc
        pub mod response {
            #(#structs)*
            #enums

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
    if let (Some(name), JsonType::String) = (&scalar.enum_ref, scalar.json) {
        let name = ident(name);
        return quote!(#name);
    }
    match scalar.json {
        JsonType::String => quote!(::std::string::String),
        JsonType::Integer => quote!(i64),
        JsonType::Number => quote!(#rt::json::Number),
        JsonType::Boolean => quote!(bool),
    }
}

fn field_type(field: &Field, rt: &syn::Path) -> TokenStream {
    let ty = match &field.kind {
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

fn emit_object(object: &ObjectDef, rt: &syn::Path, out: &mut Vec<TokenStream>) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => {
                emit_object(o, rt, out)
            }
            _ => {}
        }
    }

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
            quote!(#fdoc pub #fname: #ty)
        })
        .collect();

    let deserialize = deserialize_impl(object, &name, &extra, rt);
    let serialize = serialize_impl(object, &name, &extra, rt);
    let conformance = conformance_impl(object, &name, rt);

    out.push(quote! {
        #sdoc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields,)*
            /// Keys the spec does not know, exactly as sent.
            pub #extra: #rt::json::Extra,
        }

        #deserialize
        #serialize
        #conformance
    });
}

fn deserialize_impl(
    object: &ObjectDef,
    name: &Ident,
    extra: &Ident,
    rt: &syn::Path,
) -> TokenStream {
    let serde = quote!(#rt::__private::serde);
    let keys: Vec<Ident> = (0..object.fields.len())
        .map(|i| format_ident!("F{i}"))
        .collect();
    let slots: Vec<Ident> = (0..object.fields.len())
        .map(|i| format_ident!("f{i}"))
        .collect();
    let wires: Vec<&str> = object.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let types: Vec<TokenStream> = object.fields.iter().map(|f| field_type(f, rt)).collect();
    let field_names: Vec<Ident> = object.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let expecting = format!("a JSON object ({})", name);
    // An explicit `null` in an optional field decodes to `None` and is remembered in the extra
    // map, so re-encoding gives it back: nothing the server sent is dropped.
    let reads: Vec<TokenStream> = object
        .fields
        .iter()
        .zip(&slots)
        .zip(&wires)
        .map(|((f, slot), wire)| {
            if f.optional {
                quote! {
                    let value = map.next_value()?;
                    if ::core::option::Option::is_none(&value) {
                        #extra.insert(::std::borrow::ToOwned::to_owned(#wire), #rt::json::Json::null());
                    }
                    #slot = ::core::option::Option::Some(value);
                }
            } else {
                quote!(#slot = ::core::option::Option::Some(map.next_value()?);)
            }
        })
        .collect();

    let finals = object
        .fields
        .iter()
        .zip(&slots)
        .zip(&wires)
        .map(|((f, slot), wire)| {
            if f.optional {
                // `null` and an absent key both decode to `None`.
                quote!(#slot.flatten())
            } else {
                quote! {
                    match #slot {
                        ::core::option::Option::Some(value) => value,
                        ::core::option::Option::None => return ::core::result::Result::Err(
                            <A::Error as #serde::de::Error>::missing_field(#wire)),
                    }
                }
            }
        });
    // A key seen at most once: `None` until then.
    let slot_types = types.iter().map(|ty| quote!(::core::option::Option<#ty>));

    quote! {
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                enum Key {
                    #(#keys,)*
                    Other(::std::string::String),
                }

                impl<'de> #serde::Deserialize<'de> for Key {
                    fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                        struct KeyVisitor;

                        impl #serde::de::Visitor<'_> for KeyVisitor {
                            type Value = Key;

                            fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                                f.write_str("a field name")
                            }

                            fn visit_str<E: #serde::de::Error>(self, key: &str) -> ::core::result::Result<Key, E> {
                                ::core::result::Result::Ok(match key {
                                    #(#wires => Key::#keys,)*
                                    other => Key::Other(::std::borrow::ToOwned::to_owned(other)),
                                })
                            }
                        }

                        deserializer.deserialize_identifier(KeyVisitor)
                    }
                }

                struct ObjectVisitor;

                impl<'de> #serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: #serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<#name, A::Error> {
                        #(let mut #slots: #slot_types = ::core::option::Option::None;)*
                        let mut #extra = #rt::json::Extra::new();
                        while let ::core::option::Option::Some(key) = map.next_key::<Key>()? {
                            match key {
                                #(Key::#keys => {
                                    if #slots.is_some() {
                                        return ::core::result::Result::Err(
                                            <A::Error as #serde::de::Error>::duplicate_field(#wires));
                                    }
                                    #reads
                                })*
                                Key::Other(key) => {
                                    let value: #rt::json::Json = map.next_value()?;
                                    #extra.insert(key, value);
                                }
                            }
                        }
                        ::core::result::Result::Ok(#name {
                            #(#field_names: #finals,)*
                            #extra,
                        })
                    }
                }

                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    }
}

fn serialize_impl(object: &ObjectDef, name: &Ident, extra: &Ident, rt: &syn::Path) -> TokenStream {
    let serde = quote!(#rt::__private::serde);
    let entries = object.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.optional {
            quote! {
                if let ::core::option::Option::Some(value) = &self.#fname {
                    map.serialize_entry(#wire, value)?;
                }
            }
        } else {
            quote!(map.serialize_entry(#wire, &self.#fname)?;)
        }
    });
    // A `null` remembered in the extra map is skipped once its field holds a value again.
    let shadowed = object.fields.iter().filter(|f| f.optional).map(|f| {
        let fname = ident(&f.rust_name);
        let wire = &f.wire_name;
        quote!(#wire if self.#fname.is_some() => continue,)
    });
    let extras = if object.fields.iter().any(|f| f.optional) {
        quote! {
            for (key, value) in &self.#extra {
                match key.as_str() {
                    #(#shadowed)*
                    _ => map.serialize_entry(key, value)?,
                }
            }
        }
    } else {
        quote! {
            for (key, value) in &self.#extra {
                map.serialize_entry(key, value)?;
            }
        }
    };
    quote! {
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use #serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                #(#entries)*
                #extras
                map.end()
            }
        }
    }
}

/// The runtime's rule for a format with a character set or a length (`None`: free text,
/// booleans, dates, which have their own checks).
pub(crate) fn rule_tokens(format: Format, rt: &syn::Path) -> Option<TokenStream> {
    match format {
        Format::An(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            Some(quote!(#rt::FormatRule::an(#n)))
        }
        Format::Ans(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            Some(quote!(#rt::FormatRule::ans(#n)))
        }
        Format::N(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            Some(quote!(#rt::FormatRule::numeric(#n)))
        }
        Format::Int(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            Some(quote!(#rt::FormatRule::numeric(#n)))
        }
        Format::Str(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            Some(quote!(#rt::FormatRule::text(#n)))
        }
        Format::Numeric => Some(quote!(#rt::FormatRule::numeric(0))),
        Format::Boolean
        | Format::Date
        | Format::Timestamp
        | Format::String
        | Format::Text
        | Format::File => None,
    }
}

/// The statement checking one scalar `value` (a `&String`, `&i64`, ... expression) of field
/// `wire`, or `None` when the field has nothing to check.
fn scalar_check(
    scalar: &Scalar,
    wire: &str,
    value: TokenStream,
    rt: &syn::Path,
) -> Option<TokenStream> {
    let c = quote!(#rt::conformance);
    if let (Some(enum_name), JsonType::String) = (&scalar.enum_ref, scalar.json) {
        return Some(quote! {
            if !#value.is_known() {
                #c::unknown_enum_value(path, #wire, #enum_name, #value.as_str(), out);
            }
        });
    }
    match (scalar.json, scalar.format) {
        (JsonType::String, Format::Date | Format::Timestamp) => {
            Some(quote!(#c::check_date(path, #wire, #value, out);))
        }
        (JsonType::String, format) => {
            let rule = rule_tokens(format, rt)?;
            Some(quote!(#c::check_str(path, #wire, #value, #rule, out);))
        }
        (JsonType::Integer, format) => {
            let rule = rule_tokens(format, rt)?;
            Some(quote!(#c::check_integer(path, #wire, *#value, #rule, out);))
        }
        (JsonType::Number, format) => {
            let rule = rule_tokens(format, rt)?;
            Some(quote!(#c::check_str(path, #wire, #value.as_str(), #rule, out);))
        }
        (JsonType::Boolean, _) => None,
    }
}

fn conformance_impl(object: &ObjectDef, name: &Ident, rt: &syn::Path) -> TokenStream {
    let c = quote!(#rt::conformance);
    let checks: Vec<TokenStream> = object
        .fields
        .iter()
        .filter_map(|f| {
            let fname = ident(&f.rust_name);
            let wire = f.wire_name.as_str();
            let check = match &f.kind {
                FieldKind::Scalar(s) => {
                    let inner = scalar_check(s, wire, quote!(value), rt)?;
                    if f.optional {
                        quote!(if let ::core::option::Option::Some(value) = &self.#fname { #inner })
                    } else {
                        quote!({ let value = &self.#fname; #inner })
                    }
                }
                FieldKind::Object(_) | FieldKind::Array(ArrayItems::Object(_)) => quote! {
                    path.field(#wire, |path| #rt::Conformance::check_conformance(&self.#fname, path, out));
                },
                FieldKind::Array(ArrayItems::Scalar(s)) => {
                    // Check each item as a field of its index.
                    let inner = scalar_check(s, "", quote!(value), rt)?;
                    let items = if f.optional {
                        quote!(self.#fname.iter().flatten())
                    } else {
                        quote!(self.#fname.iter())
                    };
                    quote! {
                        path.field(#wire, |path| {
                            for (i, value) in #items.enumerate() {
                                path.index(i, |path| { #inner });
                            }
                        });
                    }
                }
                FieldKind::Array(ArrayItems::Any) => return None,
            };
            Some(check)
        })
        .collect();
    let (path, out) = if checks.is_empty() {
        (quote!(_path), quote!(_out))
    } else {
        (quote!(path), quote!(out))
    };
    quote! {
        impl #rt::Conformance for #name {
            fn check_conformance(&self, #path: &mut #c::JsonPath, #out: &mut ::std::vec::Vec<#c::Finding>) {
                #(#checks)*
            }
        }
    }
}
