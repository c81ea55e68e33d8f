//! Lower stage, request half: the body (its field tree in a namespace of its own, its rules,
//! its samples, a multipart form's files). The headers the caller supplies and the token a
//! response issues are lowered with the other headers, in `params`.

use super::{BODY_TYPE, TypeName, build_tree, check_type_names, text_or_empty};
use crate::diagnostic::{Ctxt, Diagnostic, Loc, declared_twice, did_you_mean};
use crate::load::{RawBody, RawBodyRule, Sp};
use crate::model::{
    ArrayItems, Body, BodyRule, BodyRuleKind, Choice, EnumDef, Field, FieldKind, JsonType, Limit,
    Method, ObjectDef,
};

/// The media type of a JSON body.
pub const JSON: &str = "application/json";
/// The media type of a multipart body (its boundary is chosen per request).
pub const MULTIPART: &str = "multipart/form-data";

pub(super) fn lower_body(
    raw: &RawBody,
    method: Method,
    enums: &[EnumDef],
    cx: &mut Ctxt<'_>,
) -> Body {
    if matches!(method, Method::Get | Method::Delete) {
        cx.emit(
            Diagnostic::error(format!("a {} request has no body", method.as_str()))
                .at(raw.key_loc)
                .label("`body` here")
                .help("remove `body:`, or set `method:` to POST, PUT or PATCH"),
        );
    }
    // The body has a module of its own, so its type names only have to be unique among
    // themselves (a body `Business` and a response `Business` do not collide).
    let mut types: Vec<TypeName> = Vec::new();
    let root = build_tree(&raw.fields, BODY_TYPE, raw.loc, "the body", &mut types, cx);
    let rules: Vec<BodyRule> = raw
        .rules
        .iter()
        .filter_map(|r| lower_rule(r, &root, enums, cx))
        .collect();
    let choices = choices(&rules, &root, &mut types, cx);
    check_type_names(&types, &[], cx);
    let multipart = match raw.encoding.as_ref().map(|e| e.as_str()) {
        None | Some("json") => false,
        Some("multipart") => true,
        Some(_) => {
            if let Some(e) = &raw.encoding {
                super::unknown_choice(cx, "body encoding", e, &["json", "multipart"]);
            }
            false
        }
    };
    let digest = match (&raw.digest, multipart) {
        (None, _) => true,
        (Some(d), false) => {
            cx.emit(
                Diagnostic::error("`digest` is only for a multipart body")
                    .at(d.loc)
                    .label("a JSON body is always digested")
                    .help("remove it, or set `encoding: multipart`"),
            );
            true
        }
        (Some(d), true) => match d.as_str() {
            "body" => true,
            "none" => false,
            _ => {
                super::unknown_choice(cx, "digest", d, &["body", "none"]);
                true
            }
        },
    };
    if multipart {
        check_form_fields(&root, cx);
    } else {
        refuse_files(&root, "a JSON body", cx);
    }
    Body {
        content_type: if multipart { MULTIPART } else { JSON }.to_owned(),
        multipart,
        digest,
        description: text_or_empty(&raw.description),
        notes: raw.notes.iter().map(|n| n.value.clone()).collect(),
        root,
        rules,
        examples: raw.examples.iter().map(super::lower_example).collect(),
        choices,
    }
}

