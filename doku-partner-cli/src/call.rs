//! `doku-partner call <endpoint>`: one call to any endpoint of the family from the shell, with
//! the library's own validation, signing, decoding and conformance check.
//!
//! Parameters (`--param NAME=VALUE`) and the body (`--body FILE`) go to the endpoint's
//! generated `RawRequest`, so every violation is reported at once, exactly as the library
//! reports it, before any network I/O. Upload File, a multipart form without a `RawRequest`,
//! takes its text fields as parameters and its file from `--file PATH`; its form is checked
//! against the same schema the same way. The typed reply is printed as pretty JSON on stdout;
//! Request-Id, status, attempts and every conformance finding on stderr.
//!
//! The per-endpoint glue is at the end of this file: the [`callable!`] table, one line per
//! endpoint with a `RawRequest`, naming its fields and their wire names; Upload File's
//! [`Callable`] written out below it; and [`ENDPOINTS`], the list `call` reaches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use doku_partner::endpoints::upload_file::{self, UploadCategory};
use doku_partner::endpoints::{
    self, BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken,
    GetBusinessData, UploadFile,
};
use doku_partner::runtime::client::ResponseSignatureCheck;
use doku_partner::runtime::clock::RequestId;
use doku_partner::runtime::mock::MockDoku;
use doku_partner::runtime::multipart::FilePart;
use doku_partner::runtime::{ApiRequest as _, ApiResponse, Endpoint, HttpMethod, RequestErrors};
use doku_partner::tokens::GenerateTokens;
use doku_partner::{Client, Credentials, Environment, Error, Reply, SecretKey};

use crate::input::{BODY_LIMIT, InputError, describe_limit, input_error, is_stdin, read_input};
use crate::output::{errln, outln, stdout_failed};
use crate::sign::{SECRET_KEY_ENV, trim_in_place};

/// The environment variable that holds the Client-Id.
pub const CLIENT_ID_ENV: &str = "DOKU_CLIENT_ID";

/// Exit status of a call that failed after validation: HTTP error, transport, decoding,
/// signature, or a reply that could not be written.
const EXIT_FAILED: u8 = 1;

/// Exit status of a usage or request validation error (nothing was sent).
const EXIT_USAGE: u8 = 2;

/// The Client-Id `--mock` registers with its stand-in (the secret is fresh on every run).
const MOCK_CLIENT_ID: &str = "BRN-0001-0000000000001";

/// Shown after `call --help`.
const CALL_AFTER_HELP: &str = "\
Endpoints are named as their specs (`doku-partner call --list`): check_requirements,
generate_token, upload_file, create_business_lite, business_registration, get_business_data;
the kebab-case spellings (get-business-data) work too.

Parameters: `--param NAME=VALUE` for each path and query parameter and each text field of a
form, NAME being the wire name of the spec (businessType, client_id, category). A body:
`--body FILE` (`-` for standard input, at most 8 MiB), the JSON text to send. upload_file sends
a multipart form instead: its file from `--file PATH` (.jpg, .jpeg, .png or .pdf, at most
15 MiB; never more is read) or, instead, `--param file_url=URL`, exactly one of the two. Every
value and every rule is checked before anything is sent, with every violation listed.

Credentials come from the environment only: DOKU_CLIENT_ID and DOKU_SECRET_KEY (never from an
argument, which `ps` and shell history would show; the key is never printed). With --mock no
credentials are needed (those two variables are ignored): the call goes to the library's local
DOKU stand-in, started in-process on 127.0.0.1 with a Client-Id and secret of its own, which
checks the headers, the signature and the body as DOKU does and answers the spec's sample
response. An endpoint that needs a bearer token (upload_file) gets one from generate_token
first, with the same credentials (with --mock, from the stand-in, which checks it); the token
is never printed.

Output: the typed reply as pretty JSON on stdout (lossless: fields the spec does not know are
kept); on stderr the request line, the Request-Id, status, attempts, response signature, and each
conformance finding (a value breaking its documented format) on its own `finding:` line.

