//! Rules that reach beyond one object's own keys (issue 26): a rule is attached to the
//! nearest object that holds every field it names, and names them by paths relative to it
//! (`payment.type`, `brands.name`, `line_items.price`). A path through objects names one
//! value; a path through an array names one value per element.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::validation::{Limit, RequestErrors, Violation};

/// The value at `rel` (dotted, through objects only) below `map`, if present and not `null`.
pub(super) fn value_at<'v>(map: &'v Map<String, Value>, rel: &str) -> Option<&'v Value> {
    let mut current = map;
    let mut segments = rel.split('.').peekable();
    while let Some(segment) = segments.next() {
        let value = current.get(segment).filter(|v| !v.is_null())?;
        if segments.peek().is_none() {
            return Some(value);
        }
        current = value.as_object()?;
    }
    None
}

/// Every present value at `rel` below `map`, with its JSON path (`brands[1].name`, joined to
/// `base`); an array on the way gives one value per element.
pub(super) fn values_at<'v>(
    map: &'v Map<String, Value>,
    rel: &str,
    base: &str,
) -> Vec<(String, &'v Value)> {
    let mut out = Vec::new();
    let segments: Vec<&str> = rel.split('.').collect();
    walk(map, &segments, base.to_owned(), &mut out);
    out
}

fn walk<'v>(
    map: &'v Map<String, Value>,
    segments: &[&str],
    path: String,
    out: &mut Vec<(String, &'v Value)>,
) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    let Some(value) = map.get(*first).filter(|v| !v.is_null()) else {
        return;
    };
    let path = if path.is_empty() {
        (*first).to_owned()
    } else {
        format!("{path}.{first}")
    };
    descend(value, rest, path, out);
}

fn descend<'v>(value: &'v Value, rest: &[&str], path: String, out: &mut Vec<(String, &'v Value)>) {
    match value {
        _ if rest.is_empty() => out.push((path, value)),
        Value::Object(map) => walk(map, rest, path, out),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                descend(item, rest, format!("{path}[{i}]"), out);
            }
        }
        // A wrong type on the way is the type check's finding, not the rule's.
        _ => {}
    }
}

fn join(path: &str, rel: &str) -> String {
    if path.is_empty() {
        rel.to_owned()
    } else {
        format!("{path}.{rel}")
    }
}

