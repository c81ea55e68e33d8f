//! The crate's modules as their source shows them: loading a module's file, the modules it
//! declares or a derive generates, and the searches the help texts need.

use std::path::{Path, PathBuf};

use super::Cx;
use super::lookup::{Entry, derives};
use crate::model::Spec;

/// A module of the user's crate, as its source shows it.
pub(super) struct Module {
    /// The file its items are in.
    pub(super) file: PathBuf,
    /// The folder its `mod x;` children are in.
    pub(super) child_dir: PathBuf,
    pub(super) items: Vec<syn::Item>,
    /// Its path from the crate root (`crate::a::b`: `["a", "b"]`).
    pub(super) path: Vec<String>,
    /// Declared `mod name { … }` inside a file rather than being one.
    pub(super) inline: bool,
}

impl Module {
    pub(super) fn load(file: &Path, child_dir: PathBuf) -> Option<Self> {
        let source = std::fs::read_to_string(file).ok()?;
        let parsed = syn::parse_file(&source).ok()?;
        Some(Module {
            file: file.to_path_buf(),
            child_dir,
            items: parsed.items,
            path: Vec::new(),
            inline: false,
        })
    }

    pub(super) fn inline(&self, name: &str, items: &[syn::Item]) -> Module {
        Module {
            file: self.file.clone(),
            child_dir: self.child_dir.join(name),
            items: items.to_vec(),
            path: self.child_path(name),
            inline: true,
        }
    }

    /// The module `mod name;` names: `<child_dir>/name.rs` or `<child_dir>/name/mod.rs`.
    pub(super) fn child_file(&self, name: &str) -> Option<Module> {
        let flat = self.child_dir.join(format!("{name}.rs"));
        let nested = self.child_dir.join(name).join("mod.rs");
        let file = match (flat.is_file(), nested.is_file()) {
            (true, false) => flat,
            (false, true) => nested,
            _ => return None,
        };
        let mut module = Module::load(&file, self.child_dir.join(name))?;
        module.path = self.child_path(name);
        Some(module)
    }

    /// The module `#[path = "file"] mod name;` names: relative to this file's folder, or to
    /// the folder its inline modules stand for when declared inside one (the Reference's
    /// rules; a file so loaded holds its own `mod x;` children beside it). `None` for an inline
    /// `#[path] mod name { … }` (it only moves the children), or a file that does not load.
    fn path_file(&self, name: &str, attr: &syn::Attribute, inline: bool) -> Option<Module> {
        let syn::Meta::NameValue(meta) = &attr.meta else {
            return None;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(written),
            ..
        }) = &meta.value
        else {
            return None;
        };
        if inline {
            return None;
        }
        let base = if self.inline {
            self.child_dir.clone()
        } else {
            self.file.parent()?.to_path_buf()
        };
        let file = base.join(written.value());
        let mut module = Module::load(&file, file.parent()?.to_path_buf())?;
        module.path = self.child_path(name);
        Some(module)
    }

    fn child_path(&self, name: &str) -> Vec<String> {
        let mut path = self.path.clone();
        path.push(name.to_string());
        path
    }

    /// The name of the module the item declares or generates (`mod name`, or the module of a
    /// `#[derive(Endpoint)]` struct), without loading it.
    pub(super) fn module_name(item: &syn::Item) -> Option<String> {
        match item {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            syn::Item::Struct(s) if derives(&s.attrs).iter().any(|d| d == "Endpoint") => {
                Some(crate::names::snake_case(&s.ident.to_string()))
            }
            _ => None,
        }
    }

    /// The module the item declares or generates, loaded (`Module::module_name` says it has one).
    pub(super) fn module_entry(&self, item: &syn::Item, cx: &Cx) -> Entry {
        match item {
            syn::Item::Mod(m) => {
                let name = m.ident.to_string();
                let path_attr = m.attrs.iter().find(|a| a.path().is_ident("path"));
                if let Some(attr) = path_attr {
                    self.path_file(&name, attr, m.content.is_some())
                        .map_or(Entry::Unknown, Entry::Module)
                } else if let Some((_, items)) = &m.content {
                    Entry::Module(self.inline(&name, items))
                } else {
                    self.child_file(&name).map_or(Entry::Unknown, Entry::Module)
                }
            }
            syn::Item::Struct(s) => Entry::Derived {
                target: s.ident.to_string(),
                spec: derive_spec(&s.attrs, &self.file, cx).map(Box::new),
            },
            _ => Entry::Unknown,
        }
    }

    /// The modules this module holds (source and generated), for help texts.
    pub(super) fn module_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.items.iter().filter_map(Self::module_name).collect();
        names.sort();
        names.dedup();
        names
    }

    /// The module path of the inline module holding `struct target` in this file, when exactly
    /// one struct of that name is there.
    pub(super) fn find_struct(&self, target: &str) -> Option<Vec<String>> {
        let mut found = Vec::new();
        self.structs_named(target, &mut Vec::new(), &mut found);
        match found.len() {
            1 => found.pop(),
            _ => None,
        }
    }

    pub(super) fn structs_named(
        &self,
        target: &str,
        at: &mut Vec<String>,
        found: &mut Vec<Vec<String>>,
    ) {
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
    pub(super) fn find_file(&self, file: &Path, cx: &Cx, depth: usize) -> Option<Vec<String>> {
        if same_file(&self.file, file) {
            return Some(Vec::new());
        }
        if depth > 32 {
            return None;
        }
        for item in self.items.iter().filter(|i| matches!(i, syn::Item::Mod(_))) {
            if let (Some(name), Entry::Module(child)) =
                (Self::module_name(item), self.module_entry(item, cx))
                && let Some(mut rest) = child.find_file(file, cx, depth + 1)
            {
                rest.insert(0, name);
                return Some(rest);
            }
        }
        None
    }

    /// Every derive module in this module and below whose spec generates enum `name`, as
    /// `crate::…::module::name` (for help texts).
    pub(super) fn generated_enum_paths(
        &self,
        name: &str,
        prefix: &str,
        cx: &Cx,
        out: &mut Vec<String>,
    ) {
        if out.len() > 8 || prefix.matches("::").count() > 32 {
            return;
        }
        for item in &self.items {
            let Some(module) = Self::module_name(item) else {
                continue;
            };
            match self.module_entry(item, cx) {
                Entry::Module(child) => {
                    child.generated_enum_paths(name, &format!("{prefix}::{module}"), cx, out);
                }
                // The enum itself, not another spec's `rust_path` to it (nor this derive's).
                Entry::Derived {
                    spec: Some(spec),
                    target,
                } if target != cx.site.target
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

pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The spec of a `#[derive(Endpoint)]` struct declared in `file`, loaded, with the path it
/// was written with.
fn derive_spec(attrs: &[syn::Attribute], file: &Path, cx: &Cx) -> Option<(String, Spec)> {
    let (written, path) = derive_spec_path(attrs, file, cx)?;
    crate::load_spec_file(&path, &written)
        .ok()
        .map(|spec| (written, spec))
}

/// The spec path of a `#[derive(Endpoint)]` struct declared in `file`: as written, and the file
/// it resolves to (as the derive resolves it).
pub(super) fn derive_spec_path(
    attrs: &[syn::Attribute],
    file: &Path,
    cx: &Cx,
) -> Option<(String, PathBuf)> {
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
        manifest_dir: cx.site.manifest_dir.map(Path::to_path_buf),
        invoking_file: Some(file.to_path_buf()),
        crate_root: None,
    };
    let path = crate::derive::resolve(&written, &env).ok()?;
    Some((written, path))
}