/// The `one_of` rules that become an enum field: their fields are all scalars, and no other
/// rule names them (a `when`/`then`/`require` needs the fields where they are).
fn choices(
    rules: &[BodyRule],
    root: &ObjectDef,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Vec<Choice> {
    let named_elsewhere = |object: &str, field: &str| {
        let full = if object.is_empty() {
            field.to_owned()
        } else {
            format!("{object}.{field}")
        };
        rules.iter().any(|r| {
            !matches!(r.kind, BodyRuleKind::ExactlyOne { .. }) && r.full_paths().contains(&full)
        })
    };
    let mut out: Vec<Choice> = Vec::new();
    for rule in rules {
        let BodyRuleKind::ExactlyOne { fields } = &rule.kind else {
            continue;
        };
        let object = if rule.object.is_empty() {
            Some(root)
        } else {
            match find_field(root, &rule.object).map(|f| &f.kind) {
                Some(FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o))) => Some(o),
                _ => None,
            }
        };
        let Some(object) = object else { continue };
        let members: Vec<&Field> = fields
            .iter()
            .filter_map(|f| object.fields.iter().find(|x| &x.wire_name == f))
            .collect();
        let shapeable = members.len() == fields.len()
            && members
                .iter()
                .all(|f| matches!(f.kind, FieldKind::Scalar(_)))
            && !fields.iter().any(|f| named_elsewhere(&rule.object, f))
            && !out
                .iter()
                .any(|c| c.object == rule.object && c.fields.iter().any(|f| fields.contains(f)))
            && distinct_variants(fields);
        if !shapeable {
            continue;
        }
        let rust_type = format!(
            "{}{}",
            object.rust_type,
            fields
                .iter()
                .map(|f| crate::names::pascal_case(f))
                .collect::<Vec<_>>()
                .join("Or")
        );
        let rust_name = members
            .iter()
            .map(|f| f.rust_name.trim_end_matches('_'))
            .collect::<Vec<_>>()
            .join("_or_");
        let loc = Loc::new(rule.pos.line, rule.pos.column, 1);
        if let Some(other) = object.fields.iter().find(|f| f.rust_name == rust_name) {
            cx.emit(
                Diagnostic::error(format!(
                    "`one_of` would be the field `{rust_name}`, which `{}` already is",
                    other.path
                ))
                .at(loc)
                .label("name collision")
                .help(format!("set `rust_name:` on `{}`", other.path)),
            );
            continue;
        }
        types.push(TypeName {
            name: rust_type.clone(),
            loc,
            what: format!("the `one_of` choice of {}", fields.join(", ")),
        });
        out.push(Choice {
            object: rule.object.clone(),
            fields: fields.clone(),
            rust_type,
            rust_name,
        });
    }
    out
}

/// Whether the variants a choice enum would get (one per member, named after its wire name)
/// are all different: `code` and `code_` would both be `Code`, so such a `one_of` is checked
/// instead of shaped.
fn distinct_variants(fields: &[String]) -> bool {
    let variants: Vec<String> = fields
        .iter()
        .map(|f| crate::names::variant_ident(f))
        .collect();
    variants
        .iter()
        .enumerate()
        .all(|(i, v)| !variants[..i].contains(v))
}

/// A multipart form is flat: text parts and file parts at the root.
fn check_form_fields(root: &ObjectDef, cx: &mut Ctxt<'_>) {
    for field in &root.fields {
        let text_or_file = matches!(&field.kind, FieldKind::Scalar(s)
            if s.json == JsonType::String && s.format != crate::model::Format::Boolean);
        if !text_or_file {
            cx.emit(
                Diagnostic::error(format!(
                    "multipart field `{}` is not a text or file part",
                    field.path
                ))
                .at(Loc::new(field.pos.line, field.pos.column, 1))
                .label("an object or array here")
                .help("a form's fields are flat: give each `format: text` (or an enum) or `format: file`"),
            );
        }
    }
}

/// `file` fields anywhere in `object`, which `what` cannot carry.
pub(super) fn refuse_files(object: &ObjectDef, what: &str, cx: &mut Ctxt<'_>) {
    for field in &object.fields {
        match &field.kind {
            FieldKind::Scalar(s) if s.format == crate::model::Format::File => cx.emit(
                Diagnostic::error(format!(
                    "field `{}` is a `file`, which {what} cannot carry",
                    field.path
                ))
                .at(Loc::new(field.pos.line, field.pos.column, 1))
                .label("a form-data file part")
                .help(if what == "a response" {
                    "DOKU answers JSON: a file in a response is a link or an ID, e.g. `format: string`"
                } else {
                    "a file is a part of a multipart body: set `body.encoding: multipart`"
                }),
            ),
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => {
                refuse_files(o, what, cx)
            }
            _ => {}
        }
    }
}

/// The field at a dotted wire path, looking through objects and arrays of objects.
pub(crate) fn find_field<'a>(root: &'a ObjectDef, path: &str) -> Option<&'a Field> {
    let mut object = root;
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let field = object.fields.iter().find(|f| f.wire_name == segment)?;
        if segments.peek().is_none() {
            return Some(field);
        }
        object = match &field.kind {
            FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => o,
            _ => return None,
        };
    }
    None
}

