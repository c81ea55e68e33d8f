//! `doku-partner call <endpoint>`: one call to any endpoint of the family from the shell, with
//! the library's own validation, signing, decoding and conformance check.
//!
//! Parameters (`--param NAME=VALUE`) and the body (`--body FILE`) go to the endpoint's
//! generated `RawRequest`, so every violation is reported at once, exactly as the library
//! reports it, before any network I/O. The typed reply is printed as pretty JSON on stdout;
//! Request-Id, status, attempts and every conformance finding on stderr.
//!
//! The per-endpoint glue is the [`callable!`] table at the end of this file: one line per
//! endpoint, naming its `RawRequest` fields and their wire names.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use doku_partner::endpoints::{
    self, BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken,
    GetBusinessData,
};
use doku_partner::runtime::client::ResponseSignatureCheck;
use doku_partner::runtime::clock::RequestId;
use doku_partner::runtime::mock::MockDoku;
use doku_partner::runtime::{ApiRequest as _, ApiResponse, Endpoint, HttpMethod, RequestErrors};
use doku_partner::{Client, Credentials, Environment, Error, Reply, SecretKey};

use crate::input::{BODY_LIMIT, input_error, is_stdin, read_input};
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
generate_token, create_business_lite, business_registration, get_business_data; the kebab-case
spellings (get-business-data) work too.

Parameters: `--param NAME=VALUE` for each path and query parameter, NAME being the wire name of
the spec (businessType, client_id). A body: `--body FILE` (`-` for standard input, at most
8 MiB), the JSON text to send. Every value and every rule is checked before anything is sent,
with every violation listed.

Credentials come from the environment only: DOKU_CLIENT_ID and DOKU_SECRET_KEY (never from an
argument, which `ps` and shell history would show; the key is never printed). With --mock no
credentials are needed (those two variables are ignored): the call goes to the library's local
DOKU stand-in, started in-process on 127.0.0.1 with a Client-Id and secret of its own, which
checks the headers, the signature and the body as DOKU does and answers the spec's sample
response.

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
    let body = match &args.body {
        Some(path) => match read_body(path) {
            Ok(text) => Some(text),
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        },
        None => None,
    };
    let inputs = Inputs {
        params: values,
        body: body.as_deref(),
    };
    (entry.run)(&inputs, &args)
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
        let mut takes: Vec<String> = params.iter().map(|p| p.describe(entry)).collect();
        if entry.has_body {
            takes.push("--body FILE (JSON)".to_owned());
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
    match (entry.has_body, &args.body) {
        (false, Some(_)) => problems.push(format!(
            "`{}` ({}) takes no body; leave out --body",
            entry.name,
            entry.method.as_str()
        )),
        (true, None) => problems.push(format!(
            "`{}` needs a JSON body: --body FILE (`-` for standard input)",
            entry.name
        )),
        _ => {}
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
        text.push_str(&format!("\n  {}", param.describe(entry)));
    }
    if params.is_empty() {
        text.push_str("\n  no parameters");
    }
    text.push_str(if entry.has_body {
        "\n  --body FILE (the JSON body; `-` for standard input)"
    } else {
        "\n  no body"
    });
    text
}

