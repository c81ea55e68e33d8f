//! The endpoint as a whole: name, method, path, hosts, status, auth, headers, path and query
//! parameters with their rules, the body's presence and encoding, the top-level text.

use super::fields::{FormatChange, format_change};
use super::{
    BEARER_CHANGED, BODY_ADDED, BODY_DIGEST_CHANGED, BODY_ENCODING_CHANGED, BODY_REMOVED,
    CALLER_HEADER_ADDED, CALLER_HEADER_REMOVED, DIRECTION_CHANGED, DOCS_CHANGED, ENDPOINT_RENAMED,
    HOST_CHANGED, ISSUES_TOKEN_CHANGED, METHOD_CHANGED, Out, PARAM_ADDED, PARAM_REMOVED,
    PATH_CHANGED, PATH_TARGET_CHANGED, QUERY_IN_TARGET_CHANGED, REQ_FORMAT_CHANGED,
    REQ_FORMAT_NARROWED, REQ_FORMAT_WIDENED, REQ_FORMAT_WIDENED_RETYPED, REQ_NOW_OPTIONAL,
    REQ_NOW_REQUIRED, REQ_TYPE_CHANGED, RULE_LOOSENED, RULE_RESHAPED, RULE_TIGHTENED,
    RUST_NAME_CHANGED, RuleDef, SIGNATURE_CHANGED, STATUS_CHANGED,
};
use crate::diff::matching::{at, header, key_or, pair_by};
use crate::model::{Direction, HeaderSource, Param, Rule};

/// How a spec writes a direction.
fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Outgoing => "outgoing",
        Direction::Incoming => "incoming",
    }
}

pub(super) fn compare(out: &mut Out<'_>) {
    let (old, new) = (&out.old.spec, &out.new.spec);
    let (oraw, nraw) = (&out.old.raw, &out.new.raw);
    let top = nraw.loc;

    if old.name != new.name {
        let loc = key_or(&nraw.name, top);
        let rust = vec![old.name.clone(), new.name.clone()];
        let msg = format!("endpoint renamed `{}` → `{}`", old.name, new.name);
        out.new_at(ENDPOINT_RENAMED, loc, msg, rust);
    }
    if old.direction != new.direction {
        // An outgoing request and an incoming one share no API (a client call against a
        // receiver's event): one finding says so, and comparing their tables would be noise.
        let msg = format!(
            "direction {} → {}: {}",
            direction(old.direction),
            direction(new.direction),
            match new.direction {
                Direction::Incoming => "DOKU now sends this request to the partner",
                Direction::Outgoing => "the partner now sends this request to DOKU",
            }
        );
        let rust = vec![new.name.clone()];
        match (&nraw.direction, &oraw.direction) {
            (Some(key), _) => out.new_at(DIRECTION_CHANGED, key.loc, msg, rust),
            (None, Some(key)) => out.old_at(DIRECTION_CHANGED, key.loc, msg, rust),
            (None, None) => out.new_at(DIRECTION_CHANGED, top, msg, rust),
        }
        return;
    }
    if old.method != new.method {
        let msg = format!(
            "method {} → {}: every request is sent and signed differently",
            old.method.as_str(),
            new.method.as_str()
        );
        let rust = vec![out.constant("METHOD")];
        out.new_at(METHOD_CHANGED, key_or(&nraw.method, top), msg, rust);
    }
    if old.path.raw != new.path.raw {
        let msg = format!(
            "path `{}` → `{}`: requests go to another Request-Target",
            old.path.raw, new.path.raw
        );
        let rust = vec![out.constant("PATH_TEMPLATE"), out.item("Request::path")];
        out.new_at(PATH_CHANGED, key_or(&nraw.path, top), msg, rust);
    }
    let hosts_loc = nraw.hosts.as_ref().map_or(top, |h| h.loc);
    for (what, o, n, key) in [
        (
            "sandbox",
            &old.hosts.sandbox,
            &new.hosts.sandbox,
            nraw.hosts.as_ref().map(|h| &h.sandbox),
        ),
        (
            "production",
            &old.hosts.production,
            &new.hosts.production,
            nraw.hosts.as_ref().map(|h| &h.production),
        ),
    ] {
        if o != n {
            let loc = key.map_or(hosts_loc, |k| key_or(k, hosts_loc));
            let msg = format!("{what} host `{o}` → `{n}`: requests go to another server");
            let constant = out.constant(&format!("{}_URL", what.to_ascii_uppercase()));
            out.new_at(HOST_CHANGED, loc, msg, vec![constant]);
        }
    }
    if old.hosts.others != new.hosts.others {
        let msg = "hosts.others changed (listed in the docs only)".to_owned();
        out.new_at(DOCS_CHANGED, hosts_loc, msg, Vec::new());
    }
    if old.response.status != new.response.status {
        let resp = nraw.response.as_ref();
        let loc = resp.and_then(|r| r.status.as_ref().map(|s| s.loc));
        let loc = loc.unwrap_or_else(|| resp.map_or(top, |r| r.loc));
        let msg = format!(
            "success status {} → {}: a {} reply is now an error",
            old.response.status, new.response.status, old.response.status
        );
        let rust = vec![out.constant("SUCCESS_STATUS")];
        out.new_at(STATUS_CHANGED, loc, msg, rust);
    }
    auth(out);
    headers(out);
    params(out, true);
    params(out, false);
    query_rules(out);
    body_presence(out);
    text(out);
    let _ = oraw;
}

