//! Looking a name up in a module: what the source says it is, or that it cannot tell.

use std::path::PathBuf;

use super::Cx;
use super::aliases::{alias_target, is_public, use_target};
use super::modules::Module;
use crate::model::Spec;

/// What a name in a module is.
pub(super) enum Entry {
    Module(Module),
    /// The module a `#[derive(Endpoint)]` generates, with the enums of its spec (`None`: the
    /// spec did not load, its own derive reports it).
    Derived {
        target: String,
        spec: Option<Box<(String, Spec)>>,
    },
    Struct,
    Union,
    Trait,
    /// An enum declared in the source; `listed`: it has a `ValueEnum` derive (bindings that
    /// `doku-partner generate` wrote), so it may be a spec's enum.
    Enum {
        listed: bool,
    },
    Function,
    Constant,
    /// An enum a `#[derive(Endpoint)]` generates, reached through a re-export or alias.
    SpecEnum,
    /// A `use` or `type` naming another item of the crate: what it names, in which file, at
    /// which path from the crate root.
    Alias {
        target: Box<Entry>,
        file: PathBuf,
        path: String,
    },
    /// Something the source does not tell (a `#[path]` module, an item under `cfg`, a `use` of
    /// another crate).
    Unknown,
}

impl Entry {
    /// What the entry names, through aliases, and the first alias's target (file, path).
    pub(super) fn unalias(self) -> (Entry, Option<(PathBuf, String)>) {
        match self {
            Entry::Alias { target, file, path } => (target.unalias().0, Some((file, path))),
            entry => (entry, None),
        }
    }
}

/// What looking a name up in a module finds.
pub(super) enum Lookup {
    Found(Entry),
    Missing,
    /// The module may hold names its source does not show.
    Open,
}

/// Attributes that add no item: rustc's own and the helpers of the derives below.
const INERT_ATTRIBUTES: &[&str] = &[
    "doc",
    "cfg",
    "allow",
    "warn",
    "deny",
    "forbid",
    "expect",
    "derive",
    "must_use",
    "deprecated",
    "inline",
    "repr",
    "non_exhaustive",
    "automatically_derived",
    "cold",
    "track_caller",
    "no_mangle",
    "export_name",
    "link_section",
    "link",
    "macro_export",
    "macro_use",
    "used",
    "test",
    "ignore",
    "should_panic",
    "path",
    "doku",
    "serde",
];

/// Derives that add no name to the module (the standard ones, serde's, doku_partner's own).
const INERT_DERIVES: &[&str] = &[
    "Debug",
    "Clone",
    "Copy",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Default",
    "Serialize",
    "Deserialize",
    "ValueEnum",
    "ResponseObject",
    "MaskedDebug",
];

pub(super) fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The derives of `attrs`, by their last segment.
pub(super) fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            out.push(last_segment(&meta.path));
            Ok(())
        });
    }
    out
}

