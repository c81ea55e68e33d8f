//! Payments in the stand-in: a registered sub-merchant's Checkout payment, marked paid on
//! demand (like Stripe CLI's `trigger`), DOKU's payment notification sent to the merchant's
//! Notification URL, and Check Status answering what the notification said.
//!
//! - **Checkout** (`POST /checkout/v1/payment`, signed with the brand's own Client-Id and shared
//!   key): after every door check and the body check against Checkout's spec, the payment is
//!   kept (pending) by the brand and `order.invoice_number`, and answered in the shape of the
//!   page's basic response sample with this order's invoice number and amount, a fresh
//!   `session_id`, `token_id` and checkout `url`, `expired_date` (`yyyyMMddHHmmss` in UTC+7,
//!   the request's `payment.payment_due_date` minutes ahead, 60 when absent) and the request's
//!   `Request-Id` and Client-Id in `headers`. A Checkout signed by the partner's own Client-Id
//!   (not a registered brand) gets the sample and is not kept.
//! - **Only an approved business pays** (Checkout and DOKU VA's payment code): a payment signed
//!   by a registered brand whose KYB review is not approved now (in review, rejected, sent back
//!   for revision; [`PartnerStandIn::kyb_status`](super::PartnerStandIn::kyb_status)) is
//!   refused after every door check and the body check, with [`NOT_APPROVED_STATUS`] and
//!   DOKU's business envelope [`NOT_APPROVED_BODY`] (`PAYMENT CHANNEL IS INACTIVE`); nothing is
//!   kept and the Request-Id stays unused. **DOKU documents no answer for this**: the message
//!   is the one an integrator saw for a merchant without an active channel, the closest
//!   documented one (a DECISION). DOKU VA's payment code of an approved brand is answered with
//!   the spec's sample (or its minimal body) and not kept.
//! - **Limits that depend on the merchant's channels**: a brand's activated channels are
//!   account state at DOKU, set here with
//!   [`PartnerStandIn::set_channels`](super::PartnerStandIn::set_channels) (none until set).
//!   With [`CREDIT_CARD`] activated, a Checkout whose `order.invoice_number` is over
//!   [`CREDIT_CARD_INVOICE_MAX`] (30) characters is refused (400, DOKU's business envelope,
//!   [`invoice_number_too_long`]: status and message are a DECISION, DOKU documents neither),
//!   nothing kept; otherwise the spec's 64 applies.
//! - **Paid** ([`PartnerStandIn::pay`](super::PartnerStandIn::pay), admin
//!   `POST /__stand-in/payments/{invoice_number}/pay`): the payment becomes `SUCCESS` and DOKU's
//!   notification is sent to the Checkout's `additional_info.override_notification_url`, else
//!   the brand's Notification URL ([`PartnerStandIn::set_notification_url`](super::PartnerStandIn::set_notification_url),
//!   admin `POST /__stand-in/businesses/{brand_id}/notification-url`); without either it is
//!   marked paid and nothing is sent, as DOKU does for a merchant with no Notification URL.
//! - **The notification** is signed as DOKU signs notifications: the brand's Client-Id and
//!   shared key, `Request-Target` the URL's path, the `Digest` of the body; re-delivered at
//!   +30 min, +6 h, +12 h while not answered with a 2xx, like the KYB callbacks
//!   ([`run_due_callbacks`](super::PartnerStandIn::run_due_callbacks) sends them). Its body has
//!   `spec/payment_notification.yaml`'s VA shape (`Event::VirtualAccount`, channel
//!   `VIRTUAL_ACCOUNT_BANK_MANDIRI`, without a conformance finding): DOKU's Mandiri VA sample (the legacy
//!   notification page's, which is also Check Status's VA sample) with the payment's invoice
//!   number and amount, `transaction.status` `SUCCESS`, `transaction.date` the time it was
//!   paid, `transaction.original_request_id` the Checkout's `Request-Id`, and a virtual account
//!   number and identifiers of its own. **DOKU does not document which channel a Checkout
//!   payment is notified as**: a VA channel is the stand-in's choice.
//! - **Check Status** (`GET /orders/v1/status/{invoice_number or Request-Id}`, signed by the
//!   same brand): a paid payment is answered with the notification's body, byte for byte; a
//!   pending one with the same shape, `transaction.status` `PENDING` and no payment details.
//!   Another brand's payment, or an unknown one, is not found: `404` with DOKU's business
//!   envelope, `{"message":["TRANSACTION NOT FOUND"]}` ([`NOT_FOUND_BODY`]). DOKU documents no
//!   "not found" answer for Check Status; the spec's notes say how this one was chosen
//!   (DECISION). A call signed by a Client-Id that is no registered brand gets the sample.

