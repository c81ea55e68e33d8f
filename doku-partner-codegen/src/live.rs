//! An endpoint loaded from its spec at run time: what `#[derive(Endpoint)]` compiles into the
//! `Endpoint` constants, as values, for a spec the program did not know when it was built
//! (`doku-partner call --spec`, `doku-partner serve --spec`).
//!
//! The checks are the derive's own: the body against the `schema` module's runtime
//! schema (the one `check` and the stand-in use), the path and query parameters and the
//! caller's headers against the same kind of schema built from their formats, enums and
//! rules, so a request the generated `RawRequest` would refuse is refused here too, with every
//! violation at once. With feature `stand-in`, [`LiveEndpoint::stand_in_route`] is the stand-in's route
//! for it, exactly as strict as [`StandInRoute::of`](doku_partner_support::stand_in::StandInRoute::of)
//! makes it for a derived endpoint.
//!
//! The schemas hold `&'static` data (the runtime's schema is static data in generated code),
//! so each load leaks a few kilobytes: load a spec once per process.

use std::collections::BTreeMap;
use std::path::Path;

use doku_partner_support::__private::body;
use doku_partner_support::{
    AuthOptions, HttpMethod, IssuesToken, RequestErrors, Sensitive, SignatureScheme, Violation,
};
use serde_json::Value;

use crate::diagnostic::Diagnostics;
use crate::model::{
    ArrayItems, Direction, FieldKind, HeaderSource, JsonType, Method, ObjectDef, PathSegment,
    Scalar, Sensitivity, Spec,
};
use crate::schema::{leak, leak_str};

/// One endpoint of a spec loaded at run time (an outgoing spec: the partner calls DOKU).
#[derive(Debug, Clone)]
pub struct LiveEndpoint {
    /// The checked spec.
    pub spec: Spec,
    /// `Endpoint::NAME`.
    pub name: &'static str,
    /// `Endpoint::METHOD`.
    pub method: HttpMethod,
    /// `Endpoint::PATH_TEMPLATE`.
    pub path_template: &'static str,
    /// `Endpoint::AUTH`.
    pub auth: AuthOptions,
    /// `Endpoint::SUCCESS_STATUS`.
    pub success_status: u16,
    /// `Endpoint::EXAMPLES`: the response samples, or the minimal response when it has none.
    pub examples: Vec<(String, String)>,
    /// `Endpoint::REQUEST_EXAMPLES`: the request samples that are not cut off.
    pub request_examples: Vec<(String, String)>,
    /// `Endpoint::BODY`.
    pub body: Option<&'static body::Object>,
    /// The path and query parameters as one object of strings (wire names), with the spec's
    /// parameter rules.
    pub params: &'static body::Object,
    /// `Endpoint::CALLER_HEADERS`.
    pub caller_headers: &'static [&'static str],
    /// The caller's headers as one object of strings, with their formats.
    pub headers: &'static body::Object,
    /// `Endpoint::ISSUES_TOKEN`.
    pub issues_token: Option<IssuesToken>,
    /// `Endpoint::DIGEST_BODY`.
    pub digest_body: bool,
    /// `Endpoint::MULTIPART`.
    pub multipart: bool,
    /// `Endpoint::ECHOES`.
    pub echoes: &'static [&'static str],
    /// `Endpoint::SENSITIVE`.
    pub sensitive: Vec<Sensitive>,
    /// The response's shape (JSON types and required keys), for the reply's findings.
    pub response_shape: &'static body::Object,
}

