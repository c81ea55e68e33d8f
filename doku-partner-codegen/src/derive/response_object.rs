//! `#[derive(ResponseObject)]`: `Deserialize`, `Serialize`, `Debug` (personal data masked) and
//! the conformance walk of one generated response struct, from its fields and their `#[doku(...)]` attributes.
//!
//! The endpoint emitter puts this derive on every response struct, so that a generated module
//! (what a reviewer reads in a snapshot) holds one line per fact — a field, its wire name, its
//! documented format — and the plumbing is written once, in the runtime's `object` module.
//!
//! ```ignore
//! #[derive(Clone, PartialEq, ::doku_partner::support::__private::ResponseObject)]
//! pub struct Brand {
//!     #[doku(format = "ANS(50)")]
//!     pub id: String,
//!     #[doku(rename = "shared_key", format = "AN(128)")]
//!     pub share_key: Option<String>,
//!     #[doku(extra)]
//!     pub extra: ::doku_partner::support::json::Extra,
//! }
//! ```
//!
//! - `rename = "..."`: the wire name, when it is not the field's name;
//! - `format = "..."`: the documented format the conformance check applies, in DOKU's
//!   notation as a spec writes it (`AN(n)`, `ANS(n)`, `N(n)`, `int(n)`, `string(n)`, `Numeric`,
//!   `date`, `timestamp`; see `crate::formats`);
//! - `personal`: personal data, masked in `Debug` and in the conformance findings' values;
//! - `integers`: an enum of integers (`OrUnknown<Level>` or a `Vec` of it), read and written as
//!   JSON numbers through the runtime's `values::Integers` (an undocumented number is kept);
//! - `expected` (on an `Option` field): the key is required by the struct's variant of a
//!   response union; absent, it decodes as `None` and is a conformance finding;
//! - `extra`: the map that keeps the keys the struct does not name (exactly one field);
//!   `extra, report`: each of those keys is also a conformance finding (an incoming spec's
//!   types: what DOKU sends beyond its documentation is reported, not only kept);
//! - a field of type `Option<T>` is optional; every other field is required;
//! - on the struct, `crate = "..."`: the runtime's path (default `::doku_partner::support`).
//!
//! Locals of the expansion use mixed-site hygiene, so no field name can collide with them.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use super::masked_debug::{DebugField, debug_impl, runtime_path};

/// Expands `#[derive(ResponseObject)]`; problems become `compile_error!`s at their place.
pub fn expand(input: &DeriveInput) -> TokenStream {
    match parse(input) {
        Ok(object) => emit(input, &object),
        Err(errors) => {
            let errors = errors.iter().map(syn::Error::to_compile_error);
            quote!(#(#errors)*)
        }
    }
}

struct Object {
    runtime: syn::Path,
    fields: Vec<Field>,
    extra: Ident,
    /// `#[doku(extra, report)]`: each unknown key is a conformance finding.
    report_extra: bool,
}

struct Field {
    ident: Ident,
    wire: String,
    optional: bool,
    check: Check,
    personal: bool,
    /// `#[doku(integers)]`: read and written as JSON numbers.
    integers: bool,
    /// `#[doku(expected)]`: required by the variant, reported when absent.
    expected: bool,
}

/// A field's `format`, as the runtime's `object::Check` it becomes.
#[derive(Clone, Copy)]
enum Check {
    None,
    Rule(doku_partner_support::FormatRule),
    Date,
    DateTimeNotation(&'static str),
}

fn parse(input: &DeriveInput) -> Result<Object, Vec<syn::Error>> {
    let mut errors = Vec::new();
    let runtime = runtime_path(input, &mut errors);

    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => Some(named),
            _ => None,
        },
        _ => None,
    };
    let Some(named) = named else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "ResponseObject needs a struct with named fields",
        ));
        return Err(errors);
    };

    let mut fields = Vec::new();
    let mut extra: Option<Ident> = None;
    let mut report_extra = false;
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut wire = ident.to_string();
        let mut check = Check::None;
        let mut is_extra = false;
        let mut report = false;
        let mut personal = false;
        let mut integers = false;
        let mut expected = false;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("doku")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    wire = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("format") {
                    let lit: LitStr = meta.value()?.parse()?;
                    check = parse_format(&lit)?;
                } else if meta.path.is_ident("extra") {
                    is_extra = true;
                } else if meta.path.is_ident("report") {
                    report = true;
                } else if meta.path.is_ident("personal") {
                    personal = true;
                } else if meta.path.is_ident("integers") {
                    integers = true;
                } else if meta.path.is_ident("expected") {
                    expected = true;
                } else {
                    return Err(meta.error(
                        "unknown key; a field takes `rename = \"...\"`, `format = \"...\"`, \
                         `personal`, `integers`, `expected`, `extra` or `report` (beside `extra`)",
                    ));
                }
                Ok(())
            });
            errors.extend(result.err());
        }
        if is_extra {
            if extra.is_some() {
                errors.push(syn::Error::new(ident.span(), "a second `extra` field"));
            }
            extra = Some(ident);
            report_extra = report;
            continue;
        }
        let optional = is_option(&field.ty);
        if expected && !optional {
            errors.push(syn::Error::new(
                ident.span(),
                "`expected` is for an `Option` field (absent, it is a finding)",
            ));
        }
        fields.push(Field {
            expected,
            optional,
            ident,
            wire,
            check,
            personal,
            integers,
        });
    }
    let Some(extra) = extra else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "ResponseObject needs one `#[doku(extra)]` field (a `json::Extra`) for the keys \
             the struct does not name",
        ));
        return Err(errors);
    };
    if errors.is_empty() {
        Ok(Object {
            runtime,
            fields,
            extra,
            report_extra,
        })
    } else {
        Err(errors)
    }
}

