//! `#[derive(ValueEnum)]`: everything a generated value enum needs besides its variants, so the
//! generated module holds each wire value once, on its variant.
//!
//! ```ignore
//! #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
//! pub enum BusinessType {
//!     /// individual (personal) business
//!     #[doku(wire = "PERSONAL")]
//!     Personal,
//!     #[doku(wire = "CORPORATE")]
//!     Corporate,
//! }
//!
//! /// The `businessLegalEntity` values allowed when `businessType` is `CORPORATE`.
//! #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
//! #[doku(subset_of = BusinessLegalEntity)]
//! pub enum CorporateBusinessLegalEntity {
//!     /// Perseroan Terbatas (limited liability company)
//!     Pt,
//!     // …
//! }
//! ```
//!
//! Expands to `ALL`, `as_str`, the runtime's `WireEnum`, `Display`, `FromStr`,
//! `TryFrom<&str>` and serde (deserializing refuses an undocumented value; a response field
//! holds `OrUnknown<T>` for that). With `subset_of = Full` (a rule's narrowed set; its
//! variants are named as in `Full` and take their wire values from there, so a subset adds no
//! `wire`): `From<Self> for Full` and `TryFrom<Full> for Self`, whose error gives the value
//! back. On the enum, `crate = "..."` names the runtime (default
//! `::doku_partner::support`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

/// Expands `#[derive(ValueEnum)]`; problems become `compile_error!`s at their place.
pub fn expand(input: &DeriveInput) -> TokenStream {
    match parse(input) {
        Ok(parsed) => emit(&input.ident, &parsed),
        Err(errors) => {
            let errors = errors.iter().map(syn::Error::to_compile_error);
            quote!(#(#errors)*)
        }
    }
}

struct ValueEnum {
    runtime: syn::Path,
    subset_of: Option<syn::Path>,
    /// Each variant with its wire value; `None` in a subset (its namesake's in the full enum).
    variants: Vec<(Ident, Option<String>)>,
}

fn parse(input: &DeriveInput) -> Result<ValueEnum, Vec<syn::Error>> {
    let mut errors = Vec::new();
    let mut runtime: syn::Path = syn::parse_quote!(::doku_partner::support);
    let mut subset_of = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("doku")) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                runtime = meta.value()?.parse::<LitStr>()?.parse()?;
            } else if meta.path.is_ident("subset_of") {
                subset_of = Some(meta.value()?.parse::<syn::Path>()?);
            } else {
                return Err(meta.error(
                    "unknown key; the enum takes `crate = \"...\"` and `subset_of = FullEnum`",
                ));
            }
            Ok(())
        });
        errors.extend(result.err());
    }
    let Data::Enum(data) = &input.data else {
        errors.push(syn::Error::new(
            input.ident.span(),
            "ValueEnum needs an enum",
        ));
        return Err(errors);
    };
    let mut variants = Vec::new();
    for variant in &data.variants {
        if !matches!(variant.fields, Fields::Unit) {
            errors.push(syn::Error::new(
                variant.ident.span(),
                "a ValueEnum variant holds no data",
            ));
        }
        let mut wire = None;
        for attr in variant.attrs.iter().filter(|a| a.path().is_ident("doku")) {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("wire") {
                    wire = Some(meta.value()?.parse::<LitStr>()?.value());
                    Ok(())
                } else {
                    Err(meta.error("unknown key; a variant takes `wire = \"...\"`"))
                }
            });
            errors.extend(result.err());
        }
        match (wire, &subset_of) {
            (Some(wire), None) => variants.push((variant.ident.clone(), Some(wire))),
            (None, Some(_)) => variants.push((variant.ident.clone(), None)),
            (None, None) => errors.push(syn::Error::new(
                variant.ident.span(),
                "a ValueEnum variant needs `#[doku(wire = \"...\")]`: its value on the wire",
            )),
            (Some(_), Some(_)) => errors.push(syn::Error::new(
                variant.ident.span(),
                "a variant of a `subset_of` enum has the wire value of its namesake in the full \
                 enum: drop `wire`",
            )),
        }
    }
    if errors.is_empty() {
        Ok(ValueEnum {
            runtime,
            subset_of,
            variants,
        })
    } else {
        Err(errors)
    }
}

fn emit(name: &Ident, parsed: &ValueEnum) -> TokenStream {
    let rt = &parsed.runtime;
    let serde = quote!(#rt::__private::serde);
    let title = name.to_string();
    let variants: Vec<&Ident> = parsed.variants.iter().map(|(v, _)| v).collect();
    // A subset's wire values are its namesakes' in the full enum, written once there.
    let wires: Vec<TokenStream> = match &parsed.subset_of {
        Some(full) => variants
            .iter()
            .map(|v| quote!(#full::#v.as_str()))
            .collect(),
        None => parsed
            .variants
            .iter()
            .map(|(_, w)| {
                let w = w.as_deref().unwrap_or_default();
                quote!(#w)
            })
            .collect(),
    };
    let from_wire = match &parsed.subset_of {
        Some(full) => quote! {
            match <#full as #rt::WireEnum>::from_wire(value) {
                #(::core::option::Option::Some(#full::#variants) => ::core::option::Option::Some(Self::#variants),)*
                _ => ::core::option::Option::None,
            }
        },
        None => quote! {
            match value {
                #(#wires => ::core::option::Option::Some(Self::#variants),)*
                _ => ::core::option::Option::None,
            }
        },
    };
    let subset = parsed.subset_of.as_ref().map(|full| {
        quote! {
            #[automatically_derived]
            impl ::core::convert::From<#name> for #full {
                fn from(value: #name) -> Self {
                    match value {
                        #(#name::#variants => Self::#variants,)*
                    }
                }
            }

            #[automatically_derived]
            impl ::core::convert::TryFrom<#full> for #name {
                /// The value, given back: it is not in this subset.
                type Error = #full;

                fn try_from(value: #full) -> ::core::result::Result<Self, #full> {
                    match value {
                        #(#full::#variants => ::core::result::Result::Ok(Self::#variants),)*
                        #[allow(unreachable_patterns)]
                        _ => ::core::result::Result::Err(value),
                    }
                }
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #name {
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
        #[diagnostic::do_not_recommend]
        impl #rt::WireEnum for #name {
            const ENUM_NAME: &'static str = #title;
            const WIRE_VALUES: &'static [&'static str] = &[#(#wires),*];

            fn as_str(self) -> &'static str {
                Self::as_str(self)
            }

            fn from_wire(value: &str) -> ::core::option::Option<Self> {
                #from_wire
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl ::core::str::FromStr for #name {
            type Err = #rt::UnknownEnumValue;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                <Self as #rt::WireEnum>::parse_wire(value)
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<&str> for #name {
            type Error = #rt::UnknownEnumValue;

            fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                <Self as #rt::WireEnum>::parse_wire(value)
            }
        }

        #[automatically_derived]
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #rt::__private::values::deserialize_closed(deserializer)
            }
        }

        #subset
    }
}
