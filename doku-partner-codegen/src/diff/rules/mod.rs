//! The rule catalogue and the comparison of two loaded versions.
//!
//! Every finding names one rule of [`RULES`]; a rule's id and severity never change (tools
//! and CI gates rely on them). The comparisons are split by what they read: `endpoint` (method,
//! path, hosts, auth, headers, parameters and their rules, the body's encoding, the top-level
//! text), `fields` (the two field tables), `enums`, `body_rules`, `samples` (the samples
//! beside the spec).

mod body_rules;
mod endpoint;
mod enums;
mod fields;
mod response_headers;
mod samples;
mod union;

use super::items::{Items, generated_items};
use super::{Finding, Severity, Side, line_col};
use crate::diagnostic::Loc;

/// One rule: a kind of change, its stable id and its severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDef {
    /// Stable, namespaced id (`request.format.narrowed`).
    pub id: &'static str,
    /// The severity of every finding of the rule.
    pub severity: Severity,
    /// What the rule detects and why it has its severity.
    pub summary: &'static str,
}

macro_rules! rules {
    ($($name:ident = $id:literal, $sev:ident, $summary:literal;)*) => {
        $(
            #[doc = $summary]
            pub(crate) const $name: RuleDef =
                RuleDef { id: $id, severity: Severity::$sev, summary: $summary };
        )*
        /// Every rule, in the order the README's table lists them.
        pub const RULES: &[RuleDef] = &[$($name),*];
    };
}

