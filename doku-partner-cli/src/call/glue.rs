//! The per-endpoint glue: the [`callable!`] table, one line per endpoint with a `RawRequest`,
//! naming its fields and their wire names; Upload File's [`Callable`] written out below it; and
//! [`ENDPOINTS`], the list `call` reaches.

use super::*;

/// One path or query parameter, or text field of a form, of an endpoint, as `call` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Param {
    /// Wire name (`businessType`): the NAME of `--param NAME=VALUE`.
    pub(super) name: &'static str,
    /// The `RawRequest` field (`business_type`); for a form field, the body field (`code`).
    pub(super) field: &'static str,
    /// Where it is sent.
    pub(super) place: Place,
    /// Whether the endpoint needs it (a `&str` field; an optional one is `Option<&str>`).
    pub(super) required: bool,
}

/// Where a [`Param`] is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// In the path (`{client_id}`).
    Path,
    /// In the query string.
    Query,
    /// A text part of a multipart form.
    Form,
}

impl Place {
    /// A path parameter when `E`'s path template names it, else a query parameter.
    pub(super) fn of<E: Endpoint>(wire: &str) -> Self {
        if E::PATH_TEMPLATE.contains(&format!("{{{wire}}}")) {
            Place::Path
        } else {
            Place::Query
        }
    }

    /// `path`, `query`, `form`.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Place::Path => "path",
            Place::Query => "query",
            Place::Form => "form",
        }
    }
}

impl Param {
    /// A text field of a form, its wire name also its body field.
    const fn form(name: &'static str, required: bool) -> Self {
        Param {
            name,
            field: name,
            place: Place::Form,
            required,
        }
    }

    /// `--param businessType=VALUE (query, required)`.
    pub(super) fn describe(&self) -> String {
        let need = if self.required {
            "required"
        } else {
            "optional"
        };
        format!(
            "--param {}=VALUE ({}, {need})",
            self.name,
            self.place.as_str()
        )
    }
}

/// The checked command-line inputs of one call.
pub(super) struct Inputs<'a> {
    /// Parameter values by wire name.
    pub(super) params: BTreeMap<&'static str, &'a str>,
    /// The body text, when the endpoint takes one.
    pub(super) body: Option<String>,
    /// The file of `--file`, read, when the endpoint's form takes one.
    pub(super) file: Option<FilePart>,
}

impl<'a> Inputs<'a> {
    /// The value of the parameter with this wire name, if given.
    pub(super) fn param(&self, name: &str) -> Option<&'a str> {
        self.params.get(name).copied()
    }
}

/// A `RawRequest` field: `&str` (required) or `Option<&str>` (optional).
pub(super) trait Slot<'a> {
    /// `true` for a required parameter.
    const REQUIRED: bool;
    /// The field's value from the parameter's value, if given.
    fn fill(value: Option<&'a str>) -> Self;
}

impl<'a> Slot<'a> for &'a str {
    const REQUIRED: bool = true;
    fn fill(value: Option<&'a str>) -> Self {
        // Never `None` here: a missing required parameter is a usage error before this.
        value.unwrap_or_default()
    }
}

impl<'a> Slot<'a> for Option<&'a str> {
    const REQUIRED: bool = false;
    fn fill(value: Option<&'a str>) -> Self {
        value
    }
}

/// Whether a `RawRequest` field is a required parameter, from its type.
pub(super) fn required<'a, T: Slot<'a>>(_field: &T) -> bool {
    T::REQUIRED
}

/// What an endpoint sends besides its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Takes {
    /// Nothing.
    Nothing,
    /// A JSON body: `--body FILE`.
    Json,
    /// A multipart form: its text fields are parameters ([`Place::Form`]), its file is
    /// `--file PATH`.
    Form(FormFile),
}

/// The file part of a multipart form, as `call` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FormFile {
    /// The form's file part (`file`), read from `--file PATH`.
    pub(super) field: &'static str,
    /// The parameter naming the file by URL instead (`file_url`): exactly one of the two.
    pub(super) instead: &'static str,
    /// The spec's largest file, in bytes: no more is read.
    pub(super) max_bytes: u64,
}

impl FormFile {
    /// `--file PATH or --param file_url=VALUE`.
    pub(super) fn alternatives(&self) -> String {
        format!("--file PATH or --param {}=VALUE", self.instead)
    }

    /// For `--list` and usage errors.
    pub(super) fn describe(&self) -> String {
        format!(
            "{} (exactly one; a file of at most {})",
            self.alternatives(),
            describe_limit(usize::try_from(self.max_bytes).unwrap_or(usize::MAX))
        )
    }
}

