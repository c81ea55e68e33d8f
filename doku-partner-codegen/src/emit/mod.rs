//! Emit stage: a validated [`Spec`] becomes Rust tokens.
//!
//! The derive, the `doku-partner generate` command and the snapshot tests all call [`emit`], so
//! what a user reads in a snapshot or a generated file is exactly what the macro expands to.
//!
//! Everything generated for an endpoint lives in one module named after the deriving struct
//! (`GetBusinessData` → `get_business_data`), so two endpoints in one module never collide:
//!
//! - request side at the module's top: value enums, the rule-shaped `Query` type,
//!   `Request`, and `RawRequest` (the string entry point that reports every violation);
//! - `response` submodule: one struct per object of the field table and lenient value enums;
//! - the deriving struct implements the runtime's `Endpoint` trait.

mod aliases;
mod body;
pub(crate) use body::limit_words;
mod docs;
mod enums;
pub(crate) use enums::generated_enums;
mod example;
mod incoming;
mod request;
mod response;
mod response_headers;
mod union;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Direction, Method, SignatureScheme, Spec};

/// What the emitter needs besides the spec.
#[derive(Clone)]
pub struct EmitInput<'a> {
    /// The validated spec.
    pub spec: &'a Spec,
    /// The struct the derive is on (`GetBusinessData`).
    pub target: Ident,
    /// Visibility of that struct; the generated module gets the same.
    pub vis: syn::Visibility,
    /// Path of the runtime crate in generated code (`::doku_partner::support`).
    pub runtime: syn::Path,
    /// The spec's path as the user wrote it, for docs (never absolute).
    pub spec_display_path: String,
    /// Files whose edits must rebuild the user's crate (absolute paths); emitted as
    /// `include_bytes!`. Empty for snapshots and checked-in bindings.
    pub track_files: Vec<String>,
    /// Sample response bodies `(name, JSON text)`, embedded as `Endpoint::EXAMPLES`.
    pub examples: Vec<(String, String)>,
    /// Sample request bodies `(name, JSON text)`, one per `body.examples` entry, in order:
    /// shown in the module docs, and embedded as `Endpoint::REQUEST_EXAMPLES` unless cut off.
    pub request_examples: Vec<(String, String)>,
    /// Response samples the page cuts off `(name, text)` (`cut_off: true`), in order: shown
    /// in the module docs as text, never in `Endpoint::EXAMPLES`.
    pub response_cut_off: Vec<(String, String)>,
    /// Where the generated code reads the spec's sample files from.
    pub sample_files: SampleFiles,
    /// The public path of the module holding the deriving struct (`doku_partner::endpoints`),
    /// when known: the module docs' example is then a doctest that compiles. `None`: the
    /// example is shown but not compiled.
    pub doc_path: Option<String>,
}

/// How generated code holds the spec's sample files (`Endpoint::EXAMPLES`,
/// `REQUEST_EXAMPLES`): each file's text once, in DOKU's own bytes and key order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SampleFiles {
    /// As multi-line raw string literals: the code stands alone (pasted, or written to a
    /// build's `OUT_DIR`).
    #[default]
    Embedded,
    /// `include_str!` of `<dir>/<file>`, `dir` absolute: what the derive expands to.
    Absolute(String),
    /// `include_str!` of `<dir>/<file>` under the crate root
    /// (`concat!(env!("CARGO_MANIFEST_DIR"), …)`): `doku-partner generate` to standard output,
    /// for a spec path given from the crate root (as the derive's `spec` is).
    FromCrateRoot(String),
    /// `include_str!("<dir>/<file>")`, `dir` relative to the generated file
    /// (`doku-partner generate -o`).
    FromFile(String),
}

