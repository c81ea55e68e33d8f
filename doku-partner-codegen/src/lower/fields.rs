//! Lower stage: a flat dotted field table (`brands.photo_proofs.id`) → an object tree, with
//! Rust names derived and every collision reported.

use std::collections::HashMap;

use super::{
    RESERVED_TYPES, TypeName, check_rust_name_override, check_rust_type_override, lower_format,
    lower_json, text_opt, text_or_empty, unknown_choice,
};
use crate::diagnostic::{Ctxt, Diagnostic, Loc, declared_twice, did_you_mean};
use crate::load::{MAX_DEPTH, RawField, Sp, Text};
use crate::model::{ArrayItems, Field, FieldKind, FileLimits, Format, JsonType, ObjectDef, Scalar};
use crate::names;

/// What a field entry declares, once its keys are interpreted.
#[derive(Debug, Clone)]
pub(super) enum Decl {
    /// `format:`.
    Scalar(Scalar),
    /// `type: object`.
    Object,
    /// `type: array` with `items:`.
    ArrayOfScalars(Scalar),
    /// `type: array` without `items:` (objects if it gets children, else raw JSON).
    Array,
    /// Unusable (already reported); its children are skipped silently.
    Broken,
}

struct Node<'r> {
    raw: &'r RawField,
    path: &'r Sp<String>,
    decl: Decl,
    children: Vec<usize>,
}

fn scalar_of(format: &Sp<String>, raw: &RawField, cx: &mut Ctxt<'_>) -> Scalar {
    let format = lower_format(format, cx).unwrap_or(Format::String);
    let json = raw
        .json
        .as_ref()
        .and_then(|j| lower_json(j, cx))
        .unwrap_or_else(|| format.default_json());
    if let Format::CompactDateTime(_) = format {
        // 14 digits with leading zeros that matter as a date: only ever a JSON string.
        if let Some(j) = raw.json.as_ref().filter(|_| json != JsonType::String) {
            cx.emit(
                Diagnostic::error(format!("`json: {}` on a yyyyMMddHHmmss field", j.value))
                    .at(j.loc)
                    .label("a yyyyMMddHHmmss value is a JSON string")
                    .help("remove `json:` (DOKU's samples send these values as strings)"),
            );
        }
        if let Some(e) = &raw.enum_ref {
            cx.emit(
                Diagnostic::error("`enum` on a yyyyMMddHHmmss field")
                    .at(e.loc)
                    .label("a date-time is not a value set")
                    .help("remove `enum:` or the notation"),
            );
        }
        return Scalar {
            format,
            json: JsonType::String,
            enum_ref: None,
            enum_cut_off: false,
        };
    }
    Scalar {
        format,
        json,
        enum_ref: text_opt(&raw.enum_ref),
        enum_cut_off: enum_cut_off(raw, json, cx),
    }
}

/// `enum_cut_off: true`: only beside an `enum` whose values are JSON strings (a code the
/// list lost is sent as text). Whether the field is a request's is checked by the caller
/// ([`check_no_enum_cut_off`] on the response side).
fn enum_cut_off(raw: &RawField, json: JsonType, cx: &mut Ctxt<'_>) -> bool {
    let Some(flag) = raw.enum_cut_off.as_ref().filter(|f| f.value) else {
        return false;
    };
    if raw.enum_ref.is_none() {
        cx.emit(
            Diagnostic::error("`enum_cut_off` on a field without `enum`")
                .at(flag.loc)
                .label("no enum whose list could be cut off")
                .help(
                    "name the enum that lists the values the page shows (`enum: DocumentCode`), \
                     or remove `enum_cut_off`",
                ),
        );
        return false;
    }
    if json != JsonType::String {
        cx.emit(
            Diagnostic::error("`enum_cut_off` on a field sent as a number")
                .at(flag.loc)
                .label("a value the list lost is sent as text")
                .help("`enum_cut_off` applies to an enum of JSON strings: remove it or `json:`"),
        );
        return false;
    }
    true
}

/// `enum_cut_off` is refused on a response or event field: a value the spec does not list is
/// already kept there (`OrUnknown::Unknown`, reported by the conformance check).
pub(crate) fn check_no_enum_cut_off(fields: &[RawField], side: &str, cx: &mut Ctxt<'_>) {
    for raw in fields {
        if let Some(flag) = &raw.enum_cut_off {
            let path = raw.path.as_ref().map_or("", |p| p.as_str());
            cx.emit(
                Diagnostic::error(format!("`enum_cut_off` on {side} field `{path}`"))
                    .at(flag.loc)
                    .label("only a request body field sends values the list lost")
                    .help(format!(
                        "a {side} field already keeps a value the enum does not list \
                         (`OrUnknown::Unknown`, reported by the conformance check): remove \
                         `enum_cut_off`"
                    )),
            );
        }
    }
}