/// `same`: every present value of `fields` equals the first one present (a rule only when
/// `when` has its value, if it names one).
pub(super) fn check_same(
    map: &Map<String, Value>,
    path: &str,
    when: Option<(&'static str, &'static str)>,
    fields: &[&'static str],
    errors: &mut RequestErrors,
) {
    if let Some((when_field, when_value)) = when
        && value_at(map, when_field).and_then(Value::as_str) != Some(when_value)
    {
        return;
    }
    let values: Vec<(String, &Value)> = fields
        .iter()
        .flat_map(|f| values_at(map, f, path))
        .collect();
    let Some(((first_path, first), rest)) = values.split_first() else {
        return;
    };
    for (other_path, other) in rest {
        if other != first {
            errors.push(Violation::NotSame {
                field: Cow::Owned(other_path.clone()),
                same_as: Cow::Owned(first_path.clone()),
                when: when.map(|(f, v)| (Cow::Owned(join(path, f)), v)),
            });
        }
    }
}

/// `total`: the sum over the elements of the array `items` of the product of `factors` (keys
/// of each element) equals the value at `total`. Checked when the array is present and every
/// term is an integer (a missing or mistyped term is the field check's finding).
pub(super) fn check_total(
    map: &Map<String, Value>,
    path: &str,
    total: &'static str,
    items: &'static str,
    factors: &[&'static str],
    errors: &mut RequestErrors,
) {
    let Some(Value::Array(elements)) = value_at(map, items) else {
        return;
    };
    let Some(expected) = value_at(map, total).and_then(integer) else {
        return;
    };
    let mut sum: i128 = 0;
    for element in elements {
        let mut product: i128 = 1;
        for factor in factors {
            let Some(n) = element.get(*factor).and_then(integer) else {
                return;
            };
            product = product.saturating_mul(n);
        }
        sum = sum.saturating_add(product);
    }
    if sum != expected {
        errors.push(Violation::TotalMismatch {
            field: Cow::Owned(join(path, total)),
            value: expected,
            items: Cow::Owned(join(path, items)),
            factors: factors.to_vec(),
            sum,
        });
    }
}

/// A scalar's text as a rule compares it: a string as it is, a number in decimal.
fn scalar_text(value: &Value) -> Option<Cow<'_, str>> {
    match value {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// `max_length` / `max_value` with `when`: while the value at `when` is `is` (an array:
/// includes it), each present value at `field` is within `limit`. An absent `when` decides
/// nothing (Checkout: without `payment_method_types` DOKU offers the merchant's activated
/// channels, which the request does not name). A value of the wrong type is the field
/// check's finding, not the rule's.
pub(super) fn check_limit(
    map: &Map<String, Value>,
    path: &str,
    (when, is): (&'static str, &'static str),
    field: &'static str,
    limit: Limit,
    errors: &mut RequestErrors,
) {
    let (holds, when_list) = match value_at(map, when) {
        Some(Value::Array(items)) => (
            items.iter().any(|v| scalar_text(v).as_deref() == Some(is)),
            true,
        ),
        Some(value) => (scalar_text(value).as_deref() == Some(is), false),
        None => return,
    };
    if !holds {
        return;
    }
    for (at, value) in values_at(map, field, path) {
        let found = match (limit, value) {
            (Limit::MaxLength(max), Value::String(s)) => {
                let len = s.chars().count();
                if len <= max {
                    continue;
                }
                i128::try_from(len).unwrap_or(i128::MAX)
            }
            (Limit::MaxValue(max), Value::Number(_)) => match integer(value) {
                Some(i) if i > max => i,
                _ => continue,
            },
            _ => continue,
        };
        errors.push(Violation::OverLimitWhen {
            field: Cow::Owned(at),
            limit,
            found,
            when_field: Cow::Owned(join(path, when)),
            when_value: is,
            when_list,
        });
    }
}

fn integer(value: &Value) -> Option<i128> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::body::{Field, Items, JsonType, Kind, Limit, Object, Rule, Scalar, check};

    const fn scalar(json: JsonType) -> Kind {
        Kind::Scalar(Scalar {
            json,
            rule: None,
            values: None,
            date: None,
            values_cut_off: false,
        })
    }

    static ITEM: Object = Object {
        fields: &[
            Field {
                name: "name",
                optional: false,
                kind: scalar(JsonType::String),
            },
            Field {
                name: "price",
                optional: false,
                kind: scalar(JsonType::Integer),
            },
            Field {
                name: "quantity",
                optional: false,
                kind: scalar(JsonType::Integer),
            },
        ],
        rules: &[],
    };

    static PAYMENT: Object = Object {
        fields: &[Field {
            name: "type",
            optional: true,
            kind: scalar(JsonType::String),
        }],
        rules: &[],
    };

    static INFO: Object = Object {
        fields: &[Field {
            name: "tenor",
            optional: true,
            kind: scalar(JsonType::Integer),
        }],
        rules: &[],
    };

    static ORDER: Object = Object {
        fields: &[
            Field {
                name: "kind",
                optional: false,
                kind: scalar(JsonType::String),
            },
            Field {
                name: "name",
                optional: true,
                kind: scalar(JsonType::String),
            },
            Field {
                name: "amount",
                optional: false,
                kind: scalar(JsonType::Integer),
            },
            Field {
                name: "items",
                optional: true,
                kind: Kind::Array(Items::Object(&ITEM)),
            },
            Field {
                name: "payment",
                optional: true,
                kind: Kind::Object(&PAYMENT),
            },
            Field {
                name: "info",
                optional: true,
                kind: Kind::Object(&INFO),
            },
        ],
        rules: &[
            Rule::Total {
                total: "amount",
                items: "items",
                factors: &["price", "quantity"],
            },
            Rule::Same {
                when: Some(("kind", "PERSONAL")),
                fields: &["name", "items.name"],
            },
            Rule::RequiredWhen {
                when: "payment.type",
                is: "INSTALLMENT",
                field: "info.tenor",
            },
        ],
    };

    fn messages(value: serde_json::Value) -> Vec<String> {
        match check(&ORDER, &value) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn a_total_is_the_sum_of_its_items_products() {
        let ok = json!({"kind": "X", "amount": 80000,
            "items": [{"name": "a", "price": 40000, "quantity": 1},
                      {"name": "b", "price": 20000, "quantity": 2}]});
        assert_eq!(messages(ok), Vec::<String>::new());
        let off = json!({"kind": "X", "amount": 80000,
            "items": [{"name": "a", "price": 40000, "quantity": 1}]});
        assert_eq!(
            messages(off),
            ["`amount` is 80000, but the sum of `price` × `quantity` over `items` is 40000"]
        );
        // No items: nothing to add up. An empty list adds up to 0.
        assert_eq!(
            messages(json!({"kind": "X", "amount": 5})),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(json!({"kind": "X", "amount": 5, "items": []})),
            ["`amount` is 5, but the sum of `price` × `quantity` over `items` is 0"]
        );
        // A mistyped term is the type check's finding, not a second one from the rule.
        assert_eq!(
            messages(json!({"kind": "X", "amount": 5,
                "items": [{"name": "a", "price": "5", "quantity": 1}]})),
            ["`items[0].price` must be a JSON integer, found string"]
        );
    }

    #[test]
    fn same_compares_every_element_and_only_when_its_condition_holds() {
        let body = |kind: &str| {
            json!({"kind": kind, "name": "Toko", "amount": 2,
                "items": [{"name": "Toko", "price": 1, "quantity": 1},
                          {"name": "Other", "price": 1, "quantity": 1}]})
        };
        assert_eq!(
            messages(body("PERSONAL")),
            ["`items[1].name` must be the same as `name` when `kind` is PERSONAL"]
        );
        assert_eq!(messages(body("CORPORATE")), Vec::<String>::new());
        // The personal data compared is not printed.
        assert!(!messages(body("PERSONAL"))[0].contains("Other"));
    }

    #[test]
    fn a_rule_ties_fields_of_two_objects() {
        assert_eq!(
            messages(json!({"kind": "X", "amount": 1, "payment": {"type": "INSTALLMENT"}})),
            ["`info.tenor` is required when `payment.type` is INSTALLMENT"]
        );
        assert_eq!(
            messages(
                json!({"kind": "X", "amount": 1, "payment": {"type": "INSTALLMENT"},
                "info": {"tenor": 3}})
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            messages(json!({"kind": "X", "amount": 1, "payment": {"type": "SALE"}})),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_violation_is_listed_at_once() {
        let all = messages(json!({"kind": "PERSONAL", "name": "A", "amount": 3,
            "items": [{"name": "B", "price": 1, "quantity": 1}],
            "payment": {"type": "INSTALLMENT"}}));
        assert_eq!(all.len(), 3, "{all:#?}");
    }

    static METHODS: Object = Object {
        fields: &[Field {
            name: "methods",
            optional: true,
            kind: Kind::Array(Items::Scalar(Scalar {
                json: JsonType::String,
                rule: None,
                values: None,
                date: None,
                values_cut_off: false,
            })),
        }],
        rules: &[],
    };

    static LIMITED: Object = Object {
        fields: &[
            Field {
                name: "invoice",
                optional: false,
                kind: scalar(JsonType::String),
            },
            Field {
                name: "kind",
                optional: true,
                kind: scalar(JsonType::String),
            },
            Field {
                name: "amount",
                optional: true,
                kind: scalar(JsonType::Integer),
            },
            Field {
                name: "items",
                optional: true,
                kind: Kind::Array(Items::Object(&ITEM)),
            },
            Field {
                name: "payment",
                optional: true,
                kind: Kind::Object(&METHODS),
            },
        ],
        rules: &[
            Rule::LimitWhen {
                when: "payment.methods",
                is: "CREDIT_CARD",
                field: "invoice",
                limit: Limit::MaxLength(5),
            },
            Rule::LimitWhen {
                when: "kind",
                is: "SMALL",
                field: "amount",
                limit: Limit::MaxValue(100),
            },
            Rule::LimitWhen {
                when: "kind",
                is: "SMALL",
                field: "items.name",
                limit: Limit::MaxLength(2),
            },
        ],
    };

    fn limited(value: serde_json::Value) -> Vec<String> {
        match check(&LIMITED, &value) {
            Ok(()) => Vec::new(),
            Err(e) => e.violations.iter().map(ToString::to_string).collect(),
        }
    }

    /// A limit that depends on a value the request names: an array that includes it, or a
    /// scalar that is it; absent, the rule says nothing.
    #[test]
    fn a_limit_holds_only_under_its_condition() {
        let cc = json!({"invoice": "ÄBCDEF", "payment": {"methods": ["QRIS", "CREDIT_CARD"]}});
        assert_eq!(
            limited(cc),
            [
                "`invoice` is 6 characters long, more than the 5 allowed when `payment.methods` includes CREDIT_CARD"
            ]
        );
        // Characters, not bytes: five characters of two bytes each are within 5.
        let five = json!({"invoice": "ÄÄÄÄÄ", "payment": {"methods": ["CREDIT_CARD"]}});
        assert_eq!(limited(five), Vec::<String>::new());
        for other in [
            json!({"invoice": "ABCDEFGH", "payment": {"methods": ["QRIS"]}}),
            json!({"invoice": "ABCDEFGH", "payment": {"methods": []}}),
            json!({"invoice": "ABCDEFGH", "payment": {}}),
            json!({"invoice": "ABCDEFGH"}),
            json!({"invoice": "ABCDEFGH", "kind": "LARGE", "amount": 1000}),
        ] {
            assert_eq!(limited(other.clone()), Vec::<String>::new(), "{other}");
        }
        let small = json!({"invoice": "A", "kind": "SMALL", "amount": 101,
            "items": [{"name": "ok", "price": 1, "quantity": 1},
                      {"name": "long", "price": 1, "quantity": 1}]});
        assert_eq!(
            limited(small),
            [
                "`amount` is 101, more than the 100 allowed when `kind` is SMALL",
                "`items[1].name` is 4 characters long, more than the 2 allowed when `kind` is SMALL",
            ]
        );
        let at_limit = json!({"invoice": "A", "kind": "SMALL", "amount": 100});
        assert_eq!(limited(at_limit), Vec::<String>::new());
    }
}