rules! {
    ENDPOINT_ADDED = "endpoint.added", Additive,
        "A spec only in the new version: a new endpoint module.";
    ENDPOINT_REMOVED = "endpoint.removed", Breaking,
        "A spec only in the old version: its module and every item in it disappear.";
    ENDPOINT_RENAMED = "endpoint.name.changed", Breaking,
        "`name` changed: the generated module and the deriving struct are renamed.";
    DIRECTION_CHANGED = "endpoint.direction.changed", Breaking,
        "`direction` changed (outgoing ↔ incoming): the partner no longer sends the request but receives it, or the reverse; the module's API (client glue or `Event` and `IncomingSpec`) is replaced, so the rest is not compared.";
    METHOD_CHANGED = "endpoint.method.changed", Breaking,
        "The HTTP method changed: every request is sent differently (and signed differently).";
    PATH_CHANGED = "endpoint.path.changed", Breaking,
        "The path template changed: every request goes to another Request-Target.";
    HOST_CHANGED = "endpoint.host.changed", Breaking,
        "The sandbox or production base URL changed: requests go to another server.";
    STATUS_CHANGED = "response.status.changed", Breaking,
        "The success status changed: a reply that was a success is now an error.";
    SIGNATURE_CHANGED = "auth.signature.changed", Breaking,
        "The signature scheme changed: DOKU checks other headers.";
    QUERY_IN_TARGET_CHANGED = "auth.query-in-target.changed", Breaking,
        "Whether the query string is signed changed: every signature of a request with a query differs.";
    BEARER_CHANGED = "auth.bearer-token.changed", Breaking,
        "Whether a bearer token is sent changed: the client needs (or stops needing) a token source.";
    ISSUES_TOKEN_CHANGED = "auth.issues-token.changed", Breaking,
        "Where the endpoint's token (or its lifetime) is read from changed.";
    CALLER_HEADER_ADDED = "header.caller.added", Breaking,
        "A header the caller supplies was added: `Request` gains a required field and `new` an argument.";
    CALLER_HEADER_REMOVED = "header.caller.removed", Breaking,
        "A header the caller supplied was removed: its `Request` field disappears.";
    BODY_ADDED = "request.body.added", Breaking,
        "The request now has a body: `Request::new` takes one.";
    BODY_REMOVED = "request.body.removed", Breaking,
        "The request no longer has a body: the `body` module disappears.";
    BODY_ENCODING_CHANGED = "request.body.encoding.changed", Breaking,
        "JSON ↔ multipart: the body is built, typed and signed differently.";
    BODY_DIGEST_CHANGED = "request.body.digest.changed", Breaking,
        "Whether the signature covers the body changed: every signature differs.";
    PARAM_ADDED = "request.param.added", Breaking,
        "A path or query parameter was added: `Request` gains a field (and `new` an argument).";
    PARAM_REMOVED = "request.param.removed", Breaking,
        "A path or query parameter was removed: its field disappears.";
    PATH_TARGET_CHANGED = "request.param.target.changed", Breaking,
        "How a path parameter is signed in Request-Target changed (`target`: as sent, percent-encoded, or as it is): the signature of every value that needs percent-encoding differs.";
    REQ_FIELD_ADDED_REQUIRED = "request.field.added-required", Breaking,
        "A required body field was added: requests without it are refused, `new` takes it.";
    REQ_FIELD_ADDED_OPTIONAL = "request.field.added-optional", Additive,
        "An optional body field was added: a new `with_*` setter, `new` unchanged.";
    REQ_FIELD_ADDED_TO_LITERAL = "request.field.added-to-literal", Breaking,
        "An optional field was added to a body object that has no `new` (more than six required fields): struct literals must name it.";
    REQ_FIELD_REMOVED = "request.field.removed", Breaking,
        "A body field was removed: its Rust field disappears; DOKU may refuse it.";
    REQ_NOW_REQUIRED = "request.field.now-required", Breaking,
        "A parameter or body field became required: requests without it are refused, its type loses `Option`.";
    REQ_NOW_OPTIONAL = "request.field.now-optional", Breaking,
        "A parameter or body field became optional: DOKU accepts more, but its Rust type becomes `Option`.";
    REQ_FORMAT_NARROWED = "request.format.narrowed", Breaking,
        "A request value's format (length, character set, file types or size) got narrower: values DOKU accepted are refused.";
    REQ_FORMAT_WIDENED = "request.format.widened", Additive,
        "A request value's format got wider with the same Rust type (a file's types or size): DOKU accepts more, nothing to change.";
    REQ_FORMAT_WIDENED_RETYPED = "request.format.widened-retyped", Breaking,
        "A request value's format got wider and its checked newtype changed (`Text<255>` → `Text<500>`): DOKU accepts more, but code naming the type stops compiling.";
    REQ_FORMAT_CHANGED = "request.format.changed", Breaking,
        "A request value's format changed to one neither narrower nor wider (`AN(20)` → `N(30)`, `string` → `date`).";
    REQ_TYPE_CHANGED = "request.type.changed", Breaking,
        "A request value's Rust type or JSON type changed (an enum, a JSON number, an object ↔ a scalar).";
    REQ_ENUM_VALUE_ADDED = "request.enum.value-added", Additive,
        "A value was added to an enum a request uses: a new variant to send (a `match` without `_` needs an arm).";
    REQ_ENUM_VALUE_REMOVED = "request.enum.value-removed", Breaking,
        "A value was removed from an enum a request uses: its variant disappears, DOKU refuses it.";
    REQ_ENUM_CUT_OFF_ADDED = "request.enum.cut-off-added", Breaking,
        "A request field's enum list is now marked cut off (`enum_cut_off`): a value the list lost can be sent, but the field becomes `OrOther<..>` (`new` and `with_*` take `impl Into`, so a listed variant still compiles; reading the field or a struct literal changes).";
    REQ_ENUM_CUT_OFF_REMOVED = "request.enum.cut-off-removed", Breaking,
        "A request field's enum list is no longer marked cut off: a value outside it is refused again, and the field is the closed enum instead of `OrOther<..>`.";
    RESP_FIELD_ADDED_OPTIONAL = "response.field.added-optional", Additive,
        "An optional response field was added: a new field to read; replies without it still decode.";
    RESP_FIELD_ADDED_REQUIRED = "response.field.added-required", Breaking,
        "A required response field was added: a reply without it no longer decodes.";
    RESP_FIELD_REMOVED = "response.field.removed", Breaking,
        "A response field was removed: code reading it stops compiling.";
    RESP_NOW_REQUIRED = "response.field.now-required", Breaking,
        "A response field became required: a reply without it no longer decodes; its type loses `Option`.";
    RESP_NOW_OPTIONAL = "response.field.now-optional", Breaking,
        "A response field became optional: its Rust type becomes `Option`.";
    RESP_FORMAT_CHANGED = "response.format.changed", Docs,
        "A response field's documented format changed with the same Rust type: decoding is unchanged, the docs and the conformance check follow.";
    RESP_TYPE_CHANGED = "response.type.changed", Breaking,
        "A response field's JSON or Rust type changed: replies that decoded are refused, code reading it changes.";
    RESP_ENUM_VALUE_ADDED = "response.enum.value-added", Additive,
        "A value was added to an enum DOKU answers with: replies were already robust to it (`OrUnknown`); a new variant.";
    RESP_ENUM_VALUE_REMOVED = "response.enum.value-removed", Breaking,
        "A value was removed from an enum DOKU answers with: its variant disappears (the value now decodes as `Unknown`).";
    RUST_NAME_CHANGED = "rust.name.changed", Breaking,
        "Same wire name, another Rust name (`rust_name`, `rust_type`, an enum's `rust_path`): code naming it stops compiling.";
    RULE_TIGHTENED = "request.rule.tightened", Breaking,
        "A rule (`when … then`, `require`, `one_of`, `same`, `total`, a `max_length`/`max_value` limit) allows less, or is new: requests DOKU accepted are refused before sending (a limit: added, or lowered).";
    RULE_LOOSENED = "request.rule.loosened", Additive,
        "A rule allows more, or is removed: requests refused before are now sent (a limit: removed, or raised).";
    RULE_RESHAPED = "request.rule.reshaped", Breaking,
        "A rule that shapes the request type (a query `when` rule, a `one_of` enum) was added or removed: the types change.";
    SECRET_ADDED = "field.secret.added", Breaking,
        "A field is now marked `secret`: its Rust type becomes the runtime's `Secret` (never printed, zeroed, compared in constant time); code reading it as text changes.";
    SECRET_REMOVED = "field.secret.removed", Breaking,
        "A field is no longer `secret`: its Rust type is plain again, and the value is printed in `Debug`, logs and `call`'s output.";
    PERSONAL_ADDED = "field.personal.added", Additive,
        "A field is now marked `personal`: `Debug`, conformance findings and `call`'s output mask it; its type and the wire are unchanged.";
    PERSONAL_REMOVED = "field.personal.removed", Additive,
        "A field is no longer `personal`: it is printed unmasked again (review the reason: logs may now hold personal data); type and wire unchanged.";
    UNION_VARIANT_ADDED = "response.union.variant-added", Additive,
        "A shape was added to a response union: bodies with its discriminator values, kept as `Other` before, decode as the new variant (a `match` without `_` needs an arm).";
    UNION_VARIANT_REMOVED = "response.union.variant-removed", Breaking,
        "A shape was removed from a response union: its variant disappears, bodies with its values decode as `Other`.";
    UNION_VALUE_MOVED = "response.union.value-moved", Breaking,
        "A discriminator value now picks another shape of a response union, or none (`Other`): bodies DOKU sends with it decode as another variant.";
    UNION_VALUE_ADDED = "response.union.value-added", Additive,
        "A discriminator value that picked no shape (`Other`) now picks an existing variant: those bodies are typed.";
    UNION_ADDED = "response.union.added", Breaking,
        "A response (or event) became one shape per discriminator value: `Response` turns from a struct into an enum, whose fields are read through a variant or the methods named after the common fields.";
    UNION_REMOVED = "response.union.removed", Breaking,
        "A response (or event) is no longer one shape per discriminator value: `Response` turns from an enum into a struct; code matching its variants stops compiling.";
    UNION_DISCRIMINATOR_CHANGED = "response.union.discriminator-changed", Breaking,
        "Another field picks the shape of a response (or event) union: a body DOKU sends may decode as another variant, or as `Other`.";
    UNION_FIELD_EXPECTED_CHANGED = "response.union.field-expected-changed", Docs,
        "A shape's own root field became required by the shape, or no longer is: its type stays `Option` and decoding is unchanged; a body without it gets (or no longer gets) a conformance finding.";
    RESP_HEADER_ADDED_MANDATORY = "response.header.added-mandatory", Breaking,
        "A mandatory response header was declared: a reply without it gets a finding (an error in strict mode); a `Signature` one refuses unsigned replies, a `same_as_request` one replies that differ.";
    RESP_HEADER_ADDED_OPTIONAL = "response.header.added-optional", Additive,
        "An optional response header was declared: `Reply::headers` holds it when sent, and its value is checked.";
    RESP_HEADER_REMOVED = "response.header.removed", Breaking,
        "A response header is no longer declared: `Reply::headers` no longer holds it (code reading it gets `None`), and it is no longer checked or sent by the stand-in.";
    RESP_HEADER_CHANGED = "response.header.changed", Breaking,
        "How a response header is checked changed (`mandatory`, `check`, `format`): replies that passed may get findings or errors.";
    ENVELOPE_NARROWED = "errors.envelope.narrowed", Breaking,
        "An error envelope the client accepted is no longer declared (or envelopes are declared for the first time): answers in it become `Error::UndeclaredEnvelope` instead of `Error::Http`, and the stand-in refuses to inject it.";
    ENVELOPE_WIDENED = "errors.envelope.widened", Additive,
        "An error envelope is newly accepted (declared, or the list dropped): answers in it are `Error::Http` instead of `Error::UndeclaredEnvelope`.";
    SAMPLE_REFUSED = "sample.no-longer-checks", Breaking,
        "A sample that fit the old spec does not fit the new one: a reply DOKU sends (or a request DOKU documents) is refused.";
    DOCS_CHANGED = "docs.changed", Docs,
        "Text only: a title, summary, description, example, note, error table, sample list or the stand-in's echo.";
}