/// `json` and `enum` describe a scalar's value: refused on an object or an array of objects.
fn scalar_keys_not_here(cx: &mut Ctxt<'_>, raw: &RawField, path: &str) {
    let only = "a scalar or an array with `items`";
    not_here(cx, "json", &raw.json, only, path);
    not_here(cx, "enum", &raw.enum_ref, only, path);
}

fn not_here(cx: &mut Ctxt<'_>, key: &str, text: &Text, applies_to: &str, path: &str) {
    if let Some(t) = text {
        cx.emit(
            Diagnostic::error(format!(
                "`{key}` on field `{path}`, which is not {applies_to}"
            ))
            .at(t.loc)
            .label(format!("`{key}` only applies to {applies_to}")),
        );
    }
}

fn declare(raw: &RawField, path: &str, cx: &mut Ctxt<'_>) -> Decl {
    match (&raw.format, &raw.ty) {
        (Some(format), Some(ty)) => {
            cx.emit(
                Diagnostic::error(format!("field `{path}` has both `format` and `type`"))
                    .at(ty.loc)
                    .label("`type` here")
                    .secondary(format.loc, "`format` here")
                    .help("a scalar has `format:`; an object or array has `type:`"),
            );
            Decl::Broken
        }
        (None, None) => {
            // `formt: ANS(10)` was reported as an unknown key with "did you mean `format`?":
            // the entry's missing `format` is that mistake, not a second one.
            if cx.misspelled(raw.loc.pos(), "format") || cx.misspelled(raw.loc.pos(), "type") {
                return Decl::Broken;
            }
            let loc = raw.path.as_ref().map_or(raw.loc, |p| p.loc);
            cx.emit(
                Diagnostic::error(format!("field `{path}` has neither `format` nor `type`"))
                    .at(loc)
                    .label("needs `format` or `type`")
                    .help(
                        "give a scalar a `format:` (e.g. `ANS(50)`), a container \
                         `type: object` or `type: array`",
                    ),
            );
            Decl::Broken
        }
        (Some(format), None) => {
            not_here(cx, "items", &raw.items, "an array (`type: array`)", path);
            not_here(
                cx,
                "rust_type",
                &raw.rust_type,
                "an object or an array of objects",
                path,
            );
            Decl::Scalar(scalar_of(format, raw, cx))
        }
        (None, Some(ty)) => match ty.as_str() {
            "object" => {
                not_here(cx, "items", &raw.items, "an array (`type: array`)", path);
                scalar_keys_not_here(cx, raw, path);
                Decl::Object
            }
            "array" => match &raw.items {
                Some(items) => {
                    not_here(
                        cx,
                        "rust_type",
                        &raw.rust_type,
                        "an object or an array of objects",
                        path,
                    );
                    Decl::ArrayOfScalars(scalar_of(items, raw, cx))
                }
                None => {
                    scalar_keys_not_here(cx, raw, path);
                    Decl::Array
                }
            },
            _ => {
                unknown_choice(cx, "field type", ty, &["object", "array"]);
                Decl::Broken
            }
        },
    }
}

