//! Enums: values added and removed, on the request side (what may be sent) and the response
//! side (what DOKU may answer), and an enum that became another spec's (`rust_path`).

use super::{
    DOCS_CHANGED, Out, REQ_ENUM_VALUE_ADDED, REQ_ENUM_VALUE_REMOVED, RESP_ENUM_VALUE_ADDED,
    RESP_ENUM_VALUE_REMOVED, RUST_NAME_CHANGED,
};
use crate::diff::matching::{at, enum_value, fields_by_path, pair_by};
use crate::model::{ArrayItems, FieldKind, ObjectDef, Spec};

/// Whether requests and responses of `spec` use the enum `name`.
fn enum_usage(spec: &Spec, name: &str) -> (bool, bool) {
    let uses = |root: &ObjectDef| {
        fields_by_path(root)
            .values()
            .any(|at| match &at.field.kind {
                FieldKind::Scalar(s) | FieldKind::Array(ArrayItems::Scalar(s)) => {
                    s.enum_ref.as_deref() == Some(name)
                }
                _ => false,
            })
    };
    let params = spec
        .query
        .iter()
        .chain(&spec.path_params)
        .any(|p| p.enum_ref.as_deref() == Some(name));
    let body = spec.body.as_ref().is_some_and(|b| uses(&b.root));
    (params || body, uses(&spec.response.root))
}

pub(super) fn compare(out: &mut Out<'_>) {
    let (old_side, new_side) = (out.old, out.new);
    let paired = pair_by(&old_side.spec.enums, &new_side.spec.enums, |e| {
        e.name.clone()
    });
    for (o, n) in &paired.both {
        let enum_loc = at(n.pos);
        if o.rust_path != n.rust_path {
            let msg = format!(
                "enum `{}`: rust_path {} → {}",
                n.name,
                o.rust_path.as_deref().unwrap_or("none"),
                n.rust_path.as_deref().unwrap_or("none")
            );
            out.new_at(RUST_NAME_CHANGED, enum_loc, msg, vec![out.item(&n.name)]);
        }
        let values = pair_by(&o.values, &n.values, |v| v.wire.clone());
        let (req, resp) = enum_usage(&new_side.spec, &n.name);
        for v in &values.only_new {
            let loc = enum_value(&new_side.raw, &n.name, &v.wire, enum_loc);
            let rust = vec![out.item(&format!("{}::{}", n.name, v.variant))];
            if req {
                let msg = format!(
                    "enum `{}`: new value `{}` a request may send",
                    n.name, v.wire
                );
                out.new_at(REQ_ENUM_VALUE_ADDED, loc, msg, rust.clone());
            }
            if resp {
                let msg = format!(
                    "enum `{}`: new value `{}` DOKU may answer (already kept as `OrUnknown::Unknown`)",
                    n.name, v.wire
                );
                out.new_at(RESP_ENUM_VALUE_ADDED, loc, msg, rust);
            }
        }
        let (req, resp) = enum_usage(&old_side.spec, &o.name);
        for v in &values.only_old {
            let loc = enum_value(&old_side.raw, &o.name, &v.wire, at(o.pos));
            let rust = vec![out.old_item(&format!("{}::{}", o.name, v.variant))];
            if req {
                let msg = format!(
                    "enum `{}`: value `{}` removed; requests can no longer send it",
                    o.name, v.wire
                );
                out.old_at(REQ_ENUM_VALUE_REMOVED, loc, msg, rust.clone());
            }
            if resp {
                let msg = format!(
                    "enum `{}`: value `{}` removed; DOKU's replies with it decode as `OrUnknown::Unknown`",
                    o.name, v.wire
                );
                out.old_at(RESP_ENUM_VALUE_REMOVED, loc, msg, rust);
            }
        }
        if values.only_new.is_empty() && values.only_old.is_empty() && o.values != n.values
            || o.description != n.description
        {
            let msg = format!("enum `{}`: descriptions or value order changed", n.name);
            out.new_at(DOCS_CHANGED, enum_loc, msg, Vec::new());
        }
    }
}
