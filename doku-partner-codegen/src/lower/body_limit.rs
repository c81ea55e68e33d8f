//! Lower stage, body rules of one more form (issue 26): a limit that holds only while another
//! field has a value, `when: {f: V}` + `max_length: {g: n}` or `max_value: {g: n}` (Checkout:
//! `order.invoice_number` is at most 30 characters when `payment.payment_method_types`
//! includes `CREDIT_CARD`, 64 otherwise).

use super::body::{RuleCx, relative};
use crate::diagnostic::Diagnostic;
use crate::load::{RawBodyRule, RawLimit, Sp};
use crate::model::{ArrayItems, BodyRuleKind, Field, FieldKind, Format, JsonType, Limit};

/// `when` + `max_length` (`kind` is `Limit::MaxLength`) or `max_value`: the `when` field is
/// an enum field or an array of values; each limited field a scalar of the right JSON type
/// whose own format allows more than the limit.
pub(super) fn lower_limit(
    raw: &RawBodyRule,
    limits: &Sp<Vec<RawLimit>>,
    kind: Limit,
    r: &mut RuleCx<'_, '_, '_>,
) -> Option<BodyRuleKind> {
    let key = match kind {
        Limit::MaxLength(_) => "max_length",
        Limit::MaxValue(_) => "max_value",
    };
    let [(when, is)] = raw.when.as_slice() else {
        let loc = if raw.when_loc.is_known() {
            raw.when_loc
        } else {
            raw.loc
        };
        r.error(
            Diagnostic::error(format!("a `{key}` rule needs one `when` field"))
                .at(loc)
                .label(if raw.when.is_empty() {
                    "`when` missing"
                } else {
                    "more than one field"
                })
                .help(
                    "write `when: { field.path: VALUE }` with exactly one field; a limit that \
                     always holds is the field's `format`",
                ),
        );
        return None;
    };
    let list = r.field(when).and_then(|f| when_field(f, when, is, r));
    if limits.value.is_empty() {
        r.error(
            Diagnostic::error(format!("`{key}` names no field"))
                .at(limits.loc)
                .label("empty")
                .help(format!("write `{key}: {{ field.path: N }}`")),
        );
    }
    let mut out: Vec<(&Sp<String>, Limit)> = Vec::new();
    // A field named twice is refused by the mapping's reader already.
    for (name, n) in &limits.value {
        let Some(field) = r.field(name) else { continue };
        if let Some(limit) = limited_field(field, name, n, kind, r) {
            out.push((name, limit));
        }
    }
    let object = r.object();
    r.single(&object, when, "`when`");
    Some(BodyRuleKind::LimitWhen {
        when: relative(&object, &when.value),
        is: is.value.clone(),
        list: list?,
        limits: out
            .into_iter()
            .map(|(n, l)| (relative(&object, &n.value), l))
            .collect(),
    })
}

/// Checks the `when` field and its value; `Some(true)` for an array of values (the rule holds
/// when it includes the value), `Some(false)` for an enum field.
fn when_field(
    field: &Field,
    name: &Sp<String>,
    is: &Sp<String>,
    r: &mut RuleCx<'_, '_, '_>,
) -> Option<bool> {
    let (scalar, list) = match &field.kind {
        FieldKind::Scalar(s) => (s, false),
        FieldKind::Array(ArrayItems::Scalar(s)) => (s, true),
        FieldKind::Array(ArrayItems::Object(_) | ArrayItems::Any) | FieldKind::Object(_) => {
            let what = if matches!(field.kind, FieldKind::Object(_)) {
                "an object"
            } else {
                "an array of objects"
            };
            r.error(
                Diagnostic::error(format!(
                    "`when` field `{}` is {what}, which holds no value to compare",
                    name.value
                ))
                .at(name.loc)
                .label("not a value")
                .help(
                    "a limit's `when` names an enum field, or an array of strings or enum \
                     values (the rule holds when it includes the value)",
                ),
            );
            return None;
        }
    };
    if scalar.enum_ref.is_some() {
        let def = r.enum_of(field, name)?;
        r.value(def, is);
        return Some(list);
    }
    if !list || scalar.json != JsonType::String {
        let what = if list {
            format!("an array of JSON {}s", super::body::json_name(scalar.json))
        } else {
            "a field without an `enum`".to_owned()
        };
        r.error(
            Diagnostic::error(format!(
                "`when` field `{}` is {what}, so no value of it can be named",
                name.value
            ))
            .at(name.loc)
            .label("needs an enum, or an array of strings")
            .help(
                "give the field an `enum:`, or name an array of strings (the rule holds when \
                 it includes the value)",
            ),
        );
        return None;
    }
    // An array of free strings: the value must be one the array could hold.
    if let Some(rule) = crate::schema::format_rule(scalar)
        && let Err(problem) = rule.check(&is.value)
    {
        r.error(
            Diagnostic::error(format!(
                "`{}` could never be an item of `{}`: it {problem}",
                is.value, name.value
            ))
            .at(is.loc)
            .label("not a possible item")
            .help(format!("the items are {rule}: {}", rule.charset.describe())),
        );
    }
    Some(list)
}

