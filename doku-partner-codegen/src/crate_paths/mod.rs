//! A `rust_path` into the user's own crate (`crate::…`, `super::…`) resolved against the crate's
//! source before rustc sees it.
//!
//! rustc reports a path that names nothing as an unresolved import at the derive, without the
//! spec's line, and stable Rust has no way to catch that below the path's first module (the
//! generated stand-in resolves only the first one: a glob import at a deeper level is an
//! ambiguity, E0659). So the derive reads the crate's modules as their files show them, from
//! the crate root rustc compiles, and walks the path: a module that holds no such name, a
//! struct, a function or an enum no spec generates fails here, at the enum's `file:line:col`,
//! with what is there, and nothing of the path reaches rustc.
//!
//! The walk only says "no" where the source is certain: a module whose items a macro could add
//! to (a macro call, a glob import, an attribute macro, a derive other than the standard ones,
//! serde's and doku_partner's) is left to rustc, as is a `#[path]` module, a re-export, a type
//! alias and anything after them. The derive module of another `#[derive(Endpoint)]` holds the
//! enums its spec generates.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::model::{EnumDef, Spec};

use messages::{derived_problem, missing, not_a_module, not_an_enum};

/// Where the derive runs.
pub(crate) struct Site<'a> {
    /// The file rustc compiles as the crate root.
    pub root: &'a Path,
    /// The file holding the derive.
    pub invoking_file: &'a Path,
    /// `CARGO_MANIFEST_DIR`, against which another derive's spec path resolves first.
    pub manifest_dir: Option<&'a Path>,
    /// The deriving struct.
    pub target: &'a str,
}

/// A module of the user's crate, as its source shows it.
struct Module {
    /// The file its items are in.
    file: PathBuf,
    /// The folder its `mod x;` children are in.
    child_dir: PathBuf,
    items: Vec<syn::Item>,
}

/// What a name in a module is.
enum Entry {
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
enum Lookup {
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

fn last_segment(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The derives of `attrs`, by their last segment.
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
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
    fn load(file: &Path, child_dir: PathBuf) -> Option<Self> {
        let source = std::fs::read_to_string(file).ok()?;
        let parsed = syn::parse_file(&source).ok()?;
        Some(Module {
            file: file.to_path_buf(),
            child_dir,
            items: parsed.items,
        })
    }

    fn inline(&self, name: &str, items: &[syn::Item]) -> Module {
        Module {
            file: self.file.clone(),
            child_dir: self.child_dir.join(name),
            items: items.to_vec(),
        }
    }

    /// The module `mod name;` names: `<child_dir>/name.rs` or `<child_dir>/name/mod.rs`.
    fn child_file(&self, name: &str) -> Option<Module> {
        let flat = self.child_dir.join(format!("{name}.rs"));
        let nested = self.child_dir.join(name).join("mod.rs");
        let file = match (flat.is_file(), nested.is_file()) {
            (true, false) => flat,
            (false, true) => nested,
            _ => return None,
        };
        Module::load(&file, self.child_dir.join(name))
    }

    /// The name of the module the item declares or generates (`mod name`, or the module of a
    /// `#[derive(Endpoint)]` struct), without loading it.
    fn module_name(item: &syn::Item) -> Option<String> {
        match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            syn::Item::Struct(s) if derives(&s.attrs).iter().any(|d| d == "Endpoint") => {
                Some(crate::names::snake_case(&s.ident.to_string()))
            }
            _ => None,
        }
    }