/// Builds the object tree of a field table (`root_type` is `Response` or `Body`).
pub(crate) fn build_tree(
    fields: &[RawField],
    root_type: &str,
    root_loc: Loc,
    root_what: &str,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> ObjectDef {
    types.push(TypeName {
        name: root_type.to_owned(),
        loc: root_loc,
        what: format!("the root of {root_what}"),
    });
    // First declaration of every path, to tell "declared later" from "not declared".
    let mut first_index: HashMap<&str, usize> = HashMap::new();
    for (i, f) in fields.iter().enumerate() {
        if let Some(p) = &f.path {
            first_index.entry(p.as_str()).or_insert(i);
        }
    }

    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    let mut root_children: Vec<usize> = Vec::new();
    // Undeclared parents already reported, with their report (children below it are folded in).
    let mut orphans: Vec<(String, Diagnostic)> = Vec::new();

    for (index, raw) in fields.iter().enumerate() {
        let Some(path) = &raw.path else { continue };
        let p = path.as_str();
        let segments: Vec<&str> = p.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            cx.emit(
                Diagnostic::error(format!("malformed field path `{p}`"))
                    .at(path.loc)
                    .label("empty segment")
                    .help("a path is dot-separated wire names, e.g. `brands.name`"),
            );
            continue;
        }
        if segments.len() > MAX_DEPTH {
            cx.emit(
                Diagnostic::error(format!(
                    "field path `{p}` nests deeper than {MAX_DEPTH} levels"
                ))
                .at(path.loc)
                .label("too deep"),
            );
            continue;
        }
        if let Some(first) = by_path.get(p).and_then(|&i| nodes.get(i)) {
            cx.emit(declared_twice(
                &format!("field path `{p}`"),
                path.loc,
                first.path.loc,
            ));
            continue;
        }
        let mut decl = declare(raw, p, cx);

        let parent = match p.rsplit_once('.') {
            None => None,
            Some((parent, _)) => match by_path.get(parent).copied() {
                None => {
                    let later = first_index
                        .get(parent)
                        .filter(|&&i| i > index)
                        .and_then(|&i| fields.get(i))
                        .and_then(|f| f.path.as_ref());
                    let mut d = match later {
                        Some(later) => Diagnostic::error(format!(
                            "field `{p}` comes before its parent `{parent}`"
                        ))
                        .at(path.loc)
                        .label("child declared here")
                        .secondary(later.loc, "parent declared later here")
                        .help("move the parent above its children"),
                        None => Diagnostic::error(format!(
                            "parent `{parent}` of field `{p}` is not declared"
                        ))
                        .at(path.loc)
                        .label("orphan field")
                        .help(format!(
                            "declare `{parent}` with `type: object` or `type: array` before it"
                        )),
                    };
                    if let Some(s) = did_you_mean(parent, by_path.keys().copied())
                        && later.is_none()
                    {
                        d = d.note(format!("a field `{s}` is declared; a typo?"));
                    }
                    // One misspelled parent, one error: its other children are shown in it.
                    let folded = later.is_none()
                        && orphans
                            .iter_mut()
                            .any(|(missing, first): &mut (String, Diagnostic)| {
                                let under = parent == missing.as_str()
                                    || parent
                                        .strip_prefix(missing.as_str())
                                        .is_some_and(|r| r.starts_with('.'));
                                if under {
                                    let taken = std::mem::replace(first, Diagnostic::error(""));
                                    *first = taken
                                        .secondary(path.loc, format!("also under `{missing}`"));
                                }
                                under
                            });
                    if !folded {
                        if later.is_none() {
                            orphans.push((parent.to_owned(), d));
                        } else {
                            cx.emit(d);
                        }
                    }
                    decl = Decl::Broken;
                    None
                }
                Some(parent_index) => {
                    let parent_node = nodes.get(parent_index);
                    match parent_node.map(|n| &n.decl) {
                        Some(Decl::Object | Decl::Array) => Some(parent_index),
                        Some(Decl::Scalar(s)) => {
                            let parent_loc = parent_node.map_or(Loc::UNKNOWN, |n| n.path.loc);
                            cx.emit(
                                Diagnostic::error(format!(
                                    "field `{p}` is a child of scalar field `{parent}`"
                                ))
                                .at(path.loc)
                                .label("child of a scalar")
                                .secondary(
                                    parent_loc,
                                    format!("`{parent}` has `format: {}`", s.format.doku_notation()),
                                )
                                .help(format!(
                                    "make `{parent}` a `type: object` (or `type: array`), or fix the path"
                                )),
                            );
                            decl = Decl::Broken;
                            None
                        }
                        Some(Decl::ArrayOfScalars(_)) => {
                            let parent_loc = parent_node.map_or(Loc::UNKNOWN, |n| n.path.loc);
                            cx.emit(
                                Diagnostic::error(format!(
                                    "field `{p}` is a child of `{parent}`, an array of scalars"
                                ))
                                .at(path.loc)
                                .label("child of an array with `items`")
                                .secondary(parent_loc, format!("`{parent}` has `items:`"))
                                .help(format!(
                                    "remove `items:` from `{parent}` to make it an array of objects"
                                )),
                            );
                            decl = Decl::Broken;
                            None
                        }
                        // The parent is broken (already reported): skip quietly.
                        Some(Decl::Broken) | None => {
                            decl = Decl::Broken;
                            None
                        }
                    }
                }
            },
        };

        let id = nodes.len();
        let attach = !matches!(decl, Decl::Broken);
        nodes.push(Node {
            raw,
            path,
            decl,
            children: Vec::new(),
        });
        by_path.insert(p, id);
        if attach {
            match parent {
                Some(parent_index) => {
                    if let Some(n) = nodes.get_mut(parent_index) {
                        n.children.push(id);
                    }
                }
                None if !p.contains('.') => root_children.push(id),
                None => {}
            }
        }
    }

    for (_, d) in orphans {
        cx.emit(d);
    }
    let fields = object_fields(&nodes, &root_children, root_type, 0, types, cx);
    ObjectDef {
        rust_type: root_type.to_owned(),
        path: String::new(),
        description: String::new(),
        fields,
    }
}

