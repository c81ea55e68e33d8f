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
//! The per-endpoint glue is in `glue` (one line per endpoint with a `RawRequest`, and
//! Upload File's form); reading the inputs is in `args`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use doku_partner::endpoints::upload_file::{self, DocumentCode, UploadCategory};
use doku_partner::endpoints::{
    self, BusinessRegistration, CheckRequirements, CreateBusinessLite, GenerateToken,
    GetBusinessData, UploadFile,
};
use doku_partner::support::OrOther;
use doku_partner::support::client::ResponseSignatureCheck;
use doku_partner::support::clock::RequestId;
use doku_partner::support::multipart::FilePart;
use doku_partner::support::redact::{Sensitive, Sensitivity, redact_json, redact_value};
use doku_partner::support::stand_in::StandIn;
use doku_partner::support::{ApiRequest as _, ApiResponse, Endpoint, HttpMethod, RequestErrors};
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error, Reply, SecretKey};

use crate::input::{BODY_LIMIT, InputError, describe_limit, input_error, is_stdin, read_input};
use crate::output::{errln, outln, stdout_failed};
use crate::sign::{SECRET_KEY_ENV, trim_in_place};

mod args;
mod glue;
mod spec;

use args::*;
use glue::*;

/// The environment variable that holds the Client-Id.
pub const CLIENT_ID_ENV: &str = "DOKU_CLIENT_ID";

/// Exit status of a call that failed after validation: HTTP error, transport, decoding,
/// signature, or a reply that could not be written.
const EXIT_FAILED: u8 = 1;

/// Exit status of a usage or request validation error (nothing was sent).
const EXIT_USAGE: u8 = 2;

/// The Client-Id `--stand-in` registers with its stand-in (the secret is fresh on every run).
const MOCK_CLIENT_ID: &str = "BRN-0001-0000000000001";

/// Shown after `call --help`.
const CALL_AFTER_HELP: &str = "\
Endpoints are named as their specs (`doku-partner call --list`): check_requirements,
generate_token, upload_file, create_business_lite, business_registration, get_business_data;
the kebab-case spellings (get-business-data) work too.

Any other spec, yours included: `--spec FILE` (no ENDPOINT), or `--spec-dir DIR ENDPOINT` (by
the spec's `name`). It is loaded and checked at run time, and the request is checked as the
derive's generated code checks it (parameters, the caller's headers with `--header NAME=VALUE`,
the JSON body against the spec's schema, or a multipart form's text fields from `--param` and
its file from `--file`), signed and sent the same way; the reply is printed as
JSON, with the values the spec marks secret or personal hidden, and each difference from its
field table on a `finding:` line. A spec that needs a bearer token gets one from the spec in the
same folder that issues tokens (`auth.issues_token`), sent with that spec's own request sample.
With --stand-in both are served by the stand-in, with the same checks as the family's.

Parameters: `--param NAME=VALUE` for each path and query parameter and each text field of a
form, NAME being the wire name of the spec (businessType, client_id, category). A body:
`--body FILE` (`-` for standard input, at most 8 MiB), the JSON text to send. upload_file sends
a multipart form instead: its file from `--file PATH` (.jpg, .jpeg, .png or .pdf, at most
15 MiB; never more is read) or, instead, `--param file_url=URL`, exactly one of the two. Every
value and every rule is checked before anything is sent, with every violation listed.

Credentials come from the environment only: DOKU_CLIENT_ID and DOKU_SECRET_KEY (never from an
argument, which `ps` and shell history would show; the key is never printed). With --stand-in no
credentials are needed (those two variables are ignored): the call goes to the library's local
DOKU stand-in, started in-process on 127.0.0.1 with a Client-Id and secret of its own, which
checks the headers, the signature and the body as DOKU does and answers the spec's sample
response. An endpoint that needs a bearer token (upload_file) gets one from generate_token
first, with the same credentials (with --stand-in, from the stand-in, which checks it); the token
is never printed.

Output: the typed reply as pretty JSON on stdout (lossless: fields the spec does not know are
kept), with the values the spec marks secret printed as [redacted] and those it marks personal
masked (all but their last characters), here and in error bodies, unless --reveal-secrets or
--reveal-personal-data asks for them in clear; on stderr the request line, the Request-Id, status, attempts, response signature, and each
conformance finding (a value breaking its documented format) on its own `finding:` line.

Exit status: 0 success; 1 the call failed (HTTP error, transport, decoding, response signature;
the error and, when there is one, the raw body are printed) or its reply could not be written;
2 usage error, missing credentials or an invalid request (nothing was sent). A closed standard
output (`| head -0`) is not an error: the status is the call's.

Examples:
  doku-partner call --stand-in get_business_data --param client_id=BRN-0104-1678960841263 \\
      --param businessType=PERSONAL --param businessLegalEntity=PERSEORANGAN \\
      --param brandBusinessLine=RETAIL --param businessContactNationality=ID
  doku-partner call --stand-in upload_file -p category=DOCUMENT -p code=KTP --file ktp.png
  export DOKU_CLIENT_ID=BRN-... DOKU_SECRET_KEY=SK-...
  doku-partner call generate_token --body token.json        # DOKU's sandbox";

