//! A crate outside doku-partner that uses the derive the way a user would: on its own spec,
//! and on the specs shipped with doku-partner.

#![deny(missing_docs)]

/// A fictional endpoint described by this crate's own spec.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "spec/list_settlements.yaml")]
pub struct ListSettlements;

/// A fictional POST endpoint with a nested JSON body, body rules and a caller header, from
/// this crate's own spec.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "spec/register_outlet.yaml")]
pub struct RegisterOutlet;

/// DOKU's Generate Token (a POST with a JSON body), from the spec shipped in doku-partner's
/// repository.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../spec/generate_token.yaml")]
pub struct GenerateToken;

/// DOKU's Create Business Lite (a POST with a nested JSON body), from the spec shipped in
/// doku-partner's repository.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../spec/create_business_lite.yaml")]
pub struct CreateBusinessLite;

/// DOKU's Get Business Data, from the spec shipped in doku-partner's repository.
#[derive(doku_partner::Endpoint)]
#[doku(spec = "../../spec/get_business_data.yaml")]
pub struct GetBusinessData;

/// The same List Settlements bindings, checked in instead of derived: the file
/// `doku-partner generate examples/downstream/spec/list_settlements.yaml -o
/// examples/downstream/src/generated/list_settlements.rs` writes. It shows that pasted generated
/// code passes this crate's `#![deny(missing_docs)]` and `clippy -D warnings`; a test in
/// `doku-partner-cli` fails when the file is stale.
#[rustfmt::skip] // prettyplease's layout, byte for byte as the generator writes it
#[path = "generated/list_settlements.rs"]
pub mod checked_in;