/// Collects findings with the severity of their rule.
pub(crate) struct Out<'a> {
    pub old: &'a Side,
    pub new: &'a Side,
    pub old_items: Items,
    pub new_items: Items,
    pub findings: Vec<Finding>,
}

impl Out<'_> {
    /// A finding located in the new version.
    pub fn new_at(&mut self, rule: RuleDef, loc: Loc, message: String, rust: Vec<String>) {
        let file = self.new.path.clone();
        self.push(rule, file, loc, message, rust);
    }

    /// A finding located in the old version (a removal).
    pub fn old_at(&mut self, rule: RuleDef, loc: Loc, message: String, rust: Vec<String>) {
        let file = self.old.path.clone();
        self.push(rule, file, loc, message, rust);
    }

    fn push(&mut self, rule: RuleDef, file: String, loc: Loc, message: String, rust: Vec<String>) {
        let (line, col) = line_col(loc);
        self.findings.push(Finding {
            severity: rule.severity,
            rule: rule.id,
            file,
            line,
            col,
            message,
            rust,
        });
    }

    /// `module::suffix` in the new version's module.
    pub fn item(&self, suffix: &str) -> String {
        format!("{}::{suffix}", self.new.spec.name)
    }

    /// An `Endpoint` constant of the new version's deriving struct (`GetBusinessData::METHOD`).
    pub fn constant(&self, name: &str) -> String {
        format!("{}::{name}", super::items::target_name(&self.new.spec))
    }

    /// Whether any listed item (or an item under it) differs between the versions: its type,
    /// variants or signature changed, or it exists in one version only.
    pub fn differs(&self, listed: &[String]) -> bool {
        listed.iter().any(|item| {
            let under = |items: &Items| -> Vec<(String, String)> {
                items
                    .range(item.clone()..)
                    .take_while(|(k, _)| k.starts_with(item.as_str()))
                    .filter(|(k, _)| *k == item || k[item.len()..].starts_with("::"))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            };
            under(&self.old_items) != under(&self.new_items)
        })
    }

    /// The new module's types whose name starts with `prefix` (`Corporate`: the types a `when`
    /// rule shapes) and whose variants or fields differ between the versions.
    pub fn changed_types(&self, prefix: &str) -> Vec<String> {
        let start = self.item(prefix);
        let old_start = self.old_item(prefix);
        let top = |items: &Items, start: &str| -> Vec<String> {
            items
                .keys()
                .filter(|k| k.starts_with(start) && k.matches("::").count() == 1)
                .cloned()
                .collect()
        };
        let mut types = top(&self.new_items, &start);
        types.extend(top(&self.old_items, &old_start));
        types.sort();
        types.dedup();
        types
            .into_iter()
            .filter(|ty| {
                let inner = |items: &Items| -> Vec<(String, String)> {
                    items
                        .range(ty.clone()..)
                        .take_while(|(k, _)| k.starts_with(ty.as_str()))
                        .filter(|(k, _)| *k == ty || k[ty.len()..].starts_with("::"))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect()
                };
                inner(&self.old_items) != inner(&self.new_items)
            })
            .collect()
    }

    /// `module::suffix` in the old version's module.
    pub fn old_item(&self, suffix: &str) -> String {
        format!("{}::{suffix}", self.old.spec.name)
    }

    /// The generated type of an item in each version (`None` where it does not exist).
    pub fn types(&self, old_path: &str, new_path: &str) -> (Option<&str>, Option<&str>) {
        (
            self.old_items.get(old_path).map(String::as_str),
            self.new_items.get(new_path).map(String::as_str),
        )
    }
}