fn all_paths(object: &ObjectDef, out: &mut Vec<String>) {
    for field in &object.fields {
        out.push(field.path.clone());
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            all_paths(o, out);
        }
    }
}

/// Help for a body path that names no field: the closest full path, or the field whose last
/// segment it is (`code` for `item.code`), or else some paths that exist.
fn unknown_field_help(name: &str, paths: &[String]) -> String {
    if let Some(s) = did_you_mean(name, paths.iter().map(String::as_str)) {
        return format!("did you mean `{s}`?");
    }
    let leaf = name.rsplit('.').next().unwrap_or(name);
    let by_leaf: Vec<&str> = paths
        .iter()
        .map(String::as_str)
        .filter(|p| p.rsplit('.').next().is_some_and(|l| l == leaf))
        .collect();
    if let [one] = by_leaf.as_slice() {
        return format!("did you mean `{one}`? rules name fields by their full path");
    }
    let leaves = paths
        .iter()
        .map(String::as_str)
        .map(|p| (p, p.rsplit('.').next().unwrap_or(p)));
    if let Some(s) = did_you_mean(leaf, leaves.clone().map(|(_, l)| l))
        && let Some((p, _)) = leaves.clone().find(|(_, l)| *l == s)
    {
        return format!("did you mean `{p}`? rules name fields by their full path");
    }
    let shown: Vec<String> = paths.iter().take(6).map(|p| format!("`{p}`")).collect();
    if shown.is_empty() {
        "`body.fields` declares no field".to_owned()
    } else {
        format!(
            "name a field of `body.fields` by its full path: {}",
            shown.join(", ")
        )
    }
}

fn parent_of(path: &str) -> &str {
    path.rsplit_once('.').map_or("", |(parent, _)| parent)
}

/// Resolves the names one rule uses. A rule is attached to the nearest object holding every
/// field it names; its keys are then paths relative to that object.
pub(super) struct RuleCx<'a, 'c, 's> {
    pub(super) root: &'a ObjectDef,
    pub(super) enums: &'a [EnumDef],
    pub(super) cx: &'c mut Ctxt<'s>,
    /// Every field named, by full wire path, and where it was named.
    pub(super) named: Vec<(String, Loc)>,
    pub(super) ok: bool,
}

impl<'a> RuleCx<'a, '_, '_> {
    pub(super) fn error(&mut self, d: Diagnostic) {
        self.cx.emit(d);
        self.ok = false;
    }

