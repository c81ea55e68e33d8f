//! Two derives side by side, each with its own `Request`, `Query` and `Response`: the
//! generated modules keep them apart.
#![deny(warnings, missing_docs)]

/// Get Business Data.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../spec/get_business_data.yaml")]
pub struct GetBusinessData;

/// List Settlements.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../../../examples/downstream/spec/list_settlements.yaml")]
pub struct ListSettlements;

fn main() {
    let _: Option<(get_business_data::Query, list_settlements::Query)> = None;
}
