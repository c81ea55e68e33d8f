//! `Query`: the rule-shaped enum (one variant per value of the discriminating parameter, each
//! holding only what DOKU allows with it) or the plain struct, with its accessors and the
//! `write_to` that encodes it, constant text pre-encoded at generation time.

use proc_macro2::TokenStream;
use quote::quote;

use super::{
    closed_enum, code, doc, ident, is_copy, optional, param_doc, param_type, prose, wire_text,
};
use crate::model::{EnumDef, EnumValue, Format, Param, Rule, Spec};

/// How one parameter appears inside one `Query` variant.
pub(super) enum Slot<'a> {
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

pub(super) struct Case<'a> {
    pub(super) value: &'a EnumValue,
    pub(super) rule: Option<&'a Rule>,
    /// One slot per query parameter other than the discriminant, in spec order.
    pub(super) slots: Vec<(&'a Param, Slot<'a>)>,
}

pub(super) struct Shaped<'a> {
    pub(super) discriminant: &'a Param,
    pub(super) discriminant_enum: &'a EnumDef,
    pub(super) cases: Vec<Case<'a>>,
}

pub(super) fn find_enum<'a>(spec: &'a Spec, param: &Param) -> Option<&'a EnumDef> {
    let name = param.enum_ref.as_deref()?;
    spec.enums.iter().find(|e| e.name == name)
}

/// Rules can shape the query type when they all name the same required enum parameter.
pub(super) fn shape(spec: &Spec) -> Option<Shaped<'_>> {
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

pub(super) fn slot<'a>(
    spec: &'a Spec,
    param: &'a Param,
    case: &EnumValue,
    rule: Option<&Rule>,
) -> Slot<'a> {
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

/// `text` percent-encoded at generation time by the runtime's own `encode::push_encoded`, so
/// a pre-encoded literal and a value encoded at run time cannot differ.
pub(super) fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    doku_partner_support::__private::encode::push_encoded(&mut out, text);
    out
}

/// How the query writes one parameter's value.
pub(super) enum ValueCode {
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
pub(super) fn value_code(
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
                .all(doku_partner_support::__private::encode::is_unreserved)
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
        // Refused on parameters by the loader; 14 digits if it ever were one.
        Format::CompactDateTime(_) => (ValueCode::Unreserved(text), 14),
        // A parameter cannot be a file (the loader refuses it); encoded if it ever were.
        Format::String | Format::Text | Format::File => (ValueCode::Encoded(text), 64),
    }
}

/// The statements of one `write_to` body (or match arm): adjacent constant text (names, `=`,
/// `&`, fixed values) is merged into one pre-encoded `push_str`, values that need no encoding
/// are pushed as they are, and the longest possible output is tracked for the buffer size.
pub(super) struct QueryCode<'r> {
    rt: &'r syn::Path,
    code: Vec<TokenStream>,
    /// Constant text not yet pushed.
    pending: String,
    /// What this `write_to` has written so far, as far as is known here: the next pair's `&`
    /// is left out (nothing yet), constant (a required pair written) or checked at run time
    /// (only optional pairs so far) against `start`, `out`'s length on entry (issue 27: the
    /// client writes the query into its URL buffer, after the path and `?`).
    written: Written,
    /// Whether the code compares with `start` (so `write_to` must define it).
    uses_start: bool,
    /// The longest text the statements so far can append.
    max_len: usize,
}

impl<'r> QueryCode<'r> {
    fn new(rt: &'r syn::Path) -> Self {
        Self {
            rt,
            code: Vec::new(),
            pending: String::new(),
            written: Written::Nothing,
            uses_start: false,
            max_len: 0,
        }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = std::mem::take(&mut self.pending);
            self.code.push(quote!(out.push_str(#text);));
        }
    }

    /// `name=value`, with `&` before it unless it is the first pair written.
    fn pair(&mut self, name: &str, (value, value_len): (ValueCode, usize)) {
        match self.written {
            Written::Nothing => {}
            Written::Something => self.pending.push('&'),
            Written::Unknown => {
                self.flush();
                self.uses_start = true;
                self.code.push(quote! {
                    if out.len() > start {
                        out.push('&');
                    }
                });
            }
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
        self.written = Written::Something;
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
        inner.written = self.written;
        inner.pair(&param.name, value_code(spec, param, values, quote!(value)));
        inner.flush();
        self.uses_start |= inner.uses_start;
        if self.written == Written::Nothing {
            self.written = Written::Unknown;
        }
        // Counts its `&`, like every pair here; `finish` takes back the first one.
        self.max_len += inner.max_len;
        let body = inner.code;
        self.code.push(quote! {
            if let ::core::option::Option::Some(value) = #value {
                #(#body)*
            }
        });
    }

    /// The statements (after `let start = out.len();` when they use it) and the longest text
    /// they can append (the first pair written has no `&`).
    fn finish(mut self) -> (Vec<TokenStream>, usize) {
        self.flush();
        if self.uses_start {
            self.code.insert(0, quote!(let start = out.len();));
        }
        (self.code, self.max_len.saturating_sub(1))
    }
}

/// What a `write_to` has written at some point of its code (see `QueryCode::written`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    /// No pair yet.
    Nothing,
    /// At least one pair.
    Something,
    /// Only optional pairs so far, which may or may not have been written.
    Unknown,
}

/// The `Query` type and the longest query string it can write.
pub(super) fn shaped_query(
    spec: &Spec,
    shaped: &Shaped<'_>,
    rt: &syn::Path,
) -> (TokenStream, usize) {
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
                    let text = format!(
                        "The {} values allowed when {} is {}.",
                        code(&param.name),
                        code(&d.name),
                        code(&case.value.wire),
                    );
                    subset_enums.push(closed_enum(name, &text, values, Some(full), rt));
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
        let pattern = case_pattern(case);
        quote!(#pattern => #d_enum::#v)
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
pub(super) fn accessor(
    spec: &Spec,
    shaped: &Shaped<'_>,
    param: &Param,
    rt: &syn::Path,
) -> TokenStream {
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
    // (`Self::A | Self::B { .. } => X::Id`).
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
                let patterns = same.map(case_pattern);
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

/// The pattern matching any value of one variant: `Self::Personal` when it holds no field
/// (every other parameter fixed), else `Self::Corporate { .. }`.
fn case_pattern(case: &Case<'_>) -> TokenStream {
    let v = ident(&case.value.variant);
    if case
        .slots
        .iter()
        .all(|(_, slot)| matches!(slot, Slot::Fixed(_)))
    {
        quote!(Self::#v)
    } else {
        quote!(Self::#v { .. })
    }
}

/// The `Query` struct and the longest query string it can write.
pub(super) fn plain_query(spec: &Spec, rt: &syn::Path) -> (TokenStream, usize) {
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
