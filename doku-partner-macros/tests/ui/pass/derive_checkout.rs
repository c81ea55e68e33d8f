//! The derive on DOKU Checkout (`spec/payments/checkout.yaml`) in a user's crate that denies
//! warnings and missing docs; its rules refuse a body before any I/O, every violation listed.
#![deny(warnings, missing_docs)]

/// DOKU Checkout.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/payments/checkout.yaml")]
pub struct Checkout;

fn main() {
    let bad = checkout::body::Body::from_json(
        r#"{"order":{"amount":50000,"invoice_number":"INV-1",
            "line_items":[{"name":"A","price":20000,"quantity":2}]},
            "payment":{"type":"INSTALLMENT"}}"#,
    )
    .unwrap_err();
    let found: Vec<String> = bad.violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "`order.amount` is 50000, but the sum of `price` × `quantity` over `order.line_items` is 40000",
            "`additional_info.allow_tenor` is required when `payment.type` is INSTALLMENT",
        ]
    );
}