    /// The field a rule names, by its full wire path.
    pub(super) fn field(&mut self, name: &Sp<String>) -> Option<&'a Field> {
        let Some(field) = find_field(self.root, &name.value) else {
            let mut paths = Vec::new();
            all_paths(self.root, &mut paths);
            let mut d =
                Diagnostic::error(format!("body rule names unknown field `{}`", name.value))
                    .at(name.loc)
                    .label("not a body field");
            d = d.help(unknown_field_help(&name.value, &paths));
            self.error(d);
            return None;
        };
        self.named.push((name.value.clone(), name.loc));
        Some(field)
    }

    /// The object the rule is attached to: the longest common parent of every name.
    pub(super) fn object(&self) -> String {
        let mut common: Option<Vec<&str>> = None;
        for (path, _) in &self.named {
            let parent: Vec<&str> = parent_of(path)
                .split('.')
                .filter(|s| !s.is_empty())
                .collect();
            common = Some(match common {
                None => parent,
                Some(c) => c
                    .iter()
                    .zip(&parent)
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| *a)
                    .collect(),
            });
        }
        common.unwrap_or_default().join(".")
    }

    /// The first array between `object` and the field at `full` (itself excluded), if any.
    fn array_between(&self, object: &str, full: &str) -> Option<String> {
        let rel = relative(object, full);
        let segments: Vec<&str> = rel.split('.').collect();
        let mut path = object.to_owned();
        for segment in &segments[..segments.len().saturating_sub(1)] {
            path = if path.is_empty() {
                (*segment).to_owned()
            } else {
                format!("{path}.{segment}")
            };
            if let Some(Field {
                kind: FieldKind::Array(_),
                ..
            }) = find_field(self.root, &path)
            {
                return Some(path);
            }
        }
        None
    }

    /// Refuses a name that reaches into an array below the rule's object: a `when`, `then`,
    /// `require` or `total` names one value, and an array holds many.
    pub(super) fn single(&mut self, object: &str, name: &Sp<String>, what: &str) {
        if let Some(array) = self.array_between(object, &name.value) {
            self.error(
                Diagnostic::error(format!(
                    "`{}` is in each element of the array `{array}`, but the rule's other fields are outside it",
                    name.value
                ))
                .at(name.loc)
                .label(format!("many values for one {what}"))
                .help(
                    "a `when`/`then`/`require`/`total` field names one value: keep the rule's \
                     fields in one array element, or outside arrays (`same` compares every element)",
                ),
            );
        }
    }

    pub(super) fn enum_of(&mut self, field: &Field, name: &Sp<String>) -> Option<&'a EnumDef> {
        let enum_ref = match &field.kind {
            FieldKind::Scalar(s) => s.enum_ref.as_deref(),
            _ => None,
        };
        let Some(def) = enum_ref.and_then(|e| self.enums.iter().find(|d| d.name == e)) else {
            if self.cx.misspelled(field.pos, "enum") {
                // `enmu: Kind` was reported: the rule is unusable, and that is no new mistake.
                self.ok = false;
                return None;
            }
            self.error(
                Diagnostic::error(format!("body field `{}` has no `enum`", name.value))
                    .at(name.loc)
                    .label("needs an enum")
                    .help("a rule compares enum values: give the field an `enum:`"),
            );
            return None;
        };
        Some(def)
    }

    pub(super) fn value(&mut self, def: &EnumDef, value: &Sp<String>) {
        if !def.values.iter().any(|v| v.wire == value.value) {
            let mut d = Diagnostic::error(format!(
                "`{}` is not a value of enum `{}`",
                value.value, def.name
            ))
            .at(value.loc)
            .label("unknown value");
            if let Some(s) = did_you_mean(&value.value, def.values.iter().map(|v| v.wire.as_str()))
            {
                d = d.help(format!("did you mean `{s}`?"));
            }
            self.error(d);
        }
    }

    fn optional(&mut self, field: &Field, name: &Sp<String>, rule: &str) {
        if !field.optional && !self.cx.misspelled(field.pos, "optional") {
            self.error(
                Diagnostic::error(format!(
                    "body field `{}` is always required, so `{rule}` says nothing about it",
                    name.value
                ))
                .at(name.loc)
                .label("not optional")
                .help(format!(
                    "mark the field `optional: true` (the page's \"Conditional\"), or drop it from `{rule}`"
                )),
            );
        }
    }
}

/// `full` relative to `object` (`payment.type` in the root; `name` in `business`).
pub(super) fn relative(object: &str, full: &str) -> String {
    if object.is_empty() {
        full.to_owned()
    } else {
        full.strip_prefix(object)
            .and_then(|r| r.strip_prefix('.'))
            .unwrap_or(full)
            .to_owned()
    }
}