/// Why a spec cannot be loaded as a [`LiveEndpoint`].
#[derive(Debug)]
pub enum LoadError {
    /// The spec is invalid: every diagnostic, at its `file:line:col`.
    Spec(Diagnostics),
    /// The spec is valid but is not something to call or serve (an incoming spec), or a
    /// sample file cannot be read.
    Unusable(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Spec(diagnostics) => write!(f, "{diagnostics}"),
            LoadError::Unusable(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for LoadError {}

impl LiveEndpoint {
    /// Loads and checks the spec at `path` (samples included, as `doku-partner check` does);
    /// `display_path` is how diagnostics name it.
    pub fn load(path: &Path, display_path: &str) -> Result<Self, LoadError> {
        let spec = crate::check_spec_file(path, display_path).map_err(LoadError::Spec)?;
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Self::from_spec(spec, dir)
    }

    /// The endpoint of a checked `spec` whose sample files are under `spec_dir`.
    pub fn from_spec(spec: Spec, spec_dir: &Path) -> Result<Self, LoadError> {
        if spec.direction == Direction::Incoming {
            return Err(LoadError::Unusable(format!(
                "`{}` is an incoming spec (DOKU sends it to you): there is nothing to call or \
                 serve; `doku-partner listen` receives it",
                spec.name
            )));
        }
        let samples =
            crate::generate::read_examples(&spec, spec_dir).map_err(LoadError::Unusable)?;
        let request_examples = match &spec.body {
            Some(body) => samples
                .request
                .into_iter()
                .zip(&body.examples)
                .filter(|(_, example)| !example.partial)
                .map(|(sample, _)| sample)
                .collect(),
            None => Vec::new(),
        };
        let params = params_schema(&spec);
        let headers = headers_schema(&spec);
        let caller_headers = leak(
            spec.headers
                .iter()
                .filter(|h| h.source == HeaderSource::Caller)
                .map(|h| leak_str(&h.name))
                .collect(),
        );
        let mut sensitive = Vec::new();
        sensitive_fields(&spec.response.root, &mut sensitive);
        // A union's shapes: their own fields (the common ones are listed above).
        for variant in spec.response.union.iter().flat_map(|u| &u.variants) {
            let mut own = variant.root.clone();
            own.fields.retain(|f| variant.is_own(&f.wire_name));
            sensitive_fields(&own, &mut sensitive);
        }
        Ok(LiveEndpoint {
            name: leak_str(&spec.name),
            method: method(spec.method),
            path_template: leak_str(&spec.path.raw),
            auth: AuthOptions {
                signature: match spec.auth.signature {
                    crate::model::SignatureScheme::NonSnapHmacSha256 => {
                        SignatureScheme::NonSnapHmacSha256
                    }
                    crate::model::SignatureScheme::None => SignatureScheme::None,
                },
                query_in_target: spec.auth.query_in_target,
                bearer_token: spec.auth.bearer_token,
            },
            success_status: spec.response.status,
            examples: samples.response,
            request_examples,
            body: spec
                .body
                .as_ref()
                .map(|b| crate::schema::object(&b.root, Some(b), &spec.enums)),
            params,
            caller_headers,
            headers,
            issues_token: spec.auth.issues_token.as_ref().map(|t| IssuesToken {
                token_field: leak_str(&t.token_field),
                lifetime_field: t.lifetime_field.as_deref().map(leak_str),
            }),
            digest_body: spec.body.as_ref().is_none_or(|b| b.digest),
            multipart: spec.body.as_ref().is_some_and(|b| b.multipart),
            echoes: leak(
                spec.response
                    .root
                    .fields
                    .iter()
                    .filter(|f| f.same_as_request)
                    .map(|f| leak_str(&f.wire_name))
                    .collect(),
            ),
            sensitive,
            response_shape: crate::schema::response_object(&spec.response.root),
            spec,
        })
    }

    /// The sandbox base URL from the spec.
    pub fn sandbox_url(&self) -> &str {
        &self.spec.hosts.sandbox
    }

    /// The production base URL from the spec.
    pub fn production_url(&self) -> &str {
        &self.spec.hosts.production
    }

    /// Whether `name` (a wire name) is a path parameter.
    pub fn is_path_param(&self, name: &str) -> bool {
        self.spec.path_params.iter().any(|p| p.name == name)
    }

    /// Every problem of a request before it is sent, as the generated `RawRequest` and body
    /// check report them: the parameters (`params`, by wire name: format, documented values,
    /// required, unknown, the spec's rules), the caller's headers (`headers`, by name) and the
    /// body (`body`, the bytes to send: against the body's schema; a body where the endpoint
    /// takes none, or none where it needs one).
    pub fn check_request(
        &self,
        params: &BTreeMap<String, String>,
        headers: &BTreeMap<String, String>,
        body: Option<&[u8]>,
    ) -> Result<(), RequestErrors> {
        let mut errors = RequestErrors::new();
        let strings = |map: &BTreeMap<String, String>| {
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                    .collect(),
            )
        };
        if let Err(e) = body::check(self.params, &strings(params)) {
            errors.violations.extend(e.violations);
        }
        if let Err(e) = body::check(self.headers, &strings(headers)) {
            errors
                .violations
                .extend(e.violations.into_iter().map(|v| match v {
                    Violation::Missing { field } => {
                        match self.caller_headers.iter().find(|h| **h == field) {
                            Some(name) => Violation::InvalidHeader {
                                name,
                                problem: "is required",
                            },
                            None => Violation::Missing { field },
                        }
                    }
                    other => other,
                }));
        }
        match (self.body, body) {
            (Some(schema), Some(bytes)) => {
                if let Err(e) = body::check_bytes(schema, bytes) {
                    errors.violations.extend(e.violations);
                }
            }
            (Some(_), None) => errors.push(Violation::Missing {
                field: "(body)".into(),
            }),
            (None, Some(bytes)) if !bytes.is_empty() => errors.push(Violation::UnknownField {
                field: "(body)".into(),
                expected: Vec::new(),
            }),
            _ => {}
        }
        errors.finish(|| ())
    }

    /// The path with its parameters filled in, each percent-encoded as the generated code
    /// encodes it.
    pub fn path(&self, params: &BTreeMap<String, String>) -> String {
        let mut path = String::with_capacity(self.path_template.len() + 32);
        for segment in &self.spec.path.segments {
            match segment {
                PathSegment::Literal(text) => path.push_str(text),
                PathSegment::Param(name) => {
                    let value = params.get(name).map(String::as_str).unwrap_or_default();
                    doku_partner_support::__private::encode::push_encoded(&mut path, value);
                }
            }
        }
        path
    }

    /// The query string without `?` (the query parameters given, in the spec's order,
    /// percent-encoded), or `None` when none is given.
    pub fn query_string(&self, params: &BTreeMap<String, String>) -> Option<String> {
        let mut out = String::new();
        for param in &self.spec.query {
            let Some(value) = params.get(&param.name) else {
                continue;
            };
            if !out.is_empty() {
                out.push('&');
            }
            doku_partner_support::__private::encode::push_encoded(&mut out, &param.name);
            out.push('=');
            doku_partner_support::__private::encode::push_encoded(&mut out, value);
        }
        (!out.is_empty()).then_some(out)
    }

    /// How a response body differs from the spec's field table (JSON types, required keys,
    /// keys the table does not document): one text each. The reply is printed all the same;
    /// these are findings.
    pub fn response_findings(&self, bytes: &[u8]) -> Vec<String> {
        if let Some(union) = &self.spec.response.union {
            return crate::lower::union::reply_findings(union, self.response_shape, bytes);
        }
        match body::check_bytes(self.response_shape, bytes) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.violations.iter().map(ToString::to_string).collect(),
        }
    }

    /// The response headers the spec declares (`response.headers`), as the client checks them
    /// (what the derive writes as `Endpoint::RESPONSE_HEADERS`).
    pub fn response_headers(&self) -> Vec<doku_partner_support::response_headers::ResponseHeader> {
        self.spec
            .response_headers
            .iter()
            .map(runtime_response_header)
            .collect()
    }

    /// The error envelopes the spec declares (`errors.envelopes`; empty: any).
    pub fn error_envelopes(&self) -> Vec<doku_partner_support::error::EnvelopeForm> {
        self.spec.errors.envelopes.iter().map(|e| e.form).collect()
    }

    /// The stand-in's route for this endpoint, serving its first sample: every door check, the
    /// token, the caller's headers, the `Content-Type` and the body against its schema, as for
    /// a derived endpoint.
    #[cfg(feature = "stand-in")]
    pub fn stand_in_route(&self) -> doku_partner_support::stand_in::StandInRoute {
        let sample = self
            .examples
            .first()
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| "{}".to_owned());
        doku_partner_support::stand_in::StandInRoute {
            method: self.method,
            path_template: self.path_template,
            success_status: self.success_status,
            body: sample,
            query_in_target: self.auth.query_in_target,
            body_schema: self.body,
            required_headers: self.caller_headers,
            bearer_token: self.auth.bearer_token,
            issues_token: self.issues_token,
            digest_body: self.digest_body,
            multipart: self.multipart,
            echoes: self.echoes,
            raw_in_target: leak(
                self.spec
                    .path_params
                    .iter()
                    .filter(|p| p.raw_in_target)
                    .map(|p| leak_str(&p.name))
                    .collect::<Vec<&'static str>>(),
            ),
            response_headers: leak(self.response_headers()),
            error_envelopes: leak(self.error_envelopes()),
            responder: None,
        }
    }
}

