//! A body that is one shape per discriminator value (`response.union`, or an incoming spec's
//! `event.union`: the same model, compared by the same code): shapes added and removed,
//! discriminator values that now pick another shape, a changed discriminator, and each shape's
//! own fields, compared as the root's are (diff/rules/fields.rs).
//!
//! What a reader of the body sees: a new variant takes bodies that decoded as `Other` before
//! (additive: every body DOKU sends still decodes, a receiver still answers it 2xx, and a
//! `match` without `_` needs an arm, which the compiler points at; code that read those bodies
//! in its `Other` arm now gets them typed); a removed variant, a value that moved to another
//! variant (or to none), or another discriminator, changes what a body DOKU sends decodes as
//! (breaking). A shape's own root fields are `Option` whatever the spec says (absent, a
//! conformance finding): one added is additive, one removed breaks code reading it, one whose
//! `optional` flips changes only the conformance check (docs).

use std::collections::BTreeMap;

use super::{
    Out, UNION_ADDED, UNION_DISCRIMINATOR_CHANGED, UNION_FIELD_EXPECTED_CHANGED, UNION_REMOVED,
    UNION_VALUE_ADDED, UNION_VALUE_MOVED, UNION_VARIANT_ADDED, UNION_VARIANT_REMOVED,
};
use crate::diagnostic::Loc;
use crate::diff::Side;
use crate::diff::matching::{FieldKey, Table, at, field_key, key_or, pair_by};
use crate::load::{RawResponse, RawSpec, RawVariant};
use crate::model::union::{Union, Variant};
use crate::model::{Direction, ObjectDef};

/// The raw table a union is written in: `response`, or an incoming spec's `event`.
fn raw_table(raw: &RawSpec) -> Option<&RawResponse> {
    raw.response.as_ref().or(raw.event.as_ref())
}

/// The raw entry of variant `name`.
fn raw_variant<'r>(raw: &'r RawSpec, name: &str) -> Option<&'r RawVariant> {
    raw_table(raw).and_then(|r| r.union.as_ref()).and_then(|u| {
        u.variants
            .iter()
            .find(|v| v.name.as_ref().is_some_and(|n| n.value == name))
    })
}

/// Where variant `name` is written (its `name`), or `fallback`.
fn variant_loc(raw: &RawSpec, name: &str, fallback: Loc) -> Loc {
    raw_variant(raw, name).map_or(fallback, |v| key_or(&v.name, v.loc))
}

/// Where `value` is written in variant `name`'s `values`, or the variant.
fn value_loc(raw: &RawSpec, name: &str, value: &str, fallback: Loc) -> Loc {
    raw_variant(raw, name)
        .and_then(|v| v.values.iter().find(|x| x.value == value))
        .map_or_else(|| variant_loc(raw, name, fallback), |x| x.loc)
}

/// Where the discriminator is written, or `fallback`.
fn discriminator_loc(raw: &RawSpec, fallback: Loc) -> Loc {
    raw_table(raw)
        .and_then(|r| r.union.as_ref())
        .map_or(fallback, |u| key_or(&u.discriminator, u.loc))
}

/// The variants' names, listed.
fn names(union: &Union) -> String {
    let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
    names.join(", ")
}

/// `response` or `event`, as the spec names the union's table.
fn section(side: &Side) -> &'static str {
    crate::lower::union::section(side.spec.direction)
}

/// The name a user's code gives the union's enum: `Response`, or an incoming spec's `Event`.
fn enum_name(side: &Side) -> &'static str {
    match side.spec.direction {
        Direction::Outgoing => "Response",
        Direction::Incoming => "Event",
    }
}

/// Each discriminator value and the variant it picks.
fn picks(union: &Union) -> BTreeMap<&str, &str> {
    union
        .variants
        .iter()
        .flat_map(|v| v.values.iter().map(|x| (x.as_str(), v.name.as_str())))
        .collect()
}

