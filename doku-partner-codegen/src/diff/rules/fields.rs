//! The two field tables (request body, response): fields added, removed, made optional or
//! required, renamed, retyped, reformatted.

use super::{
    DOCS_CHANGED, Out, PERSONAL_ADDED, PERSONAL_REMOVED, REQ_ENUM_CUT_OFF_ADDED,
    REQ_ENUM_CUT_OFF_REMOVED, REQ_FIELD_ADDED_OPTIONAL, REQ_FIELD_ADDED_REQUIRED,
    REQ_FIELD_ADDED_TO_LITERAL, REQ_FIELD_REMOVED, REQ_NOW_OPTIONAL, REQ_NOW_REQUIRED,
    REQ_TYPE_CHANGED, RESP_FIELD_ADDED_OPTIONAL, RESP_FIELD_ADDED_REQUIRED, RESP_FIELD_REMOVED,
    RESP_FORMAT_CHANGED, RESP_NOW_OPTIONAL, RESP_NOW_REQUIRED, RESP_TYPE_CHANGED,
    RUST_NAME_CHANGED, RuleDef, SECRET_ADDED, SECRET_REMOVED,
};
use crate::diff::matching::{FieldAt, FieldKey, Table, field_key, fields_by_path, objects_by_path};
use crate::model::{
    ArrayItems, Field, FieldKind, FileLimits, Format, ObjectDef, Scalar, Sensitivity, Spec,
};

/// How a value's format changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormatChange {
    /// Every value the new format allows, the old one allowed too (and not the reverse).
    Narrowed,
    /// Every value the old format allowed, the new one allows too.
    Widened,
    /// Neither (`AN(20)` → `N(30)`, `string` → `date`).
    Changed,
}

impl FormatChange {
    /// `narrowed`, `widened` or `changed`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            FormatChange::Narrowed => "narrowed",
            FormatChange::Widened => "widened",
            FormatChange::Changed => "changed",
        }
    }
}

/// A format as a set of texts: a character set (digits ⊂ `AN` ⊂ `ANS` ⊂ any) and a length
/// limit (`None`: unlimited). `None` for the formats that are not such a set (dates,
/// booleans, files).
fn text_set(format: Format) -> Option<(u8, Option<u32>)> {
    let limit = |n: u32| (n > 0).then_some(n);
    Some(match format {
        Format::N(n) | Format::Int(n) => (0, limit(n)),
        Format::Numeric => (0, None),
        Format::An(n) => (1, limit(n)),
        Format::Ans(n) => (2, limit(n)),
        Format::Str(n) => (3, limit(n)),
        Format::String | Format::Text => (3, None),
        Format::Boolean
        | Format::Date
        | Format::Timestamp
        | Format::File
        | Format::CompactDateTime(_) => return None,
    })
}

/// `a` is at most `b`, `None` being unlimited.
fn at_most(a: Option<u32>, b: Option<u32>) -> bool {
    match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a <= b,
    }
}

/// How the set of values a format allows changed; `None` when it did not.
pub(crate) fn format_change(old: Format, new: Format) -> Option<FormatChange> {
    if old == new {
        return None;
    }
    let (Some((oc, ol)), Some((nc, nl))) = (text_set(old), text_set(new)) else {
        return Some(FormatChange::Changed);
    };
    if (oc, ol) == (nc, nl) {
        None
    } else if nc <= oc && at_most(nl, ol) {
        Some(FormatChange::Narrowed)
    } else if nc >= oc && at_most(ol, nl) {
        Some(FormatChange::Widened)
    } else {
        Some(FormatChange::Changed)
    }
}

