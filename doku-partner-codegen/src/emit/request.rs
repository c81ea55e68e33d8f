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
use super::enums::{closed_enum, subset_conversions};
use super::ident;
use crate::model::{
    EnumDef, EnumValue, Format, Header, HeaderSource, Param, PathSegment, Rule, Spec,
};

/// How one parameter appears inside one `Query` variant.
enum Slot<'a> {
    /// Fixed by the rule: not a field, always sent as this value.
    Fixed(&'a EnumValue),
    /// A field typed with the parameter's own type (no rule restricts it here).
    Open,
    /// A field typed with a subset enum.
    Subset {
        name: String,
        values: Vec<&'a EnumValue>,
    },
}

struct Case<'a> {
    value: &'a EnumValue,
    rule: Option<&'a Rule>,
    /// One slot per query parameter other than the discriminant, in spec order.
    slots: Vec<(&'a Param, Slot<'a>)>,
}

struct Shaped<'a> {
    discriminant: &'a Param,
    discriminant_enum: &'a EnumDef,
    cases: Vec<Case<'a>>,
}

fn find_enum<'a>(spec: &'a Spec, param: &Param) -> Option<&'a EnumDef> {
    let name = param.enum_ref.as_deref()?;
    spec.enums.iter().find(|e| e.name == name)
}

/// Rules can shape the query type when they all name the same required enum parameter.
fn shape(spec: &Spec) -> Option<Shaped<'_>> {
    let first = spec.rules.first()?;
    if spec.rules.iter().any(|r| r.when_param != first.when_param) {
        return None;
    }
    let discriminant = spec
        .query
        .iter()
        .find(|p| p.name == first.when_param && p.required)?;
    let discriminant_enum = find_enum(spec, discriminant)?;
    let cases = discriminant_enum
        .values
        .iter()
        .map(|value| {
            let rule = spec.rules.iter().find(|r| r.when_value == value.wire);
            let slots = spec
                .query
                .iter()
                .filter(|p| p.name != discriminant.name)
                .map(|param| (param, slot(spec, param, value, rule)))
                .collect();
            Case { value, rule, slots }
        })
        .collect();
    Some(Shaped {
        discriminant,
        discriminant_enum,
        cases,
    })
}

fn slot<'a>(spec: &'a Spec, param: &'a Param, case: &EnumValue, rule: Option<&Rule>) -> Slot<'a> {
    let (Some(def), Some(rule)) = (find_enum(spec, param), rule) else {
        return Slot::Open;
    };
    let Some((_, allowed)) = rule.then.iter().find(|(p, _)| *p == param.name) else {
        return Slot::Open;
    };
    let values: Vec<&EnumValue> = def
        .values
        .iter()
        .filter(|v| allowed.contains(&v.wire))
        .collect();
    if values.len() == 1 && param.required {
        Slot::Fixed(values[0])
    } else if values.len() == def.values.len() {
        Slot::Open
    } else {
        Slot::Subset {
            name: format!("{}{}", case.variant, def.name),
            values,
        }
    }
}