use std::collections::HashMap;
use std::sync::Arc;

use doku_partner_support::__private::serde_json::{self, Value, json};

use super::{Review, Shared, lock};
use crate::payments::{CheckStatus, Checkout, VaPaymentCode};
use crate::support::Endpoint;
use crate::support::clock::format_timestamp;
use crate::support::stand_in::{
    Answered, Call, CallbackOutcome, CallbackSender, Responder, StandInRoute,
};

/// The payments the stand-in keeps, and where each brand is notified.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    /// Every Checkout of a registered brand, oldest first.
    payments: Vec<Payment>,
    /// Each brand's Notification URL (DOKU's Back Office setting).
    notification_urls: HashMap<String, String>,
    /// Each brand's activated payment channels (DOKU's account state; none until set).
    channels: HashMap<String, Vec<String>>,
    /// One notification sender per brand (its Client-Id and shared key).
    senders: HashMap<String, Arc<CallbackSender>>,
}

#[derive(Debug, Clone)]
struct Payment {
    client_id: String,
    invoice_number: String,
    /// The Checkout's `Request-Id`.
    request_id: String,
    /// `order.amount` as sent.
    amount: Value,
    override_url: Option<String>,
    /// The notification's body once paid.
    paid: Option<Vec<u8>>,
}

/// What [`PartnerStandIn::pay`](super::PartnerStandIn::pay) did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paid {
    /// The brand (Client-Id) whose payment it is.
    pub client_id: String,
    /// The notification's `Request-Id`; `None` when the brand has no Notification URL.
    pub notification_request_id: Option<String>,
    /// Where it was sent.
    pub notification_url: Option<String>,
    /// The merchant's answer to the first attempt (`None` when nothing was sent).
    pub outcome: Option<CallbackOutcome>,
}

/// Why a payment cannot be marked paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayError {
    /// No Checkout of a registered brand has this invoice number.
    Unknown(String),
    /// It is paid already.
    AlreadyPaid(String),
}

impl std::fmt::Display for PayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayError::Unknown(invoice) => write!(
                f,
                "no Checkout payment of a registered brand has invoice number {invoice:?}"
            ),
            PayError::AlreadyPaid(invoice) => write!(f, "invoice {invoice:?} is paid already"),
        }
    }
}

impl std::error::Error for PayError {}

/// Checkout's route, keeping the payments of registered brands.
pub(super) fn checkout_route(state: Shared, review: Review) -> Option<StandInRoute> {
    let route = StandInRoute::for_endpoint::<Checkout>("transcription_basic")
        .or_else(StandInRoute::of::<Checkout>)?;
    let sample = route.body.clone();
    let responder = Responder::answering(move |call: &Call<'_>| {
        let mut state = lock(&state);
        let registered = state.businesses.get(call.client_id)?;
        if let Some(refusal) = unless_approved(registered, &review) {
            return Some(refusal);
        }
        let order = &call.body["order"];
        let invoice = order["invoice_number"].as_str()?.to_owned();
        let channels = state.payments.channels.get(call.client_id);
        if let Some(refusal) = credit_card_invoice_limit(channels, &invoice) {
            return Some(refusal);
        }
        let amount = order["amount"].clone();
        let due_minutes = call.body["payment"]["payment_due_date"]
            .as_i64()
            .unwrap_or(60);
        state.next += 1;
        let serial = state.next;
        let ledger = &mut state.payments;
        ledger
            .payments
            .retain(|p| !(p.client_id == call.client_id && p.invoice_number == invoice));
        ledger.payments.push(Payment {
            client_id: call.client_id.to_owned(),
            invoice_number: invoice.clone(),
            request_id: call.request_id.to_owned(),
            amount: amount.clone(),
            override_url: call.body["additional_info"]["override_notification_url"]
                .as_str()
                .map(str::to_owned),
            paid: None,
        });
        drop(state);
        let now = review.door_now();
        let mut answer: Value = serde_json::from_str(&sample).ok()?;
        let response = &mut answer["response"];
        response["order"]["invoice_number"] = json!(invoice);
        // The page's sample answers the amount as a string.
        response["order"]["amount"] = json!(match &amount {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        });
        let session = format!("{:032x}", 0x5eed_0000_u128 + u128::from(serial));
        let token_id = format!("{session}{}", digits(now));
        response["order"]["session_id"] = json!(session);
        let payment = &mut response["payment"];
        payment["payment_due_date"] = json!(due_minutes);
        payment["token_id"] = json!(token_id);
        payment["url"] = json!(format!(
            "https://sandbox.doku.com/checkout-link-v2/{token_id}"
        ));
        payment["expired_date"] = json!(digits(now + 7 * 3600 + due_minutes * 60));
        let headers = &mut response["headers"];
        headers["request_id"] = json!(call.request_id);
        headers["client_id"] = json!(call.client_id);
        headers["date"] = json!(format_timestamp(now));
        Some(Answered::Body(answer.to_string()))
    });
    Some(StandInRoute {
        responder: Some(responder),
        ..route
    })
}

