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
//! The walk follows a `use` (a re-export, with or without `as`, of an item or a module), a
//! `type` alias naming a plain path and a glob import of a module of the crate (what it brings:
//! the `pub` items, or all of an ancestor's) to the item they name (at most `aliases::MAX_HOPS`
//! of them: a cycle ends there), and reads a `#[path = "…"]` module from its file. It only says
//! "no" where the source is certain: a module whose items a macro could add to (a macro call, a
//! glob import of another crate, an attribute macro, a derive other than the standard ones,
//! serde's and doku_partner's) is left to rustc, as is a `#[path]` module whose file does not
//! load, an item under `cfg`, a `use` of another crate, a generic alias, a name two globs bring,
//! and anything after them. The derive module of another `#[derive(Endpoint)]` holds the enums
//! its spec generates.
//!
//! `modules` loads the crate's modules, `lookup` says what a name in one is (`aliases`: through
//! a `use`, `type` or glob), `in_crate` runs the walk for `doku-partner check` from every derive
//! of a spec; this file walks a path and says what is wrong with it (`messages`).

use std::cell::Cell;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::model::{EnumDef, Spec};

pub(crate) use in_crate::{crate_of, crate_problems};
use lookup::{Entry, Lookup};
use messages::{derived_problem, missing, missing_beside_macro, not_a_module, not_an_enum};
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

/// The walk's context: where the derive runs, the crate root, and how many `use`/`type` hops
/// the current lookup has followed (see `aliases::MAX_HOPS`).
struct Cx<'a> {
    site: &'a Site<'a>,
    root: &'a Module,
    hops: Cell<usize>,
    /// How many more glob imports the walk may look into (see `aliases::MAX_GLOBS`).
    globs_left: Cell<usize>,
}

/// The problems of `spec`'s `rust_path`s under `crate` or `super`, as far as the crate's source
/// tells; an empty list when it tells nothing wrong.
pub(crate) fn problems(spec: &Spec, site: &Site) -> Vec<Diagnostic> {
    problems_and_spec_enums(spec, site).0
}

/// [`problems`], and the names of `spec`'s enums whose `rust_path` the walk shows to be an
/// enum another spec generates (any other is left to rustc: `EnumDef::rust_path_unseen`).
pub(crate) fn problems_and_spec_enums(spec: &Spec, site: &Site) -> (Vec<Diagnostic>, Vec<String>) {
    let mut problems = Vec::new();
    let mut spec_enums = Vec::new();
    for (def, walked) in outcomes(spec, site) {
        match walked {
            Some(Walked::Problem(d)) => problems.push(d),
            Some(Walked::SpecEnum) => spec_enums.push(def.name.clone()),
            None => {}
        }
    }
    (problems, spec_enums)
}

/// What the walk tells of each `rust_path` of `spec` (`None`: it cannot tell).
fn outcomes<'s>(spec: &'s Spec, site: &Site) -> Vec<(&'s EnumDef, Option<Walked>)> {
    let root_dir = site.root.parent().unwrap_or(Path::new(".")).to_path_buf();
    let Some(root) = Module::load(site.root, root_dir) else {
        return Vec::new();
    };
    let cx = Cx {
        site,
        root: &root,
        hops: Cell::new(0),
        globs_left: Cell::new(aliases::MAX_GLOBS),
    };
    // The derive must be in this crate's tree (not, say, a doctest, whose root rustdoc makes
    // up): otherwise the walk would read another crate.
    let Some(file) = root.find_file(site.invoking_file, &cx, 0) else {
        return Vec::new();
    };
    let Some(holder) = walk(&cx, &file)
        .and_then(|m| m.find_struct(site.target))
        .map(|inline| [file, inline].concat())
    else {
        return Vec::new();
    };
    spec.enums
        .iter()
        .filter_map(|def| Some((def, walk_path(def, def.rust_path.as_deref()?, &cx, &holder))))
        .collect()
}

