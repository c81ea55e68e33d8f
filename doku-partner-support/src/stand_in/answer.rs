//! How the stand-in answers one request: DOKU's door checks in order (headers, timestamp,
//! Client-Id, signature, Request-Id, route, token, caller headers, Content-Type, body), then the
//! success (a sample body, signed), the tokens it issues and the faults it plays.

use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use hyper::Response;
use hyper::header::{CONTENT_LENGTH, HeaderMap, HeaderName, HeaderValue};
use sha2::{Digest as _, Sha256};

use super::{
    Answer, Answered, Call, Fault, HUGE_CHUNK, HUGE_CHUNK_LEN, Lookup, RESET_PAUSE, Refusal,
    Reservation, Shared, StandInBody, StandInRoute, TIMESTAMP_TOLERANCE_SECS, envelope,
    faults_after_commit, header, plain,
};
use crate::clock::{format_timestamp, parse_timestamp};
use crate::secret::SecretKey;
use crate::signature::{Components, SIGNATURE_PREFIX, signed_path};

/// How long a token lives when the request does not say (`lifetime_field` absent): 300 s, the
/// lifetime of the token on DOKU's Upload File page (DOKU documents no default).
pub(super) const DEFAULT_TOKEN_LIFETIME_SECS: i64 = 300;

/// A new token for `client_id`, remembered with its expiry, in the route's sample body.
pub(super) fn issue_token(
    shared: &Shared,
    route: &StandInRoute,
    issues: crate::endpoint::IssuesToken,
    client_id: &str,
    request_body: &[u8],
) -> String {
    use base64::Engine as _;
    let now = shared.clock.now_unix();
    let lifetime = issues
        .lifetime_field
        .and_then(|field| {
            let body: serde_json::Value = serde_json::from_slice(request_body).ok()?;
            body.get(field)?.as_str()?.trim().parse::<i64>().ok()
        })
        .filter(|minutes| *minutes > 0)
        .map_or(DEFAULT_TOKEN_LIFETIME_SECS, |minutes| {
            minutes.saturating_mul(60)
        });
    let exp = now.saturating_add(lifetime);
    let mut state = shared.lock();
    state.tokens_issued += 1;
    let b64 = |v: serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    // A JWT's shape, as DOKU's: `exp` and the Client-Id in the payload; not signed.
    let token = format!(
        "{}.{}.bW9jay17fQ",
        b64(serde_json::json!({"alg": "none"})),
        b64(serde_json::json!({
            "sub": "mock",
            "exp": exp,
            "iat": now,
            "jti": state.tokens_issued,
            "user": {"businessServiceClientId": client_id},
        })),
    );
    state
        .tokens
        .insert(token.clone(), (client_id.to_owned(), exp));
    drop(state);
    let mut sample: serde_json::Value =
        serde_json::from_str(&route.body).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(map) = sample.as_object_mut() {
        map.insert(issues.token_field.to_owned(), token.into());
    }
    sample.to_string()
}

/// The route's sample with its `echoes` fields set to the request's values (a JSON body's root
/// fields, or a form's text parts).
pub(super) fn echo(route: &StandInRoute, headers: &HeaderMap, body: &[u8]) -> String {
    let request = request_value(route, headers, body);
    let mut sample: serde_json::Value =
        serde_json::from_str(&route.body).unwrap_or_else(|_| serde_json::json!({}));
    if let (Some(map), Some(request)) = (sample.as_object_mut(), request) {
        for field in route.echoes {
            if let Some(value) = request.get(field) {
                map.insert((*field).to_owned(), value.clone());
            }
        }
    }
    sample.to_string()
}

