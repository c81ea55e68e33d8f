//! The diagnostics of the walk: each at the enum's line, with what the crate holds instead.

use std::path::Path;

use super::Cx;
use crate::diagnostic::{self, Diagnostic, Loc};
use crate::model::{EnumDef, Spec};

fn loc(def: &EnumDef) -> Loc {
    let width = u32::try_from(def.name.chars().count()).unwrap_or(1);
    Loc::new(def.pos.line, def.pos.column, width)
}

/// The note every error here ends with: what a `rust_path` is.
const WHAT_IT_IS: &str = "a `rust_path` names the enum another spec generates, in the module \
     its `#[derive(Endpoint)]` generates (named after the deriving struct)";

/// Where enums named `name` are generated in the crate, as a help.
fn where_generated(name: &str, cx: &Cx) -> Option<String> {
    let mut found = Vec::new();
    cx.root.generated_enum_paths(name, "crate", cx, &mut found);
    let found: Vec<String> = found.iter().map(|p| format!("`{p}`")).collect();
    match found.as_slice() {
        [] => None,
        [one] => Some(format!("this crate's derives generate `{name}` at {one}")),
        _ => Some(format!(
            "this crate's derives generate `{name}` at {}",
            found.join(", ")
        )),
    }
}

pub(super) fn missing(
    def: &EnumDef,
    path: &str,
    module: &str,
    segment: &str,
    names: &[String],
    cx: &Cx,
) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "`rust_path` `{path}` names nothing: module {module} holds no `{segment}`"
    ))
    .at(loc(def))
    .label("`rust_path` of this enum")
    .note(WHAT_IT_IS);
    let generated = where_generated(&def.name, cx);
    let near = diagnostic::did_you_mean(segment, names.iter().map(String::as_str));
    match (near, generated) {
        (Some(near), generated) => {
            d = d.help(format!("did you mean `{near}`?"));
            if let Some(generated) = generated {
                d = d.note(generated);
            }
        }
        (None, Some(generated)) => d = d.help(generated),
        (None, None) if !names.is_empty() => {
            let listed: Vec<&str> = names.iter().map(String::as_str).collect();
            d = d.help(format!(
                "the modules there are {}",
                diagnostic::list_or(&listed)
            ));
        }
        (None, None) => {}
    }
    d
}

/// A module segment missing from a module whose source may not show all it holds (a macro
/// call), where a module it does show is a near miss.
pub(super) fn missing_beside_macro(
    def: &EnumDef,
    path: &str,
    module: &str,
    segment: &str,
    near: &str,
    cx: &Cx,
) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "`rust_path` `{path}` names nothing the source shows: module {module} holds no \
         `{segment}`"
    ))
    .at(loc(def))
    .label("`rust_path` of this enum")
    .help(format!("did you mean `{near}`?"))
    .note(format!(
        "module {module} calls a macro, which could declare `{segment}`; a name this close to \
         `{near}`, which the source shows, is taken for a typo of it"
    ))
    .note(WHAT_IT_IS);
    if let Some(generated) = where_generated(&def.name, cx) {
        d = d.note(generated);
    }
    d
}

pub(super) fn not_a_module(def: &EnumDef, path: &str, item: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "`rust_path` `{path}` names nothing: `{item}` is no module"
    ))
    .at(loc(def))
    .label("`rust_path` of this enum")
    .note(WHAT_IT_IS)
}

pub(super) fn not_an_enum(
    def: &EnumDef,
    path: &str,
    kind: &str,
    file: &Path,
    via: Option<&str>,
    cx: &Cx,
) -> Diagnostic {
    let shown = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Through a re-export or alias: the item it names, where it is declared.
    let at = match via {
        Some(via) => format!("`{via}`, in `{shown}`"),
        None => format!("in `{shown}`"),
    };
    let d = Diagnostic::error(format!(
        "`rust_path` `{path}` names {kind} ({at}), not an enum generated from a spec"
    ))
    .at(loc(def))
    .label("`rust_path` of this enum")
    .note(WHAT_IT_IS);
    match where_generated(&def.name, cx) {
        Some(help) => d.help(help),
        None => d.help(format!(
            "drop `rust_path` to generate `{}` here, or name the enum of another spec's derive",
            def.name
        )),
    }
}

/// `module::name` where `module` is what the derive of `target` generates.
pub(super) fn derived_problem(
    def: &EnumDef,
    path: &str,
    name: &str,
    module: &str,
    target: &str,
    spec: Option<Box<(String, Spec)>>,
) -> Option<Diagnostic> {
    let (file, spec) = *spec?;
    let enums = crate::shared_enums::enums_of(&spec);
    if enums.iter().any(|(n, _)| *n == name) {
        return None;
    }
    let listed: Vec<&str> = enums.iter().map(|(n, _)| *n).collect();
    let mut d = Diagnostic::error(format!(
        "`rust_path` `{path}` names nothing: `{module}`, the module of `{target}`'s derive \
         (spec `{file}`), holds no enum `{name}`"
    ))
    .at(loc(def))
    .label("`rust_path` of this enum")
    .note(WHAT_IT_IS);
    d = if let Some(near) = diagnostic::did_you_mean(name, listed.iter().copied()) {
        d.help(format!("did you mean `{near}`?"))
    } else if listed.is_empty() {
        d.note(format!("`{file}` generates no enum"))
    } else {
        d.note(format!(
            "`{file}` generates {}",
            diagnostic::list_or(&listed)
        ))
    };
    Some(d)
}