/// How the files a `file` field accepts changed (`extensions`: empty is any; `max_bytes`).
fn file_change(old: &Option<FileLimits>, new: &Option<FileLimits>) -> Option<FormatChange> {
    let none = FileLimits::default();
    let (o, n) = (old.as_ref().unwrap_or(&none), new.as_ref().unwrap_or(&none));
    if o == n {
        return None;
    }
    let upper =
        |v: &[String]| -> Vec<String> { v.iter().map(|e| e.to_ascii_uppercase()).collect() };
    let (oe, ne) = (upper(&o.extensions), upper(&n.extensions));
    let subset = |a: &[String], b: &[String]| {
        b.is_empty() || (!a.is_empty() && a.iter().all(|x| b.contains(x)))
    };
    let size =
        |v: Option<u64>| v.map(|b| u32::try_from(b.min(u64::from(u32::MAX))).unwrap_or(u32::MAX));
    let narrower = subset(&ne, &oe) && at_most(size(n.max_bytes), size(o.max_bytes));
    let wider = subset(&oe, &ne) && at_most(size(o.max_bytes), size(n.max_bytes));
    Some(match (narrower, wider) {
        (true, false) => FormatChange::Narrowed,
        (false, true) => FormatChange::Widened,
        // Same sets written differently (`jpg` / `JPG`).
        (true, true) => return None,
        (false, false) => FormatChange::Changed,
    })
}

/// The rules of one table, by kind of change.
struct TableRules {
    removed: RuleDef,
    now_required: RuleDef,
    now_optional: RuleDef,
    type_changed: RuleDef,
}

fn table_rules(table: Table) -> TableRules {
    match table {
        Table::Body => TableRules {
            removed: REQ_FIELD_REMOVED,
            now_required: REQ_NOW_REQUIRED,
            now_optional: REQ_NOW_OPTIONAL,
            type_changed: REQ_TYPE_CHANGED,
        },
        Table::Response => TableRules {
            removed: RESP_FIELD_REMOVED,
            now_required: RESP_NOW_REQUIRED,
            now_optional: RESP_NOW_OPTIONAL,
            type_changed: RESP_TYPE_CHANGED,
        },
    }
}

