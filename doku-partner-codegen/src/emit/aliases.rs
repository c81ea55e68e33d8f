//! One alias block per generated module: the emitters write full paths
//! (`::core::option::Option::Some`, `::doku_partner::support::Ans`), which keep the code
//! correct wherever it lands; this pass shortens them to `Some` and `rt::Ans` and puts the
//! `use` lines those need at the top of each module, so a reviewer reads one call per line.
//!
//! Only names the generated module cannot define are shortened: `Option`, `Result`, `String`,
//! `Vec` and `Box` are reserved type names (`lower::RESERVED_TYPES`), so are the variants
//! `Some`, `None`, `Ok` and `Err`; `rt` and `values` are lowercase, like no generated type, and the derives
//! are generated names (`lower::GENERATED_NAMES`). Strings (docs, attributes) are untouched.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Group, Ident, Spacing, Span, TokenStream, TokenTree};
use quote::quote;

/// The derives generated code puts on its types, written once in the runtime.
const DERIVES: &[&str] = &["MaskedDebug", "ResponseObject", "ValueEnum"];

/// What one path becomes: `key` is both the short name written and the alias it needs.
struct Rule {
    pattern: Vec<String>,
    key: &'static str,
    /// The path continues after the match (`rt::…`), rather than ends there.
    prefix: bool,
}

fn texts(tokens: TokenStream) -> Vec<String> {
    tokens.into_iter().map(|t| t.to_string()).collect()
}