/// DOKU VA's payment-code route: the sample (or the minimal body the field table gives), once
/// the business is approved; refused before then, like Checkout.
pub(super) fn va_payment_code_route(state: Shared, review: Review) -> Option<StandInRoute> {
    let route = StandInRoute::of::<VaPaymentCode>()?;
    let responder = Responder::answering(move |call: &Call<'_>| {
        let state = lock(&state);
        unless_approved(state.businesses.get(call.client_id)?, &review)
    });
    Some(StandInRoute {
        responder: Some(responder),
        ..route
    })
}

/// The status of the refusal of a payment whose business DOKU has not approved. No DOKU page
/// documents it (the integrator's probe of the same envelope did not record its status): a
/// DECISION, 400 as DOKU's other business refusals of a request it will not carry out.
pub const NOT_APPROVED_STATUS: u16 = 400;

/// The body of that refusal: DOKU's business envelope with the message the integrator saw for
/// a correctly signed Checkout of a merchant without an active channel
/// (`payments/response-codes-and-errors.txt`, C). DOKU documents no answer for a business in
/// review or rejected; a business it has not approved has no active channel, so this is the
/// closest documented answer (a DECISION).
pub const NOT_APPROVED_BODY: &str = r#"{"message":["PAYMENT CHANNEL IS INACTIVE"]}"#;

/// The refusal of a payment signed by `registered`'s brand, unless its KYB review is approved
/// now (on the stand-in's review clock).
fn unless_approved(registered: &super::Registered, review: &Review) -> Option<Answered> {
    match registered.review.status(review.now(), &review.config) {
        super::KybStatus::Approved => None,
        _ => Some(Answered::Refused {
            status: NOT_APPROVED_STATUS,
            body: NOT_APPROVED_BODY.to_owned(),
        }),
    }
}

/// The channel whose activation shortens Checkout's `order.invoice_number` (DOKU's channel
/// name in `payment.payment_method_types`).
pub const CREDIT_CARD: &str = "CREDIT_CARD";

/// The longest `order.invoice_number` of a merchant with [`CREDIT_CARD`] activated: "If you
/// have Credit Card channel activated, the maximum length is 30 chars due to the acquirer's
/// requirements" (Checkout's page); 64 otherwise, as the spec's `ANS(64)` checks.
pub const CREDIT_CARD_INVOICE_MAX: usize = 30;

/// The refusal of a Checkout whose invoice number is longer than [`CREDIT_CARD_INVOICE_MAX`]
/// for a brand with [`CREDIT_CARD`] activated. DOKU documents neither the status nor the
/// message: a DECISION, its business envelope (the shape of its validation answers, as an
/// integrator saw them) with 400 and a message naming the limit.
pub fn invoice_number_too_long(len: usize) -> String {
    json!({
        "message": [format!(
            "order.invoice_number is {len} characters; at most {CREDIT_CARD_INVOICE_MAX} with the Credit Card channel activated"
        )]
    })
    .to_string()
}

fn credit_card_invoice_limit(channels: Option<&Vec<String>>, invoice: &str) -> Option<Answered> {
    let len = invoice.chars().count();
    let credit_card = channels.is_some_and(|c| c.iter().any(|c| c == CREDIT_CARD));
    (credit_card && len > CREDIT_CARD_INVOICE_MAX).then(|| Answered::Refused {
        status: 400,
        body: invoice_number_too_long(len),
    })
}