fn lower_rule(
    raw: &RawBodyRule,
    root: &ObjectDef,
    enums: &[EnumDef],
    cx: &mut Ctxt<'_>,
) -> Option<BodyRule> {
    let given: Vec<&str> = [
        raw.then.as_ref().map(|_| "then"),
        raw.require.as_ref().map(|_| "require"),
        raw.one_of.as_ref().map(|_| "one_of"),
        raw.same.as_ref().map(|_| "same"),
        raw.total.as_ref().map(|_| "total"),
        raw.max_length.as_ref().map(|_| "max_length"),
        raw.max_value.as_ref().map(|_| "max_value"),
    ]
    .into_iter()
    .flatten()
    .collect();
    match given.as_slice() {
        [] => {
            cx.emit(
                Diagnostic::error(
                    "a body rule needs `then`, `require`, `one_of`, `same`, `total`, \
                     `max_length` or `max_value`",
                )
                .at(raw.loc)
                .label("says nothing")
                .help(
                    "`when: {f: V}` with `then: {g: [..]}` (allowed values) or \
                         `require: [g]` or `max_length: {g: 30}` or `max_value: {g: 100}`; \
                         or `one_of: [f, g]`; or `same: [f, g]`; or `total: f` with \
                         `sum_of: [items.a, items.b]`",
                ),
            );
            return None;
        }
        [_] => {}
        [first, second, ..] => {
            cx.emit(
                Diagnostic::error(format!("a body rule has both `{first}` and `{second}`"))
                    .at(raw.loc)
                    .label("one rule, one statement")
                    .help("write two rules"),
            );
            return None;
        }
    }
    let mut r = RuleCx {
        root,
        enums,
        cx,
        named: Vec::new(),
        ok: true,
    };
    if let (Some(sum_of), None) = (&raw.sum_of, &raw.total) {
        r.error(
            Diagnostic::error("`sum_of` without `total`")
                .at(sum_of.loc)
                .label("sums up to nothing")
                .help("add `total: <the field the sum must equal>`"),
        );
        return None;
    }
    let kind = if let Some(one_of) = &raw.one_of {
        if !raw.when.is_empty() {
            r.error(
                Diagnostic::error("`when` does not apply to `one_of`")
                    .at(raw.when_loc)
                    .label("remove this")
                    .help("`one_of` holds whatever the other fields are"),
            );
        }
        if one_of.value.len() < 2 {
            r.error(
                Diagnostic::error("`one_of` needs at least two fields")
                    .at(one_of.loc)
                    .label("fewer than two"),
            );
        }
        let mut fields = Vec::new();
        // A member named twice is a mistake. (Two members whose variants would come out the
        // same, `code` and `code_`, are fine: that `one_of` is checked instead of shaped.)
        let mut named: Vec<&Sp<String>> = Vec::new();
        for name in &one_of.value {
            if let Some(first) = named.iter().find(|n| n.value == name.value) {
                let first = first.loc;
                r.error(
                    declared_twice(
                        &format!("`one_of` member `{}`", name.value),
                        name.loc,
                        first,
                    )
                    .help("name each field once"),
                );
                continue;
            }
            named.push(name);
            if let Some(field) = r.field(name) {
                r.optional(field, name, "one_of");
                fields.push(name.clone());
            }
        }
        // `one_of` members are siblings: the choice is one field of their object.
        if let Some((first, first_loc)) = r.named.first().cloned()
            && let Some(other) = fields
                .iter()
                .find(|f| parent_of(&f.value) != parent_of(&first))
        {
            let where_ = |o: &str| {
                if o.is_empty() {
                    "the body's root".to_owned()
                } else {
                    format!("`{o}`")
                }
            };
            r.error(
                Diagnostic::error(format!(
                    "`one_of` mixes fields of {} and {}",
                    where_(parent_of(&first)),
                    where_(parent_of(&other.value))
                ))
                .at(other.loc)
                .label("in another object")
                .secondary(first_loc, "the rule's first field")
                .help("`one_of` chooses between fields of one object; split it"),
            );
        }
        let object = r.object();
        BodyRuleKind::ExactlyOne {
            fields: fields.iter().map(|f| relative(&object, &f.value)).collect(),
        }
    } else if let Some(same) = &raw.same {
        lower_same(raw, same, &mut r)?
    } else if let Some(total) = &raw.total {
        lower_total(raw, total, &mut r)?
    } else if let Some(limits) = &raw.max_length {
        super::body_limit::lower_limit(raw, limits, Limit::MaxLength(0), &mut r)?
    } else if let Some(limits) = &raw.max_value {
        super::body_limit::lower_limit(raw, limits, Limit::MaxValue(0), &mut r)?
    } else {
        let [(when, is)] = raw.when.as_slice() else {
            let loc = if raw.when_loc.is_known() {
                raw.when_loc
            } else {
                raw.loc
            };
            r.error(
                Diagnostic::error("a body rule with `then` or `require` needs one `when` field")
                    .at(loc)
                    .label(if raw.when.is_empty() {
                        "`when` missing"
                    } else {
                        "more than one field"
                    })
                    .help("write `when: { field.path: VALUE }` with exactly one field"),
            );
            return None;
        };
        let when_field = r.field(when);
        if let Some(def) = when_field.and_then(|f| r.enum_of(f, when)) {
            r.value(def, is);
        }
        let mut names: Vec<&Sp<String>> = vec![when];
        let mut then_out = Vec::new();
        let mut require_out = Vec::new();
        if let Some(then) = &raw.then {
            for (name, values) in then {
                let Some(field) = r.field(name) else { continue };
                if let Some(def) = r.enum_of(field, name) {
                    for value in values {
                        r.value(def, value);
                    }
                }
                names.push(name);
                then_out.push((name, values.iter().map(|v| v.value.clone()).collect()));
            }
        } else {
            for name in raw.require.iter().flat_map(|r| &r.value) {
                if let Some(field) = r.field(name) {
                    r.optional(field, name, "require");
                    names.push(name);
                    require_out.push(name);
                }
            }
        }
        let object = r.object();
        for name in names {
            r.single(&object, name, "`when`/`then`/`require`");
        }
        let when_rel = relative(&object, &when.value);
        if raw.then.is_some() {
            BodyRuleKind::AllowedWhen {
                when: when_rel,
                is: is.value.clone(),
                then: then_out
                    .into_iter()
                    .map(|(n, v)| (relative(&object, &n.value), v))
                    .collect(),
            }
        } else {
            BodyRuleKind::RequiredWhen {
                when: when_rel,
                is: is.value.clone(),
                require: require_out
                    .into_iter()
                    .map(|n| relative(&object, &n.value))
                    .collect(),
            }
        }
    };
    let object = r.object();
    r.ok.then(|| BodyRule {
        object,
        kind,
        description: text_or_empty(&raw.description),
        pos: raw.loc.pos(),
    })
}