/// An endpoint `call` can reach: its parameters, and its request from the inputs.
pub(super) trait Callable: Endpoint {
    /// What the endpoint sends besides its parameters: a JSON body when it has a body.
    const TAKES: Takes = if Self::BODY.is_some() {
        Takes::Json
    } else {
        Takes::Nothing
    };
    /// The parameters, in `RawRequest` (or form) order.
    fn params() -> Vec<Param>;
    /// The endpoint's request from the inputs, validated: the typed request, or every
    /// violation.
    fn request(inputs: Inputs<'_>) -> Result<Self::Request, RequestErrors>;
}

/// One row of [`ENDPOINTS`].
pub(super) struct Entry {
    /// The spec name (`get_business_data`).
    pub(super) name: &'static str,
    /// The HTTP method.
    pub(super) method: HttpMethod,
    /// The path template.
    pub(super) path: &'static str,
    /// [`Callable::TAKES`].
    pub(super) takes: Takes,
    /// [`Callable::params`].
    pub(super) params: fn() -> Vec<Param>,
    /// [`call`] for this endpoint.
    pub(super) run: fn(Inputs<'_>, &CallArgs) -> ExitCode,
}

impl Entry {
    /// The row of endpoint `E`.
    const fn of<E: Callable>() -> Self {
        Entry {
            name: E::NAME,
            method: E::METHOD,
            path: E::PATH_TEMPLATE,
            takes: E::TAKES,
            params: E::params,
            run: call::<E>,
        }
    }
}

/// Implements [`Callable`] for each endpoint with a `RawRequest` (each must also be listed in
/// [`ENDPOINTS`]).
///
/// One line per endpoint: `module: Type { field = "wireName", ... } body;`, where `module` is
/// the endpoint's module in `doku_partner::endpoints`, each `field = "wireName"` is a path or
/// query parameter of its `RawRequest` (the struct literal has no `..`, so a parameter added to
/// a spec and missing here does not compile; the unit test below checks the wire names and the
/// body against the specs), and a trailing `body` when the endpoint sends a JSON body.
macro_rules! callable {
    ($($module:ident: $endpoint:ident { $($field:ident = $wire:literal),* $(,)? } $($body:ident)?;)*) => {
        $(
            impl Callable for $endpoint {
                fn params() -> Vec<Param> {
                    #[allow(unused_variables)]
                    let probe = endpoints::$module::RawRequest::default();
                    vec![$(Param {
                        name: $wire,
                        field: stringify!($field),
                        place: Place::of::<$endpoint>($wire),
                        required: required(&probe.$field),
                    }),*]
                }

                fn request(inputs: Inputs<'_>) -> Result<Self::Request, RequestErrors> {
                    endpoints::$module::RawRequest {
                        $($field: Slot::fill(inputs.param($wire)),)*
                        $($body: inputs.body.as_deref().unwrap_or_default(),)?
                    }
                    .validate()
                }
            }
        )*
    };
}

callable! {
    check_requirements: CheckRequirements { business_type = "businessType", business_legal_entity = "businessLegalEntity", brand_business_line = "brandBusinessLine", business_contact_nationality = "businessContactNationality" };
    generate_token: GenerateToken {} body;
    create_business_lite: CreateBusinessLite {} body;
    business_registration: BusinessRegistration {} body;
    get_business_data: GetBusinessData { client_id = "client_id", business_type = "businessType", business_legal_entity = "businessLegalEntity", brand_business_line = "brandBusinessLine", business_contact_nationality = "businessContactNationality" };
}

/// Upload File: a multipart form, with no `RawRequest`. Its text fields are parameters; its
/// file is `--file PATH` or, instead, the `file_url` parameter.
impl Callable for UploadFile {
    const TAKES: Takes = Takes::Form(FormFile {
        field: "file",
        instead: "file_url",
        max_bytes: 15 * 1024 * 1024,
    });

    fn params() -> Vec<Param> {
        vec![
            Param::form("category", true),
            Param::form("code", false),
            Param::form("file_url", false),
        ]
    }

    /// The form is checked as it will be sent, against the schema `validate` checks (the
    /// category, the code a DOCUMENT needs, the file's type and size, ...), so every problem is
    /// listed at once, an unknown category (which the typed form cannot hold) included; then
    /// it is built from its typed parts.
    fn request(inputs: Inputs<'_>) -> Result<Self::Request, RequestErrors> {
        use upload_file::body::{Body, BodyFileOrFileUrl, SCHEMA};
        let category = inputs.param("category").unwrap_or_default();
        let code = inputs.param("code");
        let file_url = inputs.param("file_url");
        // A part left out is `null`, which the check reads as absent.
        let form = serde_json::json!({
            "category": category,
            "code": code,
            "file": inputs.file.as_ref(),
            "file_url": file_url,
        });
        doku_partner::support::__private::body::check(&SCHEMA, &form)?;
        let category = category
            .parse::<UploadCategory>()
            .map_err(|e| RequestErrors {
                violations: vec![e.into_violation("category")],
            })?;
        // The check found exactly one of the two.
        let file = match inputs.file {
            Some(file) => BodyFileOrFileUrl::File(file),
            None => BodyFileOrFileUrl::FileUrl(file_url.unwrap_or_default().to_owned()),
        };
        let body = Body::new(category, file);
        Ok(upload_file::Request::from(match code {
            // The schema check above refused a code that cannot be one the list lost.
            Some(code) => body.with_code(code.parse::<OrOther<DocumentCode>>().map_err(|e| {
                RequestErrors {
                    violations: vec![e.into_violation("code")],
                }
            })?),
            None => body,
        }))
    }
}

/// Every endpoint `call` reaches, in DOKU's onboarding order.
pub(super) const ENDPOINTS: &[Entry] = &[
    Entry::of::<CheckRequirements>(),
    Entry::of::<GenerateToken>(),
    Entry::of::<UploadFile>(),
    Entry::of::<CreateBusinessLite>(),
    Entry::of::<BusinessRegistration>(),
    Entry::of::<GetBusinessData>(),
];