    /// The module the item declares or generates, loaded (`Module::module_name` says it has one).
    fn module_entry(&self, item: &syn::Item, site: &Site) -> Entry {
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                if m.attrs.iter().any(|a| a.path().is_ident("path")) {
                    Entry::Unknown
                } else if let Some((_, items)) = &m.content {
                    Entry::Module(self.inline(&name, items))
                } else {
                    self.child_file(&name).map_or(Entry::Unknown, Entry::Module)
                }
            }
            syn::Item::Struct(s) => Entry::Derived {
                target: s.ident.to_string(),
                spec: derive_spec(&s.attrs, &self.file, site).map(Box::new),
            },
            _ => Entry::Unknown,
        }
    }

    /// Looks `name` up among the module's items, types first.
    fn lookup(&self, name: &str, site: &Site) -> Lookup {
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
    fn implements_wire_enum(&self, name: &str) -> bool {
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

    /// The modules this module holds (source and generated), for help texts.
    fn module_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.items.iter().filter_map(Self::module_name).collect();
        names.sort();
        names.dedup();
        names
    }

    /// The module path of the inline module holding `struct target` in this file, when exactly
    /// one struct of that name is there.
    fn find_struct(&self, target: &str) -> Option<Vec<String>> {
        let mut found = Vec::new();
        self.structs_named(target, &mut Vec::new(), &mut found);
        match found.len() {
            1 => found.pop(),
            _ => None,
        }
    }

    fn structs_named(&self, target: &str, at: &mut Vec<String>, found: &mut Vec<Vec<String>>) {
        for item in &self.items {
            match item {
                syn::Item::Struct(s) if s.ident == target => found.push(at.clone()),
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        let name = m.ident.to_string();
                        at.push(name.clone());
                        self.inline(&name, items).structs_named(target, at, found);
                        at.pop();
                    }
                }
                _ => {}
            }
        }
    }

    /// The path from this module to the module of `file` (a module file of the crate).
    fn find_file(&self, file: &Path, site: &Site, depth: usize) -> Option<Vec<String>> {
        if same_file(&self.file, file) {
            return Some(Vec::new());
        }
        if depth > 32 {
            return None;
        }
        for item in self.items.iter().filter(|i| matches!(i, syn::Item::Mod(_))) {
            if let (Some(name), Entry::Module(child)) =
                (Self::module_name(item), self.module_entry(item, site))
                && let Some(mut rest) = child.find_file(file, site, depth + 1)
            {
                rest.insert(0, name);
                return Some(rest);
            }
        }
        None
    }

    /// Every derive module in this module and below whose spec generates enum `name`, as
    /// `crate::…::module::name` (for help texts).
    fn generated_enum_paths(&self, name: &str, prefix: &str, site: &Site, out: &mut Vec<String>) {
        if out.len() > 8 || prefix.matches("::").count() > 32 {
            return;
        }
        for item in &self.items {
            let Some(module) = Self::module_name(item) else {
                continue;
            };
            match self.module_entry(item, site) {
                Entry::Module(child) => {
                    child.generated_enum_paths(name, &format!("{prefix}::{module}"), site, out);
                }
                // The enum itself, not another spec's `rust_path` to it (nor this derive's).
                Entry::Derived {
                    spec: Some(spec),
                    target,
                } if target != site.target
                    && crate::emit::generated_enums(&spec.1)
                        .iter()
                        .any(|d| d.name == name && d.rust_path.is_none()) =>
                {
                    out.push(format!("{prefix}::{module}::{name}"));
                }
                _ => {}
            }
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The spec of a `#[derive(Endpoint)]` struct declared in `file`, loaded, with the path it
/// was written with.
fn derive_spec(attrs: &[syn::Attribute], file: &Path, site: &Site) -> Option<(String, Spec)> {
    let mut spec = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("doku")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("spec") {
                spec = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _ = meta.value()?.parse::<syn::Expr>();
            }
            Ok(())
        });
    }
    let written = spec?;
    let env = crate::DeriveEnv {
        manifest_dir: site.manifest_dir.map(Path::to_path_buf),
        invoking_file: Some(file.to_path_buf()),
        crate_root: None,
    };
    let path = crate::derive::resolve(&written, &env).ok()?;
    crate::load_spec_file(&path, &written)
        .ok()
        .map(|spec| (written, spec))
}

/// The problems of `spec`'s `rust_path`s under `crate` or `super`, as far as the crate's source
/// tells; an empty list when it tells nothing wrong.
pub(crate) fn problems(spec: &Spec, site: &Site) -> Vec<Diagnostic> {
    let root_dir = site.root.parent().unwrap_or(Path::new(".")).to_path_buf();
    let Some(root) = Module::load(site.root, root_dir) else {
        return Vec::new();
    };
    // The derive must be in this crate's tree (not, say, a doctest, whose root rustdoc makes
    // up): otherwise the walk would read another crate.
    let Some(file) = root.find_file(site.invoking_file, site, 0) else {
        return Vec::new();
    };
    let Some(holder) = walk(&root, &file, site)
        .and_then(|m| m.find_struct(site.target))
        .map(|inline| [file, inline].concat())
    else {
        return Vec::new();
    };
    spec.enums
        .iter()
        .filter_map(|def| problem(def, def.rust_path.as_deref()?, &root, &holder, site))
        .collect()
}