fn rules(rt: &syn::Path) -> Vec<Rule> {
    let mut rules = Vec::new();
    let full = |pattern: TokenStream, key| Rule {
        pattern: texts(pattern),
        key,
        prefix: false,
    };
    // Longest first: `Option::Some` before `Option`, `rt::__private::values` before `rt`.
    rules.push(full(quote!(::core::option::Option::Some), "Some"));
    rules.push(full(quote!(::core::option::Option::None), "None"));
    rules.push(full(quote!(::core::option::Option), "Option"));
    rules.push(full(quote!(::core::result::Result::Ok), "Ok"));
    rules.push(full(quote!(::core::result::Result::Err), "Err"));
    rules.push(full(quote!(::core::result::Result), "Result"));
    rules.push(full(quote!(::std::string::String), "String"));
    rules.push(full(quote!(::std::vec::Vec), "Vec"));
    rules.push(full(quote!(::std::boxed::Box), "Box"));
    for derive in DERIVES {
        let name = Ident::new(derive, Span::call_site());
        rules.push(full(quote!(#rt::__private::#name), derive));
        rules.push(full(quote!(::doku_partner_macros::#name), derive));
    }
    rules.push(Rule {
        pattern: texts(quote!(#rt::__private::values::)),
        key: "values",
        prefix: true,
    });
    rules.push(Rule {
        pattern: texts(quote!(#rt ::)),
        key: "rt",
        prefix: true,
    });
    rules
}

/// Shortens the paths of one module's items (`tokens`, the contents of its braces) and of its
/// submodules, each of which gets its own alias block.
pub(crate) fn module_contents(tokens: TokenStream, rt: &syn::Path) -> TokenStream {
    let rules = rules(rt);
    contents(tokens, rt, &rules)
}

fn contents(tokens: TokenStream, rt: &syn::Path, rules: &[Rule]) -> TokenStream {
    let mut used = BTreeSet::new();
    let body = rewrite(tokens, rt, rules, &mut used);
    // Inner attributes (`//!` docs) stay first.
    let trees: Vec<TokenTree> = body.into_iter().collect();
    let mut split = 0;
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(_),
        ..,
    ] = &trees[split..]
        && hash.as_char() == '#'
        && bang.as_char() == '!'
    {
        split += 3;
    }
    let inner: TokenStream = trees[..split].iter().cloned().collect();
    let items: TokenStream = trees[split..].iter().cloned().collect();
    let block = alias_block(&used, rt);
    quote!(#inner #block #items)
}

fn rewrite(
    tokens: TokenStream,
    rt: &syn::Path,
    rules: &[Rule],
    used: &mut BTreeSet<&'static str>,
) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let strings: Vec<String> = trees.iter().map(ToString::to_string).collect();
    let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let TokenTree::Group(group) = &trees[i] {
            // `mod name { … }`: a module of its own, with its own aliases.
            let is_module = i >= 2
                && group.delimiter() == Delimiter::Brace
                && strings[i - 2] == "mod"
                && matches!(trees[i - 1], TokenTree::Ident(_));
            let inner = if is_module {
                contents(group.stream(), rt, rules)
            } else {
                rewrite(group.stream(), rt, rules, used)
            };
            let mut new = Group::new(group.delimiter(), inner);
            new.set_span(group.span());
            out.push(TokenTree::Group(new));
            i += 1;
            continue;
        }
        let starts_path = match out.as_slice() {
            [.., TokenTree::Punct(sep), TokenTree::Punct(colon)]
                if sep.as_char() == ':'
                    && sep.spacing() == Spacing::Joint
                    && colon.as_char() == ':' =>
            {
                false
            }
            [.., TokenTree::Ident(prev)] => KEYWORDS.contains(&prev.to_string().as_str()),
            _ => true,
        };
        let matched = starts_path
            .then(|| {
                rules.iter().find(|rule| {
                    let end = i + rule.pattern.len();
                    end <= strings.len() && strings[i..end] == rule.pattern[..]
                })
            })
            .flatten();
        match matched {
            Some(rule) => {
                used.insert(rule.key);
                out.push(TokenTree::Ident(Ident::new(rule.key, Span::call_site())));
                // A prefix keeps the `::` that follows it.
                i += rule.pattern.len() - usize::from(rule.prefix) * 2;
            }
            None => {
                out.push(trees[i].clone());
                i += 1;
            }
        }
    }
    out.into_iter().collect()
}

/// Words after which a path starts (rather than continues).
const KEYWORDS: &[&str] = &[
    "use", "as", "for", "impl", "dyn", "in", "return", "where", "mut", "pub", "const", "let",
    "type", "else", "match", "if", "static",
];

fn alias_block(used: &BTreeSet<&'static str>, rt: &syn::Path) -> TokenStream {
    let has = |key: &str| used.contains(key);
    let mut block = TokenStream::new();
    let group = |base: TokenStream, ty: &str, variants: &[&str]| -> TokenStream {
        let mut names: Vec<TokenStream> = Vec::new();
        if has(ty) {
            names.push(quote!(self));
        }
        for v in variants.iter().filter(|v| has(v)) {
            let v = Ident::new(v, Span::call_site());
            names.push(quote!(#v));
        }
        let ty_ident = Ident::new(ty, Span::call_site());
        match names.len() {
            0 => TokenStream::new(),
            1 if has(ty) => quote!(use #base::#ty_ident;),
            1 => quote!(use #base::#ty_ident::#(#names)*;),
            _ => quote!(use #base::#ty_ident::{#(#names),*};),
        }
    };
    block.extend(group(quote!(::core::option), "Option", &["None", "Some"]));
    block.extend(group(quote!(::core::result), "Result", &["Err", "Ok"]));
    for (base, ty) in [
        (quote!(::std::string), "String"),
        (quote!(::std::vec), "Vec"),
        (quote!(::std::boxed), "Box"),
    ] {
        if has(ty) {
            let ty = Ident::new(ty, Span::call_site());
            block.extend(quote!(use #base::#ty;));
        }
    }
    let derives: Vec<Ident> = DERIVES
        .iter()
        .filter(|d| has(d))
        .map(|d| Ident::new(d, Span::call_site()))
        .collect();
    let through_facade = quote!(#rt).to_string() == quote!(::doku_partner::support).to_string();
    if has("rt") || has("values") || (through_facade && !derives.is_empty()) {
        block.extend(quote!(use #rt as rt;));
    }
    if has("values") {
        block.extend(quote!(
            use rt::__private::values;
        ));
    }
    if !derives.is_empty() {
        if through_facade {
            block.extend(quote!(use rt::__private::{#(#derives),*};));
        } else {
            block.extend(quote!(use ::doku_partner_macros::{#(#derives),*};));
        }
    }
    block
}