/// The check a `format = "..."` attribute asks for: DOKU's notation, read by the loader's
/// parser and mapped by [`crate::formats`], as for a spec.
fn parse_format(lit: &LitStr) -> syn::Result<Check> {
    let format = crate::lower::parse_format(&lit.value()).map_err(|_| {
        syn::Error::new(
            lit.span(),
            format!(
                "unknown format; {} (DOKU's notation, as in a spec)",
                crate::lower::FORMAT_HELP
            ),
        )
    })?;
    Ok(match crate::formats::check(format) {
        crate::formats::Check::Rule(rule) => Check::Rule(rule),
        crate::formats::Check::Date => Check::Date,
        crate::formats::Check::CompactDate(zone) => {
            Check::DateTimeNotation(crate::formats::compact_notation(zone))
        }
        crate::formats::Check::FreeText | crate::formats::Check::None => Check::None,
    })
}

/// Whether a field's type is written `Option<...>` (the generator always writes it so).
fn is_option(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    path.path.segments.last().is_some_and(|s| {
        s.ident == "Option" && matches!(s.arguments, syn::PathArguments::AngleBracketed(_))
    })
}

fn emit(input: &DeriveInput, object: &Object) -> TokenStream {
    let name = &input.ident;
    let rt = &object.runtime;
    let serde = quote!(#rt::__private::serde);
    let o = quote!(#rt::__private::object);
    let extra = &object.extra;
    let expecting = format!("a JSON object ({name})");

    // Locals of the expansion: mixed-site, so a field named `map` or `key` cannot shadow them.
    let local = |name: &str| Ident::new(name, Span::mixed_site());
    let (map, key, extra_local, path, out, serializer) = (
        local("map"),
        local("key"),
        local("extra"),
        local("path"),
        local("out"),
        local("serializer"),
    );
    let slots: Vec<Ident> = (0..object.fields.len())
        .map(|i| Ident::new(&format!("slot{i}"), Span::mixed_site()))
        .collect();

    let v = quote!(#rt::__private::values);
    let arms = object.fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire;
        if f.optional {
            quote!(#wire => #o::read_optional(&mut #map, &mut #slot, #wire, &mut #extra_local)?,)
        } else {
            quote!(#wire => #o::read(&mut #map, &mut #slot, #wire)?,)
        }
    });
    let inits = object.fields.iter().zip(&slots).map(|(f, slot)| {
        let ident = &f.ident;
        let wire = &f.wire;
        match (f.optional, f.integers) {
            (true, false) => quote!(#ident: #slot.flatten(),),
            (false, false) => quote!(#ident: #o::required(#slot, #wire)?,),
            // The slot holds `values::Integers` of the field's type, unwrapped here.
            (true, true) => quote!(#ident: #slot.flatten().map(|#v::Integers(value)| value),),
            (false, true) => quote!(#ident: #o::required::<#v::Integers<_>, _>(#slot, #wire)?.0,),
        }
    });

    let entries = object.fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let value = if f.integers {
            quote!(&#v::IntegersRef(value))
        } else {
            quote!(value)
        };
        if f.optional {
            quote! {
                if let ::core::option::Option::Some(value) = &self.#ident {
                    #map.serialize_entry(#wire, #value)?;
                }
            }
        } else if f.integers {
            quote!(#map.serialize_entry(#wire, &#v::IntegersRef(&self.#ident))?;)
        } else {
            quote!(#map.serialize_entry(#wire, &self.#ident)?;)
        }
    });
    let shadowed = object.fields.iter().filter(|f| f.optional).map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        quote!((#key == #wire && self.#ident.is_some()))
    });
    let shadowed: Vec<TokenStream> = shadowed.collect();
    let shadowed = if shadowed.is_empty() {
        quote!(|_| false)
    } else {
        quote!(|#key: &str| #(#shadowed)||*)
    };

    let report_extra = object
        .report_extra
        .then(|| quote!(#o::report_extra(#path, &self.#extra, #out);));
    let variant_name = name.to_string();
    let expectations = object.fields.iter().filter(|f| f.expected).map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        quote!(#rt::__private::union::expect_present(&self.#ident, #path, #wire, #variant_name, #out);)
    });
    let checks = object.fields.iter().map(|f| {
        let ident = &f.ident;
        let wire = &f.wire;
        let check = match f.check {
            Check::None => quote!(#o::Check::None),
            Check::Date => quote!(#o::Check::Date),
            Check::DateTimeNotation(notation) => quote!(#o::Check::DateTimeNotation(#notation)),
            Check::Rule(rule) => {
                let rule = crate::formats::rule_tokens(rule, rt);
                quote!(#o::Check::Rule(#rule))
            }
        };
        if f.personal {
            quote!(#o::check_personal(&self.#ident, #path, #wire, #check, #out);)
        } else {
            quote!(#o::CheckField::check_field(&self.#ident, #path, #wire, #check, #out);)
        }
    });
    let mut debug_fields: Vec<DebugField> = object
        .fields
        .iter()
        .map(|f| DebugField {
            ident: f.ident.clone(),
            personal: f.personal,
        })
        .collect();
    debug_fields.push(DebugField {
        ident: extra.clone(),
        personal: false,
    });
    let debug = debug_impl(name, &debug_fields, rt);

    quote! {
        const _: () = {
            #[automatically_derived]
            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    #o::deserialize(deserializer)
                }
            }

            #[automatically_derived]
            impl #o::DecodeObject for #name {
                const EXPECTING: &'static str = #expecting;

                fn visit_map<'de, A: #serde::de::MapAccess<'de>>(mut #map: A) -> ::core::result::Result<Self, A::Error> {
                    #(let mut #slots = ::core::option::Option::None;)*
                    let mut #extra_local = #rt::json::Extra::new();
                    while let ::core::option::Option::Some(#key) = #map.next_key::<#o::Key<'de>>()? {
                        match #key.as_str() {
                            #(#arms)*
                            _ => #o::read_extra(&mut #map, #key, &mut #extra_local)?,
                        }
                    }
                    ::core::result::Result::Ok(Self {
                        #(#inits)*
                        #extra: #extra_local,
                    })
                }
            }

            #[automatically_derived]
            impl #serde::Serialize for #name {
                fn serialize<S: #serde::Serializer>(&self, #serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    use #serde::ser::SerializeMap as _;
                    let mut #map = #serializer.serialize_map(::core::option::Option::None)?;
                    #(#entries)*
                    #o::serialize_extra(&mut #map, &self.#extra, #shadowed)?;
                    #map.end()
                }
            }

            #[automatically_derived]
            impl #rt::Conformance for #name {
                fn check_conformance(&self, #path: &mut #rt::conformance::JsonPath, #out: &mut ::std::vec::Vec<#rt::conformance::Finding>) {
                    #(#expectations)*
                    #(#checks)*
                    #report_extra
                }
            }

            #[automatically_derived]
            impl #o::CheckField for #name {
                fn check_field(&self, #path: &mut #rt::conformance::JsonPath, #key: &'static str, _: #o::Check, #out: &mut ::std::vec::Vec<#rt::conformance::Finding>) {
                    #o::at(#path, #key, |#path| #rt::Conformance::check_conformance(self, #path, #out));
                }
            }

            #debug
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_format_is_an_error_at_the_attribute() {
        let input: DeriveInput = syn::parse_quote! {
            struct X {
                #[doku(format = "ANX(3)")]
                a: String,
                #[doku(extra)]
                extra: Extra,
            }
        };
        let out = expand(&input).to_string();
        assert!(out.contains("unknown format"), "{out}");
    }

    #[test]
    fn a_struct_without_extra_is_refused() {
        let input: DeriveInput = syn::parse_quote!(
            struct X {
                a: String,
            }
        );
        let out = expand(&input).to_string();
        assert!(out.contains("#[doku(extra)]"), "{out}");
    }

    #[test]
    fn option_fields_are_optional() {
        let input: DeriveInput = syn::parse_quote! {
            struct X { a: ::core::option::Option<String>, b: String, #[doku(extra)] e: Extra }
        };
        let object = parse(&input).ok().map(|o| {
            o.fields
                .iter()
                .map(|f| (f.ident.to_string(), f.optional))
                .collect::<Vec<_>>()
        });
        assert_eq!(
            object,
            Some(vec![("a".to_owned(), true), ("b".to_owned(), false)])
        );
    }
}
