//! The Rust items a spec generates, read from the emitter's own output.
//!
//! The diff names Rust items (`get_business_data::response::Brand::name`) and their types
//! from what [`crate::emit`] really produces for the spec, not from a second copy of its naming
//! and typing rules: the generated module is parsed back and every struct field, enum variant
//! and method is listed with its type or signature.

use std::collections::BTreeMap;

use quote::ToTokens;

use crate::emit::{EmitInput, SampleFiles, default_runtime_path, emit};
use crate::model::Spec;
use crate::names::pascal_case;

/// Item path (`get_business_data::body::Body::name`) → its type (a field), its signature (a
/// method), its value (an `Endpoint` constant, `GetBusinessData::METHOD`) or `""` (a type).
pub type Items = BTreeMap<String, String>;

/// Every public item of the module the derive generates for `spec`, under the module name the
/// shipped bindings use (the spec's `name`): struct fields and enum variants with their types,
/// inherent methods with their parameters, the `Endpoint` constants of the deriving struct
/// with their values, types with `""`. What the diff's Rust lists name.
pub fn generated_items(spec: &Spec) -> Items {
    let target = syn::Ident::new(&target_name(spec), proc_macro2::Span::call_site());
    let input = EmitInput {
        spec,
        target,
        vis: syn::parse_quote!(pub),
        runtime: default_runtime_path(),
        spec_display_path: String::new(),
        track_files: Vec::new(),
        examples: Vec::new(),
        request_examples: Vec::new(),
        response_cut_off: Vec::new(),
        sample_files: SampleFiles::Embedded,
        doc_path: None,
    };
    let mut items = Items::new();
    let Ok(file) = syn::parse2::<syn::File>(emit(&input)) else {
        return items;
    };
    for item in &file.items {
        match item {
            syn::Item::Mod(module) => walk_module(&module.ident.to_string(), module, &mut items),
            // The `Endpoint` impl: what the client and the stand-in read (`GetBusinessData::METHOD`).
            syn::Item::Impl(block) if block.trait_.is_some() => {
                for member in &block.items {
                    if let syn::ImplItem::Const(c) = member {
                        items.insert(format!("{}::{}", input.target, c.ident), show(&c.expr));
                    }
                }
            }
            _ => {}
        }
    }
    items
}

/// The deriving struct the shipped bindings use for `spec` (`GetBusinessData`): it carries
/// the `Endpoint` constants.
pub(crate) fn target_name(spec: &Spec) -> String {
    crate::names::escape_pascal(pascal_case(&spec.name))
}

fn walk_module(prefix: &str, module: &syn::ItemMod, items: &mut Items) {
    let Some((_, content)) = &module.content else {
        return;
    };
    for item in content {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = format!("{prefix}::{}", s.ident);
                items.insert(path.clone(), String::new());
                for field in &s.fields {
                    if let (Some(name), true) = (&field.ident, is_pub(&field.vis)) {
                        items.insert(format!("{path}::{name}"), show(&field.ty));
                    }
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = format!("{prefix}::{}", e.ident);
                items.insert(path.clone(), String::new());
                for variant in &e.variants {
                    items.insert(format!("{path}::{}", variant.ident), show(&variant.fields));
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                let Some(last) = ty.path.segments.last() else {
                    continue;
                };
                for member in &block.items {
                    if let syn::ImplItem::Fn(f) = member
                        && is_pub(&f.vis)
                    {
                        items.insert(
                            format!("{prefix}::{}::{}", last.ident, f.sig.ident),
                            show(&f.sig.inputs),
                        );
                    }
                }
            }
            syn::Item::Mod(inner) if is_pub(&inner.vis) => {
                walk_module(&format!("{prefix}::{}", inner.ident), inner, items);
            }
            _ => {}
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// A type as a reviewer reads it: without the runtime's and the standard library's paths
/// (`Option<Ans<50>>`).
fn show(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string().replace(' ', "");
    let mut text = text;
    for prefix in [
        "::doku_partner::support::",
        "::std::string::",
        "::std::vec::",
        "::core::option::",
        "::core::convert::",
        "super::",
    ] {
        text = text.replace(prefix, "");
    }
    text.replace(',', ", ")
}
