//! Value enums: one closed type per documented set (a request cannot hold a value outside
//! it); a response field holds the runtime's `OrUnknown<T>` of the same type, so a value DOKU
//! adds later lands in `OrUnknown::Unknown` instead of failing the decode.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc, prose};
use super::ident;
use crate::model::{EnumDef, EnumValue, FieldKind, ObjectDef, Spec};

/// The enums the generated module defines or re-exports: those the endpoint uses somewhere
/// (another spec's `rust_path` can only name one of them).
pub(crate) fn generated_enums(spec: &Spec) -> Vec<&EnumDef> {
    let mut in_fields = Vec::new();
    if let Some(body) = &spec.body {
        collect_enum_refs(&body.root, &mut in_fields);
    }
    collect_enum_refs(&spec.response.root, &mut in_fields);
    for variant in spec.response.union.iter().flat_map(|u| &u.variants) {
        collect_enum_refs(&variant.root, &mut in_fields);
    }
    let used = |def: &EnumDef| {
        in_fields.contains(&def.name.as_str())
            || spec
                .query
                .iter()
                .chain(&spec.path_params)
                .any(|p| p.enum_ref.as_deref() == Some(def.name.as_str()))
    };
    spec.enums.iter().filter(|def| used(def)).collect()
}

/// The enum of every value set the endpoint uses, in a parameter, a body field or a response
/// field: one closed type per set, which a response field wraps in `OrUnknown`.
pub(crate) fn value_enums(spec: &Spec, spec_path: &str, rt: &syn::Path) -> TokenStream {
    let enums = generated_enums(spec).into_iter().map(|def| {
        let values: Vec<&EnumValue> = def.values.iter().collect();
        match &def.rust_path {
            Some(path) => shared_enum(def, path, spec_path, rt),
            None => {
                let mut text = enum_doc(def);
                if cut_off_in_body(spec, &def.name) {
                    text.push_str(&format!(
                        "\n\nThe page's list of these values is cut off: a request field of it is \
                         `OrOther<{}>`, which also sends a value the list lost, checked.",
                        def.name
                    ));
                }
                closed_enum(&def.name, &text, &values, None, rt)
            }
        }
    });
    quote!(#(#enums)*)
}

/// Whether a body field of enum `name` is marked `enum_cut_off`.
fn cut_off_in_body(spec: &Spec, name: &str) -> bool {
    fn walk(object: &ObjectDef, name: &str) -> bool {
        object.fields.iter().any(|f| match &f.kind {
            FieldKind::Scalar(s) | FieldKind::Array(crate::model::ArrayItems::Scalar(s)) => {
                s.enum_cut_off && s.enum_ref.as_deref() == Some(name)
            }
            FieldKind::Object(o) | FieldKind::Array(crate::model::ArrayItems::Object(o)) => {
                walk(o, name)
            }
            FieldKind::Array(_) => false,
        })
    }
    spec.body.as_ref().is_some_and(|b| walk(&b.root, name))
}

fn collect_enum_refs<'a>(object: &'a ObjectDef, out: &mut Vec<&'a str>) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Scalar(s) => out.extend(s.enum_ref.as_deref()),
            FieldKind::Object(o) => collect_enum_refs(o, out),
            FieldKind::Array(crate::model::ArrayItems::Object(o)) => collect_enum_refs(o, out),
            FieldKind::Array(crate::model::ArrayItems::Scalar(s)) => {
                out.extend(s.enum_ref.as_deref())
            }
            FieldKind::Array(crate::model::ArrayItems::Any) => {}
        }
    }
}

