//! Lower stage: checks across the lowered spec: names the generated code derives and could
//! clash with, request formats their enum values cannot meet, `same_as_request`.

use std::collections::HashMap;

use crate::diagnostic::{Ctxt, Diagnostic, Loc, did_you_mean};
use crate::load::RawSpec;
use crate::model::{
    ArrayItems, Body, EnumDef, Field, FieldKind, Format, JsonType, ObjectDef, Param, Response,
    Scalar,
};
use crate::names;

/// Names the generated code derives from the spec and could clash: the subset enums a
/// rule-shaped query gets (`{Variant}{Enum}`, e.g. `CorporateBusinessLegalEntity`). (An enum
/// value `UNKNOWN` clashes with nothing: a response's unknown values live in the runtime's
/// `OrUnknown`, not in a variant of the generated enum.)
pub(super) fn check_generated_collisions(
    raw: &RawSpec,
    enums: &[EnumDef],
    query: &[Param],
    cx: &mut Ctxt<'_>,
) {
    for (rule, raw_rule) in raw
        .rules
        .iter()
        .filter_map(|r| Some((r.when.first()?, r)))
        .map(|((_, value), r)| (names::variant_ident(&value.value), r))
    {
        for (param, _) in &raw_rule.then {
            let Some(enum_name) = query
                .iter()
                .find(|p| p.name == param.value)
                .and_then(|p| p.enum_ref.as_deref())
            else {
                continue;
            };
            let subset = format!("{rule}{enum_name}");
            let is_request_enum = |name: &str| {
                query.iter().any(|p| p.enum_ref.as_deref() == Some(name))
                    || raw
                        .path_params
                        .iter()
                        .any(|p| p.enum_ref.as_ref().is_some_and(|e| e.value == name))
                    || raw
                        .body
                        .iter()
                        .flat_map(|b| &b.fields)
                        .any(|f| f.enum_ref.as_ref().is_some_and(|e| e.value == name))
            };
            if let Some((def, raw_enum)) = enums
                .iter()
                .zip(&raw.enums)
                .find(|(d, _)| d.name == subset && is_request_enum(&d.name))
            {
                cx.emit(
                    Diagnostic::error(format!(
                        "enum `{}` has the name of the values `{}` may take by this rule",
                        def.name, param.value
                    ))
                    .at(raw_enum.name.loc)
                    .label("name of a generated enum")
                    .secondary(param.loc, "this rule generates it")
                    .help("rename the enum"),
                );
            }
        }
    }
}

/// A request format that a value of its enum cannot meet (`AN(3)` on `PERSONAL`) contradicts
/// the enum: that value could never be sent.
pub(super) fn check_formats_of_enums(
    raw: &RawSpec,
    enums: &[EnumDef],
    path_params: &[Param],
    query: &[Param],
    body: Option<&Body>,
    response: &Response,
    cx: &mut Ctxt<'_>,
) {
    let mut uses: Vec<(Format, &str, &str, crate::model::Pos)> = Vec::new();
    for p in path_params.iter().chain(query) {
        if let Some(e) = &p.enum_ref {
            uses.push((p.format, e, &p.name, p.pos));
        }
    }
    fn fields<'a>(
        object: &'a ObjectDef,
        out: &mut Vec<(Format, &'a str, &'a str, crate::model::Pos)>,
    ) {
        for field in &object.fields {
            match &field.kind {
                FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => {
                    if let (Some(e), JsonType::String) = (&s.enum_ref, s.json) {
                        out.push((s.format, e, &field.path, field.pos));
                    }
                }
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => fields(o, out),
                FieldKind::Array(ArrayItems::Any) => {}
            }
        }
    }
    if let Some(body) = body {
        fields(&body.root, &mut uses);
    }
    // A response value that breaks its documented format is DOKU contradicting its page: it is
    // decoded and reported by the conformance check (`legal_entity.code` is ANS(22) on Get
    // Business Data's page, and PERKUMPULAN_BERBADAN_HUKUM has 26 characters), not an error.
    let _ = (raw, response);
    for (format, enum_name, what, pos) in uses {
        let Some(def) = enums.iter().find(|d| d.name == enum_name) else {
            continue;
        };
        let scalar = Scalar {
            format,
            json: JsonType::String,
            enum_ref: None,
            enum_cut_off: false,
        };
        let Some(rule) = crate::schema::format_rule(&scalar) else {
            continue;
        };
        let breaking: Vec<&str> = def
            .values
            .iter()
            .filter(|v| rule.check(&v.wire).is_err())
            .map(|v| v.wire.as_str())
            .collect();
        if !breaking.is_empty() {
            cx.emit(
                Diagnostic::error(format!(
                    "`{what}` is documented as {} but enum `{}` has values it cannot meet: {}",
                    format.doku_notation(),
                    def.name,
                    breaking.join(", ")
                ))
                .at(Loc::new(pos.line, pos.column, 1))
                .label("format and enum disagree")
                .help("keep the page's format and the page's values, and give the field `format: string` with a note on the conflict"),
            );
        }
    }
}

