//! Lower: `response.union`, a response that is one shape per discriminator value, and
//! `event.union`, an incoming spec's body in one shape per value (its `event` is lowered as a
//! `response`, lower/incoming.rs, so both take this one path; the messages name the section).
//!
//! Checked here, each at its line: the discriminator is a string (or enum) field of the common
//! table, reached through objects only; every variant has a PascalCase name other than the
//! unknown shape's (`Other`), at least one value, values no other variant covers and, when the
//! discriminator has an enum, values of that enum; a variant's own fields do not repeat a
//! common field. The samples are checked by [`check_samples`] (`doku-partner check` and the
//! derive): each must decode as the variant its discriminator names.

use std::collections::HashMap;
use std::path::Path;

use super::{TypeName, build_tree, text_or_empty};
use crate::diagnostic::{Ctxt, Diagnostic, Loc, did_you_mean};
use crate::load::{RawUnion, Sp};
use crate::model::union::{Union, Variant};
use crate::model::{Direction, EnumDef, FieldKind, JsonType, ObjectDef, Spec};
use crate::names;

/// The Rust name of the variant that keeps an unknown shape.
pub const OTHER_VARIANT: &str = "Other";

/// The section a union is written in, as messages name it: `response` (an outgoing spec) or
/// `event` (an incoming one).
pub(crate) fn section(direction: Direction) -> &'static str {
    match direction {
        Direction::Outgoing => "response",
        Direction::Incoming => "event",
    }
}

pub(super) fn lower_union(
    section: &str,
    raw: &RawUnion,
    common: &ObjectDef,
    enums: &[EnumDef],
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Option<Union> {
    let discriminator = raw.discriminator.as_ref()?;
    let enum_values = check_discriminator(section, discriminator, common, enums, cx);

    let mut seen: HashMap<String, Loc> = HashMap::new();
    let mut variants = Vec::new();
    for rv in &raw.variants {
        let name = text_or_empty(&rv.name);
        if let Some(n) = &rv.name {
            if !names::is_pascal_ident(&n.value) {
                cx.emit(
                    Diagnostic::error(format!("invalid variant name `{}`", n.value))
                        .at(n.loc)
                        .label("not a PascalCase Rust type name")
                        .help(format!(
                            "use an ASCII letter then letters and digits, e.g. `{}`",
                            names::escape_pascal(names::pascal_case(&n.value))
                        )),
                );
            } else if n.value == OTHER_VARIANT {
                cx.emit(
                    Diagnostic::error(format!("variant name `{OTHER_VARIANT}` is taken"))
                        .at(n.loc)
                        .label("the generated variant for unknown values")
                        .help("name the shape after what it is, e.g. `VirtualAccount`"),
                );
            }
        }
        if rv.values.is_empty() {
            cx.emit(
                Diagnostic::error(format!("variant `{name}` covers no value"))
                    .at(rv.name.as_ref().map_or(rv.loc, |n| n.loc))
                    .label("no `values`")
                    .help(format!(
                        "list the values of `{}` it covers: `values: [..]`",
                        discriminator.value
                    )),
            );
        }
        for value in &rv.values {
            check_value(
                value,
                &name,
                &discriminator.value,
                enum_values,
                &mut seen,
                cx,
            );
        }
        variants.push(lower_variant(section, rv, &name, common, types, cx));
    }
    if raw.variants.is_empty() {
        cx.emit(
            Diagnostic::error(format!("`{section}.union` has no variants"))
                .at(raw.loc)
                .label("union declared here")
                .help("list the shapes under `variants`, each with `name`, `values` and `fields`"),
        );
    }
    Some(Union {
        discriminator: discriminator.value.clone(),
        variants,
        pos: discriminator.loc.pos(),
    })
}

/// The discriminator must be a string scalar of the common table, through objects; returns
/// its enum's values when it has one.
fn check_discriminator<'e>(
    section: &str,
    path: &Sp<String>,
    common: &ObjectDef,
    enums: &'e [EnumDef],
    cx: &mut Ctxt<'_>,
) -> Option<&'e EnumDef> {
    let mut object = common;
    let segments: Vec<&str> = path.value.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let Some(field) = object.fields.iter().find(|f| f.wire_name == *segment) else {
            let so_far = segments[..i].join(".");
            let candidates = string_fields(common);
            let mut d = Diagnostic::error(format!(
                "discriminator `{}` is not a field of the {section}",
                path.value
            ))
            .at(path.loc)
            .label(if so_far.is_empty() {
                format!("no root field `{segment}`")
            } else {
                format!("`{so_far}` has no field `{segment}`")
            });
            d = match did_you_mean(&path.value, candidates.iter().map(String::as_str)) {
                Some(s) => d.help(format!("did you mean `{s}`?")),
                None => d.help(string_fields_help(section, &candidates)),
            };
            cx.emit(d);
            return None;
        };
        match (&field.kind, last) {
            (FieldKind::Object(o), false) => object = o,
            (FieldKind::Scalar(s), true) if s.json == JsonType::String => {
                if field.optional {
                    cx.emit(
                        Diagnostic::error(format!("discriminator `{}` is optional", path.value))
                            .at(path.loc)
                            .label("every shape must carry it")
                            .help(format!(
                                "a body without `{}` is kept as the unknown shape anyway: remove \
                             `optional: true` from its field entry",
                                path.value
                            )),
                    );
                }
                return s
                    .enum_ref
                    .as_ref()
                    .and_then(|name| enums.iter().find(|e| &e.name == name));
            }
            _ => {
                let what = match &field.kind {
                    FieldKind::Object(_) => "an object",
                    FieldKind::Array(_) => "an array",
                    FieldKind::Scalar(s) => match s.json {
                        JsonType::Integer => "an integer",
                        JsonType::Number => "a number",
                        JsonType::Boolean => "a boolean",
                        JsonType::String => "a string",
                    },
                };
                cx.emit(
                    Diagnostic::error(format!(
                        "discriminator `{}` is not a string field",
                        path.value
                    ))
                    .at(path.loc)
                    .label(format!("`{}` is {what}", field.path))
                    .help(string_fields_help(section, &string_fields(common))),
                );
                return None;
            }
        }
    }
    None
}

