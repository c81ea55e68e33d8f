//! The typed model of one endpoint spec: what the loader produces after parsing and
//! validation, and the only input of the emitter.
//!
//! Everything here is already checked: names are valid, enum references resolve, the response
//! field table is a tree. Positions are kept (`Pos`) only where a later stage may still need to
//! point at the spec (e.g. the derive reporting a name collision).

mod response_headers;
pub mod union;
/// A body rule's limit (`max_length` / `max_value`): the runtime's own type.
pub use doku_partner_support::Limit;
pub use response_headers::{DeclaredEnvelope, ResponseHeader, ResponseHeaderCheck};

/// A 1-based line/column position in a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

/// One endpoint, as described by one YAML file in `spec/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Machine name, snake_case (`get_business_data`).
    pub name: String,
    /// Human title (`Get Business Data`).
    pub title: String,
    /// One-paragraph summary.
    pub summary: String,
    /// The documentation page the spec was transcribed from.
    pub docs_url: String,
    /// Free-form notes (conflicts in DOKU's page, decisions taken).
    pub notes: Vec<String>,
    /// Who sends the request: the partner to DOKU (`outgoing`, an endpoint to call) or DOKU to
    /// the partner (`incoming`, a notification to receive).
    pub direction: Direction,
    /// HTTP method.
    pub method: Method,
    /// Path template, e.g. `/adv-core-api/partner/v1.0/business/{client_id}`.
    pub path: PathTemplate,
    /// Base URLs per environment (empty for an incoming spec: DOKU calls the partner's host).
    pub hosts: Hosts,
    /// How requests are authenticated and signed.
    pub auth: Auth,
    /// Request headers, in the order DOKU checks them.
    pub headers: Vec<Header>,
    /// Path parameters, in template order.
    pub path_params: Vec<Param>,
    /// Query parameters, in the order they are sent.
    pub query: Vec<Param>,
    /// Named enumerated value sets, referenced by params and response fields.
    pub enums: Vec<EnumDef>,
    /// Rules tying parameter values together.
    pub rules: Vec<Rule>,
    /// JSON request body, for POST endpoints.
    pub body: Option<Body>,
    /// The success response. For an incoming spec: the body DOKU sends (`event`), with the
    /// status the partner answers (`answer.status`).
    pub response: Response,
    /// Documented error responses.
    pub errors: Errors,
    /// The headers DOKU sends with a success (`response.headers`).
    pub response_headers: Vec<ResponseHeader>,
}

/// Who sends the request a spec describes (`direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// The partner calls DOKU (every Partner API endpoint; the default).
    #[default]
    Outgoing,
    /// DOKU calls the partner (HTTP notifications, KYB callbacks).
    Incoming,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A path template split into literal text and `{param}` placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written in the spec.
    pub raw: String,
    /// Its pieces, in order.
    pub segments: Vec<PathSegment>,
}

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// Literal text, sent as is.
    Literal(String),
    /// A placeholder naming a path parameter (by its wire `name`).
    Param(String),
}

/// Base URLs per environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    /// Sandbox / test mode base URL (`https://api-uat.doku.com`).
    pub sandbox: String,
    /// Production base URL (`https://api.doku.com`).
    pub production: String,
    /// Other known hosts with a note each (e.g. the newer `api-sandbox.doku.com`).
    pub others: Vec<(String, String)>,
}

/// Authentication of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// The signature scheme.
    pub signature: SignatureScheme,
    /// Whether the query string is part of `Request-Target` (default: no).
    pub query_in_target: bool,
    /// Whether an `Authorization: Bearer <token>` header is required (token from Generate Token).
    pub bearer_token: bool,
    /// The endpoint issues bearer tokens (Generate Token).
    pub issues_token: Option<IssuesToken>,
}

/// How an endpoint issues bearer tokens (`auth.issues_token`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuesToken {
    /// The response field holding the token (a root field).
    pub token_field: String,
    /// The request body field holding the wanted lifetime in minutes, as text (a root field).
    pub lifetime_field: Option<String>,
}

/// Signature schemes the runtime knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureScheme {
    /// DOKU Non-SNAP: `Signature: HMACSHA256=base64(HMAC-SHA256(secret, components))`.
    NonSnapHmacSha256,
    /// No signature.
    None,
}