/// `yyyyMMddHHmmss` of a Unix time (already moved to the wanted zone).
fn digits(unix: i64) -> String {
    format_timestamp(unix)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// Check Status's answer for a payment the brand does not have (DOKU documents none; see
/// the spec's notes, "DECISION"): `404` with the business envelope.
pub const NOT_FOUND_STATUS: u16 = 404;
/// The body of [`NOT_FOUND_STATUS`].
pub const NOT_FOUND_BODY: &str = r#"{"message":["TRANSACTION NOT FOUND"]}"#;

/// Check Status's route, answering from the payments.
pub(super) fn check_status_route(state: Shared) -> Option<StandInRoute> {
    let route = StandInRoute::of::<CheckStatus>()?;
    let responder = Responder::answering(move |call: &Call<'_>| {
        let id = call.path.rsplit('/').next()?;
        let id = percent_decoded(id);
        let state = lock(&state);
        // Signed by a Client-Id that is no registered brand (the partner's own): the sample,
        // as for Checkout.
        if !state.businesses.contains_key(call.client_id) {
            return None;
        }
        let Some(payment) = state.payments.payments.iter().rev().find(|p| {
            p.client_id == call.client_id && (p.invoice_number == id || p.request_id == id)
        }) else {
            // Unknown, or another brand's: not found (never another merchant's payment).
            return Some(Answered::Refused {
                status: NOT_FOUND_STATUS,
                body: NOT_FOUND_BODY.to_owned(),
            });
        };
        match &payment.paid {
            Some(body) => String::from_utf8(body.clone()).ok().map(Answered::Body),
            None => {
                let mut pending = notification(payment, None)?;
                pending["transaction"]["status"] = json!("PENDING");
                if let Some(object) = pending.as_object_mut() {
                    object.remove("virtual_account_payment");
                }
                Some(Answered::Body(pending.to_string()))
            }
        }
    });
    Some(StandInRoute {
        responder: Some(responder),
        ..route
    })
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(u8::try_from(hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)).unwrap_or(0));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The notification of `payment`, paid at `paid_at` (Unix) when given: Check Status's Mandiri VA
/// sample with the payment's values.
fn notification(payment: &Payment, paid_at: Option<i64>) -> Option<Value> {
    let (_, sample) = CheckStatus::EXAMPLES
        .iter()
        .find(|(name, _)| name.contains("mandiri"))
        .or_else(|| CheckStatus::EXAMPLES.first())?;
    let mut body: Value = serde_json::from_str(sample).ok()?;
    body["order"]["invoice_number"] = json!(payment.invoice_number);
    // Check Status answers the amount as a number (response-codes-and-errors.txt, C).
    body["order"]["amount"] = match &payment.amount {
        Value::String(text) => text
            .parse::<i64>()
            .map_or_else(|_| json!(text), |n| json!(n)),
        other => other.clone(),
    };
    body["transaction"]["original_request_id"] = json!(payment.request_id);
    if let Some(paid_at) = paid_at {
        body["transaction"]["status"] = json!("SUCCESS");
        body["transaction"]["date"] = json!(format_timestamp(paid_at));
    }
    // A VA number and identifiers of this payment's own, from its Request-Id's digits.
    let digits: String = payment
        .request_id
        .chars()
        .filter(char::is_ascii_digit)
        .chain(std::iter::repeat('0'))
        .take(9)
        .collect();
    body["virtual_account_info"]["virtual_account_number"] = json!(format!("8889940{digits}"));
    if let Some(identifier) = body["virtual_account_payment"]["identifier"].get_mut(0) {
        identifier["value"] = json!(digits[..7].to_owned());
    }
    Some(body)
}

impl super::PartnerStandIn {
    /// Sets brand `brand_id`'s Notification URL (DOKU's Back Office setting), where its
    /// payments are notified unless a Checkout overrides it. `false` for a brand it does not know.
    pub fn set_notification_url(&self, brand_id: &str, url: &str) -> bool {
        set_notification_url(&self.state, brand_id, url)
    }

    /// Sets brand `brand_id`'s activated payment channels (DOKU's account state, none until
    /// set; channel names as in Checkout's `payment.payment_method_types`, e.g.
    /// [`CREDIT_CARD`]). With Credit Card activated, a Checkout whose
    /// `order.invoice_number` is over 30 characters is refused, as DOKU's page says; no client
    /// can check that before sending, since the request does not carry the account's
    /// channels. `false` for a brand it does not know.
    pub fn set_channels(&self, brand_id: &str, channels: &[&str]) -> bool {
        let mut state = lock(&self.state);
        if !state.businesses.contains_key(brand_id) {
            return false;
        }
        state.payments.channels.insert(
            brand_id.to_owned(),
            channels.iter().map(|c| (*c).to_owned()).collect(),
        );
        true
    }

    /// Marks the Checkout payment with `invoice_number` paid (the latest, if several brands
    /// used it) and sends DOKU's payment notification to the merchant's Notification URL,
    /// signed with the brand's Client-Id and shared key ([module docs](self)); Check Status
    /// answers the same body from then on. Waits for the first attempt's answer.
    pub async fn pay(&self, invoice_number: &str) -> Result<Paid, PayError> {
        pay(&self.state, &self.review, invoice_number).await
    }
}

