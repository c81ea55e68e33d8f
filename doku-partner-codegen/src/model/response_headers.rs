//! The model of a spec's response headers (`response.headers`) and declared error envelopes
//! (`errors.envelopes`).

use super::Format;

/// A header DOKU sends with a success (`response.headers`).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The name as documented (`Response-Timestamp`).
    pub name: String,
    /// Whether every success carries it (`mandatory`, default `true`).
    pub mandatory: bool,
    /// How the client checks it.
    pub check: ResponseHeaderCheck,
    /// Documented format, when there is one.
    pub format: Option<Format>,
    /// The page's description.
    pub description: String,
    /// The page's example value (what the stand-in sends for a `format`/`present` header).
    pub example: Option<String>,
    /// Notes.
    pub notes: Vec<String>,
}

/// How a response header is checked (`check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseHeaderCheck {
    /// `present`: there (when mandatory), visible ASCII.
    Present,
    /// `same_as_request`: equal to what the request sent (`Client-Id`, `Request-Id`).
    SameAsRequest,
    /// `format`: its `format` (a `timestamp`, or a string format).
    Format,
    /// `signature`: the response signature.
    Signature,
}

impl ResponseHeaderCheck {
    /// Every check, as a spec names it.
    pub const NAMES: [&'static str; 4] = ["present", "same_as_request", "format", "signature"];

    /// The name a spec writes.
    pub fn spec_name(self) -> &'static str {
        match self {
            ResponseHeaderCheck::Present => "present",
            ResponseHeaderCheck::SameAsRequest => "same_as_request",
            ResponseHeaderCheck::Format => "format",
            ResponseHeaderCheck::Signature => "signature",
        }
    }
}

/// One error envelope an endpoint may answer (`errors.envelopes`).
#[derive(Debug, Clone, PartialEq)]
pub struct DeclaredEnvelope {
    /// Which one.
    pub form: doku_partner_support::error::EnvelopeForm,
    /// DOKU's (or an observer's) sample body, checked to be this envelope.
    pub sample: Option<String>,
    /// When it is answered.
    pub description: String,
}