/// Every finding between two versions of one spec.
pub(crate) fn compare(old: &Side, new: &Side) -> Vec<Finding> {
    let mut out = Out {
        old,
        new,
        old_items: generated_items(&old.spec),
        new_items: generated_items(&new.spec),
        findings: Vec::new(),
    };
    endpoint::compare(&mut out);
    // A direction change is one finding (`endpoint.direction.changed`): the request the
    // partner sends and the event it receives are not compared field by field.
    if old.spec.direction == new.spec.direction {
        fields::compare(&mut out);
        union::compare(&mut out);
        samples::compare(&mut out);
        response_headers::compare(&mut out);
    }
    out.findings
}

/// The finding for a spec only in the new version.
pub(crate) fn endpoint_added(side: &Side) -> Finding {
    let loc = super::matching::key_or(&side.raw.name, side.raw.loc);
    let (line, col) = line_col(loc);
    Finding {
        severity: ENDPOINT_ADDED.severity,
        rule: ENDPOINT_ADDED.id,
        file: side.path.clone(),
        line,
        col,
        message: format!(
            "new endpoint `{}`: {} {}",
            side.spec.name,
            side.spec.method.as_str(),
            side.spec.path.raw
        ),
        rust: vec![side.spec.name.clone()],
    }
}

/// The finding for a spec only in the old version.
pub(crate) fn endpoint_removed(side: &Side) -> Finding {
    let loc = super::matching::key_or(&side.raw.name, side.raw.loc);
    let (line, col) = line_col(loc);
    Finding {
        severity: ENDPOINT_REMOVED.severity,
        rule: ENDPOINT_REMOVED.id,
        file: side.path.clone(),
        line,
        col,
        message: format!(
            "endpoint `{}` ({} {}) removed",
            side.spec.name,
            side.spec.method.as_str(),
            side.spec.path.raw
        ),
        rust: vec![side.spec.name.clone()],
    }
}
