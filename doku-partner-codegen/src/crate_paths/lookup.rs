//! Looking a name up in a module: what the source says it is, or that it cannot tell.

use super::Site;
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
    /// Something the source does not tell (a re-export, a type alias, a `#[path]` module).
    Unknown,
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

/// Whether a `use` tree binds `name`, and whether it is a glob.
fn use_binds(tree: &syn::UseTree, name: &str, glob: &mut bool) -> bool {
    match tree {
        syn::UseTree::Path(p) => use_binds(&p.tree, name, glob),
        syn::UseTree::Name(n) => n.ident == name,
        syn::UseTree::Rename(r) => r.rename == name,
        syn::UseTree::Glob(_) => {
            *glob = true;
            false
        }
        syn::UseTree::Group(g) => {
            // Every item, not the first binding only: a glob after it opens the module too.
            let mut found = false;
            for tree in &g.items {
                found |= use_binds(tree, name, glob);
            }
            found
        }
    }
}

impl Module {
    /// Looks `name` up among the module's items, types first.
    pub(super) fn lookup(&self, name: &str, site: &Site) -> Lookup {
        let mut open = false;
        let mut value = None;
        for item in &self.items {
            open |= attrs_may_add_items(item_attrs(item));
            // An item under `cfg` may be one of several of that name, another of them the one
            // rustc compiles: left to rustc.
            let conditional = item_attrs(item)
                .iter()
                .any(|a| a.path().is_ident("cfg") || a.path().is_ident("cfg_attr"));
            if Self::module_name(item).is_some_and(|m| m == name) {
                if conditional {
                    return Lookup::Found(Entry::Unknown);
                }
                return Lookup::Found(self.module_entry(item, site));
            }
            let (ident, entry) = match item {
                syn::Item::Struct(s) => (&s.ident, Entry::Struct),
                syn::Item::Union(u) => (&u.ident, Entry::Union),
                syn::Item::Trait(t) => (&t.ident, Entry::Trait),
                syn::Item::TraitAlias(t) => (&t.ident, Entry::Unknown),
                syn::Item::Type(t) => (&t.ident, Entry::Unknown),
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
                    let mut glob = false;
                    if use_binds(&u.tree, name, &mut glob) {
                        return Lookup::Found(Entry::Unknown);
                    }
                    open |= glob;
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
}