fn object_fields(
    nodes: &[Node<'_>],
    children: &[usize],
    owner: &str,
    depth: usize,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Vec<Field> {
    let mut out = Vec::new();
    if depth > MAX_DEPTH {
        return out;
    }
    let mut rust_names: HashMap<String, (&str, Loc)> = HashMap::new();
    for node in children.iter().filter_map(|&i| nodes.get(i)) {
        let Some(field) = field_of(nodes, node, depth, types, cx) else {
            continue;
        };
        let name_loc = node.raw.rust_name.as_ref().map_or(node.path.loc, |r| r.loc);
        if let Some((other, first)) = rust_names.get(&field.rust_name) {
            cx.emit(
                Diagnostic::error(format!(
                    "fields `{other}` and `{}` of `{owner}` are both named `{}` in Rust",
                    field.path, field.rust_name
                ))
                .at(name_loc)
                .label(format!("becomes `{}`", field.rust_name))
                .secondary(*first, format!("also becomes `{}`", field.rust_name))
                .help("set `rust_name:` on one of them"),
            );
            continue;
        }
        rust_names.insert(field.rust_name.clone(), (node.path.as_str(), name_loc));
        out.push(field);
    }
    out
}

fn object_type(node: &Node<'_>, types: &mut Vec<TypeName>, cx: &mut Ctxt<'_>) -> String {
    let (name, loc) = match &node.raw.rust_type {
        Some(t) => {
            check_rust_type_override(t, "`rust_type`", cx);
            (t.value.clone(), t.loc)
        }
        None => (
            names::type_ident_for_path(node.path.as_str()),
            node.path.loc,
        ),
    };
    types.push(TypeName {
        name: name.clone(),
        loc,
        what: match node.decl {
            Decl::Array => format!("the items of array `{}`", node.path.value),
            _ => format!("the object at `{}`", node.path.value),
        },
    });
    name
}

fn field_of(
    nodes: &[Node<'_>],
    node: &Node<'_>,
    depth: usize,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Option<Field> {
    let raw = node.raw;
    let path = node.path.as_str();
    let wire_name = path.rsplit('.').next().unwrap_or(path).to_owned();
    let rust_name = match &raw.rust_name {
        Some(r) => {
            check_rust_name_override(r, cx);
            r.value.clone()
        }
        None => names::field_ident(&wire_name),
    };
    let documented_name = raw.documented_path.as_ref().and_then(|d| {
        let last = d.value.rsplit('.').next().unwrap_or_default();
        if last.is_empty() {
            cx.emit(
                Diagnostic::error(format!("malformed `documented_path` `{}`", d.value))
                    .at(d.loc)
                    .label("empty segment"),
            );
            None
        } else if last == wire_name {
            None
        } else {
            Some(last.to_owned())
        }
    });
    let kind = match &node.decl {
        Decl::Broken => return None,
        Decl::Scalar(s) => FieldKind::Scalar(s.clone()),
        Decl::ArrayOfScalars(s) => FieldKind::Array(ArrayItems::Scalar(s.clone())),
        Decl::Object => {
            let rust_type = object_type(node, types, cx);
            let fields = object_fields(nodes, &node.children, &rust_type, depth + 1, types, cx);
            FieldKind::Object(ObjectDef {
                rust_type,
                path: path.to_owned(),
                description: text_or_empty(&raw.description),
                fields,
            })
        }
        Decl::Array if node.children.is_empty() => {
            if let Some(t) = &raw.rust_type {
                cx.emit(
                    Diagnostic::error(format!(
                        "`rust_type` on array `{path}`, which has no child fields"
                    ))
                    .at(t.loc)
                    .label("nothing to name")
                    .help("an array without children or `items` keeps its items as raw JSON"),
                );
            }
            FieldKind::Array(ArrayItems::Any)
        }
        Decl::Array => {
            let rust_type = object_type(node, types, cx);
            let fields = object_fields(nodes, &node.children, &rust_type, depth + 1, types, cx);
            FieldKind::Array(ArrayItems::Object(ObjectDef {
                rust_type,
                path: path.to_owned(),
                description: text_or_empty(&raw.description),
                fields,
            }))
        }
    };
    Some(Field {
        wire_name,
        documented_name,
        rust_name,
        path: path.to_owned(),
        optional: raw.optional.as_ref().is_some_and(|o| o.value),
        kind,
        description: text_or_empty(&raw.description),
        example: text_opt(&raw.example),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
        file: file_limits(raw, path, cx),
        same_as_request: raw.same_as_request.as_ref().is_some_and(|s| s.value),
        sensitivity: super::marks::sensitivity(raw, &node.decl, path, cx),
        pos: raw.loc.pos(),
    })
}

/// `extensions` and `max_bytes`, which only a `file` field takes.
fn file_limits(raw: &RawField, path: &str, cx: &mut Ctxt<'_>) -> Option<FileLimits> {
    let is_file = raw
        .format
        .as_ref()
        .is_some_and(|f| f.value.trim() == "file");
    if !is_file {
        if let Some(e) = raw.extensions.first() {
            not_here(cx, "extensions", &Some(e.clone()), "a `file` field", path);
        }
        if let Some(m) = &raw.max_bytes {
            cx.emit(
                Diagnostic::error(format!(
                    "`max_bytes` on field `{path}`, which is not a `file` field"
                ))
                .at(m.loc)
                .label("`max_bytes` only applies to a `file` field"),
            );
        }
        return None;
    }
    let max_bytes = raw
        .max_bytes
        .as_ref()
        .and_then(|m| match u64::try_from(m.value) {
            Ok(n) if n > 0 => Some(n),
            _ => {
                cx.emit(
                    Diagnostic::error(format!("`max_bytes` {} is not a size", m.value))
                        .at(m.loc)
                        .label("expected a positive number of bytes"),
                );
                None
            }
        });
    for ext in &raw.extensions {
        let bare = ext.value.trim_start_matches('.');
        let problem = if bare.is_empty() || !bare.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some((
                "is not a file name extension",
                "write the extension's letters and digits, e.g. `PDF`".to_owned(),
            ))
        } else if ext.value.starts_with('.') {
            Some((
                "is written with its dot",
                format!("write `{bare}`: a file name's extension is compared without the dot"),
            ))
        } else {
            None
        };
        if let Some((what, help)) = problem {
            cx.emit(
                Diagnostic::error(format!(
                    "extension `{}` of field `{path}` {what}",
                    ext.value
                ))
                .at(ext.loc)
                .label("no file would match")
                .help(help),
            );
        }
    }
    Some(FileLimits {
        extensions: raw.extensions.iter().map(|e| e.value.clone()).collect(),
        max_bytes,
    })
}

/// How to rename a type of the spec: an enum by its key, an object with `rust_type:`, a
/// `one_of` choice through the names it is made of.
fn rename_help(t: &TypeName) -> &'static str {
    if t.what.starts_with("enum ") {
        "rename the enum (its key under `enums:`)"
    } else if t.what.starts_with("the `one_of` choice") {
        "the choice is named after its object and its fields: set `rust_type:` on the object"
    } else {
        "set `rust_type:` on the field entry to another name"
    }
}

pub(crate) fn check_type_names(types: &[TypeName], generated: &[&str], cx: &mut Ctxt<'_>) {
    let mut seen: HashMap<&str, &TypeName> = HashMap::new();
    for t in types {
        // The response root is `Response` by design; anything else so named collides.
        let is_root = t.what.starts_with("the root of");
        if generated.contains(&t.name.as_str()) && !is_root {
            cx.emit(
                Diagnostic::error(format!(
                    "{} would be named `{}`, a name the generated code uses itself",
                    t.what, t.name
                ))
                .at(t.loc)
                .label("reserved by the generator")
                .help(format!(
                    "{}; reserved: {}",
                    rename_help(t),
                    generated.join(", ")
                )),
            );
            continue;
        }
        if RESERVED_TYPES.contains(&t.name.as_str()) {
            cx.emit(
                Diagnostic::error(format!(
                    "{} would be named `{}`, which shadows a standard type",
                    t.what, t.name
                ))
                .at(t.loc)
                .label("reserved type name")
                .help(rename_help(t)),
            );
            continue;
        }
        match seen.get(t.name.as_str()) {
            Some(first) => cx.emit(
                Diagnostic::error(format!(
                    "two types named `{}`: {} and {}",
                    t.name, first.what, t.what
                ))
                .at(t.loc)
                .label(format!("`{}` again here", t.name))
                .secondary(first.loc, format!("`{}` first here", t.name))
                .help(
                    match (first.what.starts_with("enum "), t.what.starts_with("enum ")) {
                        (false, false) => "set `rust_type:` on one of the two entries",
                        _ => {
                            "rename the enum (its key under `enums:`), or set `rust_type:` on \
                             the object's entry"
                        }
                    },
                ),
            ),
            None => {
                seen.insert(&t.name, t);
            }
        }
    }
}