/// An enum another spec already generates (`rust_path`): used as it is, with a compile-time
/// check that its values are this spec's, in the same order.
fn shared_enum(def: &EnumDef, path: &str, spec_path: &str, rt: &syn::Path) -> TokenStream {
    let ty: syn::Path = syn::parse_str(path).unwrap_or_else(|_| {
        let name = ident(&def.name);
        syn::parse_quote!(#name)
    });
    if let Some(anchored) = Anchored::of(&ty) {
        return crate_enum(def, path, &anchored, spec_path, rt);
    }
    let wires: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
    let message = format!(
        "{spec_path}:{}:{}: `rust_path` `{path}` does not have the values of enum `{}` in this \
         spec ({}): make the lists agree, or drop `rust_path`",
        def.pos.line,
        def.pos.column,
        def.name,
        wires.join(", ")
    );
    let text = format!(
        "{}\n\nThe same type as {}: the pages agree on its values.",
        enum_doc(def),
        code(path)
    );
    let docs = doc(&text);
    // A path to a type that is no spec's enum fails here, at a trait of this check whose
    // message names the spec's line (not at rustc's own words about `WireEnum`).
    let not_an_enum = format!(
        "{spec_path}:{}:{}: `rust_path` `{path}` is not an enum generated from a spec",
        def.pos.line, def.pos.column
    );
    let note = format!(
        "`rust_path` names the `{}` another spec generates, e.g. \
         `::doku_partner::endpoints::get_business_data::BusinessType`; `doku-partner check` \
         with both specs checks it",
        def.name
    );
    quote! {
        #docs
        pub use #ty;

        const _: () = {
            #[diagnostic::on_unimplemented(
                message = #not_an_enum,
                label = "not an enum generated from a spec",
                note = #note
            )]
            trait RustPath {
                const WIRE_VALUES: &'static [&'static str];
            }
            // Not recommended: rustc then reports this check's message, not a list of the
            // crate's `WireEnum` types.
            #[diagnostic::do_not_recommend]
            impl<T: #rt::WireEnum> RustPath for T {
                const WIRE_VALUES: &'static [&'static str] = T::WIRE_VALUES;
            }
            ::core::assert!(
                #rt::__private::values::same_values(<#ty as RustPath>::WIRE_VALUES, &[#(#wires),*]),
                #message
            );
        };
    }
}

/// A `rust_path` into the user's own crate (`crate::`, `self::`, `super::`): the anchor, the
/// first module after it and the rest of the path.
struct Anchored {
    anchor: Vec<syn::Ident>,
    first: syn::Ident,
    rest: Vec<syn::Ident>,
}

impl Anchored {
    fn of(path: &syn::Path) -> Option<Self> {
        if path.leading_colon.is_some() {
            return None;
        }
        let idents: Vec<&syn::Ident> = path.segments.iter().map(|s| &s.ident).collect();
        let is_anchor =
            |i: &&&syn::Ident| ["crate", "self", "super"].contains(&i.to_string().as_str());
        let anchor: Vec<syn::Ident> = idents
            .iter()
            .take_while(is_anchor)
            .map(|i| (*i).clone())
            .collect();
        let mut after = idents.into_iter().skip(anchor.len()).cloned();
        let first = after.next()?;
        (!anchor.is_empty()).then(|| Anchored {
            anchor,
            first,
            rest: after.collect(),
        })
    }
}

/// The name of the stand-in a `rust_path` into a module that does not exist resolves to; the
/// check knows it by its `ENUM_NAME`.
const NOT_FOUND: &str = "RustPathNotFound";

/// The name of the stand-in a `rust_path` to a type that is no spec's enum resolves to; the
/// check knows it by its `ENUM_NAME`.
const NOT_AN_ENUM: &str = "RustPathNotAnEnum";