/// Where a header's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderSource {
    /// From the client's credentials (Client-Id).
    Credentials,
    /// Generated per request by the runtime (Request-Id, Request-Timestamp).
    Generated,
    /// Computed from other values (Signature, Digest).
    Computed,
    /// Supplied by the caller with the request.
    Caller,
}

/// One request header.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Header name as sent (`Request-Id`).
    pub name: String,
    /// Where its value comes from.
    pub source: HeaderSource,
    /// Documented format, when there is one.
    pub format: Option<Format>,
    /// Description from the page.
    pub description: String,
    /// Example value from the page.
    pub example: Option<String>,
    /// Notes (conflicts, decisions).
    pub notes: Vec<String>,
    /// For a caller-supplied header: the Rust field that holds it (`x_partner_id`).
    pub rust_name: String,
}

/// A path or query parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire (`businessType`, `client_id`).
    pub name: String,
    /// Rust field name (`business_type`); already a valid identifier (keywords get `r#`-free
    /// renames such as `type_`).
    pub rust_name: String,
    /// Whether the parameter must be sent.
    pub required: bool,
    /// Documented format.
    pub format: Format,
    /// Name of the enum set (`EnumDef::name`) the value must come from, if any.
    pub enum_ref: Option<String>,
    /// Description from the page.
    pub description: String,
    /// Example value.
    pub example: Option<String>,
    /// A path parameter signed in `Request-Target` as it is (`target: raw`), not as sent
    /// (percent-encoded, `target: encoded`, the default). Always `false` for a query parameter.
    pub raw_in_target: bool,
    /// Position of the parameter in the spec.
    pub pos: Pos,
}

/// A named set of enumerated values.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Rust type name (`BusinessType`), PascalCase.
    pub name: String,
    /// Description.
    pub description: String,
    /// The values, in spec order.
    pub values: Vec<EnumValue>,
    /// The request enum is this existing type (`rust_path`, an enum generated from another
    /// spec with the same values) rather than a new one: one type for endpoints that share it.
    pub rust_path: Option<String>,
    /// The derive's walk of the crate's source cannot tell what this `rust_path` (under
    /// `crate` or `super`) names: the generated code then resolves a type that is no spec's
    /// enum to a stand-in, so the build fails once, at this enum's line. `false` outside the
    /// derive.
    pub rust_path_unseen: bool,
    /// Position in the spec.
    pub pos: Pos,
}

/// One enumerated value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The exact wire string (`PTN_BH`).
    pub wire: String,
    /// Rust variant name (`PtnBh`); a valid identifier, unique in its enum.
    pub variant: String,
    /// Description.
    pub description: String,
}

/// "When `param` is `value`, these params may only take these values."
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Discriminating parameter (wire name) ...
    pub when_param: String,
    /// ... and its value (wire string).
    pub when_value: String,
    /// For each constrained parameter (wire name), the allowed values (wire strings), in order.
    pub then: Vec<(String, Vec<String>)>,
    /// Description / source of the rule.
    pub description: String,
    /// Position in the spec.
    pub pos: Pos,
}

/// JSON request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Content type (`application/json`, the only one supported).
    pub content_type: String,
    /// Description of the body.
    pub description: String,
    /// Notes on the body (conflicts in the page, where it is cut off).
    pub notes: Vec<String>,
    /// Root object of the body.
    pub root: ObjectDef,
    /// Rules between body fields.
    pub rules: Vec<BodyRule>,
    /// Sample request bodies, paths relative to the spec file.
    pub examples: Vec<Example>,
    /// `one_of` rules that shape the type: their fields become one enum field.
    pub choices: Vec<Choice>,
    /// `multipart/form-data` (`encoding: multipart`) rather than JSON.
    pub multipart: bool,
    /// Whether the signature has a `Digest` line over the body (`digest: body`, the default).
    pub digest: bool,
}

/// A `one_of` rule that shapes the type: instead of one `Option` per field, the object gets
/// one field of an enum with a variant per field, so "none" and "both" cannot be built.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// Dotted wire path of the object holding the fields.
    pub object: String,
    /// Wire names of the fields, in rule order.
    pub fields: Vec<String>,
    /// The enum's name (`OutletDocumentFileIdOrFileUrl`), unique among body types.
    pub rust_type: String,
    /// The field's name (`file_id_or_file_url`), unique in its struct.
    pub rust_name: String,
}