impl SampleFiles {
    /// The expression for one sample: `text` as a raw string, or an `include_str!` of `file`
    /// (relative to the spec's folder) when the file is known.
    fn expression(&self, file: Option<&str>, text: &str) -> TokenStream {
        let join = |dir: &str, file: &str| {
            if dir.is_empty() || dir == "." {
                file.to_owned()
            } else {
                format!("{}/{file}", dir.trim_end_matches('/'))
            }
        };
        match (self, file) {
            (Self::Absolute(dir), Some(file)) => {
                let path = std::path::Path::new(dir).join(file).display().to_string();
                quote!(::core::include_str!(#path))
            }
            (Self::FromCrateRoot(dir), Some(file)) => {
                let path = format!("/{}", join(dir, file));
                quote!(::core::include_str!(
                    ::core::concat!(::core::env!("CARGO_MANIFEST_DIR"), #path)
                ))
            }
            (Self::FromFile(dir), Some(file)) => {
                let path = join(dir, file);
                quote!(::core::include_str!(#path))
            }
            // A raw string only where it saves escapes (clippy's `needless_raw_string_hashes`).
            _ if !text.contains('"') => quote!(#text),
            _ => example::raw_string(text)
                .parse::<proc_macro2::Literal>()
                .map_or_else(|_| quote!(#text), |lit| quote!(#lit)),
        }
    }
}

/// The default path of the runtime in generated code: through the facade crate, so a user
/// needs only the `doku-partner` dependency.
pub fn default_runtime_path() -> syn::Path {
    syn::parse_quote!(::doku_partner::support)
}

/// Generates everything for one endpoint.
pub fn emit(input: &EmitInput<'_>) -> TokenStream {
    if input.spec.direction == Direction::Incoming {
        return incoming::emit(input);
    }
    let spec = input.spec;
    let rt = &input.runtime;
    let target = &input.target;
    let vis = &input.vis;
    let module = ident(&crate::names::snake_case(&target.to_string()));

    let tracking = input.track_files.iter().map(|path| {
        quote! { const _: &[u8] = ::core::include_bytes!(#path); }
    });

    let target_name = target.to_string();
    let module_name = module.to_string();
    let runtime_text = quote!(#rt).to_string().replace(' ', "");
    let module_doc = docs::module_doc(
        spec,
        &docs::ModuleDoc {
            target: &target_name,
            module: &module_name,
            spec_path: &input.spec_display_path,
            doc_path: input.doc_path.as_deref(),
            runtime: runtime_text.trim_start_matches("::"),
            request_examples: &input.request_examples,
            response_cut_off: &input.response_cut_off,
        },
    );
    let notes = docs::notes_module(spec);
    let enums = enums::value_enums(spec, &input.spec_display_path, rt);
    let (request, path_and_query_capacity) = request::emit(spec, rt);
    let body = spec.body.as_ref().map(|b| body::emit(b, &spec.title, rt));
    let response = response::emit(spec, rt);

    let name = &spec.name;
    let method = method_tokens(spec.method, rt);
    let template = &spec.path.raw;
    let signature = match spec.auth.signature {
        SignatureScheme::NonSnapHmacSha256 => quote!(#rt::SignatureScheme::NonSnapHmacSha256),
        SignatureScheme::None => quote!(#rt::SignatureScheme::None),
    };
    let query_in_target = spec.auth.query_in_target;
    let bearer = spec.auth.bearer_token;
    let sandbox = &spec.hosts.sandbox;
    let production = &spec.hosts.production;
    let status = spec.response.status;
    let examples = input.examples.iter().enumerate().map(|(i, (name, json))| {
        // A cut-off sample is no body to serve: `examples` holds the others, in order.
        let file = spec
            .response
            .examples
            .iter()
            .filter(|e| !e.cut_off)
            .nth(i)
            .map(|e| e.file.as_str());
        let text = input.sample_files.expression(file, json);
        quote!((#name, #text))
    });
    let body_consts = spec.body.as_ref().map(|body| {
        // A cut-off sample (`partial`, `cut_off`) is shown in the docs, but is no body to send;
        // one stored as the page cut it is offered as text, to compare bodies with.
        let request_examples = input
            .request_examples
            .iter()
            .zip(&body.examples)
            .filter(|(_, example)| example.sendable())
            .map(|((name, json), example)| {
                let text = input.sample_files.expression(Some(&example.file), json);
                quote!((#name, #text))
            });
        let cut_off_samples: Vec<TokenStream> = input
            .request_examples
            .iter()
            .zip(&body.examples)
            .filter(|(_, example)| example.cut_off)
            .map(|((name, text), example)| {
                let text = input.sample_files.expression(Some(&example.file), text);
                quote!((#name, #text))
            })
            .collect();
        let cut_off_const = (!cut_off_samples.is_empty()).then(|| {
            quote! {
                const CUT_OFF_SAMPLES: &'static [(&'static str, &'static str)] =
                    &[#(#cut_off_samples),*];
            }
        });
        quote! {
            const BODY: ::core::option::Option<&'static #rt::__private::body::Object> =
                ::core::option::Option::Some(&#module::body::SCHEMA);
            const REQUEST_EXAMPLES: &'static [(&'static str, &'static str)] =
                &[#(#request_examples),*];
            #cut_off_const
        }
    });
    let caller_headers: Vec<&str> = request::caller_headers(spec)
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    let issues_token = spec.auth.issues_token.as_ref().map(|t| {
        let token_field = &t.token_field;
        let lifetime = match &t.lifetime_field {
            Some(f) => quote!(::core::option::Option::Some(#f)),
            None => quote!(::core::option::Option::None),
        };
        quote! {
            const ISSUES_TOKEN: ::core::option::Option<#rt::IssuesToken> =
                ::core::option::Option::Some(#rt::IssuesToken {
                    token_field: #token_field,
                    lifetime_field: #lifetime,
                });
        }
    });
    let form_consts = spec.body.as_ref().map(|body| {
        let digest = (!body.digest).then(|| {
            quote!(
                const DIGEST_BODY: bool = false;
            )
        });
        let multipart = body.multipart.then(|| {
            quote!(
                const MULTIPART: bool = true;
            )
        });
        quote!(#digest #multipart)
    });
    let echoes: Vec<&str> = spec
        .response
        .root
        .fields
        .iter()
        .filter(|f| f.same_as_request)
        .map(|f| f.wire_name.as_str())
        .collect();
    let echoes_const = (!echoes.is_empty())
        .then(|| quote!(const ECHOES: &'static [&'static str] = &[#(#echoes),*];));
    let mut sensitive = sensitive_fields(&spec.response.root, rt);
    // A union's shapes: their own fields (the common ones are listed above).
    for variant in spec.response.union.iter().flat_map(|u| &u.variants) {
        let mut own = variant.root.clone();
        own.fields.retain(|f| variant.is_own(&f.wire_name));
        sensitive.extend(sensitive_fields(&own, rt));
    }
    let sensitive_const = (!sensitive.is_empty())
        .then(|| quote!(const SENSITIVE: &'static [#rt::Sensitive] = &[#(#sensitive),*];));
    let raw_in_target: Vec<&str> = spec
        .path_params
        .iter()
        .filter(|p| p.raw_in_target)
        .map(|p| p.name.as_str())
        .collect();
    let raw_in_target_const = (!raw_in_target.is_empty())
        .then(|| quote!(const RAW_IN_TARGET: &'static [&'static str] = &[#(#raw_in_target),*];));
    let caller_headers_const = (!caller_headers.is_empty())
        .then(|| quote!(const CALLER_HEADERS: &'static [&'static str] = &[#(#caller_headers),*];));
    let response_header_consts = response_headers::endpoint_consts(spec, rt);
    let api_body = spec.body.as_ref().map(|_| {
        quote! {
            fn body(&self) -> ::core::option::Option<#rt::RequestBody> {
                ::core::option::Option::Some(Self::encode_body(self))
            }
        }
    });
    let api_validate = request::has_checks(spec).then(|| {
        quote! {
            fn validate(&self) -> ::core::result::Result<(), #rt::RequestErrors> {
                Self::validate(self)
            }
        }
    });
    let api_headers = (!caller_headers.is_empty()).then(|| {
        quote! {
            fn for_each_header(&self, f: &mut dyn ::core::ops::FnMut(&'static str, &str)) {
                #module::Request::for_each_header(self, f);
            }
        }
    });

    let contents = quote! {
        #module_doc

        #enums
        #request
        #body
        #response
        #notes
    };
    let contents = aliases::module_contents(contents, rt);
    quote! {
        #(#tracking)*

        #vis mod #module {
            #contents
        }

        #[automatically_derived]
        impl #rt::Endpoint for #target {
            const NAME: &'static str = #name;
            const METHOD: #rt::HttpMethod = #method;
            const PATH_TEMPLATE: &'static str = #template;
            const AUTH: #rt::AuthOptions = #rt::AuthOptions {
                signature: #signature,
                query_in_target: #query_in_target,
                bearer_token: #bearer,
            };
            const SANDBOX_URL: &'static str = #sandbox;
            const PRODUCTION_URL: &'static str = #production;
            const SUCCESS_STATUS: u16 = #status;
            const EXAMPLES: &'static [(&'static str, &'static str)] = &[#(#examples),*];
            #body_consts
            #caller_headers_const
            #raw_in_target_const
            #issues_token
            #form_consts
            #echoes_const
            #sensitive_const
            #response_header_consts
            type Request = #module::Request;
            type Response = #module::Response;
        }

        #[automatically_derived]
        impl #rt::ApiRequest for #module::Request {
            type Endpoint = #target;

            const PATH_AND_QUERY_CAPACITY: usize = #path_and_query_capacity;

            fn path(&self) -> ::std::string::String {
                Self::path(self)
            }

            fn query_string(&self) -> ::core::option::Option<::std::string::String> {
                Self::query_string(self)
            }

            fn write_path(&self, out: &mut ::std::string::String) {
                Self::write_path(self, out);
            }

            fn write_query(&self, out: &mut ::std::string::String) {
                Self::write_query(self, out);
            }

            #api_validate

            #api_body
            #api_headers
        }
    }
}

fn method_tokens(method: Method, rt: &syn::Path) -> TokenStream {
    let variant = format_ident!(
        "{}",
        match method {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    );
    quote!(#rt::HttpMethod::#variant)
}

/// An identifier for a name the loader has already made valid; a keyword or anything else
/// that slipped through gets a trailing `_` rather than a panic in the user's build.
pub fn ident(name: &str) -> Ident {
    match syn::parse_str::<Ident>(name) {
        Ok(id) => id,
        Err(_) => {
            let cleaned: String = name
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) || cleaned.is_empty()
            {
                format!("_{cleaned}")
            } else {
                cleaned
            };
            syn::parse_str::<Ident>(&cleaned)
                .unwrap_or_else(|_| Ident::new(&format!("{cleaned}_"), Span::call_site()))
        }
    }
}

/// Where one of the runtime's derives (`ResponseObject`, `MaskedDebug`) is, and the struct
/// attribute naming a runtime other than the facade's. Through the facade it is
/// `support::__private::<name>`; a user who names the runtime crate itself (`crate =
/// "::doku_partner_support"`) depends on the macros crate directly, as the derive's docs say.
pub(crate) fn runtime_derive(rt: &syn::Path, name: &str) -> (TokenStream, TokenStream) {
    let derive = quote::format_ident!("{name}");
    if quote!(#rt).to_string() == quote!(::doku_partner::support).to_string() {
        (quote!(#rt::__private::#derive), TokenStream::new())
    } else {
        let path = quote!(#rt).to_string().replace(' ', "");
        (
            quote!(::doku_partner_macros::#derive),
            quote!(#[doku(crate = #path)]),
        )
    }
}

/// The response fields marked `secret` or `personal`, at any depth, as the runtime's
/// `Sensitive` list (`Sensitive::secret("brands.shared_key")`).
fn sensitive_fields(root: &crate::model::ObjectDef, rt: &syn::Path) -> Vec<TokenStream> {
    use crate::model::{ArrayItems, FieldKind, Sensitivity};
    let mut out = Vec::new();
    for field in &root.fields {
        let path = &field.path;
        match &field.sensitivity {
            Some(Sensitivity::Secret(_)) => out.push(quote!(#rt::Sensitive::secret(#path))),
            Some(Sensitivity::Personal(_)) => out.push(quote!(#rt::Sensitive::personal(#path))),
            None => {}
        }
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            out.extend(sensitive_fields(o, rt));
        }
    }
    out
}