pub(super) fn compare(out: &mut Out<'_>) {
    let (old_side, new_side) = (out.old, out.new);
    if let (Some(ob), Some(nb)) = (&old_side.spec.body, &new_side.spec.body)
        && ob.multipart == nb.multipart
    {
        table(out, Table::Body, &ob.root, &nb.root);
        super::body_rules::compare(out, ob, nb);
        let loc = new_side
            .raw
            .body
            .as_ref()
            .map_or(new_side.raw.loc, |b| b.loc);
        if !same_examples(&ob.examples, &nb.examples) {
            let msg = "request samples list changed".to_owned();
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
    }
    let (or, nr) = (&old_side.spec.response, &new_side.spec.response);
    table(out, Table::Response, &or.root, &nr.root);
    if !same_examples(&or.examples, &nr.examples) {
        // An incoming spec's samples are its `event`'s.
        let loc = new_side
            .raw
            .response
            .as_ref()
            .or(new_side.raw.event.as_ref())
            .map_or(new_side.raw.loc, |r| r.loc);
        let msg = "response samples list changed".to_owned();
        out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
    }
    super::enums::compare(out);
}

/// Whether two sample lists say the same (positions aside: lines move when others change).
fn same_examples(old: &[crate::model::Example], new: &[crate::model::Example]) -> bool {
    let key = |e: &crate::model::Example| {
        (
            e.name.clone(),
            e.file.clone(),
            e.description.clone(),
            e.notes.clone(),
            e.partial,
            e.breaks.clone(),
            e.cut_off,
        )
    };
    old.iter().map(key).eq(new.iter().map(key))
}

/// `module::table::Struct::field` of a field, in one version's module.
fn field_item(spec: &Spec, table: Table, at: &FieldAt<'_>) -> String {
    // A field of a `one_of` rule is a variant of the rule's enum, not a struct field.
    let choice = spec
        .body
        .as_ref()
        .filter(|_| table == Table::Body)
        .and_then(|b| {
            b.choices
                .iter()
                .find(|c| c.object == at.parent.path && c.fields.contains(&at.field.wire_name))
        });
    if let Some(choice) = choice {
        return format!(
            "{}::body::{}::{}",
            spec.name,
            choice.rust_type,
            crate::names::variant_ident(&at.field.wire_name)
        );
    }
    format!(
        "{}::{}::{}::{}",
        spec.name,
        table.module(),
        at.parent.rust_type,
        at.field.rust_name
    )
}

fn struct_item(spec: &Spec, table: Table, object: &ObjectDef) -> String {
    format!("{}::{}::{}", spec.name, table.module(), object.rust_type)
}

/// The object a field holds (itself or as array items).
fn object_of(field: &Field) -> Option<&ObjectDef> {
    match &field.kind {
        FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => Some(o),
        _ => None,
    }
}

fn describe(field: &Field) -> String {
    match &field.kind {
        FieldKind::Scalar(s) => s.format.doku_notation(),
        FieldKind::Object(_) => "object".to_owned(),
        FieldKind::Array(ArrayItems::Object(_)) => "array of objects".to_owned(),
        FieldKind::Array(ArrayItems::Scalar(s)) => format!("array of {}", s.format.doku_notation()),
        FieldKind::Array(ArrayItems::Any) => "array".to_owned(),
    }
}

/// Compares two versions of one table (or of a union variant's own fields, diff/rules/union.rs).
pub(super) fn table(out: &mut Out<'_>, table: Table, old_root: &ObjectDef, new_root: &ObjectDef) {
    let (old_side, new_side) = (out.old, out.new);
    let old_fields = fields_by_path(old_root);
    let new_fields = fields_by_path(new_root);
    let old_objects = objects_by_path(old_root);
    let new_objects = objects_by_path(new_root);
    let side = table.side();
    let rules = table_rules(table);

    for (path, n) in &new_fields {
        // A field inside a new object is part of that object's finding.
        if old_fields.contains_key(path) || !old_objects.contains_key(n.parent.path.as_str()) {
            continue;
        }
        let f = n.field;
        let loc = field_key(&new_side.raw, table, f, FieldKey::Entry);
        let mut rust = vec![field_item(&new_side.spec, table, n)];
        if let Some(o) = object_of(f) {
            rust.push(struct_item(&new_side.spec, table, o));
        }
        let what = describe(f);
        let parent_new = format!("{}::new", struct_item(&new_side.spec, table, n.parent));
        let (rule, msg) = match (table, f.optional) {
            (Table::Response, true) => (
                RESP_FIELD_ADDED_OPTIONAL,
                format!("new optional response field `{path}` ({what})"),
            ),
            (Table::Response, false) => (
                RESP_FIELD_ADDED_REQUIRED,
                format!(
                    "new required response field `{path}` ({what}): a reply without it no longer decodes"
                ),
            ),
            (Table::Body, false) => {
                if out.new_items.contains_key(&parent_new) {
                    rust.push(parent_new);
                }
                (
                    REQ_FIELD_ADDED_REQUIRED,
                    format!(
                        "new required request field `{path}` ({what}): requests without it are refused"
                    ),
                )
            }
            (Table::Body, true) if out.new_items.contains_key(&parent_new) => {
                let setter = format!(
                    "{}::with_{}",
                    struct_item(&new_side.spec, table, n.parent),
                    f.rust_name
                );
                if out.new_items.contains_key(&setter) {
                    rust.push(setter);
                }
                (
                    REQ_FIELD_ADDED_OPTIONAL,
                    format!("new optional request field `{path}` ({what})"),
                )
            }
            (Table::Body, true) => (
                REQ_FIELD_ADDED_TO_LITERAL,
                format!(
                    "new optional request field `{path}` ({what}) in `{}`, which has no `new`: struct literals must name it",
                    n.parent.rust_type
                ),
            ),
        };
        out.new_at(rule, loc, msg, rust);
    }
    for (path, o) in &old_fields {
        if new_fields.contains_key(path) || !new_objects.contains_key(o.parent.path.as_str()) {
            continue;
        }
        let loc = field_key(&old_side.raw, table, o.field, FieldKey::Entry);
        let mut rust = vec![field_item(&old_side.spec, table, o)];
        if let Some(obj) = object_of(o.field) {
            rust.push(struct_item(&old_side.spec, table, obj));
        }
        let msg = format!("{side} field `{path}` removed");
        out.old_at(rules.removed, loc, msg, rust);
    }
    for (path, o) in &old_fields {
        if let Some(n) = new_fields.get(path) {
            field_pair(out, table, &rules, o, n);
        }
    }
}

fn field_pair(
    out: &mut Out<'_>,
    table: Table,
    rules: &TableRules,
    o: &FieldAt<'_>,
    n: &FieldAt<'_>,
) {
    let (old_side, new_side) = (out.old, out.new);
    let (of, nf) = (o.field, n.field);
    let raw = &new_side.raw;
    let path = &nf.path;
    let side = table.side();
    let old_item = field_item(&old_side.spec, table, o);
    let new_item = field_item(&new_side.spec, table, n);
    let (old_ty, new_ty) = out.types(&old_item, &new_item);
    let (old_ty, new_ty) = (
        old_ty.unwrap_or("?").to_owned(),
        new_ty.unwrap_or("?").to_owned(),
    );
    let rust = if old_item == new_item {
        vec![new_item.clone()]
    } else {
        vec![old_item.clone(), new_item.clone()]
    };

    if of.optional != nf.optional {
        let loc = field_key(raw, table, nf, FieldKey::Optional);
        let (rule, msg) = if nf.optional {
            (
                rules.now_optional,
                format!("{side} field `{path}` is now optional: `{old_ty}` → `{new_ty}`"),
            )
        } else {
            let why = match table {
                Table::Body => "requests without it are refused",
                Table::Response => "a reply without it no longer decodes",
            };
            (
                rules.now_required,
                format!("{side} field `{path}` is now required ({why}): `{old_ty}` → `{new_ty}`"),
            )
        };
        out.new_at(rule, loc, msg, rust.clone());
    }
    if of.rust_name != nf.rust_name {
        let loc = field_key(raw, table, nf, FieldKey::RustName);
        let msg = format!(
            "{side} field `{path}`: Rust name `{}` → `{}`",
            of.rust_name, nf.rust_name
        );
        out.new_at(RUST_NAME_CHANGED, loc, msg, rust.clone());
    }
    let scalar = |f: &'_ Field| -> Option<(Scalar, bool)> {
        match &f.kind {
            FieldKind::Scalar(s) => Some((s.clone(), false)),
            FieldKind::Array(ArrayItems::Scalar(s)) => Some((s.clone(), true)),
            _ => None,
        }
    };
    match (scalar(of), scalar(nf)) {
        (Some((os, oa)), Some((ns, na))) if oa == na => {
            if os.json != ns.json || os.enum_ref != ns.enum_ref {
                let key = if os.enum_ref != ns.enum_ref {
                    FieldKey::Enum
                } else {
                    FieldKey::Json
                };
                let loc = field_key(raw, table, nf, key);
                let msg = format!("{side} field `{path}`: type `{old_ty}` → `{new_ty}`");
                out.new_at(rules.type_changed, loc, msg, rust.clone());
            } else if os.enum_cut_off != ns.enum_cut_off {
                // Only a body field can be cut off (the loader refuses it on a response).
                let loc = field_key(raw, table, nf, FieldKey::Enum);
                let (rule, what) = if ns.enum_cut_off {
                    (
                        REQ_ENUM_CUT_OFF_ADDED,
                        "now sends values its cut-off list lost",
                    )
                } else {
                    (
                        REQ_ENUM_CUT_OFF_REMOVED,
                        "no longer sends values outside its list",
                    )
                };
                let msg = format!("{side} field `{path}`: {what}: `{old_ty}` → `{new_ty}`");
                out.new_at(rule, loc, msg, rust.clone());
            } else if os.format != ns.format || (ns.format == Format::File && of.file != nf.file) {
                let change = if ns.format == Format::File && os.format == Format::File {
                    file_change(&of.file, &nf.file)
                } else {
                    format_change(os.format, ns.format)
                };
                if let Some(change) = change {
                    scalar_format(
                        out,
                        table,
                        rules,
                        (of, nf, &os, &ns),
                        change,
                        (&old_ty, &new_ty),
                        &rust,
                    );
                }
            }
        }
        (None, None) => {
            if let (Some(oo), Some(no)) = (object_of(of), object_of(nf)) {
                let shape_same = matches!(
                    (&of.kind, &nf.kind),
                    (FieldKind::Object(_), FieldKind::Object(_))
                        | (FieldKind::Array(_), FieldKind::Array(_))
                );
                if !shape_same {
                    let loc = field_key(raw, table, nf, FieldKey::Format);
                    let msg = format!(
                        "{side} field `{path}`: {} → {}: `{old_ty}` → `{new_ty}`",
                        describe(of),
                        describe(nf)
                    );
                    out.new_at(rules.type_changed, loc, msg, rust.clone());
                } else if oo.rust_type != no.rust_type {
                    let loc = field_key(raw, table, nf, FieldKey::RustName);
                    let msg = format!(
                        "{side} object `{path}`: struct `{}` → `{}`",
                        oo.rust_type, no.rust_type
                    );
                    let rust = vec![
                        struct_item(&old_side.spec, table, oo),
                        struct_item(&new_side.spec, table, no),
                    ];
                    out.new_at(RUST_NAME_CHANGED, loc, msg, rust);
                }
            } else if describe(of) != describe(nf) {
                let loc = field_key(raw, table, nf, FieldKey::Format);
                let msg = format!("{side} field `{path}`: {} → {}", describe(of), describe(nf));
                out.new_at(rules.type_changed, loc, msg, rust.clone());
            }
        }
        _ => {
            let loc = field_key(raw, table, nf, FieldKey::Format);
            let msg = format!(
                "{side} field `{path}`: {} → {}: `{old_ty}` → `{new_ty}`",
                describe(of),
                describe(nf)
            );
            out.new_at(rules.type_changed, loc, msg, rust.clone());
        }
    }
    sensitivity(out, table, (of, nf), (&old_ty, &new_ty), &rust);
    let docs_same = of.description == nf.description
        && of.example == nf.example
        && of.notes == nf.notes
        && of.documented_name == nf.documented_name
        && of.same_as_request == nf.same_as_request;
    if !docs_same {
        let loc = field_key(raw, table, nf, FieldKey::Entry);
        let msg = format!(
            "{side} field `{path}`: description, example, notes, documented name or same_as_request changed"
        );
        out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
    }
}