/// A rule between body fields (`body.rules`), attached to the nearest object that holds every
/// field it names (`object`); its keys are paths relative to that object (a sibling key, or
/// `payment.type` through nested objects).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyRule {
    /// Dotted wire path of the object the rule applies to (`""`: the body's root); the rule is
    /// checked in every instance of it (each element of an array).
    pub object: String,
    /// What the rule says.
    pub kind: BodyRuleKind,
    /// Where the rule comes from.
    pub description: String,
    /// Position in the spec.
    pub pos: Pos,
}

/// What a body rule says; keys are wire names of fields of the rule's object.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyRuleKind {
    /// When `when` is `is`, each `then` key may only take the listed values.
    AllowedWhen {
        /// The deciding key (an enum field).
        when: String,
        /// Its value.
        is: String,
        /// The constrained keys and their allowed values.
        then: Vec<(String, Vec<String>)>,
    },
    /// When `when` is `is`, the `require` keys must be present.
    RequiredWhen {
        /// The deciding key (an enum field).
        when: String,
        /// Its value.
        is: String,
        /// The optional keys that become required.
        require: Vec<String>,
    },
    /// Exactly one of the keys is present.
    ExactlyOne {
        /// The keys (optional fields).
        fields: Vec<String>,
    },
    /// Every present value of `fields` is the same, when `when` (a key and its value) holds,
    /// if given (`same:`; Business Registration: `business.name` and `business.brands.name`).
    Same {
        /// The deciding key and its value; `None`: always.
        when: Option<(String, String)>,
        /// The paths whose values must be equal; a path through an array names each element.
        fields: Vec<String>,
    },
    /// The sum over the array `items` of the product of `factors` equals `total` (`total:`
    /// with `sum_of:`; Checkout: line items' price × quantity and `order.amount`).
    Total {
        /// The path of the total.
        total: String,
        /// The path of the array of objects summed.
        items: String,
        /// The keys of each element multiplied.
        factors: Vec<String>,
    },
    /// When `when` is `is` (an array `when`: includes `is`), each key of `limits` stays within
    /// its limit (`max_length:` / `max_value:`; Checkout: `order.invoice_number` at most 30
    /// characters when `payment.payment_method_types` includes `CREDIT_CARD`). An absent
    /// `when` decides nothing.
    LimitWhen {
        /// The deciding key: an enum field, or an array of values.
        when: String,
        /// Its value.
        is: String,
        /// `when` is an array, which decides when it includes `is`.
        list: bool,
        /// The limited keys (a path through an array limits each element) and their limits.
        limits: Vec<(String, Limit)>,
    },
}

impl BodyRule {
    /// The full wire paths of every field the rule names (`object` joined to each key).
    pub fn full_paths(&self) -> Vec<String> {
        let rel: Vec<String> = match &self.kind {
            BodyRuleKind::AllowedWhen { when, then, .. } => std::iter::once(when.clone())
                .chain(then.iter().map(|(f, _)| f.clone()))
                .collect(),
            BodyRuleKind::RequiredWhen { when, require, .. } => std::iter::once(when.clone())
                .chain(require.iter().cloned())
                .collect(),
            BodyRuleKind::ExactlyOne { fields } => fields.clone(),
            BodyRuleKind::Same { when, fields } => when
                .iter()
                .map(|(w, _)| w.clone())
                .chain(fields.iter().cloned())
                .collect(),
            BodyRuleKind::Total {
                total,
                items,
                factors,
            } => [total.clone(), items.clone()]
                .into_iter()
                .chain(factors.iter().map(|f| format!("{items}.{f}")))
                .collect(),
            BodyRuleKind::LimitWhen { when, limits, .. } => std::iter::once(when.clone())
                .chain(limits.iter().map(|(f, _)| f.clone()))
                .collect(),
        };
        rel.into_iter()
            .map(|r| {
                if self.object.is_empty() {
                    r.to_owned()
                } else {
                    format!("{}.{r}", self.object)
                }
            })
            .collect()
    }
}

/// The success response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// HTTP status of a success (200).
    pub status: u16,
    /// Root object of the response body.
    pub root: ObjectDef,
    /// Sample bodies, paths relative to the spec file.
    pub examples: Vec<Example>,
    /// One shape per discriminator value (`response.union`); `root` then holds the fields
    /// common to every shape.
    pub union: Option<union::Union>,
}

