//! Body rules (`when … then`, `require`, `one_of`, `same`, `total`): tightened, loosened, or (a `one_of` that
//! shapes a type) reshaped.

use super::endpoint::{allowed_values, enum_has};
use super::{DOCS_CHANGED, Out, RULE_LOOSENED, RULE_RESHAPED, RULE_TIGHTENED};
use crate::diff::matching::{at, fields_by_path, pair_by};
use crate::model::{Body, BodyRule, BodyRuleKind, FieldKind, Limit};

/// What a body rule is about, to pair its two versions.
fn rule_key(rule: &BodyRule) -> String {
    match &rule.kind {
        BodyRuleKind::AllowedWhen { when, is, .. } => format!("{}|then|{when}={is}", rule.object),
        BodyRuleKind::RequiredWhen { when, is, .. } => {
            format!("{}|require|{when}={is}", rule.object)
        }
        BodyRuleKind::ExactlyOne { fields } => {
            let mut fields = fields.clone();
            fields.sort();
            format!("{}|one_of|{}", rule.object, fields.join(","))
        }
        BodyRuleKind::Same { when, fields } => {
            let mut fields = fields.clone();
            fields.sort();
            let when = when.as_ref().map(|(w, v)| format!("{w}={v}"));
            format!(
                "{}|same|{}|{}",
                rule.object,
                when.unwrap_or_default(),
                fields.join(",")
            )
        }
        BodyRuleKind::Total { total, items, .. } => {
            format!("{}|total|{total}|{items}", rule.object)
        }
        BodyRuleKind::LimitWhen { when, is, .. } => {
            format!("{}|limit|{when}={is}", rule.object)
        }
    }
}

fn describe_rule(rule: &BodyRule) -> String {
    let object = if rule.object.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", rule.object)
    };
    match &rule.kind {
        BodyRuleKind::AllowedWhen { when, is, .. } => format!("when {when} = {is}{object}"),
        BodyRuleKind::RequiredWhen { when, is, require } => {
            format!("when {when} = {is} require {}{object}", require.join(", "))
        }
        BodyRuleKind::ExactlyOne { fields } => format!("one_of [{}]{object}", fields.join(", ")),
        BodyRuleKind::Same { when, fields } => {
            let when = when
                .as_ref()
                .map(|(w, v)| format!("when {w} = {v} "))
                .unwrap_or_default();
            format!("{when}same [{}]{object}", fields.join(", "))
        }
        BodyRuleKind::Total {
            total,
            items,
            factors,
        } => format!(
            "total {total} = sum of {} over {items}{object}",
            factors.join(" × ")
        ),
        BodyRuleKind::LimitWhen {
            when, is, limits, ..
        } => {
            let parts: Vec<String> = limits.iter().map(|(f, l)| limit_text(f, *l)).collect();
            format!("when {when} = {is} limit {}{object}", parts.join(", "))
        }
    }
}

/// A limited field and its limit.
type FieldLimit = (String, Limit);

fn limit_text(field: &str, limit: Limit) -> String {
    match limit {
        Limit::MaxLength(n) => format!("{field} to {n} characters"),
        Limit::MaxValue(n) => format!("{field} to {n}"),
    }
}

/// The limit's kind and size (a length and a value are not compared with each other).
fn limit_size(limit: Limit) -> (bool, i128) {
    match limit {
        Limit::MaxLength(n) => (true, i128::try_from(n).unwrap_or(i128::MAX)),
        Limit::MaxValue(n) => (false, n),
    }
}

/// A limit rule in both versions: per field, a limit added or tightened refuses bodies the
/// old version sent; one removed or loosened accepts more.
fn compare_limits(
    out: &mut Out<'_>,
    rule: &BodyRule,
    (old, new): (&[FieldLimit], &[FieldLimit]),
    loc: crate::diagnostic::Loc,
    validate: &str,
) {
    for (field, limit) in new {
        let before = old.iter().find(|(f, _)| f == field).map(|(_, l)| *l);
        let (kind, size) = limit_size(*limit);
        let (severity, was) = match before.map(limit_size) {
            None => (RULE_TIGHTENED, "no limit".to_owned()),
            Some((k, s)) if k != kind => (RULE_TIGHTENED, format!("{s} (another kind)")),
            Some((_, s)) if size < s => (RULE_TIGHTENED, s.to_string()),
            Some((_, s)) if size > s => (RULE_LOOSENED, s.to_string()),
            Some(_) => continue,
        };
        let msg = format!(
            "rule {}: {} (was {was})",
            describe_rule(rule),
            limit_text(field, *limit)
        );
        out.new_at(severity, loc, msg, vec![validate.to_owned()]);
    }
    for (field, limit) in old {
        if !new.iter().any(|(f, _)| f == field) {
            let msg = format!(
                "rule {}: no longer limits {}",
                describe_rule(rule),
                limit_text(field, *limit)
            );
            out.new_at(RULE_LOOSENED, loc, msg, vec![validate.to_owned()]);
        }
    }
}

