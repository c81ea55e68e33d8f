//! A crate outside doku-partner that uses the derive the way a user would: on its own spec,
//! and on the spec shipped with doku-partner.

#![deny(missing_docs)]

/// A fictional endpoint described by this crate's own spec.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "spec/list_settlements.yaml")]
pub struct ListSettlements;

/// DOKU's Get Business Data, from the spec shipped in doku-partner's repository.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../spec/get_business_data.yaml")]
pub struct GetBusinessData;