/// The Rust type of a parameter's own (unrestricted) value.
fn param_type(spec: &Spec, param: &Param, rt: &syn::Path) -> TokenStream {
    if let Some(def) = find_enum(spec, param) {
        let name = ident(&def.name);
        return quote!(#name);
    }
    format_type(param.format, rt)
}

/// The Rust type of a value of `format` sent as text: the runtime's checked newtype where the
/// format has a character set or length, else `String` (or `bool`).
pub(crate) fn format_type(format: Format, rt: &syn::Path) -> TokenStream {
    match format {
        Format::An(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(#rt::An<#n>)
        }
        Format::Ans(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(#rt::Ans<#n>)
        }
        Format::N(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(#rt::Num<#n>)
        }
        Format::Int(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(#rt::Num<#n>)
        }
        Format::Str(n) => {
            let n = proc_macro2::Literal::u32_unsuffixed(n);
            quote!(#rt::Text<#n>)
        }
        Format::Numeric => quote!(#rt::Num<0>),
        Format::Boolean => quote!(bool),
        Format::Date | Format::Timestamp | Format::String | Format::Text => {
            quote!(::std::string::String)
        }
        Format::File => quote!(#rt::multipart::FilePart),
    }
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

/// `text` percent-encoded at generation time by the runtime's own `encode::push_encoded`, so
/// a pre-encoded literal and a value encoded at run time cannot differ.
fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    doku_partner_runtime::__private::encode::push_encoded(&mut out, text);
    out
}

/// How the query writes one parameter's value.
enum ValueCode {
    /// Known at generation time: written into the surrounding literal, already encoded.
    Literal(String),
    /// A `&str` expression that never needs encoding (its every possible value is unreserved,
    /// checked here): `out.push_str(..)`.
    Unreserved(TokenStream),
    /// A `&str` expression percent-encoded at run time.
    Encoded(TokenStream),
}

/// How to write the value `value` (an expression of the parameter's type) of `param`, whose
/// possible enum values are `values` (`None`: the parameter's own enum, if any), and the
/// longest text it can produce.
fn value_code(
    spec: &Spec,
    param: &Param,
    values: Option<&[&EnumValue]>,
    value: TokenStream,
) -> (ValueCode, usize) {
    let text = wire_text(spec, param, value);
    if let Some(def) = find_enum(spec, param) {
        let own: Vec<&EnumValue>;
        let values = match values {
            Some(values) => values,
            None => {
                own = def.values.iter().collect();
                &own
            }
        };
        let longest = values
            .iter()
            .map(|v| encode_component(&v.wire).len())
            .max()
            .unwrap_or(0);
        return if values.iter().all(|v| {
            v.wire
                .bytes()
                .all(doku_partner_runtime::__private::encode::is_unreserved)
        }) {
            (ValueCode::Unreserved(text), longest)
        } else {
            (ValueCode::Encoded(text), longest)
        };
    }
    match param.format {
        // Letters and digits only: nothing to encode.
        Format::An(n) | Format::N(n) | Format::Int(n) => (ValueCode::Unreserved(text), n as usize),
        Format::Numeric => (ValueCode::Unreserved(text), 20),
        Format::Boolean => (ValueCode::Unreserved(text), "false".len()),
        // Up to 4 UTF-8 bytes per character, each encoded as `%XX`.
        Format::Ans(n) | Format::Str(n) => (ValueCode::Encoded(text), 12 * n as usize),
        // No documented length: a typical size (the buffer grows if needed).
        Format::Date | Format::Timestamp => (ValueCode::Encoded(text), 48),
        // A parameter cannot be a file (the loader refuses it); encoded if it ever were.
        Format::String | Format::Text | Format::File => (ValueCode::Encoded(text), 64),
    }
}

/// The statements of one `write_to` body (or match arm): adjacent constant text (names, `=`,
/// `&`, fixed values) is merged into one pre-encoded `push_str`, values that need no encoding
/// are pushed as they are, and the longest possible output is tracked for the buffer size.
struct QueryCode<'r> {
    rt: &'r syn::Path,
    code: Vec<TokenStream>,
    /// Constant text not yet pushed.
    pending: String,
    /// Whether `out` is known to be non-empty here (a required pair has been written), so the
    /// next pair's `&` is constant.
    nonempty: bool,
    /// The longest text the statements so far can append.
    max_len: usize,
}

impl<'r> QueryCode<'r> {
    fn new(rt: &'r syn::Path) -> Self {
        Self {
            rt,
            code: Vec::new(),
            pending: String::new(),
            nonempty: false,
            max_len: 0,
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = std::mem::take(&mut self.pending);
            self.code.push(quote!(out.push_str(#text);));
        }
    }

    /// `name=value`, with `&` before it unless `out` is empty.
    fn pair(&mut self, name: &str, (value, value_len): (ValueCode, usize)) {
        if self.nonempty {
            self.pending.push('&');
        } else {
            self.flush();
            self.code.push(quote! {
                if !out.is_empty() {
                    out.push('&');
                }
            });
        }
        let name = encode_component(name);
        self.max_len += 1 + name.len() + 1;
        self.pending.push_str(&name);
        self.pending.push('=');
        let rt = self.rt;
        match value {
            ValueCode::Literal(text) => {
                self.max_len += text.len();
                self.pending.push_str(&text);
            }
            ValueCode::Unreserved(expr) => {
                self.max_len += value_len;
                self.flush();
                self.code.push(quote!(out.push_str(#expr);));
            }
            ValueCode::Encoded(expr) => {
                self.max_len += value_len;
                self.flush();
                self.code
                    .push(quote!(#rt::__private::encode::push_encoded(out, #expr);));
            }
        }
        self.nonempty = true;
    }

    /// A parameter held in a field (`value`: a reference or copy), honouring `Option`.
    fn param(
        &mut self,
        spec: &Spec,
        param: &Param,
        values: Option<&[&EnumValue]>,
        value: TokenStream,
    ) {
        if param.required {
            self.pair(&param.name, value_code(spec, param, values, value));
            return;
        }
        self.flush();
        let mut inner = QueryCode::new(self.rt);
        inner.nonempty = self.nonempty;
        inner.pair(&param.name, value_code(spec, param, values, quote!(value)));
        inner.flush();
        // Counts its `&`, like every pair here; `finish` takes back the first one.
        self.max_len += inner.max_len;
        let body = inner.code;
        self.code.push(quote! {
            if let ::core::option::Option::Some(value) = #value {
                #(#body)*
            }
        });
    }

    /// The statements and the longest text they can append to an empty `out` (the first
    /// pair written has no `&`).
    fn finish(mut self) -> (Vec<TokenStream>, usize) {
        self.flush();
        (self.code, self.max_len.saturating_sub(1))
    }
}

pub(crate) fn emit(spec: &Spec, rt: &syn::Path) -> TokenStream {
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
    quote! {
        #query
        #request
        #raw
    }
}

/// The `Query` type and the longest query string it can write.
fn shaped_query(spec: &Spec, shaped: &Shaped<'_>, rt: &syn::Path) -> (TokenStream, usize) {
    let d = shaped.discriminant;
    let d_enum = ident(&shaped.discriminant_enum.name);
    let mut subset_enums = Vec::new();
    let mut variants = Vec::new();
    let mut push_arms = Vec::new();
    let mut all_copy = true;
    let mut capacity = 0;

    for case in &shaped.cases {
        let variant = ident(&case.value.variant);
        let mut fields = Vec::new();
        let mut field_names = Vec::new();
        let mut pushes = QueryCode::new(rt);
        let mut fixed_docs = Vec::new();
        pushes.pair(
            &d.name,
            (ValueCode::Literal(encode_component(&case.value.wire)), 0),
        );

        for (param, slot) in &case.slots {
            let field = ident(&param.rust_name);
            let pdoc = param_doc(param, "Query");
            match slot {
                Slot::Fixed(value) => {
                    fixed_docs.push(format!("{}={}", code(&param.name), code(&value.wire)));
                    pushes.pair(
                        &param.name,
                        (ValueCode::Literal(encode_component(&value.wire)), 0),
                    );
                }
                Slot::Open => {
                    all_copy &= is_copy(spec, param);
                    let ty = optional(param, param_type(spec, param, rt));
                    fields.push(quote!(#pdoc #field: #ty));
                    field_names.push(field.clone());
                    pushes.param(spec, param, None, quote!(#field));
                }
                Slot::Subset { name, values } => {
                    let def = find_enum(spec, param);
                    let full = def.map_or("", |d| d.name.as_str());
                    let allowed: Vec<String> = values.iter().map(|v| code(&v.wire)).collect();
                    let text = format!(
                        "The {} values allowed when {} is {}: {}.",
                        code(&param.name),
                        code(&d.name),
                        code(&case.value.wire),
                        allowed.join(", ")
                    );
                    subset_enums.push(closed_enum(name, &text, values, rt));
                    subset_enums.push(subset_conversions(
                        name,
                        full,
                        values,
                        def.map_or(&[], |d| d.values.as_slice()),
                    ));
                    let ty = optional(param, {
                        let n = ident(name);
                        quote!(#n)
                    });
                    fields.push(quote!(#pdoc #field: #ty));
                    field_names.push(field.clone());
                    pushes.param(spec, param, Some(values), quote!(#field));
                }
            }
        }
        let (pushes, len) = pushes.finish();
        capacity = capacity.max(len);

        let mut text = format!("{}={}", code(&d.name), code(&case.value.wire));
        if !case.value.description.trim().is_empty() {
            text.push_str(&format!(": {}", prose(&case.value.description)));
        }
        if !fixed_docs.is_empty() {
            text.push_str(&format!(".\n\nAlways sends {}", fixed_docs.join(", ")));
        }
        text.push('.');
        if let Some(rule) = case.rule
            && !rule.description.trim().is_empty()
        {
            text.push_str(&format!(
                " Rule: {}.",
                prose(rule.description.trim_end_matches('.'))
            ));
        }
        let vdoc = doc(&text);
        if fields.is_empty() {
            variants.push(quote!(#vdoc #variant));
            push_arms.push(quote!(Self::#variant => { #(#pushes)* }));
        } else {
            variants.push(quote!(#vdoc #variant { #(#fields,)* }));
            push_arms.push(quote!(Self::#variant { #(#field_names),* } => { #(#pushes)* }));
        }
    }

    let derive_copy = if all_copy { quote!(Copy,) } else { quote!() };
    let d_accessor = ident(&d.rust_name);
    let d_doc = doc(&format!("The {} this query sends.", code(&d.name)));
    let d_arms = shaped.cases.iter().map(|case| {
        let v = ident(&case.value.variant);
        quote!(Self::#v { .. } => #d_enum::#v)
    });
    let accessors = spec
        .query
        .iter()
        .filter(|p| p.name != d.name)
        .map(|param| accessor(spec, shaped, param, rt));
    let qdoc = doc(&format!(
        "The query parameters. Each {} value is a variant holding only the values DOKU allows \
         with it, so an invalid combination cannot be built.",
        code(&d.name)
    ));

    let tokens = quote! {
        #(#subset_enums)*

        #qdoc
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        pub enum Query {
            #(#variants,)*
        }

        impl Query {
            #d_doc
            #[must_use]
            pub const fn #d_accessor(&self) -> #d_enum {
                match self {
                    #(#d_arms,)*
                }
            }

            #(#accessors)*

            /// Appends the encoded query (`name=value&...`) to `out`.
            pub fn write_to(&self, out: &mut ::std::string::String) {
                match self {
                    #(#push_arms)*
                }
            }
        }
    };
    (tokens, capacity)
}

/// `Query::business_legal_entity()`: the value sent, whichever variant holds it.
fn accessor(spec: &Spec, shaped: &Shaped<'_>, param: &Param, rt: &syn::Path) -> TokenStream {
    let name = ident(&param.rust_name);
    let copy = is_copy(spec, param);
    let ty = param_type(spec, param, rt);
    let ret = match (param.required, copy) {
        (true, true) => ty.clone(),
        (true, false) => quote!(&#ty),
        (false, true) => quote!(::core::option::Option<#ty>),
        (false, false) => quote!(::core::option::Option<&#ty>),
    };
    fn slot_in<'c, 'a>(case: &'c Case<'a>, param: &Param) -> Option<&'c Slot<'a>> {
        case.slots
            .iter()
            .find(|(p, _)| p.name == param.name)
            .map(|(_, s)| s)
    }
    let slot_of = |case| slot_in(case, param);
    // Conversions from a subset enum are trait calls, which a `const fn` cannot make.
    let constness = (!shaped
        .cases
        .iter()
        .any(|case| matches!(slot_of(case), Some(Slot::Subset { .. }))))
    .then(|| quote!(const));
    // Variants that fix the parameter to the same value share one arm
    // (`Self::A { .. } | Self::B { .. } => X::Id`).
    let mut fixed_seen: Vec<&str> = Vec::new();
    let arms = shaped.cases.iter().filter_map(|case| {
        let v = ident(&case.value.variant);
        let slot = slot_of(case);
        Some(match slot {
            Some(Slot::Fixed(value)) => {
                if fixed_seen.contains(&value.variant.as_str()) {
                    return None;
                }
                fixed_seen.push(&value.variant);
                let full = ident(find_enum(spec, param).map_or("", |d| d.name.as_str()));
                let fv = ident(&value.variant);
                let same = shaped.cases.iter().filter(|c| {
                    matches!(slot_of(c), Some(Slot::Fixed(other)) if other.variant == value.variant)
                });
                let patterns = same.map(|c| {
                    let v = ident(&c.value.variant);
                    quote!(Self::#v { .. })
                });
                let _ = v;
                quote!(#(#patterns)|* => #full::#fv)
            }
            Some(Slot::Subset { .. }) => {
                if param.required {
                    quote!(Self::#v { #name, .. } => (*#name).into())
                } else {
                    quote!(Self::#v { #name, .. } => #name.map(::core::convert::Into::into))
                }
            }
            _ => match (param.required, copy) {
                (_, true) => quote!(Self::#v { #name, .. } => *#name),
                (true, false) => quote!(Self::#v { #name, .. } => #name),
                (false, false) => quote!(Self::#v { #name, .. } => #name.as_ref()),
            },
        })
    });
    let adoc = doc(&format!("The {} this query sends.", code(&param.name)));
    quote! {
        #adoc
        #[must_use]
        pub #constness fn #name(&self) -> #ret {
            match self {
                #(#arms,)*
            }
        }
    }
}

/// The `Query` struct and the longest query string it can write.
fn plain_query(spec: &Spec, rt: &syn::Path) -> (TokenStream, usize) {
    let fields = spec.query.iter().map(|p| {
        let name = ident(&p.rust_name);
        let pdoc = param_doc(p, "Query");
        let ty = optional(p, param_type(spec, p, rt));
        quote!(#pdoc pub #name: #ty)
    });
    let mut code = QueryCode::new(rt);
    for p in &spec.query {
        let name = ident(&p.rust_name);
        let value = if p.required {
            quote!(self.#name)
        } else {
            quote!(&self.#name)
        };
        code.param(spec, p, None, value);
    }
    let (pushes, capacity) = code.finish();
    let copy = if spec.query.iter().all(|p| is_copy(spec, p)) {
        quote!(Copy,)
    } else {
        quote!()
    };
    let tokens = quote! {
        /// The query parameters.
        #[derive(Debug, Clone, #copy PartialEq, Eq, Hash)]
        pub struct Query {
            #(#fields,)*
        }

        impl Query {
            /// Appends the encoded query (`name=value&...`) to `out`.
            pub fn write_to(&self, out: &mut ::std::string::String) {
                #(#pushes)*
            }
        }
    };
    (tokens, capacity)
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
                    let boundary = #rt::multipart::new_boundary();
                    #rt::RequestBody {
                        bytes: #rt::multipart::encode(&self.body.form_parts(), &boundary),
                        content_type: #rt::multipart::content_type(&boundary),
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
    let capacity = spec.path.raw.len() + 32;
    for segment in &spec.path.segments {
        match segment {
            PathSegment::Literal(text) => path_code.push(quote!(path.push_str(#text);)),
            PathSegment::Param(name) => {
                if let Some(p) = spec.path_params.iter().find(|p| &p.name == name) {
                    let field = ident(&p.rust_name);
                    let text = wire_text(spec, p, quote!(self.#field));
                    path_code.push(quote!(#rt::__private::encode::push_encoded(&mut path, #text);));
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
    let body_check = spec.body.as_ref().map(|_| {
        quote! {
            if let ::core::result::Result::Err(body) = self.body.validate() {
                errors.violations.extend(body.violations);
            }
        }
    });
    let query_rules = check_rules && !spec.rules.is_empty() && !spec.query.is_empty();
    let checks_anything = query_rules || body_check.is_some() || !header_checks.is_empty();
    let validate_const = (!checks_anything).then(|| quote!(const));
    let validate = if checks_anything {
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
            let mut errors = #rt::RequestErrors::new();
            #query_binding
            #(#checks)*
            #body_check
            #(#header_checks)*
            errors.finish(|| ())
        }
    } else {
        quote!(::core::result::Result::Ok(()))
    };
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

        impl Request {
            /// A request from its parts.
            #[must_use]
            pub const fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_names),* }
            }
        }

        #from_body

        // The `ApiRequest` impl (beside the derive, where the endpoint struct is in scope)
        // calls these, so a derive inside a function body works too.
        impl Request {
            /// The path with its parameters filled in and percent-encoded.
            #[must_use]
            pub fn path(&self) -> ::std::string::String {
                let mut path = ::std::string::String::with_capacity(#capacity);
                #(#path_code)*
                path
            }

            /// The query string without `?`, percent-encoded; `None` when there is none.
            #[must_use]
            pub #query_const fn query_string(&self) -> ::core::option::Option<::std::string::String> {
                #query_string
            }

            /// The spec's rules that the request's types cannot express, checked before any
            /// I/O (always `Ok` when the types express them all).
            ///
            /// # Errors
            ///
            /// Every rule the request breaks.
            pub #validate_const fn validate(&self) -> ::core::result::Result<(), #rt::RequestErrors> {
                #validate
            }

            #body_bytes
            #for_each_header
        }
    }
}

/// The headers the caller supplies (`source: caller`), in spec order.
pub(crate) fn caller_headers(spec: &Spec) -> Vec<&Header> {
    spec.headers
        .iter()
        .filter(|h| h.source == HeaderSource::Caller)
        .collect()
}

/// Whether values of `format` get one of the runtime's checked newtypes.
fn has_newtype(format: Format) -> bool {
    matches!(
        format,
        Format::An(_)
            | Format::Ans(_)
            | Format::N(_)
            | Format::Numeric
            | Format::Int(_)
            | Format::Str(_)
    )
}

fn header_type(header: &Header, rt: &syn::Path) -> TokenStream {
    match header.format {
        Some(format) if has_newtype(format) => format_type(format, rt),
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

/// `RawRequest`: every parameter as a string; `validate` parses each one, applies the rules
/// and returns every violation at once.
fn raw_request(spec: &Spec, shaped: Option<&Shaped<'_>>, rt: &syn::Path) -> TokenStream {
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
            Some(format) if has_newtype(format) => {
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
                match (#(#parts,)*) {
                    (#(::core::option::Option::Some(#parts),)*) if errors.is_empty() => {
                        ::core::result::Result::Ok(Request { #(#parts,)* })
                    }
                    _ => ::core::result::Result::Err(errors),
                }
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
fn raw_shaped_query(spec: &Spec, shaped: &Shaped<'_>, rt: &syn::Path) -> TokenStream {
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
                Slot::Subset { name: subset, values } => {
                    let subset = ident(subset);
                    let allowed: Vec<&str> = values.iter().map(|v| v.wire.as_str()).collect();
                    if param.required {
                        steps.push(quote! {
                            let #name: ::core::option::Option<#subset> = #rt::__private::values::restrict(
                                #name, #wire, (#d_wire, #when_value), &[#(#allowed),*], &mut errors);
                        });
                    } else {
                        steps.push(quote! {
                            let #name: ::core::option::Option<::core::option::Option<#subset>> = match #name {
                                ::core::option::Option::Some(::core::option::Option::None) => {
                                    ::core::option::Option::Some(::core::option::Option::None)
                                }
                                ::core::option::Option::Some(value) => #rt::__private::values::restrict(
                                    value, #wire, (#d_wire, #when_value), &[#(#allowed),*], &mut errors)
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