/// The request body as the body check sees it (a form's parts as a JSON object).
pub(super) fn request_value(
    route: &StandInRoute,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<serde_json::Value> {
    if route.multipart {
        crate::multipart::parse(header(headers, "Content-Type").unwrap_or_default(), body)
            .and_then(|p| crate::multipart::to_value(&p))
            .ok()
    } else {
        serde_json::from_slice::<serde_json::Value>(body).ok()
    }
}

/// Step 9: `Authorization: Bearer` with a token this stand-in issued to this Client-Id, not
/// expired by the stand-in's clock.
pub(super) fn check_token(
    shared: &Shared,
    headers: &HeaderMap,
    client_id: &str,
) -> Option<Response<StandInBody>> {
    let refuse = |message: &str| Some(envelope(401, "invalid_token", message));
    let Some(value) = header(headers, "Authorization") else {
        return refuse("Header Authorization is required");
    };
    let Some(token) = value.strip_prefix("Bearer ") else {
        return refuse("Invalid Header Authorization");
    };
    let known = shared.lock().tokens.get(token).cloned();
    match known {
        Some((owner, _)) if owner != client_id => refuse("Invalid token"),
        Some((_, exp)) if exp <= shared.clock.now_unix() => refuse("Token is expired"),
        Some(_) => None,
        None => refuse("Invalid token"),
    }
}

/// Steps 10 to 12: the route's required headers, `Content-Type` and body schema.
pub(super) fn check_payload(
    route: &StandInRoute,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Response<StandInBody>> {
    for name in route.required_headers {
        if header(headers, name).is_none() {
            let message = format!("Header {name} is required");
            return Some(envelope(400, "invalid_header_request", &message));
        }
    }
    let schema = route.body_schema?;
    let content_type = header(headers, "Content-Type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    let result = if route.multipart {
        if !media_type.eq_ignore_ascii_case("multipart/form-data") {
            return Some(envelope(
                400,
                "invalid_header_request",
                "Header Content-Type must be multipart/form-data",
            ));
        }
        match crate::multipart::parse(content_type, body)
            .and_then(|p| crate::multipart::to_value(&p))
        {
            Ok(value) => crate::__private::body::check(schema, &value),
            Err(problem) => {
                let message = format!("the body is not a multipart form: {problem}");
                return Some(envelope(400, "invalid_request_body", &message));
            }
        }
    } else {
        if !media_type.eq_ignore_ascii_case("application/json") {
            return Some(envelope(
                400,
                "invalid_header_request",
                "Header Content-Type must be application/json",
            ));
        }
        crate::__private::body::check_bytes(schema, body)
    };
    match result {
        Ok(()) => None,
        Err(errors) => {
            let problems: Vec<String> = errors.violations.iter().map(ToString::to_string).collect();
            Some(envelope(400, "invalid_request_body", &problems.join("; ")))
        }
    }
}

/// What a request that passed the door checks is answered with, before faults.
pub(super) struct Authorized<'a> {
    pub(super) client_id: &'a str,
    pub(super) request_id: &'a str,
    pub(super) key: &'a SecretKey,
    pub(super) target: String,
    pub(super) route: &'a StandInRoute,
}

pub(super) async fn answer(
    shared: &Arc<Shared>,
    seq: Option<u64>,
    method: &str,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    let refuse = |status, code, message: &str| Some((envelope(status, code, message), None));

    // 1. Headers present.
    let mut values = [""; 4];
    for (slot, name) in
        values
            .iter_mut()
            .zip(["Client-Id", "Request-Id", "Request-Timestamp", "Signature"])
    {
        match header(headers, name) {
            Some(value) => *slot = value,
            None => {
                let message = format!("Header {name} is required");
                return refuse(400, "invalid_header_request", &message);
            }
        }
    }
    let [client_id, request_id, timestamp, signature] = values;
    // DOKU allows a Request-Id of at most 128 characters.
    if request_id.len() > crate::clock::MAX_REQUEST_ID_LEN {
        let message = format!(
            "Header Request-Id must be at most {} characters",
            crate::clock::MAX_REQUEST_ID_LEN
        );
        return refuse(400, "invalid_header_request", &message);
    }

    // 2. and 3. Timestamp shape and range.
    let Some(sent_at) = parse_timestamp(timestamp) else {
        return refuse(
            400,
            "invalid_header_request",
            "Invalid format Header Request-Timestamp",
        );
    };
    if shared.clock.now_unix().abs_diff(sent_at) > TIMESTAMP_TOLERANCE_SECS {
        return Some((Refusal::RequestTimeOutOfRange.response(), None));
    }

    // 4. Known client.
    let Some(key) = shared.clients.key(client_id) else {
        return refuse(401, "invalid_client_id", "Invalid Client-Id");
    };

    // 5. Signature, over the target as the matched route defines it.
    let lookup = shared.lookup(method, path);
    let target = match &lookup {
        Lookup::Found(route) => {
            let signed = signed_path(route.path_template, path, route.raw_in_target);
            match query {
                Some(query) if route.query_in_target => format!("{signed}?{query}"),
                _ => signed.into_owned(),
            }
        }
        _ => path.to_owned(),
    };
    let digest = match &lookup {
        Lookup::Found(route) => route.digest_body,
        _ => true,
    };
    let signed_body = (!body.is_empty() && digest).then_some(body);
    let components = Components::request(client_id, request_id, timestamp, &target, signed_body);
    if components.verify_checked(&key, signature).is_err() {
        return refuse(401, "invalid_signature", "Invalid Header Signature");
    }

    // 6. Request-Id not used; reserve it while this request is answered (unless the check is
    // off, for benchmarks).
    let mut reservation = if shared.check_idempotency {
        let id = (client_id.to_owned(), request_id.to_owned());
        if !shared.lock().request_ids.insert(id.clone()) {
            return Some((Refusal::IdempotentRequest.response(), None));
        }
        Some(Reservation {
            shared: Arc::clone(shared),
            key: Some(id),
        })
    } else {
        None
    };

    // 7. and 8. Routing.
    let route = match lookup {
        Lookup::Found(route) => route,
        Lookup::WrongMethod => {
            let message = format!("Method {method} is not allowed on {path}");
            let response = envelope(405, "method_not_allowed", &message);
            return Some((response, reservation));
        }
        Lookup::NotFound => {
            let message = format!("No route for {method} {path}");
            let response = envelope(404, "not_found", &message);
            return Some((response, reservation));
        }
    };

    // 9. The bearer token, on endpoints that need one.
    if route.bearer_token
        && let Some(refusal) = check_token(shared, headers, client_id)
    {
        return Some((refusal, reservation));
    }

    // 10. to 12. What the endpoint itself requires: its caller headers, then a JSON body
    // that meets its schema (after the signature, as DOKU looks at the body last).
    if let Some(refusal) = check_payload(route, headers, body) {
        return Some((refusal, reservation));
    }
    // The fault decides whether the work is done at all (see "Faults after commit").
    let fault = shared.lock().faults.pop_front();
    if let Some(Fault::Delay(delay)) = &fault {
        tokio::time::sleep(*delay).await;
    }
    if !fault.as_ref().is_none_or(Fault::commits) {
        return match fault {
            Some(Fault::Status {
                status,
                content_type,
                body,
            }) => Some((plain(status, &content_type, Bytes::from(body)), reservation)),
            Some(Fault::Refuse(refusal)) => Some((refusal.response(), reservation)),
            // Closed unanswered; the reservation is dropped unsettled, the id stays unused.
            Some(Fault::ResetBeforeCommit) => Some((faults_after_commit::reset(), reservation)),
            // Fault::Hang: never answered, the id released.
            _ => None,
        };
    }
    let from_state = route.responder.as_ref().and_then(|responder| {
        let seen = request_value(route, headers, body).unwrap_or(serde_json::Value::Null);
        (responder.0)(&Call {
            client_id,
            request_id,
            path,
            query,
            body: &seen,
        })
    });
    let from_state = match from_state {
        Some(Answered::Refused { status, body }) => {
            // Nothing done: the reservation is dropped unsettled, the Request-Id stays unused.
            let response = plain(status, "application/json", Bytes::from(body));
            return Some((response, reservation));
        }
        Some(Answered::Body(text)) => Some(text),
        None => None,
    };
    let served = match (from_state, route.issues_token) {
        (Some(text), _) => Bytes::from(text),
        (None, Some(issues)) => Bytes::from(issue_token(shared, route, issues, client_id, body)),
        (None, None) if !route.echoes.is_empty() => Bytes::from(echo(route, headers, body)),
        (None, None) => Bytes::from(route.body.clone()),
    };

    let ok = Authorized {
        client_id,
        request_id,
        key: &key,
        target,
        route,
    };
    if let Some(answer) = fault
        .as_ref()
        .and_then(|fault| faults_after_commit::play(fault, &mut reservation))
    {
        return answer;
    }
    let response = match fault {
        None | Some(Fault::Delay(_)) => success(shared, &ok, served, Signing::Body),
        Some(Fault::WorkThenDelay(delay)) => {
            // Done: the id stays used whatever becomes of this connection.
            if let Some(reservation) = reservation.take() {
                reservation.settle(route.success_status);
            }
            shared.set_status(seq, route.success_status);
            tokio::time::sleep(delay).await;
            success(shared, &ok, served, Signing::Body)
        }
        // A 2xx status (others returned above, before the work).
        Some(Fault::Status {
            status,
            content_type,
            body,
        }) => plain(status, &content_type, Bytes::from(body)),
        Some(Fault::HeadersThenSilence) => {
            let example = Bytes::from(route.body.clone());
            let mut response = success(shared, &ok, example.clone(), Signing::Body);
            let declared = example.len().max(1);
            *response.body_mut() = StandInBody::Silent { declared };
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, declared.into());
            response
        }
        Some(Fault::ResetMidBody) => {
            let example = Bytes::from(route.body.clone());
            let mut response = success(shared, &ok, example.clone(), Signing::Body);
            let declared = example.len().max(1);
            *response.body_mut() = StandInBody::PartThenClose {
                part: Some(example.slice(..example.len() / 2)),
                declared,
                pause: Box::pin(tokio::time::sleep(RESET_PAUSE)),
            };
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, declared.into());
            response
        }
        Some(Fault::TruncatedJson) => {
            let example = route.body.as_bytes();
            let half = Bytes::copy_from_slice(&example[..example.len() / 2]);
            success(shared, &ok, half, Signing::Body)
        }
        Some(Fault::HugeBody { bytes }) => {
            let mut response = success(shared, &ok, Bytes::new(), Signing::Unsigned);
            *response.body_mut() = StandInBody::Repeat { remaining: bytes };
            if shared.sign_responses {
                let timestamp = format_timestamp(shared.clock.now_unix());
                let key = ok.key.clone();
                let (client_id, request_id) = (ok.client_id.to_owned(), ok.request_id.to_owned());
                let target = ok.target.clone();
                let stamp = timestamp.clone();
                // Hashing a large body is CPU work: keep it off the connection tasks.
                let signature = tokio::task::spawn_blocking(move || {
                    sign_repeated_body(&key, &client_id, &request_id, &stamp, &target, bytes)
                })
                .await
                .ok()
                .flatten();
                set_signature_headers(response.headers_mut(), &timestamp, signature.as_deref());
            }
            response
        }
        Some(Fault::WrongSignature) => {
            let example = Bytes::from(route.body.clone());
            let mut other = example.to_vec();
            other.push(b'\n');
            success(shared, &ok, example, Signing::Over(&other))
        }
        Some(Fault::Unsigned) => success(
            shared,
            &ok,
            Bytes::from(route.body.clone()),
            Signing::Unsigned,
        ),
        // Played above, before or after the work.
        Some(
            Fault::Hang
            | Fault::Refuse(_)
            | Fault::ResetBeforeCommit
            | Fault::CommitThenReset
            | Fault::CommitThenHang
            | Fault::CommitThenStatus { .. },
        ) => success(shared, &ok, served, Signing::Body),
    };
    Some((response, reservation))
}

