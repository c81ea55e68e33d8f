//! Ready bindings for DOKU's Non-SNAP payment APIs (`spec/payments/`): what a sub-merchant
//! does once DOKU approved its business. They are signed with the sub-merchant's own
//! credentials ([`Brand::credentials`](crate::endpoints::get_business_data::response::Brand::credentials)),
//! not the partner's.

/// DOKU Checkout (`POST /checkout/v1/payment`): a checkout page for one order; DOKU answers
/// with its `payment.url`. DOKU's page survives only from its top; see the module's notes.
#[derive(crate::Endpoint)]
#[doku(
    spec = "spec/payments/checkout.yaml",
    doc_path = "doku_partner::payments"
)]
pub struct Checkout;
