//! The request side: `Request` (typed; invalid values and combinations do not compile),
//! `Query` (shaped by the spec's rules), `RawRequest` (strings in, every violation out) and
//! the `ApiRequest` impl that encodes the path and query string.
//!
//! Rules become types when they all discriminate on one required enum parameter (this page:
//! `businessType`): `Query` is then an enum with one variant per discriminant value, and each
//! variant holds only the parameters the rule leaves open, typed with the subset enum the rule
//! allows (`CorporateBusinessLegalEntity`). A parameter the rule fixes to one value is no field
//! at all: it is sent by the variant.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc, param_doc, prose};
use super::enums::closed_enum;
use super::ident;
use crate::model::{Format, Header, HeaderSource, Param, PathSegment, Rule, Spec};

mod query;
mod raw;

use query::{Shaped, Slot, find_enum, plain_query, shape, shaped_query};
use raw::raw_request;

/// The Rust type of a parameter's own (unrestricted) value.
fn param_type(spec: &Spec, param: &Param, rt: &syn::Path) -> TokenStream {
    if let Some(def) = find_enum(spec, param) {
        let name = ident(&def.name);
        return quote!(#name);
    }
    format_type(param.format, rt)
}

/// The Rust type of a value of `format` sent as text (see [`crate::formats`]).
pub(crate) fn format_type(format: Format, rt: &syn::Path) -> TokenStream {
    crate::formats::rust_type(format, rt)
}

fn is_copy(spec: &Spec, param: &Param) -> bool {
    find_enum(spec, param).is_some() || param.format == Format::Boolean
}

fn optional(param: &Param, ty: TokenStream) -> TokenStream {
    if param.required {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    }
}

/// Tokens giving the wire text of `value` (an expression of the parameter's type).
fn wire_text(spec: &Spec, param: &Param, value: TokenStream) -> TokenStream {
    if find_enum(spec, param).is_some() {
        quote!(#value.as_str())
    } else {
        match param.format {
            Format::Boolean => quote!(if #value { "true" } else { "false" }),
            Format::Date | Format::Timestamp | Format::String => quote!(#value.as_str()),
            _ => quote!(#value.as_str()),
        }
    }
}

/// The request's types and, for the `ApiRequest` impl, the room its path and query need
/// (`ApiRequest::PATH_AND_QUERY_CAPACITY`: the path's capacity, `?`, the longest query).
pub(crate) fn emit(spec: &Spec, rt: &syn::Path) -> (TokenStream, usize) {
    let shaped = shape(spec);
    let (query, query_capacity) = if spec.query.is_empty() {
        (quote!(), 0)
    } else {
        match &shaped {
            Some(shaped) => shaped_query(spec, shaped, rt),
            None => plain_query(spec, rt),
        }
    };
    let request = request_struct(spec, rt, shaped.is_none(), query_capacity);
    // A multipart body holds files, which have no string form: no `RawRequest` then.
    let multipart = spec.body.as_ref().is_some_and(|b| b.multipart);
    let raw = (!multipart).then(|| raw_request(spec, shaped.as_ref(), rt));
    let tokens = quote! {
        #query
        #request
        #raw
    };
    let query_room = if spec.query.is_empty() {
        0
    } else {
        1 + query_capacity
    };
    (tokens, path_capacity(spec) + query_room)
}

/// The capacity `Request::path` allocates: the template's length and room for the values.
fn path_capacity(spec: &Spec) -> usize {
    spec.path.raw.len() + 32
}

fn request_struct(
    spec: &Spec,
    rt: &syn::Path,
    check_rules: bool,
    query_capacity: usize,
) -> TokenStream {
    let path_fields: Vec<_> = spec
        .path_params
        .iter()
        .map(|p| {
            let name = ident(&p.rust_name);
            let pdoc = param_doc(p, "Path");
            let ty = param_type(spec, p, rt);
            let decl = quote!(#pdoc pub #name: #ty);
            (name, decl, ty)
        })
        .collect();
    let has_query = !spec.query.is_empty();
    let field_decls = path_fields.iter().map(|(_, decl, _)| decl);
    let query_field = has_query.then(|| {
        quote!(/// The query parameters.
        pub query: Query,)
    });
    let body_field = spec.body.is_some().then(|| {
        quote!(/// The JSON body.
        pub body: body::Body,)
    });
    let headers = caller_headers(spec);
    let header_fields = headers.iter().map(|h| {
        let name = ident(&h.rust_name);
        let hdoc = header_doc(h);
        let ty = header_type(h, rt);
        quote!(#hdoc pub #name: #ty,)
    });
    let mut ctor_args: Vec<TokenStream> = path_fields
        .iter()
        .map(|(name, _, ty)| quote!(#name: #ty))
        .collect();
    let mut ctor_names: Vec<Ident> = path_fields
        .iter()
        .map(|(name, _, _)| name.clone())
        .collect();
    if has_query {
        ctor_args.push(quote!(query: Query));
        ctor_names.push(format_ident!("query"));
    }
    if spec.body.is_some() {
        ctor_args.push(quote!(body: body::Body));
        ctor_names.push(format_ident!("body"));
    }
    for h in &headers {
        let name = ident(&h.rust_name);
        let ty = header_type(h, rt);
        ctor_args.push(quote!(#name: #ty));
        ctor_names.push(name);
    }
    let header_checks: Vec<TokenStream> = headers
        .iter()
        .map(|h| {
            let name = ident(&h.rust_name);
            let wire = &h.name;
            quote!(#rt::__private::values::check_header_value(#wire, self.#name.as_str(), &mut errors);)
        })
        .collect();
    let header_calls = headers.iter().map(|h| {
        let name = ident(&h.rust_name);
        let wire = &h.name;
        quote!(f(#wire, self.#name.as_str());)
    });
    let for_each_header = (!headers.is_empty()).then(|| {
        quote! {
            /// Calls `f` with the name and value of each header the caller supplies.
            pub fn for_each_header(&self, f: &mut dyn ::core::ops::FnMut(&'static str, &str)) {
                #(#header_calls)*
            }
        }
    });
    let from_body =
        (spec.body.is_some() && spec.path_params.is_empty() && !has_query && headers.is_empty())
            .then(|| {
                quote! {
                    #[automatically_derived]
                    impl ::core::convert::From<body::Body> for Request {
                        fn from(body: body::Body) -> Self {
                            Self::new(body)
                        }
                    }
                }
            });
    let body_bytes = spec.body.as_ref().map(|body| {
        if body.multipart {
            return quote! {
                /// The body exactly as it is sent and signed: a `multipart/form-data` form with
                /// a boundary of its own, parts in DOKU's table order. Call it once per send.
                #[must_use]
                pub fn encode_body(&self) -> #rt::RequestBody {
                    let boundary = #rt::__private::form::new_boundary();
                    #rt::RequestBody {
                        bytes: #rt::__private::form::encode(&self.body.form_parts(), &boundary),
                        content_type: #rt::__private::form::content_type(&boundary),
                    }
                }
            };
        }
        quote! {
            /// The body exactly as it is sent and signed: compact JSON, keys in DOKU's table
            /// order, optional fields left out when unset.
            #[must_use]
            pub fn body_bytes(&self) -> ::std::vec::Vec<u8> {
                // Serialising these types cannot fail (string keys, no fallible `Serialize`);
                // if it ever did, `validate` (run first by the client) reports it.
                #rt::__private::serde_json::to_vec(&self.body).unwrap_or_default()
            }

            /// [`body_bytes`](Self::body_bytes) with its `Content-Type`.
            #[must_use]
            pub fn encode_body(&self) -> #rt::RequestBody {
                #rt::RequestBody {
                    content_type: ::std::borrow::ToOwned::to_owned("application/json"),
                    bytes: self.body_bytes(),
                }
            }
        }
    });

    let mut path_code = Vec::new();
    let capacity = path_capacity(spec);
    for segment in &spec.path.segments {
        match segment {
            PathSegment::Literal(text) => path_code.push(quote!(out.push_str(#text);)),
            PathSegment::Param(name) => {
                if let Some(p) = spec.path_params.iter().find(|p| &p.name == name) {
                    let field = ident(&p.rust_name);
                    let text = wire_text(spec, p, quote!(self.#field));
                    path_code.push(quote!(#rt::__private::encode::push_encoded(out, #text);));
                }
            }
        }
    }
    let query_string = if has_query {
        quote! {
            // The longest query the spec allows, so writing it never reallocates.
            let mut out = ::std::string::String::with_capacity(#query_capacity);
            self.query.write_to(&mut out);
            if out.is_empty() { ::core::option::Option::None } else { ::core::option::Option::Some(out) }
        }
    } else {
        quote!(::core::option::Option::None)
    };
    let query_const = (!has_query).then(|| quote!(const));
    let write_query = if has_query {
        quote!(self.query.write_to(out);)
    } else {
        quote!(let _ = out;)
    };
    let body_check = spec.body.as_ref().map(|_| {
        quote! {
            if let ::core::result::Result::Err(body) = self.body.validate() {
                errors.violations.extend(body.violations);
            }
        }
    });
    let query_rules = check_rules && !spec.rules.is_empty() && !spec.query.is_empty();
    let checks_anything = query_rules || body_check.is_some() || !header_checks.is_empty();
    // Without a check, no `validate`: the trait's default answers `Ok`.
    let validate = checks_anything.then(|| {
        let checks: Vec<TokenStream> = if query_rules {
            spec.rules
                .iter()
                .map(|rule| {
                    rule_check(spec, rule, rt, |p| {
                        let name = ident(&p.rust_name);
                        if p.required {
                            quote!(::core::option::Option::Some(query.#name))
                        } else {
                            quote!(query.#name)
                        }
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let query_binding = (!checks.is_empty()).then(|| quote!(let query = &self.query;));
        quote! {
            /// The spec's rules that the request's types cannot express, checked before any
            /// I/O.
            ///
            /// # Errors
            ///
            /// Every rule the request breaks.
            pub fn validate(&self) -> ::core::result::Result<(), #rt::RequestErrors> {
                let mut errors = #rt::RequestErrors::new();
                #query_binding
                #(#checks)*
                #body_check
                #(#header_checks)*
                errors.finish(|| ())
            }
        }
    });
    // A body may hold JSON numbers and raw values, which are `Eq` but not `Hash`.
    let derives = if spec.body.is_some() {
        quote!(Debug, Clone, PartialEq, Eq)
    } else {
        quote!(Debug, Clone, PartialEq, Eq, Hash)
    };
    let title = prose(&spec.title);
    let ways_in = if spec.body.as_ref().is_some_and(|b| b.multipart) {
        "Build it from typed values (an invalid value or combination does not compile); \
         `validate`, which the client runs before any I/O, reports what types cannot say."
    } else {
        "Build it from typed values (an invalid value or combination does not compile), or \
         from strings with [`RawRequest::validate`], which reports every violation at once."
    };
    let rdoc = doc(&format!(
        "A {title} request: `{} {}`.\n\n{ways_in}",
        spec.method.as_str(),
        spec.path.raw
    ));

    quote! {
        #rdoc
        #[derive(#derives)]
        pub struct Request {
            #(#field_decls,)*
            #query_field
            #body_field
            #(#header_fields)*
        }

        #from_body

        // The `ApiRequest` impl (beside the derive, where the endpoint struct is in scope)
        // calls these, so a derive inside a function body works too.
        impl Request {
            /// A request from its parts.
            #[must_use]
            pub const fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_names),* }
            }

            /// The path with its parameters filled in and percent-encoded.
            #[must_use]
            pub fn path(&self) -> ::std::string::String {
                let mut path = ::std::string::String::with_capacity(#capacity);
                self.write_path(&mut path);
                path
            }

            /// Appends the path (as [`path`](Self::path) returns it) to `out`.
            pub fn write_path(&self, out: &mut ::std::string::String) {
                #(#path_code)*
            }

            /// The query string without `?`, percent-encoded; `None` when there is none.
            #[must_use]
            pub #query_const fn query_string(&self) -> ::core::option::Option<::std::string::String> {
                #query_string
            }

            /// Appends the query string (as [`query_string`](Self::query_string) returns it,
            /// without `?`) to `out`; nothing when there is none.
            pub #query_const fn write_query(&self, out: &mut ::std::string::String) {
                #write_query
            }

            #validate

            #body_bytes
            #for_each_header
        }
    }
}

/// Whether the request has checks its types cannot express (so a `validate` of its own).
pub(crate) fn has_checks(spec: &Spec) -> bool {
    let query_rules = shape(spec).is_none() && !spec.rules.is_empty() && !spec.query.is_empty();
    query_rules || spec.body.is_some() || !caller_headers(spec).is_empty()
}

/// The headers the caller supplies (`source: caller`), in spec order.
pub(crate) fn caller_headers(spec: &Spec) -> Vec<&Header> {
    spec.headers
        .iter()
        .filter(|h| h.source == HeaderSource::Caller)
        .collect()
}

fn header_type(header: &Header, rt: &syn::Path) -> TokenStream {
    match header.format {
        Some(format) if crate::formats::has_newtype(format) => format_type(format, rt),
        _ => quote!(::std::string::String),
    }
}

fn header_doc(header: &Header) -> TokenStream {
    let mut text = String::new();
    if !header.description.trim().is_empty() {
        text.push_str(&prose(&header.description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Header {}, supplied by the caller",
        code(&header.name)
    ));
    if let Some(format) = header.format {
        text.push_str(&format!(", DOKU format {}", code(&format.doku_notation())));
    }
    if let Some(example) = &header.example {
        text.push_str(&format!("; example: {}", code(example)));
    }
    text.push('.');
    for note in &header.notes {
        text.push_str("\n\nNote: ");
        text.push_str(&prose(note));
    }
    doc(&text)
}

/// One rule, checked on values that are not shaped by it: in `RawRequest::validate` (on the
/// parsed parts) and in `ApiRequest::validate` (on a typed, unshaped `Query`). `value_of`
/// gives an `Option<Enum>` expression for a parameter.
fn rule_check(
    spec: &Spec,
    rule: &Rule,
    rt: &syn::Path,
    value_of: impl Fn(&Param) -> TokenStream,
) -> TokenStream {
    let Some(when) = spec.query.iter().find(|p| p.name == rule.when_param) else {
        return quote!();
    };
    if find_enum(spec, when).is_none() {
        return quote!();
    }
    let when_value_of = value_of(when);
    let when_field = &rule.when_param;
    let when_value = &rule.when_value;
    let checks = rule.then.iter().filter_map(|(param_name, allowed)| {
        let param = spec.query.iter().find(|p| &p.name == param_name)?;
        find_enum(spec, param)?;
        let value = value_of(param);
        let allowed_strs: Vec<&str> = allowed.iter().map(String::as_str).collect();
        // One flat `if let` per constrained parameter, the `when` value matched in the same
        // pattern: an `if when { if let .. }` nesting is `clippy::collapsible_if` in a user's
        // edition-2024 crate, and its fix (a let chain) does not compile in edition 2021.
        Some(quote! {
            if let (
                ::core::option::Option::Some(#when_value),
                ::core::option::Option::Some(value),
            ) = (#when_value_of.map(|v| v.as_str()), #value) {
                const ALLOWED: &[&str] = &[#(#allowed_strs),*];
                if !ALLOWED.contains(&value.as_str()) {
                    errors.push(#rt::Violation::NotAllowedWith {
                        field: #param_name.into(),
                        value: ::std::borrow::ToOwned::to_owned(value.as_str()),
                        when_field: #when_field.into(),
                        when_value: #when_value,
                        allowed: ALLOWED,
                    });
                }
            }
        })
    });
    quote! { #(#checks)* }
}