/// An enum on a field sent as a JSON number holds the numbers' decimal text (`"1"`); a value
/// that is not an integer (`SMALL`) could never be sent, nor read as a documented value of a
/// response (which holds `OrUnknown` of the enum, read from JSON numbers).
pub(super) fn check_number_enums(
    enums: &[EnumDef],
    body: Option<&Body>,
    response: &ObjectDef,
    cx: &mut Ctxt<'_>,
) {
    // Popped from the end: the body's fields first, as the spec lists them.
    let mut stack: Vec<&ObjectDef> = vec![response];
    stack.extend(body.map(|b| &b.root));
    while let Some(object) = stack.pop() {
        for field in &object.fields {
            match &field.kind {
                FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => {
                    let Some(def) = s
                        .enum_ref
                        .as_ref()
                        .and_then(|e| enums.iter().find(|d| &d.name == e))
                    else {
                        continue;
                    };
                    let (JsonType::Integer | JsonType::Number) = s.json else {
                        continue;
                    };
                    let integer = |v: &str| v.parse::<i64>().is_ok_and(|n| n.to_string() == v);
                    let breaking: Vec<&str> = def
                        .values
                        .iter()
                        .map(|v| v.wire.as_str())
                        .filter(|v| !integer(v))
                        .collect();
                    if !breaking.is_empty() {
                        cx.emit(
                            Diagnostic::error(format!(
                                "`{}` is sent as a JSON number, but enum `{}` has values that are not integers: {}",
                                field.path,
                                def.name,
                                breaking.join(", ")
                            ))
                            .at(Loc::new(field.pos.line, field.pos.column, 1))
                            .label("number and enum disagree")
                            .help("an enum of numbers lists their decimal text (`\"1\"`, `\"2\"`); or drop `json:` when the values go as JSON strings"),
                        );
                    }
                }
                FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) => stack.push(o),
                FieldKind::Array(ArrayItems::Any) => {}
            }
        }
    }
}

/// `same_as_request` only on a root response field that the body has too, as the same JSON
/// type (the stand-in echoes the value sent, and the response must decode it), never a file.
pub(super) fn check_same_as_request(root: &ObjectDef, body: Option<&Body>, cx: &mut Ctxt<'_>) {
    let at = |pos: crate::model::Pos| Loc::new(pos.line, pos.column, 1);
    let body_root: &[Field] = body.map_or(&[], |b| &b.root.fields);
    let json_of = |field: &Field| match &field.kind {
        FieldKind::Scalar(s) if s.format == Format::File => "file part",
        FieldKind::Scalar(s) => match s.json {
            JsonType::String => "JSON string",
            JsonType::Integer => "JSON integer",
            JsonType::Number => "JSON number",
            JsonType::Boolean => "JSON boolean",
        },
        FieldKind::Object(_) => "JSON object",
        FieldKind::Array(_) => "JSON array",
    };
    let mut stack = vec![(root, true)];
    while let Some((object, is_root)) = stack.pop() {
        for field in &object.fields {
            if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
                stack.push((o, false));
            }
            if !field.same_as_request {
                continue;
            }
            let part = body_root.iter().find(|f| f.wire_name == field.wire_name);
            let Some(part) = part.filter(|_| is_root) else {
                let names = body_root.iter().map(|f| f.wire_name.as_str());
                let help = match did_you_mean(&field.wire_name, names).filter(|_| is_root) {
                    Some(s) => format!(
                        "did you mean `{s}`? `same_as_request` echoes the root body field of the same name"
                    ),
                    None => {
                        "`same_as_request` echoes a root body field of the same name".to_owned()
                    }
                };
                cx.emit(
                    Diagnostic::error(format!(
                        "response field `{}` is `same_as_request`, but the body has no root field `{}`",
                        field.path, field.wire_name
                    ))
                    .at(at(field.pos))
                    .label("nothing to be the same as")
                    .help(help),
                );
                continue;
            };
            let (ours, theirs) = (json_of(field), json_of(part));
            if theirs == "file part" {
                cx.emit(
                    Diagnostic::error(format!(
                        "response field `{}` is `same_as_request`, but body field `{}` is a file part",
                        field.path, part.path
                    ))
                    .at(at(field.pos))
                    .label("would echo a file")
                    .secondary(at(part.pos), "a `file` part")
                    .help("DOKU answers JSON and does not echo the file's bytes: remove `same_as_request` and describe what DOKU sends (a link or an ID)"),
                );
            } else if ours != theirs {
                cx.emit(
                    Diagnostic::error(format!(
                        "response field `{}` is `same_as_request`, but it is a {ours} and body field `{}` a {theirs}",
                        field.path, part.path
                    ))
                    .at(at(field.pos))
                    .label(format!("a {ours}"))
                    .secondary(at(part.pos), format!("a {theirs}"))
                    .help("the value sent comes back as it is: give both entries the same `json:` (or the same `type:`)"),
                );
            }
        }
    }
}

