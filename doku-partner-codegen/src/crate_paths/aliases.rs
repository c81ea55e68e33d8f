//! Re-exports, type aliases and glob imports: what a `use` or `type` in a module names
//! in the crate, followed as far as the source tells.

use super::Cx;
use super::lookup::{Entry, Lookup};
use super::modules::Module;

/// How many `use`/`type` hops a lookup follows: a cycle (`use self::a as b; use self::b as a;`)
/// ends there, as something the source does not tell.
pub(super) const MAX_HOPS: usize = 16;

/// How many glob imports one walk looks into, in all: past that, a name a glob may bring is
/// left to rustc.
pub(super) const MAX_GLOBS: usize = 256;

/// The path a `use` tree binds `name` to (`use a::b as name;`: `["a", "b"]`), or `None`; adds
/// the path of each glob in the tree to `globs` (`use a::*;`: `["a"]`).
pub(super) fn use_target(
    tree: &syn::UseTree,
    name: &str,
    prefix: &mut Vec<String>,
    globs: &mut Vec<Vec<String>>,
) -> Option<Vec<String>> {
    // `a::{self}` and `a::{self as b}` bind `a` itself.
    let target = |prefix: &Vec<String>, ident: &syn::Ident| {
        let mut path = prefix.clone();
        if ident != "self" {
            path.push(ident.to_string());
        }
        path
    };
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            let found = use_target(&p.tree, name, prefix, globs);
            prefix.pop();
            found
        }
        syn::UseTree::Name(n) => {
            let bound = if n.ident == "self" {
                prefix.last().is_some_and(|last| last == name)
            } else {
                n.ident == name
            };
            bound.then(|| target(prefix, &n.ident))
        }
        syn::UseTree::Rename(r) => (r.rename == name).then(|| target(prefix, &r.ident)),
        syn::UseTree::Glob(_) => {
            globs.push(prefix.clone());
            None
        }
        syn::UseTree::Group(g) => {
            // Every item, not the first binding only: a glob after it opens the module too.
            let mut found = None;
            for tree in &g.items {
                found = use_target(tree, name, prefix, globs).or(found);
            }
            found
        }
    }
}

/// The path a `type` alias names, when it is a plain path (no generics, no `<T as Trait>`).
pub(super) fn alias_target(ty: &syn::Type) -> Option<(bool, Vec<String>)> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let plain = p.path.segments.iter().all(|s| s.arguments.is_none());
            plain.then(|| {
                let segments = p.path.segments.iter().map(|s| s.ident.to_string());
                (p.path.leading_colon.is_some(), segments.collect())
            })
        }
        syn::Type::Paren(p) => alias_target(&p.elem),
        syn::Type::Group(g) => alias_target(&g.elem),
        _ => None,
    }
}

impl Module {
    /// The item `path` names, seen from this module as a `use` or `type` in it sees it: an
    /// [`Entry::Alias`] of what it names, or [`Entry::Unknown`] where the source does not tell
    /// (another crate, a module that may hold more than its source shows, a cycle).
    pub(super) fn resolve(&self, path: &[String], cx: &Cx) -> Entry {
        if cx.hops.get() >= MAX_HOPS {
            return Entry::Unknown;
        }
        cx.hops.set(cx.hops.get() + 1);
        let found = self.resolve_hop(path, cx);
        cx.hops.set(cx.hops.get() - 1);
        found.unwrap_or(Entry::Unknown)
    }

