//! `#[derive(ResponseUnion)]`: `Deserialize`, `Serialize` and the conformance walk of a
//! response that is one shape per discriminator value (a spec's `response.union`).
//!
//! ```ignore
//! #[derive(Clone, PartialEq, Eq, Debug, ::doku_partner::support::__private::ResponseUnion)]
//! #[doku(discriminator = "channel.id")]
//! pub enum Response {
//!     #[doku(values("VIRTUAL_ACCOUNT_BCA", "VIRTUAL_ACCOUNT_BNI"))]
//!     VirtualAccount(Box<VirtualAccount>),
//!     #[doku(other)]
//!     Other(::doku_partner::support::union::Unknown),
//! }
//! ```
//!
//! - on the enum, `discriminator = "a.b"`: the dotted path of the string that picks the
//!   variant; `crate = "..."`: the runtime's path (default `::doku_partner::support`);
//! - on each typed variant (one field, a `ResponseObject` or a `Box` of one), `values("...", ...)`: the
//!   discriminator values it covers; the body is decoded as that type;
//! - on exactly one variant, `other`: its field is a `union::Unknown`, which keeps a body whose
//!   discriminator names no variant exactly as sent, reported by the conformance check.

use proc_macro2::TokenStream;
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{Data, DeriveInput, Fields, LitStr, Token};

struct Variant {
    ident: syn::Ident,
    values: Vec<LitStr>,
}

/// Expands `#[derive(ResponseUnion)]`; problems become `compile_error!`s at their place.
pub fn expand(input: &DeriveInput) -> TokenStream {
    let mut errors: Vec<syn::Error> = Vec::new();
    let mut runtime: syn::Path = syn::parse_quote!(::doku_partner::support);
    let mut discriminator: Option<LitStr> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("doku")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                runtime = meta.value()?.parse::<LitStr>()?.parse()?;
            } else if meta.path.is_ident("discriminator") {
                discriminator = Some(meta.value()?.parse()?);
            } else {
                return Err(meta.error(
                    "unknown key; the enum takes `discriminator = \"...\"` and `crate = \"...\"`",
                ));
            }
            Ok(())
        });
        errors.extend(result.err());
    }
    let Data::Enum(data) = &input.data else {
        return syn::Error::new(input.ident.span(), "ResponseUnion needs an enum")
            .to_compile_error();
    };
    let Some(discriminator) = discriminator else {
        return syn::Error::new(
            input.ident.span(),
            "ResponseUnion needs `#[doku(discriminator = \"...\")]`",
        )
        .to_compile_error();
    };
    let mut variants = Vec::new();
    let mut other: Option<syn::Ident> = None;
    for variant in &data.variants {
        if !matches!(&variant.fields, Fields::Unnamed(f) if f.unnamed.len() == 1) {
            errors.push(syn::Error::new(
                variant.ident.span(),
                "a ResponseUnion variant holds one value: `Name(Type)`",
            ));
            continue;
        }
        let mut values = Vec::new();
        let mut is_other = false;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("doku")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("values") {
                    let content;
                    syn::parenthesized!(content in meta.input);
                    values.extend(Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?);
                } else if meta.path.is_ident("other") {
                    is_other = true;
                } else {
                    return Err(meta
                        .error("unknown key; a variant takes `values(\"...\", ...)` or `other`"));
                }
                Ok(())
            });
            errors.extend(result.err());
        }
        if is_other {
            if other.is_some() {
                errors.push(syn::Error::new(
                    variant.ident.span(),
                    "a second `other` variant",
                ));
            }
            other = Some(variant.ident.clone());
        } else {
            variants.push(Variant {
                ident: variant.ident.clone(),
                values,
            });
        }
    }
    let Some(other) = other else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "ResponseUnion needs one `#[doku(other)]` variant (a `union::Unknown`) for the \
             values no variant lists",
        ));
        let errors = errors.iter().map(syn::Error::to_compile_error);
        return quote!(#(#errors)*);
    };
    if !errors.is_empty() {
        let errors = errors.iter().map(syn::Error::to_compile_error);
        return quote!(#(#errors)*);
    }
    emit(input, &runtime, &discriminator, &variants, &other)
}

fn emit(
    input: &DeriveInput,
    rt: &syn::Path,
    discriminator: &LitStr,
    variants: &[Variant],
    other: &syn::Ident,
) -> TokenStream {
    let name = &input.ident;
    let serde = quote!(#rt::__private::serde);
    let u = quote!(#rt::__private::union);
    let path_text = discriminator.value();
    let keys: Vec<&str> = path_text.split('.').collect();
    let arms = variants.iter().map(|v| {
        let ident = &v.ident;
        let values = &v.values;
        quote!(::core::option::Option::Some(#(#values)|*) => #u::variant::<_, D::Error>(&body).map(Self::#ident),)
    });
    let idents: Vec<&syn::Ident> = variants.iter().map(|v| &v.ident).collect();
    quote! {
        const _: () = {
            #[automatically_derived]
            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    let (value, body) = #u::read(deserializer, &[#(#keys),*])?;
                    match value.as_deref() {
                        #(#arms)*
                        _ => ::core::result::Result::Ok(Self::#other(#u::unknown(value, body))),
                    }
                }
            }

            #[automatically_derived]
            impl #serde::Serialize for #name {
                fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                    match self {
                        #(Self::#idents(value) => #serde::Serialize::serialize(value, serializer),)*
                        Self::#other(value) => #serde::Serialize::serialize(value, serializer),
                    }
                }
            }

            #[automatically_derived]
            impl #rt::Conformance for #name {
                fn check_conformance(&self, path: &mut #rt::conformance::JsonPath, out: &mut ::std::vec::Vec<#rt::conformance::Finding>) {
                    use #rt::Conformance as _;
                    match self {
                        // A method call: a variant may hold its shape boxed.
                        #(Self::#idents(value) => value.check_conformance(path, out),)*
                        Self::#other(value) => #u::report_unknown(value, #discriminator, path, out),
                    }
                }
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_without_other_is_refused() {
        let input: DeriveInput = syn::parse_quote! {
            #[doku(discriminator = "channel.id")]
            enum R { #[doku(values("A"))] A(A) }
        };
        let out = expand(&input).to_string();
        assert!(out.contains("#[doku(other)]"), "{out}");
    }

    #[test]
    fn values_become_one_match_arm_per_variant() {
        let input: DeriveInput = syn::parse_quote! {
            #[doku(discriminator = "channel.id")]
            enum R { #[doku(values("A", "B"))] X(X), #[doku(other)] O(U) }
        };
        let out = expand(&input).to_string();
        assert!(out.contains("Some (\"A\" | \"B\")"), "{out}");
        assert!(out.contains("\"channel\" , \"id\""), "{out}");
    }
}