/// A scalar whose JSON type and enum stayed: its format changed.
fn scalar_format(
    out: &mut Out<'_>,
    table: Table,
    rules: &TableRules,
    (of, nf, os, ns): (&Field, &Field, &Scalar, &Scalar),
    change: FormatChange,
    (old_ty, new_ty): (&str, &str),
    rust: &[String],
) {
    let extensions = |f: &Field| f.file.as_ref().map(|l| l.extensions.clone());
    let key = match (os.format, ns.format) {
        (Format::File, Format::File) if extensions(of) != extensions(nf) => FieldKey::Extensions,
        (Format::File, Format::File) => FieldKey::MaxBytes,
        _ => FieldKey::Format,
    };
    let loc = field_key(&out.new.raw, table, nf, key);
    let path = &nf.path;
    let shown = |f: &Field, s: &Scalar| match (&f.file, s.format) {
        (Some(limits), Format::File) => format!(
            "file [{}]{}",
            limits.extensions.join(", "),
            limits
                .max_bytes
                .map(|b| format!(" ≤ {b} bytes"))
                .unwrap_or_default()
        ),
        _ => s.format.doku_notation(),
    };
    let what = format!("{} → {}", shown(of, os), shown(nf, ns));
    match table {
        Table::Body if ns.enum_ref.is_some() => {
            // An enum field sends its values, whatever the documented format says.
            let msg =
                format!("request field `{path}`: documented format {what} (an enum: docs only)");
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
        Table::Body => {
            let types = if old_ty == new_ty {
                String::new()
            } else {
                format!(": `{old_ty}` → `{new_ty}`")
            };
            let msg = format!(
                "request field `{path}`: format {what} ({}){types}",
                change.word()
            );
            let rule = change.request_rule(old_ty != new_ty);
            out.new_at(rule, loc, msg, rust.to_vec());
        }
        Table::Response if old_ty != new_ty => {
            let msg = format!("response field `{path}`: format {what}: `{old_ty}` → `{new_ty}`");
            out.new_at(rules.type_changed, loc, msg, rust.to_vec());
        }
        Table::Response => {
            let msg = format!(
                "response field `{path}`: documented format {what} ({}); decoding unchanged, the conformance check follows",
                change.word()
            );
            out.new_at(RESP_FORMAT_CHANGED, loc, msg, rust.to_vec());
        }
    }
}

/// The `secret` and `personal` marks of a field in two versions.
fn sensitivity(
    out: &mut Out<'_>,
    table: Table,
    (of, nf): (&Field, &Field),
    (old_ty, new_ty): (&str, &str),
    rust: &[String],
) {
    let secret = |f: &Field| match &f.sensitivity {
        Some(Sensitivity::Secret(why)) => Some(why.clone()),
        _ => None,
    };
    let personal = |f: &Field| match &f.sensitivity {
        Some(Sensitivity::Personal(why)) => Some(why.clone()),
        _ => None,
    };
    let loc = field_key(&out.new.raw, table, nf, FieldKey::Sensitivity);
    let (side, path) = (table.side(), &nf.path);
    let types = if old_ty == new_ty {
        String::new()
    } else {
        format!(": `{old_ty}` → `{new_ty}`")
    };
    match (secret(of), secret(nf)) {
        (None, Some(why)) => {
            let msg = format!("{side} field `{path}` is now a secret ({why}){types}");
            out.new_at(SECRET_ADDED, loc, msg, rust.to_vec());
        }
        (Some(_), None) => {
            let printed = if personal(nf).is_some() {
                "masked as personal data where printed"
            } else {
                "it is printed again"
            };
            let msg = format!("{side} field `{path}` is no longer a secret: {printed}{types}");
            out.new_at(SECRET_REMOVED, loc, msg, rust.to_vec());
        }
        (Some(o), Some(n)) if o != n => {
            let msg = format!("{side} field `{path}`: the reason it is a secret changed");
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
        _ => {}
    }
    match (personal(of), personal(nf)) {
        (None, Some(why)) => {
            let msg =
                format!("{side} field `{path}` is now personal data ({why}): masked where printed");
            out.new_at(PERSONAL_ADDED, loc, msg, rust.to_vec());
        }
        // Now a secret: hidden more, not less; the secret's finding says so.
        (Some(_), None) if secret(nf).is_some() => {}
        (Some(_), None) => {
            let msg =
                format!("{side} field `{path}` is no longer personal data: printed unmasked again");
            out.new_at(PERSONAL_REMOVED, loc, msg, rust.to_vec());
        }
        (Some(o), Some(n)) if o != n => {
            let msg = format!("{side} field `{path}`: the reason it is personal data changed");
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
        _ => {}
    }
}
