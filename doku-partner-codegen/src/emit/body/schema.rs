//! The body's schema as static data (`static SCHEMA: schema::Object`), what the runtime's one
//! check reads: each field's kind and rule, files' types and sizes, the rules between fields.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, schema_name};
use crate::model::{
    ArrayItems, Body, Field, FieldKind, Format, JsonType, Limit, ObjectDef, Scalar,
};
use crate::schema::{RuleRow, format_rule, rule_tokens, rules_of};

/// The schema module, named through the `schema` alias the `body` module declares: no body
/// type can take that name (they are PascalCase).
pub(super) fn scalar_schema(scalar: &Scalar, rt: &syn::Path) -> TokenStream {
    let rule = format_rule(scalar).map(|rule| rule_tokens(rule, &syn::parse_quote!(schema)));
    let opt = |rule: Option<TokenStream>| match rule {
        Some(rule) => quote!(::core::option::Option::Some(#rule)),
        None => quote!(::core::option::Option::None),
    };
    match (&scalar.enum_ref, scalar.json) {
        (Some(name), JsonType::String) if scalar.enum_cut_off => {
            let name = ident(name);
            let rule = rule.unwrap_or_else(|| quote!(schema::FormatRule::text_unbounded()));
            quote!(schema::Scalar::one_of_or_other(<super::#name as #rt::WireEnum>::WIRE_VALUES, #rule))
        }
        (Some(name), JsonType::String) => {
            let name = ident(name);
            quote!(schema::Scalar::one_of(<super::#name as #rt::WireEnum>::WIRE_VALUES))
        }
        (None, JsonType::String) if crate::schema::date_shape(scalar).is_some() => {
            let shape = match crate::schema::date_shape(scalar) {
                Some(doku_partner_support::__private::body::DateShape::Timestamp) => {
                    quote!(Timestamp)
                }
                Some(doku_partner_support::__private::body::DateShape::Compact(notation)) => {
                    quote!(Compact(#notation))
                }
                _ => quote!(DateTime),
            };
            quote!(schema::Scalar::date(schema::DateShape::#shape))
        }
        (Some(name), JsonType::Integer) => {
            let name = ident(name);
            quote!(schema::Scalar::integer_one_of(<super::#name as #rt::WireEnum>::WIRE_VALUES))
        }
        (None, JsonType::String) => {
            let rule = rule.unwrap_or_else(|| quote!(schema::FormatRule::text_unbounded()));
            quote!(schema::Scalar::string(#rule))
        }
        (_, JsonType::Integer) => {
            let rule = opt(rule);
            quote!(schema::Scalar::integer(#rule))
        }
        (_, JsonType::Number) => {
            let rule = opt(rule);
            quote!(schema::Scalar::number(#rule))
        }
        (_, JsonType::Boolean) => quote!(schema::Scalar::boolean()),
    }
}

pub(super) fn kind_schema(field: &Field, rt: &syn::Path) -> TokenStream {
    match &field.kind {
        FieldKind::Scalar(s) if s.format == Format::File => {
            let rule = crate::schema::file_rule(&field.file.clone().unwrap_or_default());
            let extensions = rule.extensions;
            let max = match rule.max_bytes {
                Some(n) => {
                    let n = separated_u64(n);
                    quote!(::core::option::Option::Some(#n))
                }
                None => quote!(::core::option::Option::None),
            };
            quote!(schema::Kind::File(schema::FileRule { extensions: &[#(#extensions),*], max_bytes: #max }))
        }
        FieldKind::Scalar(s) => {
            let s = scalar_schema(s, rt);
            quote!(schema::Kind::Scalar(#s))
        }
        FieldKind::Object(o) => {
            let name = schema_name(o);
            quote!(schema::Kind::Object(&#name))
        }
        FieldKind::Array(ArrayItems::Object(o)) => {
            let name = schema_name(o);
            quote!(schema::Kind::Array(schema::Items::Object(&#name)))
        }
        FieldKind::Array(ArrayItems::Scalar(s)) => {
            let s = scalar_schema(s, rt);
            quote!(schema::Kind::Array(schema::Items::Scalar(#s)))
        }
        FieldKind::Array(ArrayItems::Any) => quote!(schema::Kind::Array(schema::Items::Any)),
    }
}

pub(super) fn rules_schema(body: &Body, object: &ObjectDef) -> Vec<TokenStream> {
    rules_of(body, &object.path)
        .into_iter()
        .map(|row| match row {
            RuleRow::AllowedWhen {
                when,
                is,
                field,
                allowed,
            } => quote!(schema::Rule::AllowedWhen {
                when: #when, is: #is, field: #field, allowed: &[#(#allowed),*],
            }),
            RuleRow::RequiredWhen { when, is, field } => {
                quote!(schema::Rule::RequiredWhen { when: #when, is: #is, field: #field })
            }
            RuleRow::ExactlyOne { fields } => {
                quote!(schema::Rule::ExactlyOne { fields: &[#(#fields),*] })
            }
            RuleRow::Same { when, fields } => {
                let when = match when {
                    Some((w, v)) => quote!(::core::option::Option::Some((#w, #v))),
                    None => quote!(::core::option::Option::None),
                };
                quote!(schema::Rule::Same { when: #when, fields: &[#(#fields),*] })
            }
            RuleRow::Total {
                total,
                items,
                factors,
            } => quote!(schema::Rule::Total {
                total: #total, items: #items, factors: &[#(#factors),*],
            }),
            RuleRow::LimitWhen {
                when,
                is,
                field,
                limit,
            } => {
                let limit = match limit {
                    Limit::MaxLength(n) => {
                        let n = separated(n.to_string())
                            .unwrap_or_else(|| Literal::usize_unsuffixed(n));
                        quote!(schema::Limit::MaxLength(#n))
                    }
                    Limit::MaxValue(n) => {
                        let n =
                            separated(n.to_string()).unwrap_or_else(|| Literal::i128_unsuffixed(n));
                        quote!(schema::Limit::MaxValue(#n))
                    }
                };
                quote!(schema::Rule::LimitWhen {
                    when: #when, is: #is, field: #field, limit: #limit,
                })
            }
        })
        .collect()
}

/// An unsuffixed literal of the digits `digits` with `_` between groups of three
/// (`5_000_000`), as clippy's `unreadable_literal` asks of a user's crate.
fn separated(digits: String) -> Option<Literal> {
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && c.is_ascii_digit() && (digits.len() - i).is_multiple_of(3) {
            text.push('_');
        }
        text.push(c);
    }
    text.parse().ok()
}

/// A `u64` literal with `_` between groups of three digits (`15_728_640u64`), as clippy's
/// `unreadable_literal` asks of a user's crate.
pub(super) fn separated_u64(n: u64) -> proc_macro2::Literal {
    let digits = n.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3 + 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push('_');
        }
        text.push(c);
    }
    text.push_str("u64");
    text.parse()
        .unwrap_or_else(|_| proc_macro2::Literal::u64_suffixed(n))
}