/// Whether an item's attributes could add names to its module (an attribute macro, a derive
/// not known to add none, `cfg_attr` that could hold either).
fn attrs_may_add_items(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        let inert = match path.segments.len() {
            1 => INERT_ATTRIBUTES.iter().any(|a| path.is_ident(a)),
            _ => path.segments.first().is_some_and(|s| {
                ["rustfmt", "clippy", "diagnostic"].contains(&s.ident.to_string().as_str())
            }),
        };
        !inert
    }) || derives(attrs)
        .iter()
        .any(|d| d != "Endpoint" && !INERT_DERIVES.contains(&d.as_str()))
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::ExternCrate(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::ForeignMod(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::TraitAlias(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Union(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

impl Module {
    /// Looks `name` up among the module's items, types first.
    pub(super) fn lookup(&self, name: &str, cx: &Cx) -> Lookup {
        self.lookup_in(name, cx, false)
    }

    /// Looks `name` up among the module's items; `public_only`: as a glob import of the module
    /// sees them (items without `pub` are not imported).
    pub(super) fn lookup_in(&self, name: &str, cx: &Cx, public_only: bool) -> Lookup {
        let mut open = false;
        let mut value = None;
        let mut globs = Vec::new();
        for item in &self.items {
            open |= attrs_may_add_items(item_attrs(item));
            if public_only && !is_public(item) {
                continue;
            }
            // An item under `cfg` may be one of several of that name, another of them the one
            // rustc compiles: left to rustc.
            let conditional = item_attrs(item)
                .iter()
                .any(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"));
            if Self::module_name(item).is_some_and(|m| m == name) {
                if conditional {
                    return Lookup::Found(Entry::Unknown);
                }
                return Lookup::Found(self.module_entry(item, cx));
            }
            let (ident, entry) = match item {
                syn::Item::Struct(s) => (&s.ident, Entry::Struct),
                syn::Item::Union(u) => (&u.ident, Entry::Union),
                syn::Item::Trait(t) => (&t.ident, Entry::Trait),
                syn::Item::TraitAlias(t) => (&t.ident, Entry::Unknown),
                syn::Item::Type(t) => {
                    if t.ident == name && !conditional && t.generics.params.is_empty() {
                        return Lookup::Found(match alias_target(&t.ty) {
                            Some((false, path)) => self.resolve(&path, cx),
                            _ => Entry::Unknown,
                        });
                    }
                    (&t.ident, Entry::Unknown)
                }
                syn::Item::ExternCrate(e) => {
                    (e.rename.as_ref().map_or(&e.ident, |r| &r.1), Entry::Unknown)
                }
                syn::Item::Enum(e) => (
                    &e.ident,
                    Entry::Enum {
                        listed: derives(&e.attrs).iter().any(|d| d == "ValueEnum")
                            || self.implements_wire_enum(name),
                    },
                ),
                syn::Item::Fn(f) => {
                    if f.sig.ident == name && !conditional {
                        value = Some(Entry::Function);
                    }
                    continue;
                }
                syn::Item::Const(c) => {
                    if c.ident == name && !conditional {
                        value = Some(Entry::Constant);
                    }
                    continue;
                }
                syn::Item::Static(s) => {
                    if s.ident == name && !conditional {
                        value = Some(Entry::Constant);
                    }
                    continue;
                }
                syn::Item::Use(u) => {
                    let mut found_globs = Vec::new();
                    if let Some(path) = use_target(&u.tree, name, &mut Vec::new(), &mut found_globs)
                    {
                        // `use ::other_crate::…` is no item of this crate.
                        return Lookup::Found(if u.leading_colon.is_some() || conditional {
                            Entry::Unknown
                        } else {
                            self.resolve(&path, cx)
                        });
                    }
                    if u.leading_colon.is_some() || conditional {
                        open |= !found_globs.is_empty();
                    } else {
                        globs.extend(found_globs);
                    }
                    continue;
                }
                syn::Item::Macro(m) => {
                    // A `macro_rules!` definition adds a macro, no type; any call may add items.
                    open |= !m.mac.path.is_ident("macro_rules");
                    continue;
                }
                syn::Item::Impl(_) | syn::Item::ForeignMod(_) | syn::Item::Mod(_) => continue,
                _ => {
                    open = true;
                    continue;
                }
            };
            if ident == name {
                return Lookup::Found(if conditional { Entry::Unknown } else { entry });
            }
        }
        // A name no item declares may come from a glob import (`pub use inner::*;`): looked
        // up among what each glob brings, when the source tells.
        let mut from_globs = Vec::new();
        for glob in &globs {
            match self.glob_lookup(glob, name, cx) {
                Some(Lookup::Found(entry)) => from_globs.push(entry),
                Some(Lookup::Missing) => {}
                Some(Lookup::Open) | None => open = true,
            }
        }
        match from_globs.len() {
            0 => {}
            // Two globs bringing the name: the same item twice, or rustc's ambiguity.
            1 if !open => return Lookup::Found(from_globs.remove(0)),
            _ => return Lookup::Found(Entry::Unknown),
        }
        match value {
            // A macro could add a type of that name, which rustc would take first.
            Some(entry) if !open => Lookup::Found(entry),
            _ if open => Lookup::Open,
            _ => Lookup::Missing,
        }
    }

    /// Whether the module implements the runtime's `WireEnum` for `name` by hand (a closed
    /// set of the user's own, which the build may accept as a shared enum).
    pub(super) fn implements_wire_enum(&self, name: &str) -> bool {
        self.items.iter().any(|item| match item {
            syn::Item::Impl(i) => {
                i.trait_
                    .as_ref()
                    .is_some_and(|(t, _)| last_segment(t) == "WireEnum")
                    && matches!(&*i.self_ty, syn::Type::Path(p) if last_segment(&p.path) == name)
            }
            _ => false,
        })
    }

    /// A copy of this module's source (the lookup borrows nothing of it).
    pub(super) fn shallow(&self) -> Module {
        Module {
            file: self.file.clone(),
            child_dir: self.child_dir.clone(),
            items: self.items.clone(),
            path: self.path.clone(),
            inline: self.inline,
        }
    }
}