/// A sample body that sits beside the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Short name (`personal`).
    pub name: String,
    /// Path relative to the spec file (`examples/get_business_data.personal.json`).
    pub file: String,
    /// What it shows.
    pub description: String,
    /// Notes on the sample.
    pub notes: Vec<String>,
    /// Position of its `file` in the spec.
    pub pos: Pos,
    /// The page's sample is cut off (`partial: true`, request samples only): it is checked
    /// for everything but missing keys, shown in the docs, and not offered as a body to send.
    pub partial: bool,
    /// JSON paths where the page's own sample breaks one of the spec's rules (`breaks:`,
    /// request samples only): `check` expects exactly these rule violations, the docs list
    /// them, and the sample is not offered as a body to send.
    pub breaks: Vec<String>,
    /// The page's sample is cut off and stored as it is (`cut_off: true`): the file is the
    /// page's text up to where it ends, not JSON. `check` checks the members it holds in
    /// full; the docs show it as text; it is no body to send, nor one the stand-in serves
    /// (a response sample is not in `Endpoint::EXAMPLES`).
    pub cut_off: bool,
}

impl Example {
    /// Whether the sample is a body the client would send (`Endpoint::REQUEST_EXAMPLES`):
    /// complete (neither `partial` nor `cut_off`) and breaking no rule (no `breaks`).
    pub fn sendable(&self) -> bool {
        !self.partial && !self.cut_off && self.breaks.is_empty()
    }
}

/// Documented error responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Errors {
    /// Envelope description (e.g. `{"error":{"code","message","type"}}`).
    pub envelope: String,
    /// Known errors.
    pub cases: Vec<ErrorCase>,
    /// The envelopes the endpoint may answer (`envelopes`; empty: not declared).
    pub envelopes: Vec<DeclaredEnvelope>,
}

/// One documented error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCase {
    /// HTTP status.
    pub status: u16,
    /// DOKU error code (`invalid_signature`).
    pub code: String,
    /// Message DOKU sends.
    pub message: String,
    /// When it happens.
    pub description: String,
}

/// A struct in the response (or body): the root, a nested object, or an array's item.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectDef {
    /// Rust type name (`Response`, `Brand`, `BrandPhotoProof`), unique within the spec.
    pub rust_type: String,
    /// Dotted wire path of this object (`""` for the root, `brands`, `brands.photo_proofs`).
    pub path: String,
    /// Description.
    pub description: String,
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// One field of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Key on the wire (`shared_key`); the wire name wins over the documented one.
    pub wire_name: String,
    /// Name printed in DOKU's field table when it differs from the wire (`share_key`).
    pub documented_name: Option<String>,
    /// Rust field name; a valid, non-keyword identifier (`type` becomes `type_`), unique in
    /// its struct.
    pub rust_name: String,
    /// Full dotted wire path (`brands.shared_key`).
    pub path: String,
    /// `true` when the field may be absent (or null).
    pub optional: bool,
    /// What the field holds.
    pub kind: FieldKind,
    /// Description.
    pub description: String,
    /// Example value, as text.
    pub example: Option<String>,
    /// Notes (conflicts with the documentation, reconstruction decisions).
    pub notes: Vec<String>,
    /// For a `file` field: what files are allowed.
    pub file: Option<FileLimits>,
    /// A response field DOKU fills with the request's value of the same name.
    pub same_as_request: bool,
    /// Marked `secret` or `personal` in the spec: hidden wherever it is printed.
    pub sensitivity: Option<Sensitivity>,
    /// Position in the spec.
    pub pos: Pos,
}

/// A field the spec marks as a secret or as personal data, with the spec's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sensitivity {
    /// `secret: <why>`: a key or token; the field is a `Secret`, never printed.
    Secret(String),
    /// `personal: <why>`: data about a person; masked in `Debug` and printed output.
    Personal(String),
}

impl Sensitivity {
    /// The spec's reason for the mark.
    pub fn why(&self) -> &str {
        match self {
            Sensitivity::Secret(why) | Sensitivity::Personal(why) => why,
        }
    }
}

/// What a file part may be (`extensions`, `max_bytes`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileLimits {
    /// Allowed file name extensions, as the page writes them (`JPG`); empty: any.
    pub extensions: Vec<String>,
    /// The largest file in bytes, when documented.
    pub max_bytes: Option<u64>,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A scalar.
    Scalar(Scalar),
    /// A nested object.
    Object(ObjectDef),
    /// An array.
    Array(ArrayItems),
}