/// The string fields of `object` reachable through objects: what a discriminator may be.
fn string_fields(object: &ObjectDef) -> Vec<String> {
    let mut out = Vec::new();
    for field in &object.fields {
        match &field.kind {
            FieldKind::Scalar(s) if s.json == JsonType::String => out.push(field.path.clone()),
            FieldKind::Object(o) => out.extend(string_fields(o)),
            _ => {}
        }
    }
    out
}

fn string_fields_help(section: &str, candidates: &[String]) -> String {
    if candidates.is_empty() {
        format!("the discriminator is a string field of `{section}.fields`; the table has none")
    } else {
        let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
        format!(
            "the discriminator is a string field of `{section}.fields`: {}",
            list.join(", ")
        )
    }
}

fn check_value(
    value: &Sp<String>,
    variant: &str,
    discriminator: &str,
    enum_def: Option<&EnumDef>,
    seen: &mut HashMap<String, Loc>,
    cx: &mut Ctxt<'_>,
) {
    if let Some(first) = seen.get(&value.value) {
        cx.emit(
            Diagnostic::error(format!(
                "value `{}` is covered by two variants",
                value.value
            ))
            .at(value.loc)
            .label(format!("again in `{variant}`"))
            .secondary(*first, "first covered here")
            .help(format!(
                "a value of `{discriminator}` picks one shape: keep it in one variant"
            )),
        );
        return;
    }
    seen.insert(value.value.clone(), value.loc);
    if let Some(def) = enum_def
        && !def.values.iter().any(|v| v.wire == value.value)
    {
        let known: Vec<&str> = def.values.iter().map(|v| v.wire.as_str()).collect();
        cx.emit(
            Diagnostic::error(format!(
                "value `{}` is not a value of enum `{}`",
                value.value, def.name
            ))
            .at(value.loc)
            .label(format!("`{discriminator}` is an enum `{}`", def.name))
            .help(match did_you_mean(&value.value, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("its values: {}", known.join(", ")),
            }),
        );
    }
}