/// The `one_of` rule's type, when it shapes one.
fn choice_of<'a>(body: &'a Body, rule: &BodyRule) -> Option<&'a crate::model::Choice> {
    let BodyRuleKind::ExactlyOne { fields } = &rule.kind else {
        return None;
    };
    body.choices
        .iter()
        .find(|c| c.object == rule.object && &c.fields == fields)
}

pub(super) fn compare(out: &mut Out<'_>, old: &Body, new: &Body) {
    let paired = pair_by(&old.rules, &new.rules, rule_key);
    let validate = out.item("Request::validate");
    for r in &paired.only_new {
        let (rule, rust) = match choice_of(new, r) {
            Some(c) => (
                RULE_RESHAPED,
                vec![out.item(&format!("body::{}", c.rust_type))],
            ),
            None => (RULE_TIGHTENED, vec![validate.clone()]),
        };
        let msg = format!("new request rule {}", describe_rule(r));
        out.new_at(rule, at(r.pos), msg, rust);
    }
    for r in &paired.only_old {
        let (rule, rust) = match choice_of(old, r) {
            Some(c) => (
                RULE_RESHAPED,
                vec![out.old_item(&format!("body::{}", c.rust_type))],
            ),
            None => (RULE_LOOSENED, vec![out.old_item("Request::validate")]),
        };
        let msg = format!("request rule {} removed", describe_rule(r));
        out.old_at(rule, at(r.pos), msg, rust);
    }
    for (o, n) in &paired.both {
        let loc = at(n.pos);
        match (&o.kind, &n.kind) {
            (
                BodyRuleKind::AllowedWhen { then: ot, .. },
                BodyRuleKind::AllowedWhen { then: nt, .. },
            ) => {
                let fields = fields_by_path(&new.root);
                let new_spec = &out.new.spec;
                let exists = |key: &str, value: &str| {
                    let path = if n.object.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{}.{key}", n.object)
                    };
                    let enum_ref = fields
                        .get(path.as_str())
                        .and_then(|at| match &at.field.kind {
                            FieldKind::Scalar(s) => s.enum_ref.as_deref(),
                            _ => None,
                        });
                    enum_has(new_spec, enum_ref, value)
                };
                let rust = std::slice::from_ref(&validate);
                allowed_values(out, &describe_rule(n), (ot, nt), &exists, loc, rust);
            }
            (
                BodyRuleKind::RequiredWhen { require: orq, .. },
                BodyRuleKind::RequiredWhen { require: nrq, .. },
            ) => {
                let added: Vec<&str> = nrq
                    .iter()
                    .filter(|k| !orq.contains(k))
                    .map(String::as_str)
                    .collect();
                let removed: Vec<&str> = orq
                    .iter()
                    .filter(|k| !nrq.contains(k))
                    .map(String::as_str)
                    .collect();
                if !added.is_empty() {
                    let msg = format!(
                        "rule {}: now also requires {}",
                        describe_rule(n),
                        added.join(", ")
                    );
                    out.new_at(RULE_TIGHTENED, loc, msg, vec![validate.clone()]);
                }
                if !removed.is_empty() {
                    let msg = format!(
                        "rule {}: no longer requires {}",
                        describe_rule(n),
                        removed.join(", ")
                    );
                    out.new_at(RULE_LOOSENED, loc, msg, vec![validate.clone()]);
                }
            }
            (
                BodyRuleKind::LimitWhen { limits: ol, .. },
                BodyRuleKind::LimitWhen { limits: nl, .. },
            ) => compare_limits(out, n, (ol, nl), loc, &validate),
            (BodyRuleKind::Total { factors: of, .. }, BodyRuleKind::Total { factors: nf, .. })
                if of != nf =>
            {
                // Another sum accepts other bodies and refuses some it accepted: both.
                let msg = format!(
                    "rule {}: the sum was of {} over the items",
                    describe_rule(n),
                    of.join(" × ")
                );
                out.new_at(RULE_TIGHTENED, loc, msg.clone(), vec![validate.clone()]);
                out.new_at(RULE_LOOSENED, loc, msg, vec![validate.clone()]);
            }
            _ => {}
        }
        if o.description != n.description {
            let msg = format!("rule {}: description changed", describe_rule(n));
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
    }
}