/// What the walk of a `rust_path` shows.
enum Walked {
    /// The first segment the source shows to be wrong.
    Problem(Diagnostic),
    /// An enum another spec's derive generates.
    SpecEnum,
}

/// `path` walked from where it starts (`crate`, or `super` = `holder`, the module holding the
/// derive): the first segment the source shows to be wrong, or that it is a spec's enum
/// (`None`: the source cannot tell).
fn walk_path(def: &EnumDef, path: &str, cx: &Cx, holder: &[String]) -> Option<Walked> {
    let site = cx.site;
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
    let mut module = walk(cx, &start)?;
    for (i, segment) in modules.iter().enumerate() {
        let shown = match (&anchor, i) {
            (Some(anchor), 0) => format!("`{written}`{anchor}"),
            _ => format!("`{written}`"),
        };
        let found = match module.lookup(segment, cx) {
            Lookup::Found(entry) => Lookup::Found(entry.unalias().0),
            other => other,
        };
        match found {
            Lookup::Found(Entry::Module(child)) => module = child,
            Lookup::Found(Entry::Derived { target, spec }) if i + 1 == modules.len() => {
                let at = format!("{written}::{segment}");
                let known = spec.is_some();
                return match derived_problem(def, path, name, &at, &target, spec) {
                    Some(d) => Some(Walked::Problem(d)),
                    None => known.then_some(Walked::SpecEnum),
                };
            }
            Lookup::Found(
                Entry::Struct
                | Entry::Enum { .. }
                | Entry::Union
                | Entry::Trait
                | Entry::Function
                | Entry::Constant
                | Entry::SpecEnum,
            ) => {
                let at = format!("{written}::{segment}");
                return Some(Walked::Problem(not_a_module(def, path, &at)));
            }
            Lookup::Missing => {
                let names = module.module_names();
                return Some(Walked::Problem(missing(
                    def, path, &shown, segment, &names, cx,
                )));
            }
            // A module a macro may add to. Below the first module rustc gives no fallback a
            // spec location (see spec/README.md, `rust_path`), so a name one edit (a letter
            // added, lost, changed or two swapped) from a module the source does show is taken
            // for the typo it almost surely is; anything further may be the macro's.
            Lookup::Open if i > 0 => {
                let names = module.module_names();
                return names
                    .iter()
                    .find(|name| strsim::osa_distance(name, segment) == 1)
                    .map(|near| {
                        Walked::Problem(missing_beside_macro(def, path, &shown, segment, near, cx))
                    });
            }
            _ => return None,
        }
        written = format!("{written}::{segment}");
    }
    let (found, via) = match module.lookup(name, cx) {
        Lookup::Found(entry) => {
            let (entry, via) = entry.unalias();
            (Lookup::Found(entry), via)
        }
        other => (other, None),
    };
    let kind = match found {
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
            return Some(Walked::Problem(missing(
                def, path, &shown, name, &names, cx,
            )));
        }
        Lookup::Found(Entry::SpecEnum) => return Some(Walked::SpecEnum),
        _ => return None,
    };
    let (file, via) = match via {
        Some((file, at)) => (file, Some(at)),
        None => (module.file.clone(), None),
    };
    Some(Walked::Problem(not_an_enum(
        def,
        path,
        kind,
        &file,
        via.as_deref(),
        cx,
    )))
}

/// The module at `path` from the crate root, when its source is known.
fn walk(cx: &Cx, path: &[String]) -> Option<Module> {
    let mut module = cx.root.shallow();
    for segment in path {
        match module.lookup(segment, cx) {
            Lookup::Found(entry) => match entry.unalias().0 {
                Entry::Module(child) => module = child,
                _ => return None,
            },
            _ => return None,
        }
    }
    Some(module)
}

mod aliases;
mod in_crate;
mod lookup;
mod messages;
mod modules;
#[cfg(test)]
mod tests;
