//! Load, step 2: the raw AST, every key of a spec as written, with its position.

use crate::diagnostic::Loc;

// ---------------------------------------------------------------------------------------------
// Raw AST.

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

impl<T> Sp<T> {
    /// Wraps `value` read at `loc`.
    pub fn new(value: T, loc: Loc) -> Self {
        Sp { value, loc }
    }
}

impl Sp<String> {
    /// The value as `&str`.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The region of characters `start..start+len` of the value, when the value was written on
    /// one line as is (plain) or in quotes without escapes; else the whole value.
    pub fn sub_loc(&self, start: usize, len: usize) -> Loc {
        let n = self.value.chars().count();
        let offset = if self.loc.len as usize == n {
            0
        } else if self.loc.len as usize == n + 2 {
            1
        } else {
            return self.loc;
        };
        let column = u32::try_from(start + offset)
            .ok()
            .and_then(|o| self.loc.column.checked_add(o));
        match (column, u32::try_from(len)) {
            (Some(column), Ok(len)) => Loc::new(self.loc.line, column, len),
            _ => self.loc,
        }
    }
}

/// Optional text.
pub type Text = Option<Sp<String>>;

/// The whole spec file, as written.
#[derive(Debug, Clone, Default)]
pub struct RawSpec {
    /// The top-level mapping.
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `title`.
    pub title: Text,
    /// `summary`.
    pub summary: Text,
    /// `docs_url`.
    pub docs_url: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
    /// `direction`.
    pub direction: Text,
    /// `event` (an incoming spec's body table, read like `response`).
    pub event: Option<RawResponse>,
    /// `answer` (what the partner answers to an incoming request).
    pub answer: Option<RawAnswer>,
    /// Where the keys `direction` requires or refuses (`hosts`, `response`, `event`, `answer`
    /// and the request side's) are written, to refuse one at its own line.
    pub direction_keys: Vec<(&'static str, Loc)>,
    /// `method`.
    pub method: Text,
    /// `path`.
    pub path: Text,
    /// `hosts`.
    pub hosts: Option<RawHosts>,
    /// `auth`.
    pub auth: Option<RawAuth>,
    /// `headers`.
    pub headers: Vec<RawHeader>,
    /// `path_params`.
    pub path_params: Vec<RawParam>,
    /// `query`.
    pub query: Vec<RawParam>,
    /// `enums`, in source order.
    pub enums: Vec<RawEnum>,
    /// `rules`.
    pub rules: Vec<RawRule>,
    /// `body`.
    pub body: Option<RawBody>,
    /// `response`.
    pub response: Option<RawResponse>,
    /// `errors`.
    pub errors: Option<RawErrors>,
    /// Top-level keys refused as unknown: later checks that would only repeat the mistake
    /// (a rule naming parameters of a misspelled `query:`) stay quiet.
    pub unknown_keys: Vec<String>,
}

/// `hosts:`.
#[derive(Debug, Clone, Default)]
pub struct RawHosts {
    /// The mapping.
    pub loc: Loc,
    /// `sandbox`.
    pub sandbox: Text,
    /// `production`.
    pub production: Text,
    /// `others`.
    pub others: Vec<RawOtherHost>,
}

/// One entry of `hosts.others`.
#[derive(Debug, Clone, Default)]
pub struct RawOtherHost {
    /// The entry.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `url`.
    pub url: Text,
    /// `note`.
    pub note: Text,
}

/// `auth:`.
#[derive(Debug, Clone, Default)]
pub struct RawAuth {
    /// The mapping.
    pub loc: Loc,
    /// `signature`.
    pub signature: Text,
    /// `query_in_target`.
    pub query_in_target: Option<Sp<bool>>,
    /// `bearer_token`.
    pub bearer_token: Option<Sp<bool>>,
    /// `issues_token`.
    pub issues_token: Option<RawIssuesToken>,
}

/// `auth.issues_token:`.
#[derive(Debug, Clone, Default)]
pub struct RawIssuesToken {
    /// The mapping.
    pub loc: Loc,
    /// `token_field`.
    pub token_field: Text,
    /// `lifetime_field`.
    pub lifetime_field: Text,
}

/// One entry of `headers`.
#[derive(Debug, Clone, Default)]
pub struct RawHeader {
    /// The entry.
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `source`.
    pub source: Text,
    /// `format`.
    pub format: Text,
    /// `description`.
    pub description: Text,
    /// `example`.
    pub example: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
}

/// One entry of `path_params` or `query`.
#[derive(Debug, Clone, Default)]
pub struct RawParam {
    /// The entry.
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `rust_name`.
    pub rust_name: Text,
    /// `format`.
    pub format: Text,
    /// `required`.
    pub required: Option<Sp<bool>>,
    /// `enum`.
    pub enum_ref: Text,
    /// `description`.
    pub description: Text,
    /// `example`.
    pub example: Text,
    /// `target` (path parameters only).
    pub target: Text,
}

/// One entry of `enums`.
#[derive(Debug, Clone)]
pub struct RawEnum {
    /// The type name (the mapping key).
    pub name: Sp<String>,
    /// The definition mapping.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `description`.
    pub description: Text,
    /// `values`.
    pub values: Vec<RawEnumValue>,
    /// `rust_path`.
    pub rust_path: Text,
}

/// One entry of an enum's `values`.
#[derive(Debug, Clone, Default)]
pub struct RawEnumValue {
    /// The entry.
    pub loc: Loc,
    /// `value`.
    pub value: Text,
    /// `description`.
    pub description: Text,
}

/// One entry of `rules`.
#[derive(Debug, Clone, Default)]
pub struct RawRule {
    /// The entry.
    pub loc: Loc,
    /// The `when` mapping (`Loc::UNKNOWN` when absent).
    pub when_loc: Loc,
    /// `when` entries: parameter → value.
    pub when: Vec<(Sp<String>, Sp<String>)>,
    /// The `then` mapping (`Loc::UNKNOWN` when absent).
    pub then_loc: Loc,
    /// `then` entries: parameter → allowed values.
    pub then: Vec<(Sp<String>, Vec<Sp<String>>)>,
    /// `description`.
    pub description: Text,
}

/// `body:`.
#[derive(Debug, Clone, Default)]
pub struct RawBody {
    /// The mapping.
    pub loc: Loc,
    /// The `body` key (where a diagnostic about the whole body points).
    pub key_loc: Loc,
    /// `encoding`.
    pub encoding: Text,
    /// `digest`.
    pub digest: Text,
    /// `description`.
    pub description: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
    /// `fields`.
    pub fields: Vec<RawField>,
    /// `rules`.
    pub rules: Vec<RawBodyRule>,
    /// `examples`.
    pub examples: Vec<RawExample>,
}

/// A `then` entry: a field or parameter and the values it may take.
pub type AllowedValues = (Sp<String>, Vec<Sp<String>>);

/// A `max_length` / `max_value` entry: a field and its limit.
pub type RawLimit = (Sp<String>, Sp<i128>);

/// One entry of `body.rules`.
#[derive(Debug, Clone, Default)]
pub struct RawBodyRule {
    /// The entry.
    pub loc: Loc,
    /// `when` entries: field path → value.
    pub when: Vec<(Sp<String>, Sp<String>)>,
    /// The `when` mapping (`Loc::UNKNOWN` when absent).
    pub when_loc: Loc,
    /// `then` entries: field path → allowed values; `None` when absent.
    pub then: Option<Vec<AllowedValues>>,
    /// `require`: field paths; `None` when absent.
    pub require: Option<Sp<Vec<Sp<String>>>>,
    /// `one_of`: field paths; `None` when absent.
    pub one_of: Option<Sp<Vec<Sp<String>>>>,
    /// `same`: field paths whose values are equal; `None` when absent.
    pub same: Option<Sp<Vec<Sp<String>>>>,
    /// `total`: the path of a total; `None` when absent.
    pub total: Text,
    /// `sum_of`: the fields of one array's elements whose product is summed; `None` when absent.
    pub sum_of: Option<Sp<Vec<Sp<String>>>>,
    /// `max_length`: field path → at most this many characters (under `when`); `None` when
    /// absent.
    pub max_length: Option<Sp<Vec<RawLimit>>>,
    /// `max_value`: field path → at most this number (under `when`); `None` when absent.
    pub max_value: Option<Sp<Vec<RawLimit>>>,
    /// `description`.
    pub description: Text,
}

/// `answer:` (an incoming spec).
#[derive(Debug, Clone, Default)]
pub struct RawAnswer {
    /// The mapping.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `status`.
    pub status: Option<Sp<i128>>,
}

/// `response:` (or an incoming spec's `event:`, which has no `status`).
#[derive(Debug, Clone, Default)]
pub struct RawResponse {
    /// The mapping.
    pub loc: Loc,
    /// `status`.
    pub status: Option<Sp<i128>>,
    /// `fields`.
    pub fields: Vec<RawField>,
    /// `examples`.
    pub examples: Vec<RawExample>,
    /// `union` (a response that is one shape per discriminator value).
    pub union: Option<super::union::RawUnion>,
    /// `headers` (a response's only).
    pub headers: Vec<RawResponseHeader>,
}

/// One entry of `response.headers`.
#[derive(Debug, Clone, Default)]
pub struct RawResponseHeader {
    /// The entry.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `format`.
    pub format: Text,
    /// `mandatory`.
    pub mandatory: Option<Sp<bool>>,
    /// `check`.
    pub check: Text,
    /// `description`.
    pub description: Text,
    /// `example`.
    pub example: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
}

/// One entry of `errors.envelopes`.
#[derive(Debug, Clone, Default)]
pub struct RawEnvelope {
    /// The entry.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `sample`.
    pub sample: Text,
    /// `description`.
    pub description: Text,
}

/// One entry of a field table (`response.fields`, `body.fields`).
#[derive(Debug, Clone, Default)]
pub struct RawField {
    /// The entry.
    pub loc: Loc,
    /// `path`.
    pub path: Text,
    /// `documented_path`.
    pub documented_path: Text,
    /// `format`.
    pub format: Text,
    /// `type`.
    pub ty: Text,
    /// `rust_type`.
    pub rust_type: Text,
    /// `json`.
    pub json: Text,
    /// `items`.
    pub items: Text,
    /// `optional`.
    pub optional: Option<Sp<bool>>,
    /// `rust_name`.
    pub rust_name: Text,
    /// `enum`.
    pub enum_ref: Text,
    /// `description`.
    pub description: Text,
    /// `example`.
    pub example: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
    /// `extensions` (file fields).
    pub extensions: Vec<Sp<String>>,
    /// `max_bytes` (file fields).
    pub max_bytes: Option<Sp<i128>>,
    /// `same_as_request` (response fields).
    pub same_as_request: Option<Sp<bool>>,
    /// `enum_cut_off` (request body fields with `enum`).
    pub enum_cut_off: Option<Sp<bool>>,
    /// `secret`: why the value is a secret.
    pub secret: Text,
    /// `personal`: why the value is personal data.
    pub personal: Text,
}

/// One entry of `response.examples`.
#[derive(Debug, Clone, Default)]
pub struct RawExample {
    /// The entry.
    pub loc: Loc,
    /// `name`.
    pub name: Text,
    /// `file`.
    pub file: Text,
    /// `description`.
    pub description: Text,
    /// `notes`.
    pub notes: Vec<Sp<String>>,
    /// `partial` (request samples only).
    pub partial: Option<Sp<bool>>,
    /// `breaks` (request samples only): JSON paths where the page's own sample breaks a rule.
    pub breaks: Vec<Sp<String>>,
    /// `cut_off`: the file is the page's text up to where it ends.
    pub cut_off: Option<Sp<bool>>,
}

/// `errors:`.
#[derive(Debug, Clone, Default)]
pub struct RawErrors {
    /// The mapping.
    pub loc: Loc,
    /// `envelope`.
    pub envelope: Text,
    /// `envelopes`.
    pub envelopes: Vec<RawEnvelope>,
    /// `cases`.
    pub cases: Vec<RawErrorCase>,
}

/// One entry of `errors.cases`.
#[derive(Debug, Clone, Default)]
pub struct RawErrorCase {
    /// The entry.
    #[allow(
        dead_code,
        reason = "every raw node keeps its span, for checks to come"
    )]
    pub loc: Loc,
    /// `status`.
    pub status: Option<Sp<i128>>,
    /// `code`.
    pub code: Text,
    /// `message`.
    pub message: Text,
    /// `description`.
    pub description: Text,
}
