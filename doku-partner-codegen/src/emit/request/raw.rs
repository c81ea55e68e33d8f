//! `RawRequest`: every parameter, the body and the caller headers as strings; `validate`
//! parses each one, applies the rules, builds the (shaped) `Query` and returns the typed
//! `Request` or every violation at once.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{
    Shaped, Slot, caller_headers, code, doc, find_enum, header_type, ident, param_type, rule_check,
};
use crate::model::{Format, Param, Spec};

/// `RawRequest`: every parameter as a string; `validate` parses each one, applies the rules
/// and returns every violation at once.
pub(super) fn raw_request(spec: &Spec, shaped: Option<&Shaped<'_>>, rt: &syn::Path) -> TokenStream {
    let params: Vec<&Param> = spec.path_params.iter().chain(&spec.query).collect();
    let fields = params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let text = format!(
            "{} as a string{}.",
            code(&p.name),
            if p.required {
                ""
            } else {
                "; `None` to leave it out"
            }
        );
        let pdoc = doc(&text);
        if p.required {
            quote!(#pdoc pub #name: &'a str)
        } else {
            quote!(#pdoc pub #name: ::core::option::Option<&'a str>)
        }
    });

    // Parse every parameter into its own type, recording violations.
    let parses = params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let wire = &p.name;
        let ty = param_type(spec, p, rt);
        let parse_one = |value: TokenStream| match (find_enum(spec, p).is_some(), p.format) {
            (true, _) => quote!(#rt::__private::values::parse_enum::<#ty>(#value, #wire, &mut errors)),
            (false, Format::An(_) | Format::Ans(_) | Format::N(_) | Format::Numeric | Format::Int(_) | Format::Str(_)) => {
                quote!(#rt::__private::values::parse_format::<#ty>(#value, #wire, &mut errors))
            }
            (false, Format::Boolean) => quote! {
                match #value {
                    "true" => ::core::option::Option::Some(true),
                    "false" => ::core::option::Option::Some(false),
                    other => {
                        errors.push(#rt::Violation::UnknownValue {
                            field: #wire.into(),
                            value: ::std::borrow::ToOwned::to_owned(other),
                            expected: &["true", "false"],
                        });
                        ::core::option::Option::None
                    }
                }
            },
            (false, _) => quote! {
                if #value.is_empty() {
                    errors.push(#rt::Violation::Missing { field: #wire.into() });
                    ::core::option::Option::None
                } else {
                    ::core::option::Option::Some(::std::borrow::ToOwned::to_owned(#value))
                }
            },
        };
        if p.required {
            let parse = parse_one(quote!(self.#name));
            quote!(let #name: ::core::option::Option<#ty> = #parse;)
        } else {
            // Optional: `None` stays `None` (Some(None) below), a bad value is a violation.
            let parse = parse_one(quote!(value));
            quote! {
                let #name: ::core::option::Option<::core::option::Option<#ty>> = match self.#name {
                    ::core::option::Option::None => ::core::option::Option::Some(::core::option::Option::None),
                    ::core::option::Option::Some(value) => #parse.map(::core::option::Option::Some),
                };
            }
        }
    });

    let query_build = if spec.query.is_empty() {
        quote!()
    } else if let Some(shaped) = shaped {
        raw_shaped_query(spec, shaped, rt)
    } else {
        let names: Vec<Ident> = spec.query.iter().map(|p| ident(&p.rust_name)).collect();
        // Parsed parts: `Option<T>` for required, `Option<Option<T>>` for optional parameters.
        let rule_checks = spec.rules.iter().map(|rule| {
            rule_check(spec, rule, rt, |p| {
                let name = ident(&p.rust_name);
                if p.required {
                    quote!(#name)
                } else {
                    quote!(#name.flatten())
                }
            })
        });
        quote! {
            #(#rule_checks)*
            let query = match (#(#names,)*) {
                (#(::core::option::Option::Some(#names),)*) => ::core::option::Option::Some(Query { #(#names,)* }),
                _ => ::core::option::Option::None,
            };
        }
    };

    let path_names: Vec<Ident> = spec
        .path_params
        .iter()
        .map(|p| ident(&p.rust_name))
        .collect();
    let mut parts: Vec<Ident> = path_names.clone();
    if !spec.query.is_empty() {
        parts.push(format_ident!("query"));
    }
    let headers = caller_headers(spec);
    let (body_field, body_parse) = match &spec.body {
        None => (quote!(), quote!()),
        Some(_) => {
            parts.push(format_ident!("body"));
            (
                quote!(/// The JSON body as text; every violation is reported with its JSON path.
                pub body: &'a str,),
                quote! {
                    let body: ::core::option::Option<body::Body> = match body::Body::from_json(self.body) {
                        ::core::result::Result::Ok(body) => ::core::option::Option::Some(body),
                        ::core::result::Result::Err(body) => {
                            errors.violations.extend(body.violations);
                            ::core::option::Option::None
                        }
                    };
                },
            )
        }
    };
    let header_fields = headers.iter().map(|h| {
        let name = ident(&h.rust_name);
        let text = format!("Header {} as a string.", code(&h.name));
        let hdoc = doc(&text);
        quote!(#hdoc pub #name: &'a str,)
    });
    let header_parses = headers.iter().map(|h| {
        let name = ident(&h.rust_name);
        let wire = &h.name;
        let ty = header_type(h, rt);
        parts.push(name.clone());
        let value = match h.format {
            Some(format) if crate::formats::has_newtype(format) => {
                quote!(#rt::__private::values::parse_format::<#ty>(self.#name, #wire, &mut errors))
            }
            _ => quote!(::core::option::Option::Some(::std::borrow::ToOwned::to_owned(self.#name))),
        };
        quote! {
            #rt::__private::values::check_header_value(#wire, self.#name, &mut errors);
            let #name: ::core::option::Option<#ty> = #value;
        }
    }).collect::<Vec<_>>();
    let has_lifetime_fields = !params.is_empty() || spec.body.is_some() || !headers.is_empty();
    let (lifetime, phantom, phantom_init) = if has_lifetime_fields {
        (quote!(<'a>), quote!(), quote!())
    } else {
        (
            quote!(<'a>),
            quote!(#[doc(hidden)] pub _marker: ::core::marker::PhantomData<&'a ()>,),
            quote!(),
        )
    };
    let _ = phantom_init;
    let anon_lifetime = quote!(<'_>);
    // One part needs no tuple to match on.
    let finish = match parts.as_slice() {
        [part] => quote! {
            match #part {
                ::core::option::Option::Some(#part) if errors.is_empty() => {
                    ::core::result::Result::Ok(Request { #part })
                }
                _ => ::core::result::Result::Err(errors),
            }
        },
        _ => quote! {
            match (#(#parts,)*) {
                (#(::core::option::Option::Some(#parts),)*) if errors.is_empty() => {
                    ::core::result::Result::Ok(Request { #(#parts,)* })
                }
                _ => ::core::result::Result::Err(errors),
            }
        },
    };

    quote! {
        /// Every parameter as a string, for values from a form or a database.
        /// [`RawRequest::validate`] checks every value and every rule and reports all violations
        /// at once.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct RawRequest #lifetime {
            #(#fields,)*
            #body_field
            #(#header_fields)*
            #phantom
        }

        impl RawRequest #anon_lifetime {
            /// Checks every value and rule and builds the typed [`Request`].
            ///
            /// # Errors
            ///
            /// Every violation found, all at once.
            pub fn validate(&self) -> ::core::result::Result<Request, #rt::RequestErrors> {
                let mut errors = #rt::RequestErrors::new();
                #(#parses)*
                #query_build
                #body_parse
                #(#header_parses)*
                #finish
            }
        }

        #[automatically_derived]
        impl ::core::convert::TryFrom<RawRequest<'_>> for Request {
            type Error = #rt::RequestErrors;

            fn try_from(raw: RawRequest<'_>) -> ::core::result::Result<Self, Self::Error> {
                raw.validate()
            }
        }
    }
}

/// The shaped `Query` from parsed parts: pick the variant by the discriminant, then narrow
/// each parameter to what the variant allows.
pub(super) fn raw_shaped_query(spec: &Spec, shaped: &Shaped<'_>, rt: &syn::Path) -> TokenStream {
    let d = ident(&shaped.discriminant.rust_name);
    let d_enum = ident(&shaped.discriminant_enum.name);
    let d_wire = &shaped.discriminant.name;
    let arms = shaped.cases.iter().map(|case| {
        let variant = ident(&case.value.variant);
        let when_value = &case.value.wire;
        let mut steps = Vec::new();
        let mut field_names = Vec::new();
        for (param, slot) in &case.slots {
            let name = ident(&param.rust_name);
            let wire = &param.name;
            match slot {
                Slot::Fixed(value) => {
                    let full = ident(find_enum(spec, param).map_or("", |d| d.name.as_str()));
                    let fv = ident(&value.variant);
                    steps.push(quote! {
                        #rt::__private::values::require_fixed(#name, #full::#fv, #wire, (#d_wire, #when_value), &mut errors);
                    });
                }
                Slot::Open => {
                    field_names.push(name);
                }
                Slot::Subset { name: subset, .. } => {
                    let subset = ident(subset);
                    if param.required {
                        steps.push(quote! {
                            let #name: ::core::option::Option<#subset> = #rt::__private::values::restrict(
                                #name, #wire, (#d_wire, #when_value), &mut errors);
                        });
                    } else {
                        steps.push(quote! {
                            let #name: ::core::option::Option<::core::option::Option<#subset>> = match #name {
                                ::core::option::Option::Some(::core::option::Option::None) => {
                                    ::core::option::Option::Some(::core::option::Option::None)
                                }
                                ::core::option::Option::Some(value) => #rt::__private::values::restrict(
                                    value, #wire, (#d_wire, #when_value), &mut errors)
                                    .map(::core::option::Option::Some),
                                ::core::option::Option::None => ::core::option::Option::None,
                            };
                        });
                    }
                    field_names.push(name);
                }
            }
        }
        let build = if field_names.is_empty() {
            quote!(::core::option::Option::Some(Query::#variant))
        } else {
            quote! {
                match (#(#field_names,)*) {
                    (#(::core::option::Option::Some(#field_names),)*) => {
                        ::core::option::Option::Some(Query::#variant { #(#field_names,)* })
                    }
                    _ => ::core::option::Option::None,
                }
            }
        };
        quote! {
            ::core::option::Option::Some(#d_enum::#variant) => {
                #(#steps)*
                #build
            }
        }
    });
    quote! {
        let query: ::core::option::Option<Query> = match #d {
            #(#arms)*
            ::core::option::Option::None => ::core::option::Option::None,
        };
    }
}