/// Arguments of `call`.
#[derive(Debug, clap::Args)]
#[command(after_help = CALL_AFTER_HELP)]
pub struct CallArgs {
    /// The endpoint, by its spec name (get_business_data or get-business-data); see --list.
    #[arg(value_name = "ENDPOINT", required_unless_present_any = ["list", "spec"])]
    endpoint: Option<String>,
    /// Call the endpoint of this spec file instead of one of the family (any spec: yours too).
    /// A bearer token comes from the spec beside it that issues one (`auth.issues_token`).
    #[arg(long, value_name = "FILE", conflicts_with = "spec_dir")]
    spec: Option<PathBuf>,
    /// Look ENDPOINT up by name among the specs of this folder instead of the family.
    #[arg(long, value_name = "DIR")]
    spec_dir: Option<PathBuf>,
    /// A header the spec has the caller supply (`source: caller`), with --spec or --spec-dir
    /// (repeatable).
    #[arg(long = "header", short = 'H', value_name = "NAME=VALUE")]
    headers: Vec<String>,
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
    #[arg(long, value_enum, default_value_t = Env::Sandbox, conflicts_with_all = ["base_url", "stand_in"])]
    env: Env,
    /// Any base URL instead (a proxy, DOKU's newer https://api-sandbox.doku.com).
    #[arg(long, value_name = "URL", conflicts_with = "stand_in")]
    base_url: Option<String>,
    /// Call the library's local DOKU stand-in instead of DOKU (no credentials needed).
    #[arg(long = "stand-in", alias = "mock")]
    stand_in: bool,
    /// Print the values the spec marks `secret` (a sub-merchant's shared key, a bearer token)
    /// in clear, on stdout and in error bodies. Off: they print as "[redacted]".
    #[arg(long)]
    reveal_secrets: bool,
    /// Print the values the spec marks `personal` (names, phones, e-mails, identity numbers,
    /// bank accounts, document links) in clear. Off: all but their last characters are masked.
    #[arg(long)]
    reveal_personal_data: bool,
}

/// Which marked values `call` prints in clear (`--reveal-secrets`, `--reveal-personal-data`).
#[derive(Debug, Clone, Copy)]
struct Reveal {
    secrets: bool,
    personal: bool,
}

impl Reveal {
    fn of(args: &CallArgs) -> Self {
        Reveal {
            secrets: args.reveal_secrets,
            personal: args.reveal_personal_data,
        }
    }

    /// The marks still to hide.
    fn hidden(self, marks: &[Sensitive]) -> Vec<Sensitive> {
        marks
            .iter()
            .copied()
            .filter(|m| match m.kind {
                Sensitivity::Secret => !self.secrets,
                Sensitivity::Personal => !self.personal,
            })
            .collect()
    }
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
    if args.spec.is_some() || args.spec_dir.is_some() {
        return spec::run(&args);
    }
    if !args.headers.is_empty() {
        errln!(
            "error: --header is for a spec's caller-supplied headers (with --spec or \
             --spec-dir); the family's endpoints take none"
        );
        return ExitCode::from(EXIT_USAGE);
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
        if args.stand_in {
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
             pass --stand-in to call a local DOKU stand-in instead (credentials are never taken \
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
/// Where the call goes and the async runtime it runs on; an error is reported here, with the
/// exit status to leave with.
fn target_and_runtime(args: &CallArgs) -> Result<(Target, tokio::runtime::Runtime), ExitCode> {
    let target = Target::from_args(args).map_err(|message| {
        errln!("error: {message}");
        ExitCode::from(EXIT_USAGE)
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| {
            errln!("error: cannot start the async runtime: {e}");
            ExitCode::from(EXIT_FAILED)
        })?;
    Ok((target, runtime))
}

fn call<E: Callable>(inputs: Inputs<'_>, args: &CallArgs) -> ExitCode {
    let request = match E::request(inputs) {
        Ok(request) => request,
        Err(errors) => {
            errln!("error: {errors}");
            errln!("(nothing was sent)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (target, runtime) = match target_and_runtime(args) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let outcome = runtime.block_on(async {
        // Kept alive until the call is over; dropping it stops the server.
        let mut mock = None;
        let (credentials, environment) = match target {
            Target::Mock { secret } => {
                let mut builder = StandIn::builder()
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
            builder = builder.token_source(GenerateTokenSource::new());
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
    let hidden = Reveal::of(args).hidden(E::SENSITIVE);
    match outcome {
        Outcome::Reply(reply) => print_reply(&reply, &hidden),
        Outcome::Error(e) => report_error(&e, &hidden),
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

/// The reply's metadata and findings on stderr, its data as pretty JSON on stdout, with the
/// `hidden` marks redacted.
fn print_reply<T: ApiResponse>(reply: &Reply<T>, hidden: &[Sensitive]) -> ExitCode {
    let json = serde_json::to_value(&reply.data).and_then(|mut value| {
        redact_value(&mut value, hidden);
        serde_json::to_string_pretty(&value)
    });
    let json = match json {
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
fn report_error(error: &Error, hidden: &[Sensitive]) -> ExitCode {
    errln!("error: {error}");
    if let Some(body) = error.body() {
        if body.is_empty() {
            errln!("response body: (empty)");
        } else {
            errln!("response body ({} bytes):", body.len());
            let text = redact_json(body.as_bytes(), hidden);
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
                let stem = name.strip_suffix(".yaml")?;
                // An incoming spec describes what DOKU sends: nothing to call.
                let spec = doku_partner_codegen::load_spec_file(&spec_dir.join(&name), &name)
                    .unwrap_or_else(|d| panic!("{d}"));
                (spec.direction == doku_partner_codegen::model::Direction::Outgoing)
                    .then(|| stem.to_owned())
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