fn lower_variant(
    section: &str,
    rv: &crate::load::RawVariant,
    name: &str,
    common: &ObjectDef,
    types: &mut Vec<TypeName>,
    cx: &mut Ctxt<'_>,
) -> Variant {
    let what = format!("variant `{name}`");
    // A root field the common table has already: reported here, then left out (its type
    // would only collide again).
    let mut colliding: Vec<&str> = Vec::new();
    for raw in &rv.fields {
        let Some(path) = &raw.path else { continue };
        if path.value.contains('.') {
            continue;
        }
        if let Some(first) = common.fields.iter().find(|c| c.wire_name == path.value) {
            colliding.push(path.value.as_str());
            let list: Vec<String> = common
                .fields
                .iter()
                .map(|c| format!("`{}`", c.wire_name))
                .collect();
            cx.emit(
                Diagnostic::error(format!(
                    "field `{}` of variant `{name}` is a common field",
                    path.value
                ))
                .at(path.loc)
                .label(format!("already in `{section}.fields`"))
                .secondary(
                    Loc::new(first.pos.line, first.pos.column, 1),
                    "the common field",
                )
                .help(format!(
                    "a variant lists only the root fields its shape adds; the common ones are {}",
                    list.join(", ")
                )),
            );
        }
    }
    let fields: Vec<crate::load::RawField> = rv
        .fields
        .iter()
        .filter(|raw| {
            raw.path.as_ref().is_none_or(|p| {
                let root = p.value.split('.').next().unwrap_or_default();
                !colliding.contains(&root)
            })
        })
        .cloned()
        .collect();
    let own_root = build_tree(&fields, name, rv.loc, &what, types, cx);
    let own: Vec<String> = own_root
        .fields
        .iter()
        .map(|f| f.wire_name.clone())
        .collect();
    let expected: Vec<String> = own_root
        .fields
        .iter()
        .filter(|f| !f.optional)
        .map(|f| f.wire_name.clone())
        .collect();
    let mut fields = common.fields.clone();
    fields.extend(own_root.fields.into_iter().map(|mut f| {
        f.optional = true;
        f
    }));
    Variant {
        name: name.to_owned(),
        description: text_or_empty(&rv.description),
        values: rv.values.iter().map(|v| v.value.clone()).collect(),
        root: ObjectDef {
            rust_type: name.to_owned(),
            path: String::new(),
            description: text_or_empty(&rv.description),
            fields,
        },
        own,
        expected,
        pos: rv.loc.pos(),
    }
}

/// The variant whose values hold `value`.
pub(crate) fn variant_of<'u>(union: &'u Union, value: &str) -> Option<&'u Variant> {
    union
        .variants
        .iter()
        .find(|v| v.values.iter().any(|x| x == value))
}

/// The string at the dotted `path` of a JSON value.
pub(crate) fn discriminator_of(body: &serde_json::Value, path: &str) -> Option<String> {
    path.split('.')
        .try_fold(body, |v, key| v.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
}

/// The shape variant `variant` requires: its own required fields present.
pub(crate) fn strict_shape(
    variant: &Variant,
) -> &'static doku_partner_support::__private::body::Object {
    crate::schema::response_object(&strict_root(variant))
}

/// The table of variant `variant` as the spec writes it: its own required fields required.
pub(crate) fn strict_root(variant: &Variant) -> ObjectDef {
    let mut strict = variant.root.clone();
    for field in &mut strict.fields {
        if variant.expected.contains(&field.wire_name) {
            field.optional = false;
        }
    }
    strict
}

/// The variant a body's discriminator names, or the finding of a body kept whole as
/// `{enum_name}::Other` (`Response` or `Event`); `None` for a body that is not JSON.
pub(crate) fn pick<'u>(
    union: &'u Union,
    bytes: &[u8],
    enum_name: &str,
) -> Option<Result<&'u Variant, String>> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let picked = discriminator_of(&value, &union.discriminator);
    Some(match picked.as_deref().and_then(|p| variant_of(union, p)) {
        Some(variant) => Ok(variant),
        None => Err(match &picked {
            Some(p) => format!(
                "{}: {p:?} names no variant (kept whole as `{enum_name}::Other`)",
                union.discriminator
            ),
            None => format!(
                "{}: absent or not a string (kept whole as `{enum_name}::Other`)",
                union.discriminator
            ),
        }),
    })
}

/// How a reply differs from the union's shapes (`doku-partner call`): checked against the
/// variant its discriminator names, with its own required fields; a value no variant lists is
/// one finding, and the reply is checked against the common fields (`common`). One text each.
pub(crate) fn reply_findings(
    union: &Union,
    common: &'static doku_partner_support::__private::body::Object,
    bytes: &[u8],
) -> Vec<String> {
    let mut out = Vec::new();
    let shape = match pick(union, bytes, "Response") {
        Some(Ok(variant)) => strict_shape(variant),
        Some(Err(finding)) => {
            out.push(finding);
            common
        }
        None => common,
    };
    if let Err(errors) = doku_partner_support::__private::body::check_bytes(shape, bytes) {
        out.extend(errors.violations.iter().map(ToString::to_string));
    }
    out
}

