//! What every Non-SNAP Partner API endpoint shares, documented once here and linked from each
//! generated endpoint module instead of repeated in it.
//!
//! # Headers the client sets
//!
//! - `Client-Id` (from the credentials): Client ID (Brand ID) will be shared by DOKU Account
//!   Manager. Example: `BRN-0001-10791114622547`.
//! - `Request-Id` (per request, DOKU format `ANS(128)`): Unique random string (max 128
//!   characters) generated from merchant side to protect duplicate request. Example:
//!   `fdb69f47-96da-499d-acec-7cdc318ab2fe`.
//! - `Request-Timestamp` (per request, DOKU format `timestamp`): Timestamp request on UTC time
//!   in ISO8601 UTC+0 format. It means to proceed transaction on UTC+7 (WIB), merchant need to
//!   subtract time with 7. Ex: to proceed transaction on September 22th 2020 at 08:51:00 WIB,
//!   the timestamp should be 2020-09-22T01:51:00Z. Example: `2020-08-11T08:45:42Z`.
//! - `Signature` (computed by the client, see [`signature`](crate::signature)): differs per
//!   method (a `Digest` line for a body), so each endpoint documents its own.
//!
//! An endpoint's module lists only the headers whose documentation differs from these.
//!
//! # Errors of the header and signature checks
//!
//! DOKU checks the headers in this order before it reads the body; its error body is
//! `{"error":{"code":"...","message":"...","type":"invalid_request_error"}}`.
//!
//! | status | code | message | when |
//! | --- | --- | --- | --- |
//! | 400 | `invalid_header_request` | Header Client-Id is required | The Client-Id header is missing (headers are checked in this order). |
//! | 400 | `invalid_header_request` | Header Request-Id is required | The Request-Id header is missing. |
//! | 400 | `invalid_header_request` | Header Request-Timestamp is required | The Request-Timestamp header is missing. |
//! | 400 | `invalid_header_request` | Header Signature is required | The Signature header is missing. |
//! | 400 | `invalid_header_request` | Invalid format Header Request-Timestamp | Request-Timestamp is not YYYY-MM-DDTHH:MM:SSZ. Only the message is documented: code and status are assumed. |
//! | 400 | `request_time_out_of_range` | Header Request-Timestamp is not in +- 3600 second of now | Request-Timestamp is more than an hour away from DOKU's clock. Status not documented; 400 assumed. |
//! | 400 | `invalid_client_id` | Invalid Client-Id | DOKU does not know the Client-Id. Status not documented; 400 assumed. |
//! | 400 | `invalid_signature` | Invalid Header Signature | The Signature does not match (checked before the body). Status not documented; 400 assumed. |
//! | 400 | `idempotent_request` |  | The Request-Id was already used. Message and status not documented; 400 assumed. |
//!
//! An endpoint's module lists only the errors whose documentation differs from these.