/// What a success's `Signature` is computed over.
pub(super) enum Signing<'a> {
    /// The body sent.
    Body,
    /// Other bytes ([`Fault::WrongSignature`]).
    Over(&'a [u8]),
    /// No `Signature` nor `Response-Timestamp`.
    Unsigned,
}

pub(super) fn success(
    shared: &Shared,
    ok: &Authorized<'_>,
    body: Bytes,
    signing: Signing<'_>,
) -> Response<StandInBody> {
    let mut response = plain(ok.route.success_status, "application/json", body.clone());
    let headers = response.headers_mut();
    for (name, value) in [("client-id", ok.client_id), ("request-id", ok.request_id)] {
        // Both passed `to_str`, so they are valid header values.
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    let signed_over: Option<&[u8]> = match signing {
        _ if !shared.sign_responses => None,
        Signing::Body => Some(&body),
        Signing::Over(other) => Some(other),
        Signing::Unsigned => None,
    };
    if let Some(signed_over) = signed_over {
        let timestamp = format_timestamp(shared.clock.now_unix());
        let signature = Components::response(
            ok.client_id,
            ok.request_id,
            &timestamp,
            &ok.target,
            Some(signed_over),
        )
        .sign(ok.key);
        set_signature_headers(headers, &timestamp, Some(signature.as_str()));
    }
    if !ok.route.response_headers.is_empty() {
        let unsigned = !shared.sign_responses || matches!(signing, Signing::Unsigned);
        declared_headers_only(headers, ok.route.response_headers, unsigned, shared);
    }
    response
}

/// Makes a success carry exactly the headers its spec declares: the default ones it does not
/// declare are removed, and a declared header the stand-in does not derive (a `Format` or
/// `Present` one) is sent with the spec's example. `unsigned`: a success without signature
/// (`sign_responses(false)`, [`Fault::Unsigned`]) keeps none of `Signature` and
/// `Response-Timestamp`.
fn declared_headers_only(
    headers: &mut HeaderMap,
    declared: &[crate::response_headers::ResponseHeader],
    unsigned: bool,
    shared: &Shared,
) {
    use crate::response_headers::HeaderCheck;
    let is_declared = |name: &str| declared.iter().any(|h| h.name.eq_ignore_ascii_case(name));
    for name in ["client-id", "request-id", "response-timestamp", "signature"] {
        if !is_declared(name) {
            headers.remove(name);
        }
    }
    for header in declared {
        let Ok(name) = HeaderName::try_from(header.name) else {
            continue;
        };
        let value = match header.check {
            HeaderCheck::Present | HeaderCheck::Format(_) => header.example.to_owned(),
            HeaderCheck::Timestamp if !unsigned && !headers.contains_key(&name) => {
                format_timestamp(shared.clock.now_unix())
            }
            _ => continue,
        };
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
}

pub(super) fn set_signature_headers(
    headers: &mut HeaderMap,
    timestamp: &str,
    signature: Option<&str>,
) {
    if let Ok(value) = HeaderValue::from_str(timestamp) {
        headers.insert(HeaderName::from_static("response-timestamp"), value);
    }
    if let Some(value) = signature.and_then(|s| HeaderValue::from_str(s).ok()) {
        headers.insert(HeaderName::from_static("signature"), value);
    }
}

/// The response signature of a [`Fault::HugeBody`] body, hashed chunk by chunk.
pub(super) fn sign_repeated_body(
    key: &SecretKey,
    client_id: &str,
    request_id: &str,
    timestamp: &str,
    target: &str,
    bytes: usize,
) -> Option<String> {
    let mut hash = Sha256::new();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(HUGE_CHUNK_LEN);
        hash.update(&HUGE_CHUNK[..n]);
        left -= n;
    }
    let digest = STANDARD.encode(hash.finalize());
    let head = Components::response(client_id, request_id, timestamp, target, None);
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose_secret().as_bytes()).ok()?;
    mac.update(head.component_string().as_bytes());
    mac.update(b"\nDigest:");
    mac.update(digest.as_bytes());
    let mut value = SIGNATURE_PREFIX.to_owned();
    STANDARD.encode_string(mac.finalize().into_bytes(), &mut value);
    Some(value)
}
