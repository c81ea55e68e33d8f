//! The faults on either side of DOKU's commit (see the [module docs](super#faults-after-commit)):
//! which faults let the work happen, the ones played after it, and DOKU's door-check refusals
//! on demand.

use bytes::Bytes;
use hyper::Response;

use super::{Answer, Fault, Reservation, StandInBody, envelope, plain};

/// One of DOKU's door-check refusals, answered on demand by [`Fault::Refuse`] with the same
/// status, code and message as the real check.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `400 idempotent_request` / `Request-Id has been used` (check 6).
    IdempotentRequest,
    /// `400 request_time_out_of_range` / `Header Request-Timestamp is not in +- 3600 second of
    /// now` (check 3).
    RequestTimeOutOfRange,
}

impl Refusal {
    /// The HTTP status (400 for both, the stand-in's choice: see the module docs).
    pub fn status(self) -> u16 {
        400
    }

    /// DOKU's `error.code`.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::IdempotentRequest => "idempotent_request",
            Refusal::RequestTimeOutOfRange => "request_time_out_of_range",
        }
    }

    /// DOKU's `error.message`.
    pub fn message(self) -> &'static str {
        match self {
            Refusal::IdempotentRequest => "Request-Id has been used",
            Refusal::RequestTimeOutOfRange => {
                "Header Request-Timestamp is not in +- 3600 second of now"
            }
        }
    }

    pub(super) fn response(self) -> Response<StandInBody> {
        envelope(self.status(), self.code(), self.message())
    }
}

/// The page a gateway in front of DOKU answers 502 with (nginx's default page: DOKU documents
/// none, the stand-in's choice).
const BAD_GATEWAY_PAGE: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

impl Fault {
    /// `502 Bad Gateway` (an HTML page) **before** DOKU did anything: nothing stored, the
    /// Request-Id unused, so a retry with it does the work.
    pub fn bad_gateway() -> Fault {
        Fault::Status {
            status: 502,
            content_type: "text/html".to_owned(),
            body: BAD_GATEWAY_PAGE.to_owned(),
        }
    }

    /// A business refusal in DOKU's second envelope, `{"message":[...]}` (what a third party
    /// saw from Checkout with a valid signature: `{"message":["PAYMENT CHANNEL IS INACTIVE"]}`),
    /// with `status` (that probe does not record it), as JSON; nothing done, the Request-Id
    /// unused.
    pub fn business_refusal(status: u16, messages: &[&str]) -> Fault {
        Fault::Status {
            status,
            content_type: "application/json".to_owned(),
            body: serde_json::json!({ "message": messages }).to_string(),
        }
    }

    /// A refusal in DOKU's gateway envelope, `{"error":{"code","message","type"}}` (type
    /// `invalid_request_error`, as in every body of it a third party recorded), as JSON;
    /// nothing done, the Request-Id unused.
    pub fn error_envelope(status: u16, code: &str, message: &str) -> Fault {
        Fault::Status {
            status,
            content_type: "application/json".to_owned(),
            body: serde_json::json!({
                "error": { "code": code, "message": message, "type": "invalid_request_error" }
            })
            .to_string(),
        }
    }

    /// `502 Bad Gateway` **after** DOKU did the work: stored, the Request-Id consumed, so a
    /// retry with it is refused with `idempotent_request`.
    pub fn bad_gateway_after_commit() -> Fault {
        Fault::CommitThenStatus {
            status: 502,
            content_type: "text/html".to_owned(),
            body: BAD_GATEWAY_PAGE.to_owned(),
        }
    }

    /// Whether the stand-in does the work (runs the route's [`Responder`], issues a token)
    /// when it plays this fault: exactly when the Request-Id ends up consumed.
    pub(super) fn commits(&self) -> bool {
        match self {
            Fault::Status { status, .. } => (200..300).contains(status),
            Fault::Hang | Fault::Refuse(_) | Fault::ResetBeforeCommit => false,
            Fault::Delay(_)
            | Fault::WorkThenDelay(_)
            | Fault::HeadersThenSilence
            | Fault::ResetMidBody
            | Fault::TruncatedJson
            | Fault::HugeBody { .. }
            | Fault::WrongSignature
            | Fault::Unsigned
            | Fault::CommitThenReset
            | Fault::CommitThenHang
            | Fault::CommitThenStatus { .. } => true,
        }
    }
}

/// Marks a response that must not be sent: [`handle`](super::server::handle) closes the
/// connection instead ([`Fault::CommitThenReset`], [`Fault::ResetBeforeCommit`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct ResetConnection;

/// A response [`handle`](super::server::handle) does not send: it closes the connection.
pub(super) fn reset() -> Response<StandInBody> {
    let mut response = plain(500, "text/plain", Bytes::new());
    response.extensions_mut().insert(ResetConnection);
    response
}

/// Plays [`Fault::CommitThenReset`], [`Fault::CommitThenHang`] and [`Fault::CommitThenStatus`]:
/// the work is done (by the caller), the Request-Id is consumed here, then the answer is lost.
/// `None` for any other fault.
pub(super) fn play(fault: &Fault, reservation: &mut Option<Reservation>) -> Option<Answer> {
    let answer = match fault {
        Fault::CommitThenReset => Some((reset(), None)),
        Fault::CommitThenHang => None,
        Fault::CommitThenStatus {
            status,
            content_type,
            body,
        } => Some((
            plain(*status, content_type, Bytes::from(body.clone())),
            None,
        )),
        _ => return None,
    };
    // Committed: the id stays used whatever the client sees.
    if let Some(reservation) = reservation.take() {
        reservation.settle(200);
    }
    Some(answer)
}