/// Checks every response sample of a union against the variant its discriminator names: the
/// discriminator must name one, and the sample must decode as that shape with every field the
/// shape requires. One diagnostic per problem, at the sample's `file` entry. `samples` are
/// `(name, JSON text)` as read beside the spec.
pub(crate) fn check_samples(spec: &Spec, samples: &[(String, String)]) -> Vec<Diagnostic> {
    let Some(union) = &spec.response.union else {
        return Vec::new();
    };
    let section = section(spec.direction);
    let mut out = Vec::new();
    for example in &spec.response.examples {
        let Some((_, text)) = samples.iter().find(|(n, _)| n == &example.name) else {
            continue;
        };
        let loc = Loc::new(
            example.pos.line,
            example.pos.column,
            u32::try_from(example.file.chars().count()).unwrap_or(1),
        );
        let Ok(body) = serde_json::from_str::<serde_json::Value>(text) else {
            continue;
        };
        let names: Vec<String> = union
            .variants
            .iter()
            .map(|v| format!("`{}`", v.name))
            .collect();
        let Some(value) = discriminator_of(&body, &union.discriminator) else {
            out.push(
                Diagnostic::error(format!(
                    "{section} sample `{}` has no string `{}`",
                    example.name, union.discriminator
                ))
                .at(loc)
                .label(format!("in {}", example.file))
                .help("a sample shows one shape: its discriminator names a variant"),
            );
            continue;
        };
        let Some(variant) = variant_of(union, &value) else {
            out.push(
                Diagnostic::error(format!(
                    "{section} sample `{}` has {} `{value}`, which no variant covers",
                    example.name, union.discriminator
                ))
                .at(loc)
                .label(format!("in {}", example.file))
                .help(format!(
                    "add `{value}` to the `values` of the variant it shows (variants: {})",
                    names.join(", ")
                )),
            );
            continue;
        };
        // The shape as the spec requires it: its own mandatory fields present.
        let schema = strict_shape(variant);
        if let Err(errors) =
            doku_partner_support::__private::body::check_bytes(schema, text.as_bytes())
        {
            let decoding = errors
                .violations
                .iter()
                .filter(|v| !matches!(v, doku_partner_support::Violation::UnknownField { .. }));
            for violation in decoding {
                out.push(
                    Diagnostic::error(format!(
                        "{section} sample `{}` does not fit variant `{}` ({} `{value}`): \
                         {violation}",
                        example.name, variant.name, union.discriminator
                    ))
                    .at(loc)
                    .label(format!("in {}", example.file))
                    .help(format!(
                        "the sample is what DOKU sends: fix variant `{}`'s fields (`optional: \
                         true`, `json:`) and note the conflict",
                        variant.name
                    )),
                );
            }
        }
    }
    out
}

/// [`check_samples`] for a spec file's folder: reads the samples beside it.
pub(crate) fn check_sample_files(spec: &Spec, spec_dir: &Path) -> Vec<Diagnostic> {
    if spec.response.union.is_none() {
        return Vec::new();
    }
    let samples: Vec<(String, String)> = spec
        .response
        .examples
        .iter()
        .filter_map(|e| {
            let text = std::fs::read_to_string(spec_dir.join(&e.file)).ok()?;
            Some((e.name.clone(), text))
        })
        .collect();
    check_samples(spec, &samples)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_status() -> Spec {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/payments/check_status.yaml");
        crate::load_spec_file(&path, "spec/payments/check_status.yaml").unwrap()
    }

    /// `doku-partner call`'s findings for a union: the reply is judged by the shape its
    /// channel names, not by the common fields (whose view would call every VA key undocumented).
    #[test]
    fn a_reply_is_judged_by_the_shape_its_discriminator_names() {
        let spec = check_status();
        let union = spec.response.union.as_ref().unwrap();
        let common = crate::schema::response_object(&spec.response.root);
        let sample = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../spec/payments/examples/check_status.virtual_account_mandiri.json"),
        )
        .unwrap();
        assert_eq!(reply_findings(union, common, &sample), Vec::<String>::new());

        let mut body: serde_json::Value = serde_json::from_slice(&sample).unwrap();
        body.as_object_mut().unwrap().remove("virtual_account_info");
        let findings = reply_findings(union, common, body.to_string().as_bytes());
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].contains("virtual_account_info"), "{findings:?}");

        body["channel"]["id"] = serde_json::json!("VIRTUAL_ACCOUNT_BRI");
        let findings = reply_findings(union, common, body.to_string().as_bytes());
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert_eq!(
            findings[0],
            "channel.id: \"VIRTUAL_ACCOUNT_BRI\" names no variant (kept whole as `Response::Other`)"
        );
    }
}
