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

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::{EnumDef, Spec};

use lookup::{Entry, Lookup};
use messages::{derived_problem, missing, not_a_module, not_an_enum};
use modules::Module;

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

mod lookup;
mod messages;
mod modules;
#[cfg(test)]
mod tests;