    fn resolve_hop(&self, path: &[String], cx: &Cx) -> Option<Entry> {
        let supers = path.iter().take_while(|s| *s == "super").count();
        let (start, rest) = match path.first().map(String::as_str) {
            Some("crate") => (Vec::new(), &path[1..]),
            Some("self") => (self.path.clone(), &path[1..]),
            _ if supers > 0 => (
                self.path
                    .get(..self.path.len().checked_sub(supers)?)?
                    .to_vec(),
                &path[supers..],
            ),
            _ => (self.path.clone(), path),
        };
        // `super`, `crate`: the module itself (a glob's `use super::*;`).
        let Some((name, modules)) = rest.split_last() else {
            return super::walk(cx, &start).map(Entry::Module);
        };
        let mut module = if start == self.path {
            self.shallow()
        } else {
            super::walk(cx, &start)?
        };
        for (i, segment) in modules.iter().enumerate() {
            let Lookup::Found(entry) = module.lookup(segment, cx) else {
                return None;
            };
            match entry.unalias() {
                (Entry::Module(child), _) => module = child,
                // `a::list_owners::Kind`: the enum of that derive's spec, when it has it
                // (otherwise this `use` is rustc's to report).
                (
                    Entry::Derived {
                        spec: Some(spec), ..
                    },
                    via,
                ) if i + 1 == modules.len() => {
                    let generates = crate::shared_enums::enums_of(&spec.1)
                        .iter()
                        .any(|(n, _)| n == name);
                    let at = via.map_or_else(|| crate_path(&module.path, segment), |v| v.1);
                    return generates.then(|| Entry::Alias {
                        target: Box::new(Entry::SpecEnum),
                        file: module.file.clone(),
                        path: format!("{at}::{name}"),
                    });
                }
                _ => return None,
            }
        }
        let Lookup::Found(entry) = module.lookup(name, cx) else {
            return None;
        };
        match entry.unalias() {
            (Entry::Unknown, _) => None,
            (target, Some((file, path))) => Some(Entry::Alias {
                target: Box::new(target),
                file,
                path,
            }),
            (target, None) => Some(Entry::Alias {
                target: Box::new(target),
                file: module.file.clone(),
                path: crate_path(&module.path, name),
            }),
        }
    }

    /// What `use <glob>::*;` in this module brings as `name`: `None` where the source does not
    /// tell (another crate, a cycle of globs, a glob of an enum's variants).
    pub(super) fn glob_lookup(&self, glob: &[String], name: &str, cx: &Cx) -> Option<Lookup> {
        // Globs that import each other (`use super::*;` both ways) could branch at every hop.
        if cx.hops.get() >= MAX_HOPS || cx.globs_left.get() == 0 {
            return None;
        }
        cx.globs_left.set(cx.globs_left.get() - 1);
        cx.hops.set(cx.hops.get() + 1);
        let found = match self.resolve(glob, cx).unalias().0 {
            // A glob brings what is visible from here: all of an ancestor's items, only the
            // `pub` ones of another module.
            Entry::Module(module) => Some(
                match module.lookup_in(name, cx, !self.path.starts_with(&module.path)) {
                    Lookup::Found(entry) => Lookup::Found(match entry {
                        Entry::Alias { .. } | Entry::Unknown => entry,
                        entry => Entry::Alias {
                            target: Box::new(entry),
                            file: module.file.clone(),
                            path: crate_path(&module.path, name),
                        },
                    }),
                    other => other,
                },
            ),
            // A derive's module holds more than its spec's enums (`Request`, `Query`, …).
            _ => None,
        };
        cx.hops.set(cx.hops.get() - 1);
        found
    }
}

/// `crate::<module>::<name>`.
fn crate_path(module: &[String], name: &str) -> String {
    std::iter::once("crate")
        .chain(module.iter().map(String::as_str))
        .chain([name])
        .collect::<Vec<_>>()
        .join("::")
}

/// Whether a glob import of the item's module brings it: declared `pub` (any `pub(…)`), or a
/// macro call (which may declare `pub` items).
pub(super) fn is_public(item: &syn::Item) -> bool {
    let vis = match item {
        syn::Item::Const(i) => &i.vis,
        syn::Item::Enum(i) => &i.vis,
        syn::Item::ExternCrate(i) => &i.vis,
        syn::Item::Fn(i) => &i.vis,
        syn::Item::Mod(i) => &i.vis,
        syn::Item::Static(i) => &i.vis,
        syn::Item::Struct(i) => &i.vis,
        syn::Item::Trait(i) => &i.vis,
        syn::Item::TraitAlias(i) => &i.vis,
        syn::Item::Type(i) => &i.vis,
        syn::Item::Union(i) => &i.vis,
        syn::Item::Use(i) => &i.vis,
        _ => return true,
    };
    !matches!(vis, syn::Visibility::Inherited)
}