Exit status: 0 success; 1 the call failed (HTTP error, transport, decoding, response signature;
the error and, when there is one, the raw body are printed) or its reply could not be written;
2 usage error, missing credentials or an invalid request (nothing was sent). A closed standard
output (`| head -0`) is not an error: the status is the call's.

Examples:
  doku-partner call --mock get_business_data --param client_id=BRN-0104-1678960841263 \\
      --param businessType=PERSONAL --param businessLegalEntity=PERSEORANGAN \\
      --param brandBusinessLine=RETAIL --param businessContactNationality=ID
  doku-partner call --mock upload_file -p category=DOCUMENT -p code=KTP --file ktp.png
  export DOKU_CLIENT_ID=BRN-... DOKU_SECRET_KEY=SK-...
  doku-partner call generate_token --body token.json        # DOKU's sandbox";

/// Arguments of `call`.
#[derive(Debug, clap::Args)]
#[command(after_help = CALL_AFTER_HELP)]
pub struct CallArgs {
    /// The endpoint, by its spec name (get_business_data or get-business-data); see --list.
    #[arg(value_name = "ENDPOINT", required_unless_present = "list")]
    endpoint: Option<String>,
    /// List the endpoints with their method, path, parameters and body.
    #[arg(long, exclusive = true)]
    list: bool,
    /// A path or query parameter, by its wire name in the spec (repeatable).
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The JSON body, read from FILE (`-` for standard input; at most 8 MiB).
    #[arg(long, value_name = "FILE")]
    body: Option<PathBuf>,
    /// The file a form uploads (upload_file; at most the endpoint's limit is read), instead of
    /// a `file_url` parameter.
    #[arg(long, value_name = "PATH")]
    file: Option<PathBuf>,
    /// DOKU's environment: each endpoint's sandbox or production host from its spec.
    #[arg(long, value_enum, default_value_t = Env::Sandbox, conflicts_with_all = ["base_url", "mock"])]
    env: Env,
    /// Any base URL instead (a proxy, DOKU's newer https://api-sandbox.doku.com).
    #[arg(long, value_name = "URL", conflicts_with = "mock")]
    base_url: Option<String>,
    /// Call the library's local DOKU stand-in instead of DOKU (no credentials needed).
    #[arg(long)]
    mock: bool,
}

/// `--env`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Env {
    /// DOKU's sandbox (`https://api-uat.doku.com`).
    Sandbox,
    /// DOKU's production.
    Production,
}

