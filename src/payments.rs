//! Ready bindings for DOKU's Non-SNAP payment APIs (`spec/payments/`): what a sub-merchant
//! calls once DOKU has approved its business.
//!
//! They are signed with the sub-merchant's own credentials, not the partner's: build the
//! client from [`Brand::credentials`](crate::endpoints::get_business_data::response::Brand::credentials)
//! (see [`sub_merchant`](crate::sub_merchant)).

/// DOKU Checkout (`POST /checkout/v1/payment`): a checkout page for one order; DOKU answers
/// with its `payment.url`. DOKU's page survives only from its top; see the module's notes.
#[derive(crate::Endpoint)]
#[doku(
    spec = "spec/payments/checkout.yaml",
    doc_path = "doku_partner::payments"
)]
pub struct Checkout;

/// DOKU Check Status (`GET /orders/v1/status/{invoice_number_or_request_id}`): the status of
/// one payment, by its invoice number or the Request-Id that created it, in the shape of the
/// HTTP notification: one shape per channel (`check_status::Response` is an enum chosen by
/// `channel.id`; a channel the spec does not list is kept whole as `Response::Other`).
#[derive(crate::Endpoint)]
#[doku(
    spec = "spec/payments/check_status.yaml",
    doc_path = "doku_partner::payments"
)]
pub struct CheckStatus;

/// DOKU VA: Generate payment code (`POST /doku-virtual-account/v2/payment-code`): a DOKU VA
/// number for one order. DOKU's page is cut off inside its request sample; see the module's
/// notes for what comes from DOKU's library code.
#[derive(crate::Endpoint)]
#[doku(
    spec = "spec/payments/va_payment_code.yaml",
    doc_path = "doku_partner::payments"
)]
pub struct VaPaymentCode;
