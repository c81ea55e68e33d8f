//! DOKU's Non-SNAP payment endpoints: what a sub-merchant does once onboarded (Checkout, Check
//! Status, DOKU VA), generated from the specs in `spec/payments/`.
//!
//! A payment is signed with the **sub-merchant's own** credentials, not the partner's: build
//! its client from [`Brand::credentials()`](crate::sub_merchant) of the business's brand.

/// DOKU VA: Generate payment code (`POST /doku-virtual-account/v2/payment-code`): a DOKU VA
/// number for one order. DOKU's page is cut off inside its request sample; see the module's
/// notes for what comes from DOKU's library code.
#[derive(crate::Endpoint)]
#[doku(
    spec = "spec/payments/va_payment_code.yaml",
    doc_path = "doku_partner::payments"
)]
pub struct VaPaymentCode;