/// Runs `call`. Exit status: see [`CALL_AFTER_HELP`].
pub fn run(args: CallArgs) -> ExitCode {
    if args.list {
        return list();
    }
    let name = args.endpoint.as_deref().unwrap_or_default();
    let Some(entry) = find(name) else {
        errln!(
            "error: unknown endpoint `{name}`; the endpoints are: {}",
            ENDPOINTS
                .iter()
                .map(|e| e.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        errln!("(`doku-partner call --list` shows their methods, paths and parameters)");
        return ExitCode::from(EXIT_USAGE);
    };
    let params = (entry.params)();
    let values = match check_usage(entry, &params, &args) {
        Ok(values) => values,
        Err(problems) => {
            for problem in &problems {
                errln!("error: {problem}");
            }
            errln!("{}", usage(entry, &params));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let inputs = match read_inputs(entry, &args, values) {
        Ok(inputs) => inputs,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    (entry.run)(inputs, &args)
}

/// The inputs of a call whose usage is right: the parameter values, and the body or the file
/// read (each with its cap).
fn read_inputs<'a>(
    entry: &Entry,
    args: &CallArgs,
    params: BTreeMap<&'static str, &'a str>,
) -> Result<Inputs<'a>, InputError> {
    let body = args.body.as_deref().map(read_body).transpose()?;
    let file = match (entry.takes, &args.file) {
        (Takes::Form(form), Some(path)) => Some(read_file(path, form.max_bytes)?),
        _ => None,
    };
    Ok(Inputs { params, body, file })
}

/// Looks an endpoint up by its spec name, or that name in kebab case.
fn find(name: &str) -> Option<&'static Entry> {
    let name = name.replace('-', "_");
    ENDPOINTS.iter().find(|e| e.name == name)
}

/// `call --list`: one endpoint per line, with what it takes.
fn list() -> ExitCode {
    let width = ENDPOINTS.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for entry in ENDPOINTS {
        let params = (entry.params)();
        let mut takes: Vec<String> = params.iter().map(Param::describe).collect();
        match entry.takes {
            Takes::Nothing => {}
            Takes::Json => takes.push("--body FILE (JSON)".to_owned()),
            Takes::Form(form) => takes.push(form.describe()),
        }
        text.push_str(&format!(
            "{:width$}  {:4}  {}\n{:width$}  takes: {}\n",
            entry.name,
            entry.method.as_str(),
            entry.path,
            "",
            if takes.is_empty() {
                "nothing".to_owned()
            } else {
                takes.join(", ")
            },
        ));
    }
    match crate::output::write_stdout(&text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", stdout_failed(&e));
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// Every usage problem at once (malformed, repeated, unknown or missing parameters, a body
/// where there is none or none where one is needed), or the parameter values by wire name.
fn check_usage<'a>(
    entry: &Entry,
    params: &[Param],
    args: &'a CallArgs,
) -> Result<BTreeMap<&'static str, &'a str>, Vec<String>> {
    let mut problems = Vec::new();
    let mut values = BTreeMap::new();
    for raw in &args.params {
        let Some((name, value)) = raw.split_once('=') else {
            problems.push(format!(
                "--param {raw:?} is not NAME=VALUE (e.g. --param businessType=PERSONAL)"
            ));
            continue;
        };
        let Some(param) = params.iter().find(|p| p.name == name) else {
            let hint = params
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(name) || p.field == name)
                .map(|p| format!(" (did you mean `{}`?)", p.name))
                .unwrap_or_default();
            problems.push(format!("`{}` has no parameter `{name}`{hint}", entry.name));
            continue;
        };
        if values.insert(param.name, value).is_some() {
            problems.push(format!("--param {name} is given more than once"));
        }
    }
    for param in params {
        if param.required && !values.contains_key(param.name) {
            problems.push(format!(
                "`{}` needs --param {}=VALUE",
                entry.name, param.name
            ));
        }
    }
    match (entry.takes, &args.body) {
        (Takes::Nothing, Some(_)) => problems.push(format!(
            "`{}` ({}) takes no body; leave out --body",
            entry.name,
            entry.method.as_str()
        )),
        (Takes::Form(form), Some(_)) => problems.push(format!(
            "`{}` sends a multipart form, not a JSON body; leave out --body and give the \
             form's fields with --param and its file with {}",
            entry.name,
            form.alternatives()
        )),
        (Takes::Json, None) => problems.push(format!(
            "`{}` needs a JSON body: --body FILE (`-` for standard input)",
            entry.name
        )),
        _ => {}
    }
    match (entry.takes, &args.file) {
        (Takes::Form(form), file) => match (file, values.contains_key(form.instead)) {
            (Some(_), true) => problems.push(format!(
                "`{}` takes {}, not both",
                entry.name,
                form.alternatives()
            )),
            (None, false) => {
                problems.push(format!("`{}` needs {}", entry.name, form.alternatives()))
            }
            _ => {}
        },
        (_, Some(_)) => problems.push(format!(
            "`{}` uploads no file; leave out --file",
            entry.name
        )),
        (_, None) => {}
    }
    if problems.is_empty() {
        Ok(values)
    } else {
        Err(problems)
    }
}

/// What an endpoint takes, for usage errors.
fn usage(entry: &Entry, params: &[Param]) -> String {
    let mut text = format!(
        "usage: doku-partner call {} ({} {}) takes:",
        entry.name,
        entry.method.as_str(),
        entry.path
    );
    for param in params {
        text.push_str(&format!("\n  {}", param.describe()));
    }
    if params.is_empty() {
        text.push_str("\n  no parameters");
    }
    match entry.takes {
        Takes::Nothing => text.push_str("\n  no body"),
        Takes::Json => text.push_str("\n  --body FILE (the JSON body; `-` for standard input)"),
        Takes::Form(form) => text.push_str(&format!("\n  {}", form.describe())),
    }
    text
}

/// The body file as text: at most [`BODY_LIMIT`], not empty, UTF-8.
fn read_body(path: &Path) -> Result<String, InputError> {
    let bytes = read_input(path, "--body", BODY_LIMIT, "")?;
    let name = if is_stdin(path) {
        "--body - (standard input)".to_owned()
    } else {
        format!("--body {}", path.display())
    };
    if bytes.is_empty() {
        return Err(input_error(format!(
            "{name} is empty; the body must be the JSON object to send"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        input_error(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// The file of `--file`: its name and media type from the path, at most `max_bytes` read.
fn read_file(path: &Path, max_bytes: u64) -> Result<FilePart, InputError> {
    FilePart::from_path(path, max_bytes).map_err(|e| {
        let name = format!("--file {}", path.display());
        // `from_path` stops reading one byte past the limit and says so with `InvalidData`.
        if e.kind() == std::io::ErrorKind::InvalidData {
            input_error(format!(
                "{name}: larger than the {} limit ({max_bytes} bytes)",
                describe_limit(usize::try_from(max_bytes).unwrap_or(usize::MAX))
            ))
        } else {
            input_error(format!("{name}: cannot read: {e}"))
        }
    })
}

/// Where the call goes, and as whom.
enum Target {
    /// The library's stand-in, started for this call with this secret.
    Mock {
        /// The stand-in's secret for [`MOCK_CLIENT_ID`].
        secret: String,
    },
    /// DOKU (or `--base-url`), with the credentials from the environment.
    Doku {
        /// DOKU_CLIENT_ID and DOKU_SECRET_KEY.
        credentials: Credentials,
        /// `--env` or `--base-url`.
        environment: Environment,
    },
}

impl Target {
    /// The target the arguments ask for; an error (exit 2) when credentials are missing.
    fn from_args(args: &CallArgs) -> Result<Self, String> {
        if args.mock {
            return Ok(Target::Mock {
                secret: format!("SK-mock-{}", RequestId::new_v4()),
            });
        }
        let environment = match (&args.base_url, args.env) {
            (Some(url), _) => Environment::base_url(url.clone()),
            (None, Env::Sandbox) => Environment::Sandbox,
            (None, Env::Production) => Environment::Production,
        };
        Ok(Target::Doku {
            credentials: credentials_from_env()?,
            environment,
        })
    }
}

/// DOKU_CLIENT_ID and DOKU_SECRET_KEY (surrounding whitespace ignored). Messages name the
/// variables, never the key.
fn credentials_from_env() -> Result<Credentials, String> {
    let read = |name: &str| match std::env::var(name) {
        Ok(value) => Ok(value),
        Err(std::env::VarError::NotPresent) => Ok(String::new()),
        Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
    };
    let mut client_id = read(CLIENT_ID_ENV)?;
    trim_in_place(&mut client_id);
    let mut key = read(SECRET_KEY_ENV)?;
    trim_in_place(&mut key);
    let multi_line = key.contains('\n');
    // `SecretKey::new` zeroes the string it is given once copied.
    let key = SecretKey::new(key);
    let missing: Vec<&str> = [
        (CLIENT_ID_ENV, client_id.is_empty()),
        (SECRET_KEY_ENV, key.is_empty()),
    ]
    .into_iter()
    .filter_map(|(name, missing)| missing.then_some(name))
    .collect();
    if !missing.is_empty() {
        return Err(format!(
            "no credentials: set {CLIENT_ID_ENV} and {SECRET_KEY_ENV} ({} {} not set), or \
             pass --mock to call a local DOKU stand-in instead (credentials are never taken \
             from arguments: those show in `ps` and shell history)",
            missing.join(" and "),
            if missing.len() == 1 { "is" } else { "are" }
        ));
    }
    if multi_line {
        return Err(format!(
            "{SECRET_KEY_ENV} holds more than one line; it must contain the secret key only"
        ));
    }
    Ok(Credentials::new(client_id, key))
}

/// Validates, sends and reports one call to `E`. An endpoint that needs a bearer token gets
/// one from Generate Token (on the stand-in too), with the same credentials.
fn call<E: Callable>(inputs: Inputs<'_>, args: &CallArgs) -> ExitCode {
    let request = match E::request(inputs) {
        Ok(request) => request,
        Err(errors) => {
            errln!("error: {errors}");
            errln!("(nothing was sent)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let target = match Target::from_args(args) {
        Ok(target) => target,
        Err(message) => {
            errln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            errln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let outcome = runtime.block_on(async {
        // Kept alive until the call is over; dropping it stops the server.
        let mut mock = None;
        let (credentials, environment) = match target {
            Target::Mock { secret } => {
                let mut builder = MockDoku::builder()
                    .client(MOCK_CLIENT_ID, secret.clone())
                    .endpoint::<E>();
                if E::AUTH.bearer_token {
                    // The stand-in issues the token and checks it on the call.
                    builder = builder.endpoint::<GenerateToken>();
                }
                let started = builder.start().await;
                let server = match started {
                    Ok(server) => server,
                    Err(e) => {
                        return Outcome::Failed(format!(
                            "cannot start the local DOKU stand-in: {e}"
                        ));
                    }
                };
                let environment = Environment::base_url(server.base_url());
                mock = Some(server);
                (Credentials::new(MOCK_CLIENT_ID, secret), environment)
            }
            Target::Doku {
                credentials,
                environment,
            } => (credentials, environment),
        };
        let mut builder = Client::builder(credentials, environment.clone());
        if E::AUTH.bearer_token {
            builder = builder.token_source(GenerateTokens::new());
        }
        let client = match builder.build() {
            Ok(client) => client,
            Err(e) => return Outcome::Error(e),
        };
        let query = request
            .query_string()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        errln!(
            "{} {}{}{query}{}",
            E::METHOD.as_str(),
            environment.url_for::<E>(),
            request.path(),
            if mock.is_some() {
                " (local DOKU stand-in)"
            } else {
                ""
            }
        );
        match client.send(&request).await {
            Ok(reply) => Outcome::Reply(Box::new(reply)),
            Err(e) => Outcome::Error(e),
        }
    });
    match outcome {
        Outcome::Reply(reply) => print_reply(&reply),
        Outcome::Error(e) => report_error(&e),
        Outcome::Failed(message) => {
            errln!("error: {message}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// How one call ended.
enum Outcome<T> {
    /// The typed reply.
    Reply(Box<Reply<T>>),
    /// The library's error.
    Error(Error),
    /// Something around the call failed (the stand-in did not start).
    Failed(String),
}

/// The reply's metadata and findings on stderr, its data as pretty JSON on stdout.
fn print_reply<T: ApiResponse>(reply: &Reply<T>) -> ExitCode {
    let json = match serde_json::to_string_pretty(&reply.data) {
        Ok(json) => json,
        Err(e) => {
            errln!("error: cannot encode the reply as JSON: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    errln!("Request-Id: {}", reply.request_id);
    errln!("status: {}", reply.status);
    errln!("attempts: {}", reply.attempts);
    errln!(
        "response signature: {}",
        match reply.response_signature {
            ResponseSignatureCheck::Verified => "verified",
            ResponseSignatureCheck::Absent => "absent (the response carried none)",
            ResponseSignatureCheck::Skipped => "not checked",
        }
    );
    if reply.conformance.is_clean() {
        errln!("conformance: all values keep to their documented formats");
    } else {
        errln!(
            "conformance: {} value(s) break their documented format",
            reply.conformance.len()
        );
        for finding in &reply.conformance.findings {
            errln!("finding: {finding}");
        }
    }
    match outln!("{json}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", stdout_failed(&e));
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// The error's message and, when a response arrived, its raw body; exit 2 for what was
/// refused before sending, 1 for everything else.
fn report_error(error: &Error) -> ExitCode {
    errln!("error: {error}");
    if let Some(body) = error.body() {
        if body.is_empty() {
            errln!("response body: (empty)");
        } else {
            errln!("response body ({} bytes):", body.len());
            let text = body.text();
            errln!("{}", text.trim_end());
        }
    }
    match error {
        Error::InvalidRequest(_) | Error::InvalidRequestId(_) | Error::Config { .. } => {
            errln!("(nothing was sent)");
            ExitCode::from(EXIT_USAGE)
        }
        _ => ExitCode::from(EXIT_FAILED),
    }
}

/// One path or query parameter, or text field of a form, of an endpoint, as `call` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Param {
    /// Wire name (`businessType`): the NAME of `--param NAME=VALUE`.
    name: &'static str,
    /// The `RawRequest` field (`business_type`); for a form field, the body field (`code`).
    field: &'static str,
    /// Where it is sent.
    place: Place,
    /// Whether the endpoint needs it (a `&str` field; an optional one is `Option<&str>`).
    required: bool,
}

/// Where a [`Param`] is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// In the path (`{client_id}`).
    Path,
    /// In the query string.
    Query,
    /// A text part of a multipart form.
    Form,
}

impl Place {
    /// A path parameter when `E`'s path template names it, else a query parameter.
    fn of<E: Endpoint>(wire: &str) -> Self {
        if E::PATH_TEMPLATE.contains(&format!("{{{wire}}}")) {
            Place::Path
        } else {
            Place::Query
        }
    }

    /// `path`, `query`, `form`.
    fn as_str(self) -> &'static str {
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
    fn describe(&self) -> String {
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
struct Inputs<'a> {
    /// Parameter values by wire name.
    params: BTreeMap<&'static str, &'a str>,
    /// The body text, when the endpoint takes one.
    body: Option<String>,
    /// The file of `--file`, read, when the endpoint's form takes one.
    file: Option<FilePart>,
}

impl<'a> Inputs<'a> {
    /// The value of the parameter with this wire name, if given.
    fn param(&self, name: &str) -> Option<&'a str> {
        self.params.get(name).copied()
    }
}

/// A `RawRequest` field: `&str` (required) or `Option<&str>` (optional).
trait Slot<'a> {
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
fn required<'a, T: Slot<'a>>(_field: &T) -> bool {
    T::REQUIRED
}

/// What an endpoint sends besides its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Takes {
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
struct FormFile {
    /// The form's file part (`file`), read from `--file PATH`.
    field: &'static str,
    /// The parameter naming the file by URL instead (`file_url`): exactly one of the two.
    instead: &'static str,
    /// The spec's largest file, in bytes: no more is read.
    max_bytes: u64,
}

impl FormFile {
    /// `--file PATH or --param file_url=VALUE`.
    fn alternatives(&self) -> String {
        format!("--file PATH or --param {}=VALUE", self.instead)
    }

    /// For `--list` and usage errors.
    fn describe(&self) -> String {
        format!(
            "{} (exactly one; a file of at most {})",
            self.alternatives(),
            describe_limit(usize::try_from(self.max_bytes).unwrap_or(usize::MAX))
        )
    }
}

/// An endpoint `call` can reach: its parameters, and its request from the inputs.
trait Callable: Endpoint {
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
struct Entry {
    /// The spec name (`get_business_data`).
    name: &'static str,
    /// The HTTP method.
    method: HttpMethod,
    /// The path template.
    path: &'static str,
    /// [`Callable::TAKES`].
    takes: Takes,
    /// [`Callable::params`].
    params: fn() -> Vec<Param>,
    /// [`call`] for this endpoint.
    run: fn(Inputs<'_>, &CallArgs) -> ExitCode,
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
        doku_partner::runtime::__private::body::check(&SCHEMA, &form)?;
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
            Some(code) => body.with_code(code),
            None => body,
        }))
    }
}

/// Every endpoint `call` reaches, in DOKU's onboarding order.
const ENDPOINTS: &[Entry] = &[
    Entry::of::<CheckRequirements>(),
    Entry::of::<GenerateToken>(),
    Entry::of::<UploadFile>(),
    Entry::of::<CreateBusinessLite>(),
    Entry::of::<BusinessRegistration>(),
    Entry::of::<GetBusinessData>(),
];

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The table above against the specs themselves: one entry per spec in `spec/`; names, wire
    /// names, fields, requiredness, places, body or form (its file part, the parameter that
    /// stands in for it, the size limit), method and path.
    #[test]
    fn the_table_matches_the_specs() {
        use doku_partner_codegen::model::BodyRuleKind;

        let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        assert_eq!(ENDPOINTS.len(), 6);
        let mut specs: Vec<String> = std::fs::read_dir(&spec_dir)
            .expect("spec/")
            .filter_map(|e| {
                let name = e.expect("spec/ entry").file_name().into_string().ok()?;
                name.strip_suffix(".yaml").map(str::to_owned)
            })
            .collect();
        specs.sort();
        let mut names: Vec<&str> = ENDPOINTS.iter().map(|e| e.name).collect();
        names.sort_unstable();
        assert_eq!(names, specs);
        for entry in ENDPOINTS {
            let path = spec_dir.join(format!("{}.yaml", entry.name));
            let spec = doku_partner_codegen::load_spec_file(&path, &path.display().to_string())
                .unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(spec.name, entry.name);
            assert_eq!(
                spec.method.as_str(),
                entry.method.as_str(),
                "{}",
                entry.name
            );
            assert_eq!(spec.path.raw, entry.path, "{}", entry.name);
            let mut expected: Vec<(String, String, bool, Place)> = spec
                .path_params
                .iter()
                .map(|p| (p, Place::Path))
                .chain(spec.query.iter().map(|p| (p, Place::Query)))
                .map(|(p, place)| (p.name.clone(), p.rust_name.clone(), p.required, place))
                .collect();
            let body = spec.body.as_ref();
            match entry.takes {
                Takes::Nothing => assert!(body.is_none(), "{}", entry.name),
                Takes::Json => assert!(body.is_some_and(|b| !b.multipart), "{}", entry.name),
                Takes::Form(form) => {
                    let body = body.filter(|b| b.multipart).expect("a multipart body");
                    let (files, texts): (Vec<_>, Vec<_>) =
                        body.root.fields.iter().partition(|f| f.file.is_some());
                    // The text fields are parameters; the one file part is --file.
                    expected.extend(texts.iter().map(|f| {
                        (
                            f.wire_name.clone(),
                            f.rust_name.clone(),
                            !f.optional,
                            Place::Form,
                        )
                    }));
                    let [file] = files.as_slice() else {
                        panic!("{}: {} file parts", entry.name, files.len())
                    };
                    assert_eq!(file.wire_name, form.field, "{}", entry.name);
                    assert_eq!(
                        file.file.as_ref().and_then(|f| f.max_bytes),
                        Some(form.max_bytes),
                        "{}",
                        entry.name
                    );
                    let mut pair = vec![form.field.to_owned(), form.instead.to_owned()];
                    pair.sort();
                    assert!(
                        body.rules.iter().any(|r| match &r.kind {
                            BodyRuleKind::ExactlyOne { fields } => {
                                let mut fields = fields.clone();
                                fields.sort();
                                fields == pair
                            }
                            _ => false,
                        }),
                        "{}: no one_of [{}, {}]",
                        entry.name,
                        form.field,
                        form.instead
                    );
                }
            }
            let actual: Vec<(String, String, bool, Place)> = (entry.params)()
                .iter()
                .map(|p| (p.name.to_owned(), p.field.to_owned(), p.required, p.place))
                .collect();
            assert_eq!(actual, expected, "{}", entry.name);
        }
    }

    #[test]
    fn kebab_case_names_are_aliases() {
        assert_eq!(
            find("get-business-data").map(|e| e.name),
            Some("get_business_data")
        );
        assert_eq!(
            find("business_registration").map(|e| e.name),
            Some("business_registration")
        );
        assert_eq!(find("upload-file").map(|e| e.name), Some("upload_file"));
        assert!(find("get business data").is_none());
    }

    #[test]
    fn slots_know_whether_they_are_required() {
        assert!(required(&""));
        assert!(!required(&None::<&str>));
        assert_eq!(<Option<&str> as Slot<'_>>::fill(None), None);
    }
}