/// A declared response header as the runtime checks and the stand-in sends it (what the
/// derive writes as `Endpoint::RESPONSE_HEADERS`).
fn runtime_response_header(
    h: &crate::model::ResponseHeader,
) -> doku_partner_support::response_headers::ResponseHeader {
    use crate::formats::{Check, check};
    use crate::model::ResponseHeaderCheck;
    use doku_partner_support::response_headers::HeaderCheck;
    doku_partner_support::response_headers::ResponseHeader {
        name: leak_str(&h.name),
        mandatory: h.mandatory,
        check: match (h.check, h.format.map(check)) {
            (ResponseHeaderCheck::SameAsRequest, _) => HeaderCheck::SameAsRequest,
            (ResponseHeaderCheck::Signature, _) => HeaderCheck::Signature,
            (ResponseHeaderCheck::Format, Some(Check::Rule(rule))) => HeaderCheck::Format(rule),
            (ResponseHeaderCheck::Format, Some(Check::Date)) => HeaderCheck::Timestamp,
            _ => HeaderCheck::Present,
        },
        example: leak_str(h.example.as_deref().unwrap_or_default()),
    }
}

fn method(method: Method) -> HttpMethod {
    match method {
        Method::Get => HttpMethod::Get,
        Method::Post => HttpMethod::Post,
        Method::Put => HttpMethod::Put,
        Method::Patch => HttpMethod::Patch,
        Method::Delete => HttpMethod::Delete,
    }
}