/// The limit of one field, checked against what the field is.
fn limited_field(
    field: &Field,
    name: &Sp<String>,
    n: &Sp<i128>,
    kind: Limit,
    r: &mut RuleCx<'_, '_, '_>,
) -> Option<Limit> {
    let FieldKind::Scalar(scalar) = &field.kind else {
        r.error(
            Diagnostic::error(format!(
                "`{}` is an object or array, which has no length or value to limit",
                name.value
            ))
            .at(name.loc)
            .label("not a scalar")
            .help("name the field inside it to limit"),
        );
        return None;
    };
    let refuse = |r: &mut RuleCx<'_, '_, '_>, message: String, help: &str| {
        r.error(
            Diagnostic::error(message)
                .at(name.loc)
                .label("cannot be limited so")
                .help(help.to_owned()),
        );
    };
    if scalar.enum_ref.is_some() {
        refuse(
            r,
            format!(
                "`{}` has an `enum`: its values are listed, not limited",
                name.value
            ),
            "to allow fewer values under a condition, write `then: { field: [VALUES] }`",
        );
        return None;
    }
    match kind {
        Limit::MaxLength(_) => {
            if scalar.json != JsonType::String || matches!(scalar.format, Format::File) {
                refuse(
                    r,
                    format!(
                        "`max_length` limits text, and `{}` is sent as a JSON {}",
                        name.value,
                        super::body::json_name(scalar.json)
                    ),
                    "use `max_value` for a number",
                );
                return None;
            }
            let rule = crate::schema::format_rule(scalar);
            let n_len = usize::try_from(n.value).ok().filter(|&v| v >= 1);
            let Some(len) = n_len else {
                r.error(
                    Diagnostic::error(format!(
                        "`max_length` {} for `{}` is below 1: no text could meet it",
                        n.value, name.value
                    ))
                    .at(n.loc)
                    .label("no text is that short")
                    .help("a text value is never empty; write the largest length allowed"),
                );
                return None;
            };
            if let Some(rule) = rule
                && let Some(own) = rule.max_len
                && len >= own
            {
                below_own(r, name, n, &format!("{rule} allows {own} characters"));
                return None;
            }
            Some(Limit::MaxLength(len))
        }
        Limit::MaxValue(_) => {
            if scalar.json != JsonType::Integer {
                refuse(
                    r,
                    format!(
                        "`max_value` limits integers, and `{}` is sent as a JSON {}",
                        name.value,
                        super::body::json_name(scalar.json)
                    ),
                    match scalar.json {
                        JsonType::String => "use `max_length` for text",
                        _ => "`max_value` compares JSON integers exactly (`json: integer`)",
                    },
                );
                return None;
            }
            if n.value < 0 {
                r.error(
                    Diagnostic::error(format!(
                        "`max_value` {} for `{}` is below 0, and the field holds digits only",
                        n.value, name.value
                    ))
                    .at(n.loc)
                    .label("no value is that small"),
                );
                return None;
            }
            let digits = match scalar.format {
                Format::Int(d) => Some(("int", d)),
                Format::N(d) => Some(("N", d)),
                _ => None,
            };
            if let Some((notation, d)) = digits
                && n.value >= 10i128.saturating_pow(d).saturating_sub(1)
            {
                let own = format!("{notation}({d}) allows {d} digits");
                below_own(r, name, n, &own);
                return None;
            }
            Some(Limit::MaxValue(n.value))
        }
    }
}

/// A limit at or above the field's own: it would say nothing.
fn below_own(r: &mut RuleCx<'_, '_, '_>, name: &Sp<String>, n: &Sp<i128>, own: &str) {
    r.error(
        Diagnostic::error(format!(
            "limit {} for `{}` is not below its own format's: {own}",
            n.value, name.value
        ))
        .at(n.loc)
        .label("says nothing more")
        .help("a rule's limit is tighter than the field's format; otherwise drop it"),
    );
}