/// [`PartnerStandIn::set_notification_url`](super::PartnerStandIn::set_notification_url),
/// shared with the admin API.
pub(super) fn set_notification_url(state: &Shared, brand_id: &str, url: &str) -> bool {
    let mut state = lock(state);
    if !state.businesses.contains_key(brand_id) {
        return false;
    }
    state
        .payments
        .notification_urls
        .insert(brand_id.to_owned(), url.to_owned());
    true
}

/// [`PartnerStandIn::pay`](super::PartnerStandIn::pay), shared with the admin API.
pub(super) async fn pay(
    state: &Shared,
    review: &Review,
    invoice_number: &str,
) -> Result<Paid, PayError> {
    let scheduled = {
        let mut guard = lock(state);
        let guard = &mut *guard;
        let Some(payment) = guard
            .payments
            .payments
            .iter_mut()
            .rev()
            .find(|p| p.invoice_number == invoice_number)
        else {
            return Err(PayError::Unknown(invoice_number.to_owned()));
        };
        if payment.paid.is_some() {
            return Err(PayError::AlreadyPaid(invoice_number.to_owned()));
        }
        let body = notification(payment, Some(review.now()))
            .map(|b| b.to_string().into_bytes())
            .unwrap_or_default();
        payment.paid = Some(body.clone());
        let client_id = payment.client_id.clone();
        let url = payment
            .override_url
            .clone()
            .or_else(|| guard.payments.notification_urls.get(&client_id).cloned());
        let key = guard
            .businesses
            .get(&client_id)
            .map(|r| r.shared_key.clone());
        match (url, key) {
            (Some(url), Some(key)) => {
                let sender = match guard.payments.senders.get(&client_id) {
                    Some(sender) => Arc::clone(sender),
                    None => {
                        let mut sender = CallbackSender::new(
                            client_id.clone(),
                            crate::support::SecretKey::from(key),
                            Arc::clone(&review.clock),
                        )
                        .map_err(|_| PayError::Unknown(invoice_number.to_owned()))?;
                        if let Some(stamps) = &review.stamp_clock {
                            sender = sender.timestamps_from(Arc::clone(stamps));
                        }
                        let sender = Arc::new(sender);
                        guard
                            .payments
                            .senders
                            .insert(client_id.clone(), Arc::clone(&sender));
                        sender
                    }
                };
                let request_id = sender.schedule(&url, body);
                Some((client_id, url, request_id, sender))
            }
            _ => {
                return Ok(Paid {
                    client_id,
                    notification_request_id: None,
                    notification_url: None,
                    outcome: None,
                });
            }
        }
    };
    let Some((client_id, url, request_id, sender)) = scheduled else {
        return Err(PayError::Unknown(invoice_number.to_owned()));
    };
    sender.run_due().await;
    let outcome = sender
        .attempts()
        .into_iter()
        .find(|a| a.request_id == request_id)
        .map(|a| a.outcome);
    Ok(Paid {
        client_id,
        notification_request_id: Some(request_id),
        notification_url: Some(url),
        outcome,
    })
}

/// Sends the payment notifications due (re-deliveries); the number of attempts made.
pub(super) async fn run_due(state: &Shared) -> usize {
    let senders: Vec<Arc<CallbackSender>> =
        lock(state).payments.senders.values().cloned().collect();
    let mut made = 0;
    for sender in senders {
        made += sender.run_due().await;
    }
    made
}

/// The payments as the admin API's state shows them (no amounts' owners' data beyond IDs).
pub(super) fn state_json(state: &Shared) -> Value {
    let state = lock(state);
    let payments: Vec<Value> = state
        .payments
        .payments
        .iter()
        .map(|p| {
            json!({
                "client_id": p.client_id,
                "invoice_number": p.invoice_number,
                "request_id": p.request_id,
                "amount": p.amount,
                "status": if p.paid.is_some() { "SUCCESS" } else { "PENDING" },
                "notification_url": p.override_url.clone().or_else(|| state.payments.notification_urls.get(&p.client_id).cloned()),
            })
        })
        .collect();
    json!(payments)
}

/// Every payment notification attempt so far, in order of the brands' senders.
pub(super) fn attempts(state: &Shared) -> Vec<crate::support::stand_in::CallbackAttempt> {
    let senders: Vec<Arc<CallbackSender>> =
        lock(state).payments.senders.values().cloned().collect();
    senders.iter().flat_map(|s| s.attempts()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_digits_and_percent_decoding() {
        assert_eq!(digits(1_720_752_431 + 7 * 3600 + 3600), "20240712104711");
        assert_eq!(percent_decoded("INV%2F1-a"), "INV/1-a");
        assert_eq!(percent_decoded("100%"), "100%");
    }
}