/// `same: [f, g, ..]` (with an optional `when`): scalars of one JSON type.
fn lower_same(
    raw: &RawBodyRule,
    same: &Sp<Vec<Sp<String>>>,
    r: &mut RuleCx<'_, '_, '_>,
) -> Option<BodyRuleKind> {
    if same.value.len() < 2 {
        r.error(
            Diagnostic::error("`same` needs at least two fields")
                .at(same.loc)
                .label("nothing to compare with"),
        );
    }
    if raw.when.len() > 1 {
        r.error(
            Diagnostic::error("a `same` rule takes at most one `when` field")
                .at(raw.when_loc)
                .label("more than one field")
                .help("write `when: { field.path: VALUE }` with one field, or none"),
        );
    }
    let when = raw.when.first();
    if let Some((name, is)) = when
        && let Some(field) = r.field(name)
        && let Some(def) = r.enum_of(field, name)
    {
        r.value(def, is);
    }
    let mut first: Option<(&Sp<String>, JsonType)> = None;
    for name in &same.value {
        let Some(field) = r.field(name) else { continue };
        let FieldKind::Scalar(scalar) = &field.kind else {
            r.error(
                Diagnostic::error(format!(
                    "`same` compares values, and `{}` is not a scalar",
                    name.value
                ))
                .at(name.loc)
                .label("an object or array")
                .help("name the fields inside it to compare"),
            );
            continue;
        };
        match first {
            None => first = Some((name, scalar.json)),
            Some((f, json)) if json != scalar.json => {
                let first_loc = f.loc;
                r.error(
                    Diagnostic::error(format!(
                        "`same` compares `{}`, a JSON {}, with `{}`, a JSON {}",
                        f.value,
                        json_name(json),
                        name.value,
                        json_name(scalar.json)
                    ))
                    .at(name.loc)
                    .label("another JSON type")
                    .secondary(first_loc, "the first field")
                    .help("values of different JSON types are never the same"),
                );
            }
            Some(_) => {}
        }
    }
    let object = r.object();
    if let Some((name, _)) = when {
        r.single(&object, name, "`when`");
    }
    Some(BodyRuleKind::Same {
        when: when.map(|(n, v)| (relative(&object, &n.value), v.value.clone())),
        fields: same
            .value
            .iter()
            .map(|n| relative(&object, &n.value))
            .collect(),
    })
}