/// Names the generated body module derives and rustc would refuse twice: the `with_*` setter
/// of each optional field (`code` and `code_` both give `with_code`) and the schema static of
/// each object (`ABCItem` and `AbcItem` both give `SCHEMA_ABC_ITEM`). Checked here, where the
/// names exist, so that such a spec fails at its line instead of in rustc.
pub(super) fn check_body_names(body: &Body, cx: &mut Ctxt<'_>) {
    let at = |pos: crate::model::Pos| Loc::new(pos.line, pos.column, 1);
    let is_member = |object: &ObjectDef, field: &Field| {
        body.choices
            .iter()
            .any(|c| c.object == object.path && c.fields.contains(&field.wire_name))
    };
    let mut statics: HashMap<String, (String, Loc)> = HashMap::new();
    let mut stack: Vec<(&ObjectDef, Loc)> = vec![(&body.root, Loc::UNKNOWN)];
    while let Some((object, object_loc)) = stack.pop() {
        if !object.path.is_empty() {
            let name = format!(
                "SCHEMA_{}",
                names::snake_case(&object.rust_type).to_ascii_uppercase()
            );
            match statics.get(&name) {
                Some((other, first)) => cx.emit(
                    Diagnostic::error(format!(
                        "body objects `{other}` and `{}` both get the schema static `{name}`",
                        object.rust_type
                    ))
                    .at(object_loc)
                    .label(format!("`{}` gives `{name}`", object.rust_type))
                    .secondary(*first, format!("`{other}` gives `{name}` too"))
                    .help("set `rust_type:` on one of them to a name that differs in more than letter case"),
                ),
                None => {
                    statics.insert(name, (object.rust_type.clone(), object_loc));
                }
            }
        }
        let mut setters: HashMap<String, (&str, Loc)> = HashMap::new();
        let mut children = Vec::new();
        for field in &object.fields {
            if field.optional && !is_member(object, field) {
                let setter = format!("with_{}", field.rust_name.trim_end_matches('_'));
                match setters.get(&setter) {
                    Some((other, first)) => cx.emit(
                        Diagnostic::error(format!(
                            "optional body fields `{other}` and `{}` both get the setter `{setter}`",
                            field.path
                        ))
                        .at(at(field.pos))
                        .label(format!("`{}` gives `{setter}`", field.rust_name))
                        .secondary(*first, format!("`{setter}` also from here"))
                        .help(format!(
                            "set `rust_name:` on one of them (a trailing `_` is dropped from the setter's name), e.g. `{}_2`",
                            field.rust_name.trim_end_matches('_')
                        )),
                    ),
                    None => {
                        setters.insert(setter, (&field.path, at(field.pos)));
                    }
                }
            }
            if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
                children.push((o, at(field.pos)));
            }
        }
        // Depth first in table order, so the later of two colliding entries is reported.
        stack.extend(children.into_iter().rev());
    }
}