/// A scalar field: DOKU's documented format and the JSON type really sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// Documented DOKU format.
    pub format: Format,
    /// JSON type on the wire (defaults from the format; overridden by `json:`).
    pub json: JsonType,
    /// Enum set the value belongs to, if any (a response enum tolerates unknown values).
    pub enum_ref: Option<String>,
    /// The page's list of the enum's values is cut off (`enum_cut_off: true`, request body
    /// fields only): the field also sends a value the list lost (`support::OrOther`).
    pub enum_cut_off: bool,
}

/// Items of an array.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayItems {
    /// Objects (`brands`).
    Object(ObjectDef),
    /// Scalars of one format.
    Scalar(Scalar),
    /// Items whose shape the page does not document (`brands.audit_logs: [[]]`): kept as raw
    /// JSON values.
    Any,
}

/// DOKU's documented formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `AN(n)`: ASCII letters and digits, at most n characters.
    An(u32),
    /// `ANS(n)`: printable characters including space and punctuation, at most n characters.
    Ans(u32),
    /// `N(n)`: ASCII digits, at most n characters.
    N(u32),
    /// `Numeric`: ASCII digits, no documented length.
    Numeric,
    /// `boolean`.
    Boolean,
    /// `date`: ISO 8601 UTC timestamp (`2023-03-16T10:00:41Z`).
    Date,
    /// `timestamp`: DOKU header timestamp, `YYYY-MM-DDTHH:MM:SSZ`.
    Timestamp,
    /// `string`: free text with no documented format.
    String,
    /// `string(n)` / `String(n)`: free text of at most n characters.
    Str(u32),
    /// `int(n)`: an integer of at most n digits (a JSON number unless `json:` says otherwise).
    Int(u32),
    /// `text`: a form-data text part; free text.
    Text,
    /// `file`: a form-data file part (multipart bodies only).
    File,
    /// `yyyyMMddHHmmss`, optionally followed by the zone the page names (`yyyyMMddHHmmss
    /// UTC+7`): DOKU's compact date-time (Checkout's and DOKU VA's `expired_date`).
    CompactDateTime(DateTimeZone),
}

/// The zone a `yyyyMMddHHmmss` value is in, as the page states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTimeZone {
    /// `UTC+7` (WIB).
    Utc7,
    /// `UTC+0`.
    Utc0,
    /// The page names no zone.
    Unstated,
}

impl DateTimeZone {
    /// The runtime's marker type (`Wib`, `Utc`, `ZoneUnstated`).
    pub fn marker(self) -> &'static str {
        match self {
            DateTimeZone::Utc7 => "Wib",
            DateTimeZone::Utc0 => "Utc",
            DateTimeZone::Unstated => "ZoneUnstated",
        }
    }
}

impl Format {
    /// The format as DOKU writes it (`ANS(22)`).
    pub fn doku_notation(self) -> String {
        match self {
            Format::An(n) => format!("AN({n})"),
            Format::Ans(n) => format!("ANS({n})"),
            Format::N(n) => format!("N({n})"),
            Format::Numeric => "Numeric".to_owned(),
            Format::Boolean => "boolean".to_owned(),
            Format::Date => "date".to_owned(),
            Format::Timestamp => "timestamp".to_owned(),
            Format::String => "string".to_owned(),
            Format::Str(n) => format!("string({n})"),
            Format::Int(n) => format!("int({n})"),
            Format::Text => "text".to_owned(),
            Format::File => "file".to_owned(),
            Format::CompactDateTime(DateTimeZone::Utc7) => "yyyyMMddHHmmss UTC+7".to_owned(),
            Format::CompactDateTime(DateTimeZone::Utc0) => "yyyyMMddHHmmss UTC+0".to_owned(),
            Format::CompactDateTime(DateTimeZone::Unstated) => "yyyyMMddHHmmss".to_owned(),
        }
    }

    /// The JSON type this format is sent as unless the spec says otherwise.
    pub fn default_json(self) -> JsonType {
        match self {
            Format::Boolean => JsonType::Boolean,
            Format::Int(_) => JsonType::Integer,
            _ => JsonType::String,
        }
    }
}

/// JSON types a scalar can be sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// A JSON string.
    String,
    /// A JSON number without fraction (`i64`).
    Integer,
    /// Any JSON number (kept exactly as sent).
    Number,
    /// `true` / `false`.
    Boolean,
}