/// The path and query parameters as one object of strings: each parameter's format and
/// documented values, required or not, and the spec's parameter rules (`allowed when`).
fn params_schema(spec: &Spec) -> &'static body::Object {
    let fields = spec
        .path_params
        .iter()
        .chain(&spec.query)
        .map(|p| body::Field {
            name: leak_str(&p.name),
            optional: !p.required,
            kind: body::Kind::Scalar(crate::schema::scalar(
                &Scalar {
                    format: p.format,
                    json: JsonType::String,
                    enum_ref: p.enum_ref.clone(),
                    enum_cut_off: false,
                },
                &spec.enums,
            )),
        })
        .collect();
    let mut rules = Vec::new();
    for rule in &spec.rules {
        for (field, allowed) in &rule.then {
            rules.push(body::Rule::AllowedWhen {
                when: leak_str(&rule.when_param),
                is: leak_str(&rule.when_value),
                field: leak_str(field),
                allowed: leak(allowed.iter().map(|a| leak_str(a)).collect()),
            });
        }
    }
    Box::leak(Box::new(body::Object {
        fields: leak(fields),
        rules: leak(rules),
    }))
}

/// The caller's headers as one object of strings, with their formats.
fn headers_schema(spec: &Spec) -> &'static body::Object {
    let fields = spec
        .headers
        .iter()
        .filter(|h| h.source == HeaderSource::Caller)
        .map(|h| body::Field {
            name: leak_str(&h.name),
            optional: false,
            kind: body::Kind::Scalar(crate::schema::scalar(
                &Scalar {
                    format: h.format.unwrap_or(crate::model::Format::String),
                    json: JsonType::String,
                    enum_ref: None,
                    enum_cut_off: false,
                },
                &spec.enums,
            )),
        })
        .collect();
    Box::leak(Box::new(body::Object {
        fields: leak(fields),
        rules: &[],
    }))
}