/// `path` walked from where it starts (`crate`, or `super` = `holder`, the module holding the
/// derive): the first segment the source shows to be wrong, as a diagnostic.
fn problem(
    def: &EnumDef,
    path: &str,
    root: &Module,
    holder: &[String],
    site: &Site,
) -> Option<Diagnostic> {
    let segments: Vec<&str> = path.split("::").map(str::trim).collect();
    let supers = segments.iter().take_while(|s| **s == "super").count();
    // The module path (from the crate root) the walk starts at, and how the user wrote it.
    let (start, rest, mut written) = if segments.first() == Some(&"crate") {
        (Vec::new(), &segments[1..], "crate".to_string())
    } else if supers > 0 {
        let start = holder
            .get(..holder.len().checked_sub(supers - 1)?)?
            .to_vec();
        (start, &segments[supers..], segments[..supers].join("::"))
    } else {
        return None;
    };
    // `super` as the crate names it, for the messages.
    let anchor = (supers > 0).then(|| {
        let named: Vec<&str> = std::iter::once("crate")
            .chain(start.iter().map(String::as_str))
            .collect();
        let holding = if supers == 1 {
            format!(", the module holding `{}`", site.target)
        } else {
            String::new()
        };
        format!(" (`{}`{holding})", named.join("::"))
    });
    let (name, modules) = rest.split_last()?;
    let mut module = walk(root, &start, site)?;
    for (i, segment) in modules.iter().enumerate() {
        let shown = match (&anchor, i) {
            (Some(anchor), 0) => format!("`{written}`{anchor}"),
            _ => format!("`{written}`"),
        };
        match module.lookup(segment, site) {
            Lookup::Found(Entry::Module(child)) => module = child,
            Lookup::Found(Entry::Derived { target, spec }) if i + 1 == modules.len() => {
                let at = format!("{written}::{segment}");
                return derived_problem(def, path, name, &at, &target, spec);
            }
            Lookup::Found(
                Entry::Struct
                | Entry::Enum { .. }
                | Entry::Union
                | Entry::Trait
                | Entry::Function
                | Entry::Constant,
            ) => {
                return Some(not_a_module(def, path, &format!("{written}::{segment}")));
            }
            Lookup::Missing => {
                let names = module.module_names();
                return Some(missing(def, path, &shown, segment, &names, root, site));
            }
            _ => return None,
        }
        written = format!("{written}::{segment}");
    }
    let kind = match module.lookup(name, site) {
        Lookup::Found(Entry::Struct) => "a struct",
        Lookup::Found(Entry::Union) => "a union",
        Lookup::Found(Entry::Trait) => "a trait",
        Lookup::Found(Entry::Function) => "a function",
        Lookup::Found(Entry::Constant) => "a constant or static",
        Lookup::Found(Entry::Enum { listed: false }) => "an enum that no spec generates",
        Lookup::Found(Entry::Module(_) | Entry::Derived { .. }) => "a module",
        Lookup::Missing => {
            let shown = match &anchor {
                Some(anchor) if modules.is_empty() => format!("`{written}`{anchor}"),
                _ => format!("`{written}`"),
            };
            let names = module.module_names();
            return Some(missing(def, path, &shown, name, &names, root, site));
        }
        _ => return None,
    };
    Some(not_an_enum(def, path, kind, &module.file, root, site))
}

/// The module at `path` from the crate root, when its source is known.
fn walk(root: &Module, path: &[String], site: &Site) -> Option<Module> {
    let mut module = Module {
        file: root.file.clone(),
        child_dir: root.child_dir.clone(),
        items: root.items.clone(),
    };
    for segment in path {
        match module.lookup(segment, site) {
            Lookup::Found(Entry::Module(child)) => module = child,
            _ => return None,
        }
    }
    Some(module)
}

mod messages;
#[cfg(test)]
mod tests;