fn auth(out: &mut Out<'_>) {
    let (o, n) = (&out.old.spec.auth, &out.new.spec.auth);
    let raw = out.new.raw.auth.as_ref();
    let auth_loc = raw.map_or(out.new.raw.loc, |a| a.loc);
    if o.signature != n.signature {
        let loc = raw.map_or(auth_loc, |a| key_or(&a.signature, auth_loc));
        let msg = format!(
            "signature {:?} → {:?}: DOKU checks other headers",
            o.signature, n.signature
        );
        out.new_at(SIGNATURE_CHANGED, loc, msg, vec![out.constant("AUTH")]);
    }
    if o.query_in_target != n.query_in_target {
        let loc = raw
            .and_then(|a| a.query_in_target.as_ref().map(|q| q.loc))
            .unwrap_or(auth_loc);
        let msg = format!(
            "query_in_target {} → {}: the signed Request-Target {} the query string",
            o.query_in_target,
            n.query_in_target,
            if n.query_in_target {
                "now includes"
            } else {
                "no longer includes"
            }
        );
        out.new_at(
            QUERY_IN_TARGET_CHANGED,
            loc,
            msg,
            vec![out.constant("AUTH")],
        );
    }
    if o.bearer_token != n.bearer_token {
        let loc = raw
            .and_then(|a| a.bearer_token.as_ref().map(|q| q.loc))
            .unwrap_or(auth_loc);
        let msg = if n.bearer_token {
            "requests now need `Authorization: Bearer` (a Generate Token token): the client needs a token source"
        } else {
            "requests no longer send `Authorization: Bearer`"
        };
        let rust = vec![out.constant("AUTH")];
        out.new_at(BEARER_CHANGED, loc, msg.to_owned(), rust);
    }
    if o.issues_token != n.issues_token {
        let loc = raw
            .and_then(|a| a.issues_token.as_ref().map(|t| t.loc))
            .unwrap_or(auth_loc);
        let show = |t: &Option<crate::model::IssuesToken>| match t {
            Some(t) => format!(
                "token in `{}`{}",
                t.token_field,
                t.lifetime_field
                    .as_ref()
                    .map(|l| format!(", lifetime from `{l}`"))
                    .unwrap_or_default()
            ),
            None => "no token".to_owned(),
        };
        let msg = format!(
            "issues_token: {} → {}",
            show(&o.issues_token),
            show(&n.issues_token)
        );
        let rust = vec![out.constant("ISSUES_TOKEN")];
        out.new_at(ISSUES_TOKEN_CHANGED, loc, msg, rust);
    }
}