/// `total: t` with `sum_of: [items.a, items.b]`: integers, the factors keys of one array's
/// elements, the total outside that array.
fn lower_total(
    raw: &RawBodyRule,
    total: &Sp<String>,
    r: &mut RuleCx<'_, '_, '_>,
) -> Option<BodyRuleKind> {
    if !raw.when.is_empty() {
        r.error(
            Diagnostic::error("`when` does not apply to `total`")
                .at(raw.when_loc)
                .label("remove this")
                .help("a total holds whatever the other fields are"),
        );
    }
    let Some(sum_of) = &raw.sum_of else {
        r.error(
            Diagnostic::error("`total` needs `sum_of`")
                .at(total.loc)
                .label("a total of nothing")
                .help("add `sum_of: [items.price, items.quantity]`: the fields of one array's elements multiplied, then summed"),
        );
        return None;
    };
    let numeric = |r: &mut RuleCx<'_, '_, '_>, name: &Sp<String>| {
        let Some(field) = r.field(name) else {
            return false;
        };
        match &field.kind {
            FieldKind::Scalar(s) if matches!(s.json, JsonType::Integer | JsonType::Number) => true,
            _ => {
                r.error(
                    Diagnostic::error(format!(
                        "`{}` is not sent as a JSON number, so it cannot be summed",
                        name.value
                    ))
                    .at(name.loc)
                    .label("not a number")
                    .help("`total` and `sum_of` name fields sent as numbers (`int(n)`, or `json: integer`)"),
                );
                false
            }
        }
    };
    numeric(r, total);
    if sum_of.value.is_empty() {
        r.error(
            Diagnostic::error("`sum_of` names no field")
                .at(sum_of.loc)
                .label("empty"),
        );
        return None;
    }
    let mut items: Option<&Sp<String>> = None;
    for name in &sum_of.value {
        if !numeric(r, name) {
            continue;
        }
        match items {
            None => items = Some(name),
            Some(first) if parent_of(&first.value) != parent_of(&name.value) => {
                let first_loc = first.loc;
                r.error(
                    Diagnostic::error(format!(
                        "`sum_of` mixes fields of `{}` and `{}`",
                        parent_of(&first.value),
                        parent_of(&name.value)
                    ))
                    .at(name.loc)
                    .label("in another object")
                    .secondary(first_loc, "the first factor")
                    .help("the factors are keys of one array's elements (`items.price`, `items.quantity`)"),
                );
            }
            Some(_) => {}
        }
    }
    let first = items?;
    let items_path = parent_of(&first.value).to_owned();
    let is_array = matches!(
        find_field(r.root, &items_path).map(|f| &f.kind),
        Some(FieldKind::Array(ArrayItems::Object(_)))
    );
    if !is_array {
        r.error(
            Diagnostic::error(format!(
                "`{}` is not in an array of objects, so there is nothing to sum",
                first.value
            ))
            .at(first.loc)
            .label("one value")
            .help("`sum_of` names keys of the elements of one array (`order.line_items.price`)"),
        );
        return None;
    }
    if total.value == items_path || total.value.starts_with(&format!("{items_path}.")) {
        r.error(
            Diagnostic::error(format!(
                "`total` `{}` is inside the array `{items_path}` it sums",
                total.value
            ))
            .at(total.loc)
            .label("inside the items")
            .help("the total is a field outside the array (`order.amount`)"),
        );
        return None;
    }
    // The array itself counts as named: the rule sits at the common parent of it and the total.
    r.named.push((items_path.clone(), first.loc));
    let object = r.object();
    r.single(&object, total, "`total`");
    r.single(&object, &Sp::new(items_path.clone(), first.loc), "`sum_of`");
    Some(BodyRuleKind::Total {
        total: relative(&object, &total.value),
        items: relative(&object, &items_path),
        factors: sum_of
            .value
            .iter()
            .map(|n| n.value.rsplit('.').next().unwrap_or(&n.value).to_owned())
            .collect(),
    })
}

pub(super) fn json_name(json: JsonType) -> &'static str {
    match json {
        JsonType::String => "string",
        JsonType::Integer => "integer",
        JsonType::Number => "number",
        JsonType::Boolean => "boolean",
    }
}
