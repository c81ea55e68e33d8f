//! The request body: one struct per object of the body's field table, in a `body` submodule
//! (so a body `Business` and a response `Business` never collide), and the body's schema as
//! static data for the runtime's one check.
//!
//! Building a body by hand: required fields go through `new` (in table order), optional ones
//! through `with_*` setters or a struct literal; format fields take the runtime's checked
//! newtypes (`Ans<50>`, ...), enum fields the closed enums, so a value DOKU does not document
//! cannot be built. What types cannot say (an empty `String`, a rule across fields) is
//! checked by `validate`, which the client runs before any I/O. From a JSON document,
//! `Body::from_json` returns the typed body or every violation with its JSON path.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

mod schema;

use super::docs::{code, doc, field_doc, inner_doc, prose};
use super::ident;
use super::request::format_type;
use crate::model::{
    ArrayItems, Body, BodyRuleKind, Choice, Field, FieldKind, Format, JsonType, ObjectDef, Scalar,
    Sensitivity,
};
use schema::{kind_schema, rules_schema};

/// The most required fields a generated `new` takes.
const MAX_NEW_ARGS: usize = 6;

/// The `body` module.
pub(crate) fn emit(body: &Body, title: &str, rt: &syn::Path) -> TokenStream {
    let mut items = Vec::new();
    emit_object(body, &body.root, rt, &mut items);
    let mut text = format!(
        "The {} request body: one struct per object of DOKU's field table, and the body's \
         schema.",
        prose(title)
    );
    if !body.description.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(&prose(&body.description));
    }
    for note in &body.notes {
        text.push_str("\n\nNote: ");
        text.push_str(&prose(note));
    }
    let mdoc = inner_doc(&text);
    quote! {
        pub mod body {
            #mdoc

            // Every body type is PascalCase, so these lowercase aliases cannot shadow one.
            use #rt::__private::body as schema;
            use #rt::__private::serde;

            #(#items)*
        }
    }
}

/// The name of the static schema of an object (`SCHEMA` for the root).
fn schema_name(object: &ObjectDef) -> Ident {
    if object.path.is_empty() {
        format_ident!("SCHEMA")
    } else {
        let words = crate::names::snake_case(&object.rust_type).to_ascii_uppercase();
        format_ident!("SCHEMA_{}", words)
    }
}