/// An enum another spec of the user's crate generates, by a path under `crate`, `self` or
/// `super`. rustc would report a typo in that path as an unresolved import at the derive,
/// without the spec's line; so the path is resolved in a block that glob-imports what the
/// anchor holds, inside one that glob-imports a stand-in for the path's first module (a name
/// of the inner glob wins, the outer one is found only when the module does not exist). The
/// stand-in is an enum with this spec's values (the rest of the generated code compiles
/// against it), which the check refuses with the spec's `file:line:col`. The enum is named
/// through a type alias of the resolved path, as a `pub use` would fail unresolved first.
/// Below the first module no fallback resolves (a glob import there is ambiguous, E0659): the
/// derive walks the crate's source for those first (`crate_paths`); this is what is left.
fn crate_enum(
    def: &EnumDef,
    path: &str,
    anchored: &Anchored,
    spec_path: &str,
    rt: &syn::Path,
) -> TokenStream {
    let name = ident(&def.name);
    let marker = quote::format_ident!("__RustPath{}", def.name);
    let wires: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
    let at = format!("{spec_path}:{}:{}", def.pos.line, def.pos.column);
    let anchor = &anchored.anchor;
    let first = &anchored.first;
    let rest = &anchored.rest;
    let anchor_text = anchor
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("::");
    // Where the anchor is, as the user reads the path: the `pub type` is in the module the
    // derive generates, beside the deriving struct.
    let seen_from = match anchor.first().map(ToString::to_string).as_deref() {
        Some("super") => " (`super` is the module that holds this spec's `#[derive]`)",
        Some("self") => " (`self` is the module this spec's derive generates)",
        _ => "",
    };
    let module = rest
        .len()
        .checked_sub(2)
        .and_then(|i| rest.get(i))
        .unwrap_or(first);
    let not_found = format!(
        "{at}: `rust_path` `{path}` names nothing: there is no module \
         `{anchor_text}::{first}`{seen_from}; write the path of the module that the derive of \
         the other spec generates, `crate::<where its struct is>::{module}::{}`",
        def.name
    );
    let differ = format!(
        "{at}: `rust_path` `{path}` does not have the values of enum `{}` in this spec ({}): \
         make the lists agree, or drop `rust_path`",
        def.name,
        wires.join(", ")
    );
    let not_an_enum = format!("{at}: `rust_path` `{path}` is not an enum generated from a spec");
    let note = format!(
        "`rust_path` names the `{}` another spec generates, in the module of its derive",
        def.name
    );
    // The stand-in's tree: `first::…::Level`, the last segment the stand-in enum.
    let depth = rest.len();
    let leaf = rest.last().cloned().unwrap_or_else(|| first.clone());
    let supers = std::iter::repeat_n(quote!(super::), depth);
    let not_found_ident = quote::format_ident!("{NOT_FOUND}");
    let mut tree = quote!(pub use #(#supers)* __stand_in::#not_found_ident as #leaf;);
    for module in rest.iter().rev().skip(1).chain(std::iter::once(first)) {
        tree = quote!(pub mod #module { #tree });
    }
    if rest.is_empty() {
        // `crate::Level`: no module (the loader reports it); the stand-in is the path itself.
        tree = quote!(pub use __stand_in::#not_found_ident as #first;);
    }
    let values: Vec<&EnumValue> = def.values.iter().collect();
    let stand_in = closed_enum(
        NOT_FOUND,
        "What a `rust_path` into a module that does not exist resolves to.",
        &values,
        None,
        rt,
    );
    let found = quote!(#first #(::#rest)*);
    let UnseenPath {
        stand_in: not_an_enum_stand_in,
        probe,
        probe_const,
        resolved,
        check: not_an_enum_check,
    } = if def.rust_path_unseen {
        unseen_path(def, &at, path, &values, &found, rt)
    } else {
        UnseenPath {
            resolved: found,
            ..UnseenPath::default()
        }
    };
    let text = format!(
        "{}\n\nThe same type as {}: the pages agree on its values.",
        enum_doc(def),
        code(path)
    );
    let docs = doc(&text);
    quote! {
        #docs
        pub type #name = <#marker as #rt::__private::values::SharedEnum>::Enum;

        #[doc(hidden)]
        pub struct #marker;

        #[allow(unused_imports, dead_code, unreachable_pub, missing_docs)]
        const _: () = {
            mod __rust_path {
                #tree
                pub mod __stand_in {
                    #stand_in
                    #not_an_enum_stand_in
                }
                #probe
            }
            use __rust_path::*;
            const _: () = {
                use #(#anchor)::*::*;
                #probe_const
                impl #rt::__private::values::SharedEnum for self::#marker {
                    type Enum = #resolved;
                }
            };

            #[diagnostic::on_unimplemented(
                message = #not_an_enum,
                label = "not an enum generated from a spec",
                note = #note
            )]
            trait RustPath {
                const FOUND: (&'static str, &'static [&'static str]);
            }
            #[diagnostic::do_not_recommend]
            impl<T: #rt::WireEnum> RustPath for T {
                const FOUND: (&'static str, &'static [&'static str]) = (T::ENUM_NAME, T::WIRE_VALUES);
            }
            const FOUND: (&'static str, &'static [&'static str]) = <self::#name as RustPath>::FOUND;
            ::core::assert!(
                !#rt::__private::values::same_values(&[FOUND.0], &[#NOT_FOUND]),
                #not_found
            );
            #not_an_enum_check
            ::core::assert!(
                #rt::__private::values::same_values(FOUND.1, &[#(#wires),*]),
                #differ
            );
        };
    }
}

/// For a `rust_path` the derive's walk cannot see (`EnumDef::rust_path_unseen`): a path to a
/// type that is no spec's enum resolves to a second stand-in, so the code using the type
/// compiles and the build fails once, at the spec's line; the type itself would fail every
/// comparison, hash and `as_str` of the generated code with rustc's words alone. Stable Rust
/// picks the type by a constant: `SpecEnumProbe<T>::IS_SPEC_ENUM` is an inherent constant
/// where `T: WireEnum` holds, else the trait's `false`; `SpecEnumIf<{ that }>` picks the path
/// or the stand-in.
fn unseen_path(
    def: &EnumDef,
    at: &str,
    path: &str,
    values: &[&EnumValue],
    found: &TokenStream,
    rt: &syn::Path,
) -> UnseenPath {
    let stand_in_ident = quote::format_ident!("{NOT_AN_ENUM}");
    let stand_in = closed_enum(
        NOT_AN_ENUM,
        "What a `rust_path` to a type that is no spec's enum resolves to.",
        values,
        None,
        rt,
    );
    let message = format!(
        "{at}: `rust_path` `{path}` is not an enum generated from a spec; name the `{}` \
         another spec generates, in the module of its derive",
        def.name
    );
    let probe = quote! {
        pub struct SpecEnumProbe<T>(::core::marker::PhantomData<T>);
        impl<T: #rt::WireEnum> SpecEnumProbe<T> {
            pub const IS_SPEC_ENUM: bool = true;
        }
        pub trait NoSpecEnum {
            const IS_SPEC_ENUM: bool = false;
        }
        impl<T> NoSpecEnum for SpecEnumProbe<T> {}
        pub struct SpecEnumIf<const IS_SPEC_ENUM: bool>;
        pub trait PickType<Found, StandIn> {
            type Type;
        }
        impl<Found, StandIn> PickType<Found, StandIn> for SpecEnumIf<true> {
            type Type = Found;
        }
        impl<Found, StandIn> PickType<Found, StandIn> for SpecEnumIf<false> {
            type Type = StandIn;
        }
    };
    let probe_const = quote! {
        use __rust_path::NoSpecEnum as _;
        const IS_SPEC_ENUM: bool = __rust_path::SpecEnumProbe::<#found>::IS_SPEC_ENUM;
    };
    let resolved = quote! {
        <__rust_path::SpecEnumIf<{ IS_SPEC_ENUM }> as __rust_path::PickType<
            #found,
            __rust_path::__stand_in::#stand_in_ident,
        >>::Type
    };
    let check = quote! {
        ::core::assert!(
            !#rt::__private::values::same_values(&[FOUND.0], &[#NOT_AN_ENUM]),
            #message
        );
    };
    UnseenPath {
        stand_in,
        probe,
        probe_const,
        resolved,
        check,
    }
}

/// What [`unseen_path`] adds to the code of a `rust_path` into the crate (all empty, and the
/// path itself as the type, where the walk saw the enum).
#[derive(Default)]
struct UnseenPath {
    /// The stand-in enum, in `__stand_in`.
    stand_in: TokenStream,
    /// The helper items, in `__rust_path`.
    probe: TokenStream,
    /// `IS_SPEC_ENUM`, where the path resolves.
    probe_const: TokenStream,
    /// The type the path's alias names.
    resolved: TokenStream,
    /// The check that fails at the spec's line.
    check: TokenStream,
}

fn enum_doc(def: &EnumDef) -> String {
    let mut text = String::new();
    if !def.description.trim().is_empty() {
        text.push_str(&prose(&def.description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Each variant's wire value is its `as_str`. A response field holds `OrUnknown<{}>`, \
         which also keeps a value DOKU adds later.",
        def.name
    ));
    text
}

/// The variant's description; its wire value when the spec gives none (every variant needs a
/// doc under `missing_docs`, and a subset's variant has no `wire` attribute to show it).
fn variant_doc(value: &EnumValue) -> TokenStream {
    if value.description.trim().is_empty() {
        doc(&code(&value.wire))
    } else {
        doc(&prose(&value.description))
    }
}

/// A closed enum named `name` over `values`, through the runtime's `ValueEnum` derive (`ALL`,
/// `as_str`, `Display`, `FromStr`, `TryFrom<&str>`, serde refusing undocumented values); with
/// `subset_of`, a rule's narrowed set of that enum, with the conversions both ways.
pub(crate) fn closed_enum(
    name: &str,
    doc_text: &str,
    values: &[&EnumValue],
    subset_of: Option<&str>,
    rt: &syn::Path,
) -> TokenStream {
    let name_ident = ident(name);
    let docs = doc(doc_text);
    let variants: Vec<_> = values.iter().map(|v| ident(&v.variant)).collect();
    let variant_docs = values.iter().map(|v| variant_doc(v));
    // A subset's variants take their wire values from the full enum's.
    let wires = values.iter().map(|v| {
        let wire = &v.wire;
        subset_of.is_none().then(|| quote!(#[doku(wire = #wire)]))
    });
    let (derive, crate_attr) = super::runtime_derive(rt, "ValueEnum");
    let subset = subset_of.map(|full| {
        let full = ident(full);
        quote!(#[doku(subset_of = #full)])
    });
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, #derive)]
        #crate_attr
        #subset
        pub enum #name_ident {
            #(#variant_docs #wires #variants,)*
        }
    }
}