/// The response fields the spec marks `secret` or `personal`, by dotted wire path.
fn sensitive_fields(root: &ObjectDef, out: &mut Vec<Sensitive>) {
    for field in &root.fields {
        match &field.sensitivity {
            Some(Sensitivity::Secret(_)) => out.push(Sensitive::secret(leak_str(&field.path))),
            Some(Sensitivity::Personal(_)) => {
                out.push(Sensitive::personal(leak_str(&field.path)));
            }
            None => {}
        }
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            sensitive_fields(o, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(name: &str) -> LiveEndpoint {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../spec")
            .join(format!("{name}.yaml"));
        LiveEndpoint::load(&path, name).unwrap_or_else(|e| panic!("{e}"))
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// The live parameters check finds what the generated `RawRequest` finds, for a spec with
    /// parameter rules (Get Business Data).
    #[test]
    fn parameters_are_checked_as_the_generated_raw_request_checks_them() {
        let live = endpoint("get_business_data");
        let params = map(&[
            ("client_id", "BRN-0104-1678960841263"),
            ("businessType", "PERSONAL"),
            ("businessLegalEntity", "PT"),
            ("brandBusinessLine", "MINING"),
            ("businessContactNationality", "ID"),
        ]);
        let errors = live
            .check_request(&params, &BTreeMap::new(), None)
            .unwrap_err();
        let text = errors.to_string();
        assert_eq!(errors.violations.len(), 2, "{text}");
        assert!(
            text.contains(
                "`businessLegalEntity` = \"PT\" is not allowed when `businessType` is PERSONAL"
            ),
            "{text}"
        );
        assert_eq!(
            live.path(&params),
            "/adv-core-api/partner/v1.0/business/BRN-0104-1678960841263"
        );
        assert_eq!(
            live.query_string(&params).as_deref(),
            Some(
                "businessType=PERSONAL&businessLegalEntity=PT&brandBusinessLine=MINING&businessContactNationality=ID"
            )
        );
    }

    #[test]
    fn an_incoming_spec_is_refused_with_a_reason() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/kyb_callback.yaml");
        let error = LiveEndpoint::load(&path, "kyb_callback.yaml").unwrap_err();
        assert!(error.to_string().contains("incoming spec"), "{error}");
    }

    #[test]
    fn a_body_is_checked_and_secrets_are_marked() {
        let live = endpoint("generate_token");
        assert!(live.issues_token.is_some());
        assert_eq!(live.sensitive, vec![Sensitive::secret("token")]);
        let errors = live
            .check_request(
                &BTreeMap::new(),
                &BTreeMap::new(),
                Some(br#"{"grant_type":"password","valid_time":360}"#),
            )
            .unwrap_err();
        assert_eq!(errors.violations.len(), 2, "{errors}");
        assert!(
            live.check_request(&BTreeMap::new(), &BTreeMap::new(), None)
                .is_err()
        );
    }
}