fn scalar_type(scalar: &Scalar, rt: &syn::Path) -> TokenStream {
    // An enum of integers sent as JSON integers is the enum too (`integers_attr` writes it).
    if let (Some(name), JsonType::String | JsonType::Integer) = (&scalar.enum_ref, scalar.json) {
        let name = ident(name);
        // A cut-off list: a listed value or one the list lost (checked).
        if scalar.enum_cut_off {
            return quote!(#rt::OrOther<super::#name>);
        }
        return quote!(super::#name);
    }
    match scalar.json {
        // A boolean the samples send as text stays text.
        JsonType::String if scalar.format == Format::Boolean => quote!(::std::string::String),
        JsonType::String => format_type(scalar.format, rt),
        JsonType::Integer => quote!(i64),
        JsonType::Number => quote!(#rt::json::Number),
        JsonType::Boolean => quote!(bool),
    }
}

fn value_type(field: &Field, rt: &syn::Path) -> TokenStream {
    match &field.kind {
        FieldKind::Scalar(_) if matches!(field.sensitivity, Some(Sensitivity::Secret(_))) => {
            quote!(#rt::Secret)
        }
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
    }
}

/// `#[serde(with = ...)]` for a field whose enum is sent as JSON integers (the runtime writes
/// `2`, not `"2"`, and reads it back refusing a value outside the enum).
fn integers_attr(field: &Field, rt: &syn::Path) -> Option<TokenStream> {
    let (FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s))) = &field.kind else {
        return None;
    };
    (s.enum_ref.is_some() && s.json == JsonType::Integer).then(|| {
        let with = quote!(#rt::__private::values::as_integers)
            .to_string()
            .replace(' ', "");
        quote!(#[serde(with = #with)])
    })
}

/// Whether the spec marks the field `personal` (masked in `Debug`).
fn is_personal(field: &Field) -> bool {
    matches!(field.sensitivity, Some(Sensitivity::Personal(_)))
}

/// Whether a value of the field is a plain `String` (`new` and its setter take
/// `impl Into<String>`).
fn is_plain_string(field: &Field) -> bool {
    matches!(&field.kind, FieldKind::Scalar(s) if s.json == JsonType::String
    && s.enum_ref.is_none()
    && matches!(
        s.format,
        Format::Date | Format::Timestamp | Format::String | Format::Text | Format::Boolean
    ))
}

/// Whether the field is a scalar of an enum whose list is cut off (`support::OrOther`; `new`
/// and its setter take `impl Into<OrOther<..>>`, so a listed variant is given as it is).
fn is_cut_off_enum(field: &Field) -> bool {
    matches!(&field.kind, FieldKind::Scalar(s) if s.enum_cut_off && s.enum_ref.is_some())
}

/// `Body::form_parts`: the multipart parts, in table order, for the encoder.
fn form_parts(body: &Body, object: &ObjectDef, rt: &syn::Path) -> TokenStream {
    let m = quote!(#rt::multipart);
    let part = |field: &Field, value: TokenStream| {
        let wire = &field.wire_name;
        match &field.kind {
            FieldKind::Scalar(s) if s.format == Format::File => {
                quote!(#m::Part::File { name: #wire, file: #value })
            }
            _ => quote!(#m::Part::Text { name: #wire, value: #value.as_str() }),
        }
    };
    let mut pushes = Vec::new();
    for field in &object.fields {
        let name = ident(&field.rust_name);
        if let Some(choice) = body
            .choices
            .iter()
            .find(|c| c.object == object.path && c.fields.contains(&field.wire_name))
        {
            if choice.fields.first() != Some(&field.wire_name) {
                continue;
            }
            let cname = ident(&choice.rust_name);
            let ty = ident(&choice.rust_type);
            let arms = choice.fields.iter().filter_map(|wire| {
                let member = object.fields.iter().find(|f| &f.wire_name == wire)?;
                let variant = ident(&crate::names::variant_ident(wire));
                let push = part(member, quote!(value));
                Some(quote!(#ty::#variant(value) => { parts.push(#push); }))
            });
            pushes.push(quote!(match &self.#cname { #(#arms)* }));
        } else if field.optional {
            let push = part(field, quote!(value));
            pushes.push(quote!(if let ::core::option::Option::Some(value) = &self.#name { parts.push(#push); }));
        } else if field.file.is_some() {
            let push = part(field, quote!(&self.#name));
            pushes.push(quote!(parts.push(#push);));
        } else {
            let push = part(field, quote!(self.#name));
            pushes.push(quote!(parts.push(#push);));
        }
    }
    let n = object.fields.len();
    quote! {
        impl Body {
            /// The form's parts in DOKU's table order, as they are encoded and sent.
            #[must_use]
            pub fn form_parts(&self) -> ::std::vec::Vec<#m::Part<'_>> {
                let mut parts = ::std::vec::Vec::with_capacity(#n);
                #(#pushes)*
                parts
            }

            /// Checks what the types cannot express (empty text, file types and sizes, the
            /// rules between fields), as DOKU would see the form.
            ///
            /// # Errors
            ///
            /// Every violation found, each with its field.
            pub fn validate(&self) -> ::core::result::Result<(), #rt::RequestErrors> {
                #rt::__private::body::check_serialized(&SCHEMA, self)
            }
        }
    }
}

/// A limit in words: `at most 30 characters`.
pub(crate) fn limit_words(limit: crate::model::Limit) -> String {
    match limit {
        crate::model::Limit::MaxLength(n) => format!("at most {n} characters"),
        crate::model::Limit::MaxValue(n) => format!("at most {n}"),
    }
}

/// What the rules of `object` say, for its docs.
fn rules_doc(body: &Body, object: &ObjectDef) -> String {
    let mut text = String::new();
    for rule in body.rules.iter().filter(|r| r.object == object.path) {
        let line = match &rule.kind {
            BodyRuleKind::AllowedWhen { when, is, then } => {
                let parts: Vec<String> = then
                    .iter()
                    .map(|(f, vs)| {
                        let vs: Vec<String> = vs.iter().map(|v| code(v)).collect();
                        format!("{} takes only {}", code(f), vs.join(", "))
                    })
                    .collect();
                format!("when {} is {}, {}", code(when), code(is), parts.join("; "))
            }
            BodyRuleKind::RequiredWhen { when, is, require } => {
                let fs: Vec<String> = require.iter().map(|f| code(f)).collect();
                format!(
                    "when {} is {}, {} must be set",
                    code(when),
                    code(is),
                    fs.join(", ")
                )
            }
            BodyRuleKind::ExactlyOne { fields } => {
                let fs: Vec<String> = fields.iter().map(|f| code(f)).collect();
                format!("exactly one of {} is set", fs.join(", "))
            }
            BodyRuleKind::Same { when, fields } => {
                let fs: Vec<String> = fields.iter().map(|f| code(f)).collect();
                let when = when
                    .as_ref()
                    .map(|(w, v)| format!("when {} is {}, ", code(w), code(v)))
                    .unwrap_or_default();
                format!("{when}{} are the same (each present value)", fs.join(", "))
            }
            BodyRuleKind::Total {
                total,
                items,
                factors,
            } => {
                let fs: Vec<String> = factors.iter().map(|f| code(f)).collect();
                format!(
                    "{} equals the sum of {} over the elements of {}",
                    code(total),
                    fs.join(" × "),
                    code(items)
                )
            }
            BodyRuleKind::LimitWhen {
                when,
                is,
                list,
                limits,
            } => {
                let verb = if *list { "includes" } else { "is" };
                let parts: Vec<String> = limits
                    .iter()
                    .map(|(f, limit)| format!("{} is {}", code(f), limit_words(*limit)))
                    .collect();
                format!(
                    "when {} {verb} {}, {}; without {} it says nothing",
                    code(when),
                    code(is),
                    parts.join("; "),
                    code(when)
                )
            }
        };
        text.push_str("\n- ");
        text.push_str(&line);
        if !rule.description.trim().is_empty() {
            text.push_str(&format!(
                " ({})",
                prose(rule.description.trim_end_matches('.'))
            ));
        }
    }
    text
}

fn emit_object(body: &Body, object: &ObjectDef, rt: &syn::Path, out: &mut Vec<TokenStream>) {
    for field in &object.fields {
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            emit_object(body, o, rt, out);
        }
    }
    let name = ident(&object.rust_type);
    // `serde` is the module's alias of the runtime's serde; `crate =` needs the full path.
    let serde = quote!(serde);
    let serde_path = quote!(#rt::__private::serde).to_string().replace(' ', "");
    // A multipart body holds files, which are not read from JSON: it is only serialised (for
    // the body check).
    let deserialize = (!body.multipart).then(|| quote!(#serde::Deserialize));
    let is_root = object.path.is_empty();

    let mut text = String::new();
    if !object.description.trim().is_empty() {
        text.push_str(&prose(&object.description));
        text.push_str("\n\n");
    }
    if is_root {
        text.push_str("The request body.");
    } else {
        text.push_str(&format!(
            "The object at {} of the request body.",
            code(&object.path)
        ));
    }
    let rules = rules_doc(body, object);
    if !rules.is_empty() {
        // Only the body's root type has `validate`; it checks the rules of every object.
        text.push_str(&format!(
            "\n\nRules, checked by [`{}::validate`]:\n{rules}",
            body.root.rust_type
        ));
    }
    let sdoc = doc(&text);

    let choices: Vec<&Choice> = body
        .choices
        .iter()
        .filter(|c| c.object == object.path)
        .collect();
    let choice_of = |f: &Field| {
        choices
            .iter()
            .copied()
            .find(|c| c.fields.contains(&f.wire_name))
    };
    // A member of a choice is not a field: the first member's place holds the choice.
    let is_member = |f: &Field| choice_of(f).is_some();
    let choice_at = |f: &Field| choice_of(f).filter(|c| c.fields.first() == Some(&f.wire_name));
    let choice_field = |c: &Choice| {
        let fname = ident(&c.rust_name);
        let ty = ident(&c.rust_type);
        let names: Vec<String> = c.fields.iter().map(|f| code(f)).collect();
        let fdoc = doc(&format!(
            "Exactly one of {} (the spec's `one_of` rule): sent as that key.",
            names.join(", ")
        ));
        quote!(#fdoc #[serde(flatten)] pub #fname: #ty)
    };
    let fields = object.fields.iter().filter_map(|f| {
        if let Some(c) = choice_at(f) {
            return Some(choice_field(c));
        }
        if is_member(f) {
            return None;
        }
        let fdoc = field_doc(f);
        let fname = ident(&f.rust_name);
        let ty = value_type(f, rt);
        let rename = (f.rust_name != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let personal = is_personal(f).then(|| quote!(#[doku(personal)]));
        let integers = integers_attr(f, rt);
        let rename = quote!(#rename #personal #integers);
        Some(if f.optional {
            quote! {
                #fdoc
                #rename
                #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
                pub #fname: ::core::option::Option<#ty>
            }
        } else {
            quote!(#fdoc #rename pub #fname: #ty)
        })
    });
    let choice_enums = choices.iter().map(|c| {
        let ty = ident(&c.rust_type);
        let variants = c.fields.iter().filter_map(|wire| {
            let f = object.fields.iter().find(|f| &f.wire_name == wire)?;
            let variant = ident(&crate::names::variant_ident(wire));
            let vdoc = field_doc(f);
            let vty = value_type(f, rt);
            let integers = integers_attr(f, rt);
            Some(quote!(#vdoc #[serde(rename = #wire)] #integers #variant(#vty)))
        });
        let names: Vec<String> = c.fields.iter().map(|f| code(f)).collect();
        let edoc = doc(&format!(
            "Exactly one of {} of {}: the spec's `one_of` rule, as a type, so neither none nor \
             both can be built.",
            names.join(", "),
            if object.path.is_empty() {
                "the body".to_owned()
            } else {
                code(&object.path)
            }
        ));
        quote! {
            #edoc
            #[derive(Debug, Clone, PartialEq, Eq, #serde::Serialize, #deserialize)]
            #[serde(crate = #serde_path)]
            pub enum #ty {
                #(#variants,)*
            }
        }
    });

    // `new` takes the required fields in table order; `with_*` sets an optional one.
    let required: Vec<&Field> = object
        .fields
        .iter()
        .filter(|f| choice_at(f).is_some() || (!f.optional && !is_member(f)))
        .collect();
    let args = required.iter().map(|f| {
        if let Some(c) = choice_at(f) {
            let fname = ident(&c.rust_name);
            let ty = ident(&c.rust_type);
            return quote!(#fname: #ty);
        }
        let fname = ident(&f.rust_name);
        if is_plain_string(f) {
            quote!(#fname: impl ::core::convert::Into<::std::string::String>)
        } else if is_cut_off_enum(f) {
            let ty = value_type(f, rt);
            quote!(#fname: impl ::core::convert::Into<#ty>)
        } else {
            let ty = value_type(f, rt);
            quote!(#fname: #ty)
        }
    });
    let inits = object.fields.iter().filter_map(|f| {
        if let Some(c) = choice_at(f) {
            let fname = ident(&c.rust_name);
            return Some(quote!(#fname));
        }
        if is_member(f) {
            return None;
        }
        let fname = ident(&f.rust_name);
        Some(if f.optional {
            quote!(#fname: ::core::option::Option::None)
        } else if is_plain_string(f) || is_cut_off_enum(f) {
            quote!(#fname: #fname.into())
        } else {
            quote!(#fname)
        })
    });
    let setters = object.fields.iter().filter(|f| f.optional && !is_member(f)).map(|f| {
        let fname = ident(&f.rust_name);
        let setter = format_ident!("with_{}", f.rust_name.trim_end_matches('_'));
        let sdoc = doc(&format!("Sets {} (optional).", code(&f.wire_name)));
        if is_plain_string(f) {
            quote! {
                #sdoc
                #[must_use]
                pub fn #setter(mut self, #fname: impl ::core::convert::Into<::std::string::String>) -> Self {
                    self.#fname = ::core::option::Option::Some(#fname.into());
                    self
                }
            }
        } else if is_cut_off_enum(f) {
            let ty = value_type(f, rt);
            quote! {
                #sdoc
                #[must_use]
                pub fn #setter(mut self, #fname: impl ::core::convert::Into<#ty>) -> Self {
                    self.#fname = ::core::option::Option::Some(#fname.into());
                    self
                }
            }
        } else {
            let ty = value_type(f, rt);
            quote! {
                #sdoc
                #[must_use]
                pub fn #setter(mut self, #fname: #ty) -> Self {
                    self.#fname = ::core::option::Option::Some(#fname);
                    self
                }
            }
        }
    });
    // Personal data is masked in `Debug`: the runtime's derive reads `#[doku(personal)]`.
    let (debug, debug_crate) = if object.fields.iter().any(is_personal) {
        super::runtime_derive(rt, "MaskedDebug")
    } else {
        (quote!(Debug), TokenStream::new())
    };
    let derive_default =
        (choices.is_empty() && object.fields.iter().all(|f| f.optional)).then(|| quote!(Default,));
    // More arguments than this read worse than the struct literal they stand for (and are
    // `clippy::too_many_arguments` in the user's crate).
    // `impl Into<String>` arguments convert with a trait call, which a `const fn` cannot make.
    let constness = (!required
        .iter()
        .any(|f| is_plain_string(f) || is_cut_off_enum(f)))
    .then(|| quote!(const));
    let new_fn = (required.len() <= MAX_NEW_ARGS).then(|| {
        let new_doc = if required.is_empty() {
            "An empty object; `with_*` sets its optional fields."
        } else {
            "From its required fields, in DOKU's table order; `with_*` sets the optional ones."
        };
        let new_doc = doc(new_doc);
        quote! {
            #new_doc
            #[must_use]
            pub #constness fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
        }
    });
    let literal_doc = (required.len() > MAX_NEW_ARGS).then(|| {
        doc(&format!(
            "\n\nWith {} required fields it has no `new`: build it with a struct literal, which \
             names every field.",
            required.len()
        ))
    });
    let schema = schema_name(object);
    let b = quote!(#rt::__private::body);
    let field_schemas = object.fields.iter().map(|f| {
        let wire = &f.wire_name;
        let optional = f.optional;
        let kind = kind_schema(f, rt);
        if optional {
            quote!(schema::Field::optional(#wire, #kind))
        } else {
            quote!(schema::Field::required(#wire, #kind))
        }
    });
    let rule_schemas = rules_schema(body, object);
    let schema_vis = if is_root { quote!(pub) } else { quote!() };
    let schema_doc = if is_root && body.multipart {
        doc("The form's schema: what [`Body::validate`] and the local stand-in check.")
    } else if is_root {
        doc(
            "The body's schema: what [`Body::validate`], [`Body::from_json`] and the local \
             stand-in check.",
        )
    } else {
        let text = format!("The schema of {}.", code(&object.path));
        doc(&text)
    };

    let multipart = body.multipart;
    let form_parts = (is_root && multipart).then(|| form_parts(body, object, rt));
    let root_items = (is_root && !multipart).then(|| {
        quote! {
            impl #name {
                /// Parses a JSON document (a form, a database, a file) into the typed body.
                ///
                /// # Errors
                ///
                /// Every violation found, each with its JSON path.
                pub fn from_json(json: &str) -> ::core::result::Result<Self, #rt::RequestErrors> {
                    #b::parse(&SCHEMA, json)
                }

                /// Converts a JSON value into the typed body.
                ///
                /// # Errors
                ///
                /// Every violation found, each with its JSON path.
                pub fn from_value(
                    value: #rt::__private::serde_json::Value,
                ) -> ::core::result::Result<Self, #rt::RequestErrors> {
                    #b::from_value(&SCHEMA, value)
                }

                /// Checks what the types cannot express (empty text, lengths of `int(n)`
                /// numbers, the rules between fields), as DOKU would see the body.
                ///
                /// # Errors
                ///
                /// Every violation found, each with its JSON path.
                pub fn validate(&self) -> ::core::result::Result<(), #rt::RequestErrors> {
                    #b::check_serialized(&SCHEMA, self)
                }
            }
        }
    });

    out.push(quote! {
        #(#choice_enums)*

        #sdoc
        #literal_doc
        #[derive(#debug, Clone, PartialEq, Eq, #derive_default #serde::Serialize, #deserialize)]
        #[serde(crate = #serde_path)]
        #debug_crate
        pub struct #name {
            #(#fields,)*
        }

        impl #name {
            #new_fn

            #(#setters)*
        }

        #root_items
        #form_parts

        #schema_doc
        #schema_vis static #schema: schema::Object = schema::Object {
            fields: &[#(#field_schemas),*],
            rules: &[#(#rule_schemas),*],
        };
    });
}