pub(super) fn compare(out: &mut Out<'_>) {
    let (old_side, new_side) = (out.old, out.new);
    let (old, new) = match (&old_side.spec.response.union, &new_side.spec.response.union) {
        (Some(old), Some(new)) => (old, new),
        (None, Some(new)) => {
            let loc = discriminator_loc(&new_side.raw, at(new.pos));
            let msg = format!(
                "the {} is now one shape per `{}` ({}, Other): `{}` is an enum, its fields read \
                 through a variant or the methods named after the common fields",
                section(new_side),
                new.discriminator,
                names(new),
                enum_name(new_side)
            );
            let rust = vec![out.item("response::Response")];
            out.new_at(UNION_ADDED, loc, msg, rust);
            return;
        }
        (Some(old), None) => {
            let loc = discriminator_loc(&old_side.raw, at(old.pos));
            let msg = format!(
                "the {} is no longer one shape per `{}`: `{}` is a struct, its variants ({}, \
                 Other) are gone",
                section(old_side),
                old.discriminator,
                enum_name(old_side),
                names(old)
            );
            let rust = vec![out.old_item("response::Response")];
            out.old_at(UNION_REMOVED, loc, msg, rust);
            return;
        }
        (None, None) => return,
    };
    let (table, other) = (section(new_side), format!("{}::Other", enum_name(new_side)));
    if old.discriminator != new.discriminator {
        // Every value now names another field's value: the shapes are picked anew, so the
        // values and variants are not compared one by one.
        let loc = discriminator_loc(&new_side.raw, at(new.pos));
        let msg = format!(
            "{table} union's discriminator `{}` → `{}`: a body DOKU sends is picked by another \
             field, and may decode as another variant or as `{other}`",
            old.discriminator, new.discriminator
        );
        let rust = vec![out.item("response::Response")];
        out.new_at(UNION_DISCRIMINATOR_CHANGED, loc, msg, rust);
    }
    let paired = pair_by(&old.variants, &new.variants, |v| v.name.clone());
    for (o, n) in &paired.both {
        variant_fields(out, o, n);
    }
    if old.discriminator != new.discriminator {
        return;
    }
    for v in &paired.only_new {
        let loc = variant_loc(&new_side.raw, &v.name, at(v.pos));
        let msg = format!(
            "{table} variant `{}` added ({} {}): those bodies decoded as `{other}` before",
            v.name,
            new.discriminator,
            v.values.join(", ")
        );
        let rust = vec![out.item(&format!("response::Response::{}", v.name))];
        out.new_at(UNION_VARIANT_ADDED, loc, msg, rust);
    }
    for v in &paired.only_old {
        let loc = variant_loc(&old_side.raw, &v.name, at(v.pos));
        let msg = format!(
            "{table} variant `{}` removed: bodies with {} {} decode as `{other}`",
            v.name,
            old.discriminator,
            v.values.join(", ")
        );
        let rust = vec![out.old_item(&format!("response::Response::{}", v.name))];
        out.old_at(UNION_VARIANT_REMOVED, loc, msg, rust);
    }
    let exists_new = |name: &str| new.variants.iter().any(|v| v.name == name);
    let exists_old = |name: &str| old.variants.iter().any(|v| v.name == name);
    let (old_picks, new_picks) = (picks(old), picks(new));
    for (value, from) in &old_picks {
        // A removed variant's values are its removal's business.
        if !exists_new(from) {
            continue;
        }
        match new_picks.get(value) {
            Some(to) if to == from => {}
            Some(to) => {
                let loc = value_loc(&new_side.raw, to, value, at(new.pos));
                let msg = format!(
                    "{} `{value}` now picks variant `{to}`, not `{from}`",
                    new.discriminator
                );
                out.new_at(
                    UNION_VALUE_MOVED,
                    loc,
                    msg,
                    vec![out.item("response::Response")],
                );
            }
            None => {
                let loc = value_loc(&old_side.raw, from, value, at(old.pos));
                let msg = format!(
                    "{} `{value}` no longer picks variant `{from}`: such bodies decode as \
                     `{other}`",
                    old.discriminator
                );
                let rust = vec![out.old_item("response::Response")];
                out.old_at(UNION_VALUE_MOVED, loc, msg, rust);
            }
        }
    }
    for (value, to) in &new_picks {
        // A new variant's values are its addition's business.
        if old_picks.contains_key(value) || !exists_old(to) {
            continue;
        }
        let loc = value_loc(&new_side.raw, to, value, at(new.pos));
        let msg = format!(
            "{} `{value}` now picks variant `{to}`: such bodies decoded as `{other}` before",
            new.discriminator
        );
        out.new_at(
            UNION_VALUE_ADDED,
            loc,
            msg,
            vec![out.item("response::Response")],
        );
    }
}

/// The shape's own fields (the common ones are the root table's findings) as generated: each
/// own root field `Option` (`expected` says which the shape requires), their children as
/// declared.
fn own_fields(variant: &Variant) -> ObjectDef {
    ObjectDef {
        fields: variant
            .root
            .fields
            .iter()
            .filter(|f| variant.is_own(&f.wire_name))
            .cloned()
            .collect(),
        ..variant.root.clone()
    }
}

/// One side seen as if the variant's own fields were its response table: the field
/// comparison then reads the variant's entries for its locations and its struct for the Rust
/// items (`payment_notification::response::VirtualAccount::virtual_account_info`).
fn variant_view(side: &Side, variant: &Variant) -> Side {
    let mut raw = side.raw.clone();
    let fields = raw_variant(&side.raw, &variant.name)
        .map(|v| v.fields.clone())
        .unwrap_or_default();
    let table = raw_table(&side.raw).cloned().unwrap_or_default();
    raw.response = Some(RawResponse { fields, ..table });
    raw.event = None;
    let mut spec = side.spec.clone();
    spec.response.root = own_fields(variant);
    Side {
        path: side.path.clone(),
        spec,
        raw,
        dir: None,
    }
}

/// A paired variant's own fields, compared as the root table's are, each finding naming the
/// variant; and its own root fields that became required by the shape or stopped being so.
fn variant_fields(out: &mut Out<'_>, old: &Variant, new: &Variant) {
    let (old_view, new_view) = (variant_view(out.old, old), variant_view(out.new, new));
    let mut inner = Out {
        old: &old_view,
        new: &new_view,
        old_items: out.old_items.clone(),
        new_items: out.new_items.clone(),
        findings: Vec::new(),
    };
    super::fields::table(
        &mut inner,
        Table::Response,
        &old_view.spec.response.root,
        &new_view.spec.response.root,
    );
    for field in &new_view.spec.response.root.fields {
        let was = old.expected.contains(&field.wire_name);
        let is = new.expected.contains(&field.wire_name);
        if !old.is_own(&field.wire_name) || was == is {
            continue;
        }
        let loc = field_key(&new_view.raw, Table::Response, field, FieldKey::Optional);
        let msg = if is {
            format!(
                "field `{}` is now required by the shape: still `Option`, a body without it \
                 gets a conformance finding",
                field.path
            )
        } else {
            format!(
                "field `{}` is no longer required by the shape: a body without it no longer \
                 gets a conformance finding",
                field.path
            )
        };
        inner.new_at(UNION_FIELD_EXPECTED_CHANGED, loc, msg, Vec::new());
    }
    for mut finding in inner.findings {
        finding.message = format!("variant `{}`: {}", new.name, finding.message);
        out.findings.push(finding);
    }
}