/// The body file as text: at most [`BODY_LIMIT`], not empty, UTF-8.
fn read_body(path: &std::path::Path) -> Result<String, crate::input::InputError> {
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

/// Validates, sends and reports one call to `E`.
fn call<E: Callable>(inputs: &Inputs<'_>, args: &CallArgs) -> ExitCode {
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
                let started = MockDoku::builder()
                    .client(MOCK_CLIENT_ID, secret.clone())
                    .endpoint::<E>()
                    .start()
                    .await;
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
        let client = match Client::builder(credentials, environment.clone()).build() {
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

/// One path or query parameter of an endpoint, as `call` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Param {
    /// Wire name (`businessType`): the NAME of `--param NAME=VALUE`.
    name: &'static str,
    /// The `RawRequest` field (`business_type`).
    field: &'static str,
    /// Whether the endpoint needs it (a `&str` field; an optional one is `Option<&str>`).
    required: bool,
}

impl Param {
    /// `--param businessType=VALUE (query, required)`.
    fn describe(&self, entry: &Entry) -> String {
        let place = if entry.path.contains(&format!("{{{}}}", self.name)) {
            "path"
        } else {
            "query"
        };
        let need = if self.required {
            "required"
        } else {
            "optional"
        };
        format!("--param {}=VALUE ({place}, {need})", self.name)
    }
}

/// The checked command-line inputs of one call.
struct Inputs<'a> {
    /// Parameter values by wire name.
    params: BTreeMap<&'static str, &'a str>,
    /// The body text, when the endpoint takes one.
    body: Option<&'a str>,
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

/// An endpoint `call` can reach: its parameters, and its `RawRequest` from the inputs.
trait Callable: Endpoint {
    /// The path and query parameters, in `RawRequest` order.
    fn params() -> Vec<Param>;
    /// The endpoint's `RawRequest` from the inputs, validated: the typed request, or every
    /// violation.
    fn request(inputs: &Inputs<'_>) -> Result<Self::Request, RequestErrors>;
}

/// One row of [`ENDPOINTS`].
struct Entry {
    /// The spec name (`get_business_data`).
    name: &'static str,
    /// The HTTP method.
    method: HttpMethod,
    /// The path template.
    path: &'static str,
    /// Whether the endpoint sends a JSON body.
    has_body: bool,
    /// [`Callable::params`].
    params: fn() -> Vec<Param>,
    /// [`call`] for this endpoint.
    run: fn(&Inputs<'_>, &CallArgs) -> ExitCode,
}

impl Entry {
    /// The row of endpoint `E`.
    const fn of<E: Callable>() -> Self {
        Entry {
            name: E::NAME,
            method: E::METHOD,
            path: E::PATH_TEMPLATE,
            has_body: E::BODY.is_some(),
            params: E::params,
            run: call::<E>,
        }
    }
}

/// Implements [`Callable`] for each endpoint and lists them all in [`ENDPOINTS`].
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
                        required: required(&probe.$field),
                    }),*]
                }

                fn request(inputs: &Inputs<'_>) -> Result<Self::Request, RequestErrors> {
                    endpoints::$module::RawRequest {
                        $($field: Slot::fill(inputs.param($wire)),)*
                        $($body: inputs.body.unwrap_or_default(),)?
                    }
                    .validate()
                }
            }
        )*

        /// Every endpoint `call` reaches.
        const ENDPOINTS: &[Entry] = &[$(Entry::of::<$endpoint>()),*];
    };
}

callable! {
    check_requirements: CheckRequirements { business_type = "businessType", business_legal_entity = "businessLegalEntity", brand_business_line = "brandBusinessLine", business_contact_nationality = "businessContactNationality" };
    generate_token: GenerateToken {} body;
    create_business_lite: CreateBusinessLite {} body;
    business_registration: BusinessRegistration {} body;
    get_business_data: GetBusinessData { client_id = "client_id", business_type = "businessType", business_legal_entity = "businessLegalEntity", brand_business_line = "brandBusinessLine", business_contact_nationality = "businessContactNationality" };
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The table above against the specs themselves: names, wire names, fields, requiredness,
    /// body, method and path.
    #[test]
    fn the_table_matches_the_specs() {
        let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
        assert_eq!(ENDPOINTS.len(), 5);
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
            assert_eq!(spec.body.is_some(), entry.has_body, "{}", entry.name);
            let expected: Vec<(String, String, bool)> = spec
                .path_params
                .iter()
                .chain(&spec.query)
                .map(|p| (p.name.clone(), p.rust_name.clone(), p.required))
                .collect();
            let actual: Vec<(String, String, bool)> = (entry.params)()
                .iter()
                .map(|p| (p.name.to_owned(), p.field.to_owned(), p.required))
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
        assert!(find("get business data").is_none());
    }

    #[test]
    fn slots_know_whether_they_are_required() {
        assert!(required(&""));
        assert!(!required(&None::<&str>));
        assert_eq!(<Option<&str> as Slot<'_>>::fill(None), None);
    }
}
