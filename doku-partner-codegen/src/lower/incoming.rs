//! Lower: the spec's `direction`. An outgoing spec (the default) is an endpoint the partner
//! calls: it needs `hosts` and `response`. An incoming spec is a request DOKU sends to the
//! partner: no `hosts` (DOKU calls the partner's own server), no `response`; the body DOKU sends
//! is its `event` table and the status the partner answers its `answer`. Once checked, an
//! incoming spec's `event` takes the place of `response` (same reader, same lenient decoding,
//! same conformance checks), so every later stage reads one shape.

use std::borrow::Cow;

use crate::diagnostic::{Ctxt, Diagnostic};
use crate::load::{RawResponse, RawSpec};
use crate::model::Direction;

use super::unknown_choice;

/// Reads `direction` and checks the sections it requires or refuses; returns the raw spec in
/// the outgoing shape (an incoming spec's `event` as its `response`).
pub(super) fn normalize<'a>(raw: &'a RawSpec, cx: &mut Ctxt<'_>) -> (Direction, Cow<'a, RawSpec>) {
    let direction = match &raw.direction {
        None => Direction::Outgoing,
        Some(d) => match d.value.as_str() {
            "outgoing" => Direction::Outgoing,
            "incoming" => Direction::Incoming,
            _ => {
                unknown_choice(cx, "direction", d, &["outgoing", "incoming"]);
                // Which sections belong is unknown: checking them would only repeat this.
                return (Direction::Outgoing, Cow::Borrowed(raw));
            }
        },
    };
    match direction {
        Direction::Outgoing => {
            require(raw, "hosts", raw.hosts.is_some(), cx);
            require(raw, "response", raw.response.is_some(), cx);
            if raw.event.is_some() {
                refuse(
                    raw,
                    "event",
                    "an outgoing spec",
                    "describe what DOKU answers in `response`, or set `direction: incoming`",
                    cx,
                );
            }
            if raw.answer.is_some() {
                refuse(
                    raw,
                    "answer",
                    "an outgoing spec",
                    "the status DOKU answers is `response.status`; `answer` is for `direction: incoming`",
                    cx,
                );
            }
            (direction, Cow::Borrowed(raw))
        }
        Direction::Incoming => {
            if raw.hosts.is_some() {
                refuse(
                    raw,
                    "hosts",
                    "an incoming spec",
                    "DOKU calls the partner's own server; `path` is the default path the partner's receiver listens on",
                    cx,
                );
            }
            if raw.response.is_some() {
                refuse(
                    raw,
                    "response",
                    "an incoming spec",
                    "describe the body DOKU sends in `event` and what the partner answers in `answer`",
                    cx,
                );
            }
            require(raw, "event", raw.event.is_some(), cx);
            // The partner builds no request from an incoming spec: the request side's keys
            // would do nothing.
            for key in ["path_params", "query", "rules", "body", "errors"] {
                if raw.direction_keys.iter().any(|(k, _)| *k == key) {
                    refuse(
                        raw,
                        key,
                        "an incoming spec",
                        "an incoming spec describes what DOKU sends (`event`) and what the \
                         partner answers (`answer`); put what the page says about it in `notes`",
                        cx,
                    );
                }
            }
            if let Some(auth) = &raw.auth {
                let request_only = [
                    (
                        "query_in_target",
                        auth.query_in_target.as_ref().map(|b| b.loc),
                    ),
                    ("bearer_token", auth.bearer_token.as_ref().map(|b| b.loc)),
                    ("issues_token", auth.issues_token.as_ref().map(|t| t.loc)),
                ];
                for (key, loc) in request_only {
                    if let Some(loc) = loc {
                        cx.emit(
                            Diagnostic::error(format!(
                                "`auth.{key}` has no place in an incoming spec"
                            ))
                            .at(loc)
                            .label("refused here")
                            .help(
                                "DOKU signs what it sends with `auth.signature` only; \
                                 `Request-Target` is the partner's path",
                            ),
                        );
                    }
                }
            }
            let mut shaped = raw.clone();
            shaped.response = raw.event.clone().map(|event| RawResponse {
                status: raw.answer.as_ref().and_then(|a| a.status.clone()),
                ..event
            });
            (direction, Cow::Owned(shaped))
        }
    }
}

fn require(raw: &RawSpec, key: &str, present: bool, cx: &mut Ctxt<'_>) {
    // A misspelled key was reported with "did you mean": its absence is the same mistake.
    if present || cx.misspelled(raw.loc.pos(), key) {
        return;
    }
    cx.emit(
        Diagnostic::error(format!("missing required key `{key}` in the spec"))
            .at(raw.loc)
            .label(format!("`{key}` missing here")),
    );
}

fn refuse(raw: &RawSpec, key: &str, what: &str, help: &str, cx: &mut Ctxt<'_>) {
    let loc = raw
        .direction_keys
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(raw.loc, |(_, loc)| *loc);
    cx.emit(
        Diagnostic::error(format!("`{key}` has no place in {what}"))
            .at(loc)
            .label(format!("`{key}` refused here"))
            .help(help.to_owned()),
    );
}
