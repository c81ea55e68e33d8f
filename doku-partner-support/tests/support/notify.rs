//! Signed notifications as DOKU sends them, built with the runtime's signer (checked against
//! DOKU's known-answer vector in `tests/inbound.rs`).

#![allow(dead_code)]

use doku_partner_support::SecretKey;
use doku_partner_support::inbound::InboundRequest;
use doku_partner_support::signature::Components;

pub const KEY: &str = "SK-hCJ42G28TA0MKG9LE2E_1";
pub const PATH: &str = "/payments/notifications";
pub const CLIENT_ID: &str = "MCH-0001-10791114622547";
/// 2026-11-24T10:00:00Z
pub const NOW: i64 = 1_795_514_400;
pub const TIMESTAMP: &str = "2026-11-24T10:00:00Z";

/// One notification as it travels: owned header values and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub body: Vec<u8>,
}

impl Wire {
    /// A POST to `PATH`, signed with `key` over `body`.
    pub fn signed(request_id: &str, body: &[u8], key: &str) -> Self {
        Self::signed_at(request_id, TIMESTAMP, body, key)
    }

    pub fn signed_at(request_id: &str, timestamp: &str, body: &[u8], key: &str) -> Self {
        let signature = Components::request(CLIENT_ID, request_id, timestamp, PATH, Some(body))
            .sign(&SecretKey::new(key));
        Wire {
            method: "POST".into(),
            path: PATH.into(),
            headers: vec![
                ("Client-Id".into(), CLIENT_ID.into()),
                ("Request-Id".into(), request_id.into()),
                ("Request-Timestamp".into(), timestamp.into()),
                ("Signature".into(), signature.as_str().into()),
                ("Content-Type".into(), b"application/json".to_vec()),
            ],
            body: body.to_vec(),
        }
    }

    pub fn request(&self) -> InboundRequest<'_> {
        let mut request = InboundRequest::new(&self.method, &self.path, &self.body);
        for (name, value) in &self.headers {
            request.push_header(name, value);
        }
        request
    }

    pub fn without(mut self, header: &str) -> Self {
        self.headers.retain(|(n, _)| n != header);
        self
    }

    pub fn with(mut self, header: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| n != header);
        self.headers
            .push((header.into(), value.as_bytes().to_vec()));
        self
    }
}

/// A payment notification body of about `len` bytes (padded in an undocumented key).
pub fn payment_body(invoice: &str, len: usize) -> Vec<u8> {
    let head = format!(
        r#"{{"service":{{"id":"VIRTUAL_ACCOUNT"}},"acquirer":{{"id":"BCA"}},"channel":{{"id":"VIRTUAL_ACCOUNT_BCA"}},"transaction":{{"status":"SUCCESS","date":"2021-01-27T03:24:23Z","original_request_id":"15022aab-444f-4b04-afa8-ddfce89432ec"}},"order":{{"invoice_number":"{invoice}","amount":150000}},"virtual_account_info":{{"virtual_account_number":"1900600000000046"}},"additional_info":{{"note":""#
    );
    let mut body = head.into_bytes();
    while body.len() + 4 < len {
        body.push(b'x');
    }
    body.extend_from_slice(b"\"}}");
    body
}
