//! `Debug` that masks personal data: what `#[derive(ResponseObject)]` writes for every response
//! struct, and `#[derive(MaskedDebug)]` for a request body struct with a field the spec marks
//! `personal`.
//!
//! ```ignore
//! #[derive(Clone, ::doku_partner::support::__private::MaskedDebug)]
//! pub struct Owner {
//!     #[doku(personal)]
//!     pub phone: String,
//!     pub business_type: BusinessType,
//! }
//! ```
//!
//! A `#[doku(personal)]` field prints masked (`"*********16"`, see the runtime's
//! `redact::mask`); every other field prints its own `Debug` (a secret field is a `Secret`,
//! whose `Debug` is `[redacted]`). On the struct, `crate = "..."` names the runtime (default
//! `::doku_partner::support`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

/// One field as `Debug` prints it.
pub(crate) struct DebugField {
    /// The field.
    pub ident: Ident,
    /// Printed masked.
    pub personal: bool,
}

/// The `impl Debug` for struct `name` with these fields, in order.
pub(crate) fn debug_impl(name: &Ident, fields: &[DebugField], rt: &syn::Path) -> TokenStream {
    let title = name.to_string();
    let entries = fields.iter().map(|f| {
        let ident = &f.ident;
        let label = ident.to_string();
        let label = label.trim_start_matches("r#");
        if f.personal {
            quote!(.field(#label, &#rt::redact::Masked(&self.#ident)))
        } else {
            quote!(.field(#label, &self.#ident))
        }
    });
    quote! {
        #[automatically_derived]
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#title) #(#entries)* .finish()
            }
        }
    }
}

/// The struct's `#[doku(crate = "...")]`: the runtime's path in the expansion (default
/// `::doku_partner::support`); any other struct key is an error. Shared by the runtime's derives.
pub(crate) fn runtime_path(input: &DeriveInput, errors: &mut Vec<syn::Error>) -> syn::Path {
    let mut runtime: syn::Path = syn::parse_quote!(::doku_partner::support);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("doku")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                runtime = meta.value()?.parse::<LitStr>()?.parse()?;
                Ok(())
            } else {
                Err(meta.error("unknown key; the struct takes `crate = \"...\"`"))
            }
        });
        errors.extend(result.err());
    }
    runtime
}

/// Expands `#[derive(MaskedDebug)]`; problems become `compile_error!`s at their place.
pub fn expand(input: &DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    let runtime = runtime_path(input, &mut errors);
    let Data::Struct(data) = &input.data else {
        return syn::Error::new(input.ident.span(), "MaskedDebug needs a struct")
            .to_compile_error();
    };
    let Fields::Named(named) = &data.fields else {
        return syn::Error::new(input.ident.span(), "MaskedDebug needs named fields")
            .to_compile_error();
    };
    let mut fields = Vec::new();
    for field in &named.named {
        let Some(ident) = field.ident.clone() else {
            continue;
        };
        let mut personal = false;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("doku")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("personal") {
                    personal = true;
                    Ok(())
                } else {
                    Err(meta.error("unknown key; a field takes `personal`"))
                }
            });
            errors.extend(result.err());
        }
        fields.push(DebugField { ident, personal });
    }
    if !errors.is_empty() {
        let errors = errors.iter().map(syn::Error::to_compile_error);
        return quote!(#(#errors)*);
    }
    debug_impl(&input.ident, &fields, &runtime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personal_field_prints_through_the_mask() {
        let input: DeriveInput = syn::parse_quote! {
            struct Owner { #[doku(personal)] phone: String, kind: String }
        };
        let out = expand(&input).to_string();
        assert!(out.contains("Masked (& self . phone)"), "{out}");
        assert!(out.contains(". field (\"kind\" , & self . kind)"), "{out}");
    }

    #[test]
    fn an_unknown_key_is_an_error() {
        let input: DeriveInput = syn::parse_quote! {
            struct Owner { #[doku(secret)] key: String }
        };
        assert!(expand(&input).to_string().contains("unknown key"));
    }
}
