//! The walk for `doku-partner check`: the spec's `rust_path`s checked from every
//! `#[derive(Endpoint)]` of a crate that derives on it, as the derive itself would check them.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use super::aliases;
use super::lookup::{Entry, derives};
use super::modules::{Module, derive_spec_path, same_file};
use super::{Cx, Site, problems};
use crate::diagnostic::Diagnostic;
use crate::model::Spec;

/// The roots `cargo` compiles by default: the library, then the binary.
const ROOTS: [&str; 2] = ["src/lib.rs", "src/main.rs"];

/// The crate holding `spec_file`: the nearest folder upward with a `Cargo.toml` and a default
/// root (`src/lib.rs` or `src/main.rs`).
pub(crate) fn crate_of(spec_file: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(spec_file).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| {
            dir.join("Cargo.toml").is_file() && ROOTS.iter().any(|root| dir.join(root).is_file())
        })
        .map(Path::to_path_buf)
}

/// The problems of `spec`'s `rust_path`s under `crate` or `super`, from each derive of the
/// crate in `crate_dir` whose `spec = "…"` is `spec_file`; none when no derive names it.
pub(crate) fn crate_problems(spec: &Spec, spec_file: &Path, crate_dir: &Path) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut rendered: Vec<String> = Vec::new();
    for root in ROOTS.map(|r| crate_dir.join(r)) {
        if !root.is_file() {
            continue;
        }
        for (file, target) in derives_of(spec_file, &root, crate_dir) {
            let site = Site {
                root: &root,
                invoking_file: &file,
                manifest_dir: Some(crate_dir),
                target: &target,
            };
            // Two derives on one spec (or a library and a binary) find the same mistakes.
            for problem in problems(spec, &site) {
                let text = problem.render();
                if !rendered.contains(&text) {
                    rendered.push(text);
                    found.push(problem);
                }
            }
        }
    }
    found
}

/// Every `#[derive(Endpoint)]` struct of the crate rooted at `root` whose spec is `spec_file`:
/// the file it is declared in and its name.
fn derives_of(spec_file: &Path, root: &Path, crate_dir: &Path) -> Vec<(PathBuf, String)> {
    let root_dir = root.parent().unwrap_or(Path::new(".")).to_path_buf();
    let Some(module) = Module::load(root, root_dir) else {
        return Vec::new();
    };
    // Only the loading of modules and of the spec paths reads the site.
    let site = Site {
        root,
        invoking_file: root,
        manifest_dir: Some(crate_dir),
        target: "",
    };
    let cx = Cx {
        site: &site,
        root: &module,
        hops: Cell::new(0),
        globs_left: Cell::new(aliases::MAX_GLOBS),
    };
    let mut found = Vec::new();
    collect(&module, spec_file, &cx, 0, &mut found);
    found
}

fn collect(
    module: &Module,
    spec_file: &Path,
    cx: &Cx,
    depth: usize,
    out: &mut Vec<(PathBuf, String)>,
) {
    if depth > 32 {
        return;
    }
    for item in &module.items {
        match item {
            syn::Item::Struct(s)
                if derives(&s.attrs).iter().any(|d| d == "Endpoint")
                    && derive_spec_path(&s.attrs, &module.file, cx)
                        .is_some_and(|(_, path)| same_file(&path, spec_file)) =>
            {
                out.push((module.file.clone(), s.ident.to_string()));
            }
            syn::Item::Mod(_) => {
                if let Entry::Module(child) = module.module_entry(item, cx) {
                    collect(&child, spec_file, cx, depth + 1, out);
                }
            }
            _ => {}
        }
    }
}
