//! A response that is one shape per discriminator value (`response.union`): shapes added and
//! removed, and discriminator values that now pick another shape.
//!
//! What a reader of the response sees: a new variant takes bodies that decoded as `Other`
//! before (a `match` without `_` needs an arm, nothing stops decoding: additive); a removed
//! variant, or a value that moved to another variant (or to none), changes what a body DOKU
//! sends decodes as (breaking).

use std::collections::BTreeMap;

use super::{
    Out, UNION_VALUE_ADDED, UNION_VALUE_MOVED, UNION_VARIANT_ADDED, UNION_VARIANT_REMOVED,
};
use crate::diagnostic::Loc;
use crate::diff::matching::{at, key_or, pair_by};
use crate::load::RawSpec;
use crate::model::union::Union;

/// Where variant `name` is written (its `name`), or `fallback`.
fn variant_loc(raw: &RawSpec, name: &str, fallback: Loc) -> Loc {
    raw.response
        .as_ref()
        .and_then(|r| r.union.as_ref())
        .and_then(|u| {
            u.variants
                .iter()
                .find(|v| v.name.as_ref().is_some_and(|n| n.value == name))
        })
        .map_or(fallback, |v| key_or(&v.name, v.loc))
}

/// Where `value` is written in variant `name`'s `values`, or the variant.
fn value_loc(raw: &RawSpec, name: &str, value: &str, fallback: Loc) -> Loc {
    raw.response
        .as_ref()
        .and_then(|r| r.union.as_ref())
        .and_then(|u| {
            u.variants
                .iter()
                .find(|v| v.name.as_ref().is_some_and(|n| n.value == name))
        })
        .and_then(|v| v.values.iter().find(|x| x.value == value))
        .map_or_else(|| variant_loc(raw, name, fallback), |x| x.loc)
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
    let (Some(old), Some(new)) = (&old_side.spec.response.union, &new_side.spec.response.union)
    else {
        return;
    };
    let paired = pair_by(&old.variants, &new.variants, |v| v.name.clone());
    for v in &paired.only_new {
        let loc = variant_loc(&new_side.raw, &v.name, at(v.pos));
        let msg = format!(
            "response variant `{}` added ({} {}): those bodies decoded as `Response::Other` \
             before",
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
            "response variant `{}` removed: bodies with {} {} no longer decode as it",
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
                     `Response::Other`",
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
            "{} `{value}` now picks variant `{to}`: such bodies decoded as `Response::Other` \
             before",
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