fn headers(out: &mut Out<'_>) {
    let (old, new) = (&out.old.spec.headers, &out.new.spec.headers);
    let paired = pair_by(old, new, |h| h.name.to_ascii_lowercase());
    let top = out.new.raw.loc;
    for h in &paired.only_new {
        let loc = header(&out.new.raw, &h.name).unwrap_or(top);
        if h.source == HeaderSource::Caller {
            let rust = vec![
                out.item(&format!("Request::{}", h.rust_name)),
                out.item("Request::new"),
            ];
            let msg = format!("new header `{}` supplied by the caller", h.name);
            out.new_at(CALLER_HEADER_ADDED, loc, msg, rust);
        } else {
            let msg = format!("header `{}` now listed (set by the client)", h.name);
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
    }
    for h in &paired.only_old {
        let loc = header(&out.old.raw, &h.name).unwrap_or(out.old.raw.loc);
        if h.source == HeaderSource::Caller {
            let rust = vec![
                out.old_item(&format!("Request::{}", h.rust_name)),
                out.old_item("Request::new"),
            ];
            let msg = format!("header `{}` supplied by the caller removed", h.name);
            out.old_at(CALLER_HEADER_REMOVED, loc, msg, rust);
        } else {
            let msg = format!("header `{}` no longer listed", h.name);
            out.old_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
    }
    for (o, n) in &paired.both {
        let loc = header(&out.new.raw, &n.name).unwrap_or(top);
        let was = o.source == HeaderSource::Caller;
        let is = n.source == HeaderSource::Caller;
        let field = format!("Request::{}", n.rust_name);
        match (was, is) {
            (false, true) => {
                let msg = format!("header `{}` is now supplied by the caller", n.name);
                let rust = vec![out.item(&field), out.item("Request::new")];
                out.new_at(CALLER_HEADER_ADDED, loc, msg, rust);
            }
            (true, false) => {
                let msg = format!("header `{}` is no longer supplied by the caller", n.name);
                let rust = vec![out.old_item(&format!("Request::{}", o.rust_name))];
                out.new_at(CALLER_HEADER_REMOVED, loc, msg, rust);
            }
            (true, true) => {
                if let (Some(of), Some(nf)) = (o.format, n.format)
                    && let Some(change) = format_change(of, nf)
                {
                    let rule = change.request_rule(out.differs(&[out.item(&field)]));
                    let msg = format!(
                        "header `{}`: format {} → {} ({})",
                        n.name,
                        of.doku_notation(),
                        nf.doku_notation(),
                        change.word()
                    );
                    out.new_at(rule, loc, msg, vec![out.item(&field)]);
                } else if o.format != n.format {
                    let msg = format!("header `{}`: format changed", n.name);
                    out.new_at(REQ_FORMAT_CHANGED, loc, msg, vec![out.item(&field)]);
                }
            }
            (false, false) => {
                if o.source != n.source || o.format != n.format {
                    let msg = format!(
                        "header `{}`: source or format changed (set by the client, docs only)",
                        n.name
                    );
                    out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
                }
            }
        }
        if (&o.description, &o.example, &o.notes) != (&n.description, &n.example, &n.notes) {
            let msg = format!("header `{}`: description, example or notes changed", n.name);
            out.new_at(DOCS_CHANGED, loc, msg, Vec::new());
        }
    }
}

/// The Rust items holding a parameter, among those the emitter really generates.
fn param_items(out: &Out<'_>, old: bool, rust_name: &str) -> Vec<String> {
    let (items, module) = if old {
        (&out.old_items, &out.old.spec.name)
    } else {
        (&out.new_items, &out.new.spec.name)
    };
    let item = |suffix: &str| format!("{module}::{suffix}");
    let mut found: Vec<String> = [
        format!("Request::{rust_name}"),
        format!("RawRequest::{rust_name}"),
    ]
    .iter()
    .map(|s| item(s))
    .filter(|p| items.contains_key(p))
    .collect();
    if !found.iter().any(|p| p.contains("::Request::")) && items.contains_key(&item("Query")) {
        // A parameter a `when` rule mentions lives in the rule-shaped `Query`.
        found.insert(0, item("Query"));
    }
    found
}

fn params(out: &mut Out<'_>, path: bool) {
    let (old, new): (&[Param], &[Param]) = if path {
        (&out.old.spec.path_params, &out.new.spec.path_params)
    } else {
        (&out.old.spec.query, &out.new.spec.query)
    };
    let kind = if path {
        "path parameter"
    } else {
        "query parameter"
    };
    let paired = pair_by(old, new, |p| p.name.clone());
    for p in &paired.only_new {
        let mut rust = param_items(out, false, &p.rust_name);
        rust.push(out.item("Request::new"));
        let req = if p.required { "required" } else { "optional" };
        let msg = format!(
            "new {req} {kind} `{}` ({})",
            p.name,
            p.format.doku_notation()
        );
        out.new_at(PARAM_ADDED, at(p.pos), msg, rust);
    }
    for p in &paired.only_old {
        let rust = param_items(out, true, &p.rust_name);
        let msg = format!("{kind} `{}` removed", p.name);
        out.old_at(PARAM_REMOVED, at(p.pos), msg, rust);
    }
    for (o, n) in &paired.both {
        let raw_list = if path {
            &out.new.raw.path_params
        } else {
            &out.new.raw.query
        };
        let raw = raw_list
            .iter()
            .find(|r| r.name.as_ref().is_some_and(|x| x.value == n.name));
        let entry = at(n.pos);
        let rust = param_items(out, false, &n.rust_name);
        if o.required != n.required {
            let loc = raw
                .and_then(|r| r.required.as_ref().map(|q| q.loc))
                .unwrap_or(entry);
            let (rule, msg) = if n.required {
                (
                    REQ_NOW_REQUIRED,
                    format!(
                        "{kind} `{}` is now required: requests without it are refused",
                        n.name
                    ),
                )
            } else {
                (
                    REQ_NOW_OPTIONAL,
                    format!(
                        "{kind} `{}` is now optional: its Rust type becomes `Option`",
                        n.name
                    ),
                )
            };
            out.new_at(rule, loc, msg, rust.clone());
        }
        if o.enum_ref != n.enum_ref {
            let loc = raw.map_or(entry, |r| key_or(&r.enum_ref, entry));
            let show = |e: &Option<String>| e.clone().unwrap_or_else(|| "no enum".to_owned());
            let msg = format!(
                "{kind} `{}`: {} → {}",
                n.name,
                show(&o.enum_ref),
                show(&n.enum_ref)
            );
            out.new_at(REQ_TYPE_CHANGED, loc, msg, rust.clone());
        } else if n.enum_ref.is_none()
            && let Some(change) = format_change(o.format, n.format)
        {
            let loc = raw.map_or(entry, |r| key_or(&r.format, entry));
            let msg = format!(
                "{kind} `{}`: format {} → {} ({})",
                n.name,
                o.format.doku_notation(),
                n.format.doku_notation(),
                change.word()
            );
            let rule = change.request_rule(out.differs(&rust));
            out.new_at(rule, loc, msg, rust.clone());
        }
        if o.raw_in_target != n.raw_in_target {
            let loc = raw.map_or(entry, |r| key_or(&r.target, entry));
            let how = |raw: bool| {
                if raw {
                    "as it is"
                } else {
                    "as sent (percent-encoded)"
                }
            };
            let msg = format!(
                "{kind} `{}` is signed in Request-Target {} → {}: a value that needs \
                 percent-encoding is signed differently",
                n.name,
                how(o.raw_in_target),
                how(n.raw_in_target)
            );
            let rust = vec![out.constant("RAW_IN_TARGET")];
            out.new_at(PATH_TARGET_CHANGED, loc, msg, rust);
        }
        if o.rust_name != n.rust_name {
            let loc = raw.map_or(entry, |r| key_or(&r.rust_name, entry));
            let msg = format!(
                "{kind} `{}`: Rust name `{}` → `{}`",
                n.name, o.rust_name, n.rust_name
            );
            let mut rust = param_items(out, true, &o.rust_name);
            rust.extend(param_items(out, false, &n.rust_name));
            rust.dedup();
            out.new_at(RUST_NAME_CHANGED, loc, msg, rust);
        }
        if (&o.description, &o.example) != (&n.description, &n.example) {
            let msg = format!("{kind} `{}`: description or example changed", n.name);
            out.new_at(DOCS_CHANGED, entry, msg, Vec::new());
        }
    }
}

/// Query `when` rules: each shapes the `Query` type (one variant per rule).
fn query_rules(out: &mut Out<'_>) {
    let (old, new): (&[Rule], &[Rule]) = (&out.old.spec.rules, &out.new.spec.rules);
    let paired = pair_by(old, new, |r| (r.when_param.clone(), r.when_value.clone()));
    let query = out.item("Query");
    for r in &paired.only_new {
        let msg = format!(
            "new rule when {} = {}: the `Query` type gets a variant for it",
            r.when_param, r.when_value
        );
        out.new_at(RULE_RESHAPED, at(r.pos), msg, vec![query.clone()]);
    }
    for r in &paired.only_old {
        let msg = format!(
            "rule when {} = {} removed: its `Query` variant disappears",
            r.when_param, r.when_value
        );
        let rust = vec![out.old_item("Query")];
        out.old_at(RULE_RESHAPED, at(r.pos), msg, rust);
    }
    for (o, n) in &paired.both {
        let when = format!("when {} = {}", n.when_param, n.when_value);
        // The types the rule shapes (`CorporateBusinessLegalEntity`), where they changed.
        let mut rust = vec![query.clone()];
        rust.extend(out.changed_types(&crate::names::pascal_case(&n.when_value)));
        let new_spec = &out.new.spec;
        let exists = |param: &str, value: &str| {
            let enum_ref = new_spec
                .query
                .iter()
                .chain(&new_spec.path_params)
                .find(|p| p.name == param)
                .and_then(|p| p.enum_ref.as_deref());
            enum_has(new_spec, enum_ref, value)
        };
        allowed_values(out, &when, (&o.then, &n.then), &exists, at(n.pos), &rust);
        if o.description != n.description {
            let msg = format!("rule {when}: description changed");
            out.new_at(DOCS_CHANGED, at(n.pos), msg, Vec::new());
        }
    }
}

/// Whether the enum `name` of `spec` has the value `wire` (`true` when there is no enum: the
/// value cannot have been removed from it).
pub(super) fn enum_has(spec: &crate::model::Spec, name: Option<&str>, wire: &str) -> bool {
    let Some(name) = name else {
        return true;
    };
    spec.enums
        .iter()
        .find(|e| e.name == name)
        .is_none_or(|e| e.values.iter().any(|v| v.wire == wire))
}

/// A rule's `then` entries: each key and the values it may take.
pub(super) type Then = [(String, Vec<String>)];

/// Compares the `then` lists of one rule in two versions: per constrained key, fewer values
/// (or a newly constrained key) tighten it, more values (or a key no longer constrained)
/// loosen it. A value that left the key's enum altogether is the enum's finding, not the
/// rule's (`exists(key, value)` says whether it is still in the enum).
pub(super) fn allowed_values(
    out: &mut Out<'_>,
    when: &str,
    (old, new): (&Then, &Then),
    exists: &dyn Fn(&str, &str) -> bool,
    loc: crate::diagnostic::Loc,
    rust: &[String],
) {
    let paired = pair_by(old, new, |(k, _)| k.clone());
    for (key, values) in &paired.only_new {
        let msg = format!("rule {when}: `{key}` now limited to {}", values.join(", "));
        out.new_at(RULE_TIGHTENED, loc, msg, rust.to_vec());
    }
    for (key, _) in &paired.only_old {
        let msg = format!("rule {when}: `{key}` no longer limited");
        out.new_at(RULE_LOOSENED, loc, msg, rust.to_vec());
    }
    for ((key, o), (_, n)) in &paired.both {
        let removed: Vec<&str> = o
            .iter()
            .filter(|v| !n.contains(v) && exists(key, v))
            .map(String::as_str)
            .collect();
        let added: Vec<&str> = n
            .iter()
            .filter(|v| !o.contains(v))
            .map(String::as_str)
            .collect();
        if !removed.is_empty() {
            let msg = format!(
                "rule {when}: `{key}` no longer allows {}",
                removed.join(", ")
            );
            out.new_at(RULE_TIGHTENED, loc, msg, rust.to_vec());
        }
        if !added.is_empty() {
            let msg = format!("rule {when}: `{key}` now also allows {}", added.join(", "));
            out.new_at(RULE_LOOSENED, loc, msg, rust.to_vec());
        }
    }
}

fn body_presence(out: &mut Out<'_>) {
    let (o, n) = (&out.old.spec.body, &out.new.spec.body);
    let top = out.new.raw.loc;
    let body_loc = out.new.raw.body.as_ref().map_or(top, |b| b.loc);
    match (o, n) {
        (None, Some(_)) => {
            let rust = vec![out.item("body::Body"), out.item("Request::new")];
            let msg = "the request now has a body".to_owned();
            out.new_at(BODY_ADDED, body_loc, msg, rust);
        }
        (Some(_), None) => {
            let loc = out.old.raw.body.as_ref().map_or(out.old.raw.loc, |b| b.loc);
            let rust = vec![out.old_item("body::Body"), out.old_item("Request::new")];
            let msg = "the request no longer has a body".to_owned();
            out.old_at(BODY_REMOVED, loc, msg, rust);
        }
        (Some(o), Some(n)) => {
            let raw = out.new.raw.body.as_ref();
            if o.multipart != n.multipart {
                let loc = raw.map_or(body_loc, |b| key_or(&b.encoding, body_loc));
                let name = |m: bool| if m { "multipart" } else { "json" };
                let msg = format!(
                    "body encoding {} → {}: built, typed and signed differently",
                    name(o.multipart),
                    name(n.multipart)
                );
                let rust = vec![out.item("body::Body"), out.item("RawRequest")];
                out.new_at(BODY_ENCODING_CHANGED, loc, msg, rust);
            } else if o.digest != n.digest {
                let loc = raw.map_or(body_loc, |b| key_or(&b.digest, body_loc));
                let msg = format!(
                    "body digest {} → {}: the signature {} a Digest line",
                    if o.digest { "body" } else { "none" },
                    if n.digest { "body" } else { "none" },
                    if n.digest { "now has" } else { "no longer has" }
                );
                let rust = vec![out.constant("DIGEST_BODY")];
                out.new_at(BODY_DIGEST_CHANGED, loc, msg, rust);
            }
            if (&o.description, &o.notes) != (&n.description, &n.notes) {
                let msg = "body description or notes changed".to_owned();
                out.new_at(DOCS_CHANGED, body_loc, msg, Vec::new());
            }
        }
        (None, None) => {}
    }
}

/// The top-level text: title, summary, docs_url, notes, errors.
fn text(out: &mut Out<'_>) {
    let (o, n) = (&out.old.spec, &out.new.spec);
    let raw = &out.new.raw;
    let top = raw.loc;
    let checks = [
        ("title", o.title != n.title, key_or(&raw.title, top)),
        ("summary", o.summary != n.summary, key_or(&raw.summary, top)),
        (
            "docs_url",
            o.docs_url != n.docs_url,
            key_or(&raw.docs_url, top),
        ),
        (
            "notes",
            o.notes != n.notes,
            raw.notes.first().map_or(top, |n| n.loc),
        ),
        (
            "errors",
            // The envelopes have rules of their own (`response_headers.rs`).
            o.errors.envelope != n.errors.envelope || o.errors.cases != n.errors.cases,
            raw.errors.as_ref().map_or(top, |e| e.loc),
        ),
    ];
    for (what, changed, loc) in checks {
        if changed {
            out.new_at(DOCS_CHANGED, loc, format!("{what} changed"), Vec::new());
        }
    }
}

impl FormatChange {
    /// The request rule for this kind of change; `retyped`: the generated Rust type changed.
    pub(super) fn request_rule(self, retyped: bool) -> RuleDef {
        match self {
            FormatChange::Narrowed => REQ_FORMAT_NARROWED,
            FormatChange::Widened if retyped => REQ_FORMAT_WIDENED_RETYPED,
            FormatChange::Widened => REQ_FORMAT_WIDENED,
            FormatChange::Changed => REQ_FORMAT_CHANGED,
        }
    }
}
