//! `doku-partner call --spec FILE` (or `--spec-dir DIR ENDPOINT`): a call to an endpoint of any
//! spec, loaded at run time ([`LiveEndpoint`]), not only the family compiled into the crate.
//!
//! The request is checked as the generated code checks it (parameters, caller headers, body
//! against the spec's runtime schema; every violation at once, before any I/O), signed with
//! DOKU's Non-SNAP signature (`Digest` line over the body), sent, and its answer checked: the
//! status, DOKU's response signature when one is sent (required when the spec declares a
//! mandatory `Signature` response header), the declared response headers (`same_as_request`
//! ones must match: an error; the rest are findings), the body against the field table
//! (findings, as the conformance check prints them), and an error's envelope against the
//! declared ones (`errors.envelopes`). A spec that needs a bearer token gets one
//! from the spec beside it that issues tokens (`auth.issues_token`), called first with its own
//! request sample. `--stand-in` serves both from the library's stand-in, with the same door checks
//! as for the family.

use std::time::Duration;

use doku_partner::support::clock::{Clock as _, SystemClock, format_timestamp};
use doku_partner::support::error::{DokuError, EnvelopeForm};
use doku_partner::support::multipart::{self, Part};
use doku_partner::support::response_headers;
use doku_partner::support::signature::SIGNATURE_PREFIX;
use doku_partner::support::{Components, HttpMethod};
use doku_partner_codegen::live::{LiveEndpoint, LoadError};

use super::*;

/// How long a call may take to connect, and in all.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(30);
/// The largest answer read (the library client's default).
const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// The endpoint to call and the spec that issues its bearer token, when it needs one.
struct Loaded {
    endpoint: LiveEndpoint,
    issuer: Option<LiveEndpoint>,
}

/// Runs `call --spec FILE` / `call --spec-dir DIR ENDPOINT`.
pub(super) fn run(args: &CallArgs) -> ExitCode {
    let loaded = match load(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            errln!("error: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let endpoint = &loaded.endpoint;
    let (params, headers) = match usage(endpoint, args) {
        Ok(pairs) => pairs,
        Err(problems) => {
            for problem in &problems {
                errln!("error: {problem}");
            }
            errln!("{}", describe(endpoint));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut params = params;
    let checked = if endpoint.multipart {
        let file = match args.file.as_deref().map(|path| {
            // The spec's limit, else the stand-in's request limit: no more is read.
            read_file(path, 16 * 1024 * 1024)
        }) {
            None => None,
            Some(Ok(file)) => Some(file),
            Some(Err(e)) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        form_body(endpoint, &mut params, &headers, file.as_ref())
            .map(|(bytes, content_type)| Some((bytes, content_type)))
    } else {
        let body = match args.body.as_deref().map(read_body).transpose() {
            Ok(body) => body,
            Err(e) => {
                errln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        endpoint
            .check_request(&params, &headers, body.as_deref().map(str::as_bytes))
            .map(|()| body.map(|b| (b.into_bytes(), "application/json".to_owned())))
    };
    let body = match checked {
        Ok(body) => body,
        Err(errors) => {
            errln!("error: {errors}");
            errln!("(nothing was sent)");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if endpoint.auth.bearer_token && loaded.issuer.is_none() {
        errln!(
            "error: `{}` needs a bearer token (auth.bearer_token) and no spec beside it issues \
             one (auth.issues_token); put the issuing spec in the same folder\n(nothing was sent)",
            endpoint.name
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let (target, runtime) = match target_and_runtime(args) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let hidden = Reveal::of(args).hidden(&endpoint.sensitive);
    let request = Prepared {
        endpoint,
        path: endpoint.path(&params),
        query: endpoint.query_string(&params),
        headers,
        body,
    };
    runtime.block_on(async {
        // Kept alive until the call is over; dropping it stops the server.
        let mut mock = None;
        let (credentials, base_url) = match target {
            Target::Mock { secret } => {
                let mut builder = StandIn::builder()
                    .client(MOCK_CLIENT_ID, secret.clone())
                    .route(endpoint.stand_in_route());
                if let Some(issuer) = loaded
                    .issuer
                    .as_ref()
                    .filter(|_| endpoint.auth.bearer_token)
                {
                    builder = builder.route(issuer.stand_in_route());
                }
                match builder.start().await {
                    Ok(server) => {
                        let url = server.base_url();
                        mock = Some(server);
                        (Credentials::new(MOCK_CLIENT_ID, secret), url)
                    }
                    Err(e) => {
                        errln!("error: cannot start the local DOKU stand-in: {e}");
                        return ExitCode::from(EXIT_FAILED);
                    }
                }
            }
            Target::Doku {
                credentials,
                environment,
            } => {
                let url = match (&args.base_url, args.env) {
                    (Some(url), _) => url.clone(),
                    (None, Env::Sandbox) => endpoint.sandbox_url().to_owned(),
                    (None, Env::Production) => endpoint.production_url().to_owned(),
                };
                drop(environment);
                (credentials, url)
            }
        };
        let base_url = base_url.trim_end_matches('/').to_owned();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = match reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
        {
            Ok(http) => http,
            Err(e) => {
                errln!("error: cannot build the HTTP client: {e}");
                return ExitCode::from(EXIT_FAILED);
            }
        };
        let caller = Caller {
            http,
            credentials,
            base_url,
            local: mock.is_some(),
        };
        let token = match (&loaded.issuer, endpoint.auth.bearer_token) {
            (Some(issuer), true) => match caller.token(issuer).await {
                Ok(token) => Some(token),
                Err(message) => {
                    errln!("error: {message}");
                    return ExitCode::from(EXIT_FAILED);
                }
            },
            _ => None,
        };
        let answer = caller.send(&request, token.as_ref()).await;
        drop(mock);
        report(endpoint, answer, &hidden)
    })
}

/// Loads the endpoint (`--spec FILE`, or `ENDPOINT` among `--spec-dir DIR`'s specs) and, when it
/// needs a bearer token, the spec beside it that issues one.
fn load(args: &CallArgs) -> Result<Loaded, String> {
    let show = |e: LoadError| e.to_string();
    let (endpoint, dir) = match (&args.spec, &args.spec_dir) {
        (Some(file), _) => {
            let endpoint = LiveEndpoint::load(file, &file.display().to_string()).map_err(show)?;
            if let Some(name) = &args.endpoint
                && name.replace('-', "_") != endpoint.name
            {
                return Err(format!(
                    "--spec {} is the spec of `{}`, not `{name}`; leave the endpoint name out",
                    file.display(),
                    endpoint.name
                ));
            }
            let dir = file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_owned();
            (endpoint, dir)
        }
        (None, Some(dir)) => {
            let Some(name) = &args.endpoint else {
                return Err(format!(
                    "--spec-dir {} needs the endpoint's name (its spec's `name`)",
                    dir.display()
                ));
            };
            let wanted = name.replace('-', "_");
            let (specs, broken) = specs_in(dir)?;
            let names: Vec<&str> = specs.iter().map(|e| e.name).collect();
            let Some(endpoint) = specs.iter().find(|e| e.name == wanted).cloned() else {
                let broken = if broken.is_empty() {
                    String::new()
                } else {
                    format!(
                        "\n({} did not load; `doku-partner check` shows why: {})",
                        if broken.len() == 1 {
                            "one spec there"
                        } else {
                            "some specs there"
                        },
                        broken.join(", ")
                    )
                };
                return Err(format!(
                    "no spec in {} is named `{name}`; its endpoints are: {}{broken}",
                    dir.display(),
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ));
            };
            (endpoint, dir.clone())
        }
        (None, None) => return Err("call --spec needs a spec file".to_owned()),
    };
    let issuer = if endpoint.auth.bearer_token {
        specs_in(&dir)?
            .0
            .into_iter()
            .find(|e| e.issues_token.is_some())
    } else {
        None
    };
    Ok(Loaded { endpoint, issuer })
}

/// The outgoing specs of `dir` that load, by file name, and the files that do not (an invalid
/// spec is no candidate; `--spec FILE` reports its diagnostics).
fn specs_in(dir: &Path) -> Result<(Vec<LiveEndpoint>, Vec<String>), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    let mut loaded = Vec::new();
    let mut broken = Vec::new();
    for file in &files {
        match LiveEndpoint::load(file, &file.display().to_string()) {
            Ok(endpoint) => loaded.push(endpoint),
            // An incoming spec is valid, just nothing to call.
            Err(LoadError::Unusable(_)) => {}
            Err(LoadError::Spec(_)) => broken.push(file.display().to_string()),
        }
    }
    Ok((loaded, broken))
}

/// The `--param`s and `--header`s by name; every usage problem at once (malformed, repeated,
/// unknown, missing, a file where none is taken).
#[allow(clippy::type_complexity)]
fn usage(
    endpoint: &LiveEndpoint,
    args: &CallArgs,
) -> Result<(BTreeMap<String, String>, BTreeMap<String, String>), Vec<String>> {
    let spec = &endpoint.spec;
    let mut problems = Vec::new();
    let (texts, files) = form_fields(endpoint);
    let known: Vec<&str> = spec
        .path_params
        .iter()
        .chain(&spec.query)
        .map(|p| p.name.as_str())
        .chain(texts.iter().copied())
        .collect();
    let mut split = |raw: &[String], flag: &str, known: &[&str]| {
        let mut values = BTreeMap::new();
        for pair in raw {
            let Some((name, value)) = pair.split_once('=') else {
                problems.push(format!("{flag} {pair:?} is not NAME=VALUE"));
                continue;
            };
            let Some(name) = known.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
                problems.push(format!(
                    "`{}` has no {} `{name}`; it has: {}",
                    endpoint.name,
                    if flag == "--param" {
                        "parameter"
                    } else {
                        "caller-supplied header"
                    },
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ));
                continue;
            };
            if values
                .insert((*name).to_owned(), value.to_owned())
                .is_some()
            {
                problems.push(format!("{flag} {name} is given more than once"));
            }
        }
        values
    };
    let params = split(&args.params, "--param", &known);
    let headers = split(&args.headers, "--header", endpoint.caller_headers);
    if args.file.is_some() && files.len() != 1 {
        problems.push(format!(
            "`{}` has {} file part(s): --file fills a form's one file part",
            endpoint.name,
            files.len()
        ));
    }
    if endpoint.multipart && args.body.is_some() {
        problems.push(format!(
            "`{}` sends a multipart form, not a JSON body; leave out --body and give its text \
             fields with --param and its file with --file",
            endpoint.name
        ));
    }
    if problems.is_empty() {
        Ok((params, headers))
    } else {
        Err(problems)
    }
}

/// A multipart form's text fields and file fields, by wire name, in the spec's order (none for
/// a JSON body).
fn form_fields(endpoint: &LiveEndpoint) -> (Vec<&str>, Vec<&str>) {
    let Some(body) = endpoint.spec.body.as_ref().filter(|b| b.multipart) else {
        return (Vec::new(), Vec::new());
    };
    let (files, texts): (Vec<_>, Vec<_>) = body.root.fields.iter().partition(|f| f.file.is_some());
    (
        texts.iter().map(|f| f.wire_name.as_str()).collect(),
        files.iter().map(|f| f.wire_name.as_str()).collect(),
    )
}

/// A multipart form's bytes and `Content-Type` from its text fields (taken out of `params`) and
/// `file`, after checking it as the stand-in sees it (text parts as strings, the file by name,
/// type and size) against the body's schema: every violation at once.
fn form_body(
    endpoint: &LiveEndpoint,
    params: &mut BTreeMap<String, String>,
    headers: &BTreeMap<String, String>,
    file: Option<&FilePart>,
) -> Result<(Vec<u8>, String), RequestErrors> {
    let (texts, files) = form_fields(endpoint);
    let mut seen = serde_json::Map::new();
    let mut values = Vec::new();
    for name in &texts {
        if let Some(value) = params.remove(*name) {
            seen.insert((*name).to_owned(), serde_json::Value::String(value.clone()));
            values.push((*name, value));
        }
    }
    if let (Some(file), [name]) = (file, files.as_slice()) {
        seen.insert(
            (*name).to_owned(),
            serde_json::to_value(file).unwrap_or_default(),
        );
    }
    let form = serde_json::Value::Object(seen).to_string();
    endpoint.check_request(params, headers, Some(form.as_bytes()))?;
    let mut parts: Vec<Part<'_>> = values
        .iter()
        .map(|(name, value)| Part::Text { name, value })
        .collect();
    if let (Some(file), [name]) = (file, files.as_slice()) {
        parts.push(Part::File { name, file });
    }
    let boundary = multipart::new_boundary();
    Ok((
        multipart::encode(&parts, &boundary),
        multipart::content_type(&boundary),
    ))
}

/// What the endpoint takes, for usage errors.
fn describe(endpoint: &LiveEndpoint) -> String {
    let spec = &endpoint.spec;
    let mut text = format!(
        "usage: doku-partner call --spec ... ({} {}) takes:",
        endpoint.method.as_str(),
        endpoint.path_template
    );
    for (param, place) in spec
        .path_params
        .iter()
        .map(|p| (p, "path"))
        .chain(spec.query.iter().map(|p| (p, "query")))
    {
        let need = if param.required {
            "required"
        } else {
            "optional"
        };
        text.push_str(&format!(
            "\n  --param {}=VALUE ({place}, {need})",
            param.name
        ));
    }
    for header in endpoint.caller_headers {
        text.push_str(&format!("\n  --header {header}=VALUE (required)"));
    }
    let (texts, files) = form_fields(endpoint);
    for name in texts {
        text.push_str(&format!("\n  --param {name}=VALUE (form)"));
    }
    for name in files {
        text.push_str(&format!("\n  --file PATH (form file part `{name}`)"));
    }
    if !endpoint.multipart {
        text.push_str(if endpoint.body.is_some() {
            "\n  --body FILE (the JSON body; `-` for standard input)"
        } else {
            "\n  no body"
        });
    }
    text
}

/// One checked request, ready to sign.
struct Prepared<'a> {
    endpoint: &'a LiveEndpoint,
    path: String,
    query: Option<String>,
    headers: BTreeMap<String, String>,
    /// The bytes and their `Content-Type`.
    body: Option<(Vec<u8>, String)>,
}

/// Who sends, where.
struct Caller {
    http: reqwest::Client,
    credentials: Credentials,
    base_url: String,
    local: bool,
}

/// What came back.
struct Answer {
    request_id: String,
    status: u16,
    body: Vec<u8>,
    signature: &'static str,
    /// What the declared response headers broke (a success only): findings, as for the body.
    header_findings: Vec<String>,
}

impl Caller {
    /// Signs and sends `request` once; the answer, its signature checked when it has one.
    async fn send(
        &self,
        request: &Prepared<'_>,
        token: Option<&SecretKey>,
    ) -> Result<Answer, String> {
        let endpoint = request.endpoint;
        let request_id = RequestId::new_v4().as_str().to_owned();
        let timestamp = format_timestamp(SystemClock.now_unix());
        let target = match (&request.query, endpoint.auth.query_in_target) {
            (Some(query), true) => format!("{}?{query}", request.path),
            _ => request.path.clone(),
        };
        let body = request
            .body
            .as_ref()
            .map(|(bytes, _)| bytes.as_slice())
            .filter(|b| !b.is_empty());
        let client_id = self.credentials.client_id();
        let signature = Components::request(
            client_id,
            &request_id,
            &timestamp,
            &target,
            body.filter(|_| endpoint.digest_body),
        )
        .sign(self.credentials.secret_key());
        let mut url = format!("{}{}", self.base_url, request.path);
        if let Some(query) = &request.query {
            url.push('?');
            url.push_str(query);
        }
        errln!(
            "{} {url}{}",
            endpoint.method.as_str(),
            if self.local {
                " (local DOKU stand-in)"
            } else {
                ""
            }
        );
        let method = match endpoint.method {
            HttpMethod::Get => reqwest::Method::GET,
            HttpMethod::Post => reqwest::Method::POST,
            HttpMethod::Put => reqwest::Method::PUT,
            HttpMethod::Patch => reqwest::Method::PATCH,
            HttpMethod::Delete => reqwest::Method::DELETE,
        };
        let mut builder = self
            .http
            .request(method, &url)
            .header("Client-Id", client_id)
            .header("Request-Id", &request_id)
            .header("Request-Timestamp", &timestamp)
            .header("Signature", signature.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(token) = token {
            let mut value = reqwest::header::HeaderValue::from_str(&format!(
                "Bearer {}",
                token.expose_secret()
            ))
            .map_err(|_| "the bearer token is not a valid header value".to_owned())?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::AUTHORIZATION, value);
        }
        if let Some((bytes, content_type)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(bytes.clone());
        }
        let mut response = builder
            .send()
            .await
            .map_err(|e| format!("sending failed (Request-Id {request_id}): {e}"))?;
        let status = response.status().as_u16();
        // The declared response headers (`response.headers`), checked on a success as the
        // library's client checks them; what the request sent for `same_as_request`.
        let declared = endpoint.response_headers();
        let headers = (status == endpoint.success_status).then(|| {
            response_headers::check(
                &declared,
                |name| {
                    response
                        .headers()
                        .get(name)
                        .map(|v| v.to_str().map_err(|_| ()))
                },
                |name| {
                    if name.eq_ignore_ascii_case("Client-Id") {
                        Some(client_id)
                    } else if name.eq_ignore_ascii_case("Request-Id") {
                        Some(request_id.as_str())
                    } else {
                        None
                    }
                },
            )
        });
        let header_findings: Vec<String> = headers
            .as_ref()
            .map(|h| h.findings().iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        if let Some(fatal) = headers
            .as_ref()
            .and_then(|h| h.findings().iter().find(|f| f.is_fatal()))
        {
            return Err(format!(
                "{fatal} (Request-Id {request_id}, status {status}): the answer is for another \
                 request and is not trusted"
            ));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (response_signature, response_timestamp) =
            (header("Signature"), header("Response-Timestamp"));
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                        return Err(format!(
                            "the answer is larger than {MAX_RESPONSE_BYTES} bytes (Request-Id \
                             {request_id}); reading stopped"
                        ));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    return Err(format!(
                        "reading the answer failed (Request-Id {request_id}): {e}"
                    ));
                }
            }
        }
        let signature = match (response_signature, response_timestamp) {
            (Some(value), Some(timestamp)) if value.starts_with(SIGNATURE_PREFIX) => {
                let components = Components::response(
                    client_id,
                    &request_id,
                    &timestamp,
                    &target,
                    (!bytes.is_empty()).then_some(bytes.as_slice()),
                );
                if components
                    .verify_checked(self.credentials.secret_key(), &value)
                    .is_err()
                {
                    return Err(format!(
                        "DOKU's response signature does not verify (Request-Id {request_id}, \
                         status {status}): the answer is not trusted"
                    ));
                }
                "verified"
            }
            (Some(_), _) => {
                return Err(format!(
                    "DOKU's response signature is malformed or has no Response-Timestamp \
                     (Request-Id {request_id}, status {status})"
                ));
            }
            (None, _) if headers.is_some() && response_headers::signature_mandatory(&declared) => {
                return Err(format!(
                    "DOKU's response carries no Signature, which the spec declares mandatory \
                     (Request-Id {request_id}, status {status}): the answer is not trusted"
                ));
            }
            (None, _) => "absent (the response carried none)",
        };
        Ok(Answer {
            request_id,
            status,
            body: bytes,
            signature,
            header_findings,
        })
    }

    /// A bearer token from `issuer`: its first request sample sent, its `token_field` read.
    async fn token(&self, issuer: &LiveEndpoint) -> Result<SecretKey, String> {
        let issues = issuer
            .issues_token
            .ok_or_else(|| format!("`{}` issues no token", issuer.name))?;
        let body = match (&issuer.body, issuer.request_examples.first()) {
            (None, _) => None,
            (Some(_), Some((_, sample))) => Some(sample.clone().into_bytes()),
            (Some(_), None) => {
                return Err(format!(
                    "`{}` issues the bearer token but has no request sample to send for one",
                    issuer.name
                ));
            }
        };
        let empty = BTreeMap::new();
        if let Err(errors) = issuer.check_request(&empty, &empty, body.as_deref()) {
            return Err(format!(
                "`{}` (the bearer token's issuer) cannot be called with its own sample: {errors}",
                issuer.name
            ));
        }
        let request = Prepared {
            endpoint: issuer,
            path: issuer.path(&empty),
            query: None,
            headers: BTreeMap::new(),
            body: body.map(|b| (b, "application/json".to_owned())),
        };
        let answer = self.send(&request, None).await?;
        if answer.status != issuer.success_status {
            return Err(format!(
                "`{}` refused the bearer token: HTTP {} (Request-Id {})",
                issuer.name, answer.status, answer.request_id
            ));
        }
        let value: serde_json::Value = serde_json::from_slice(&answer.body)
            .map_err(|e| format!("`{}` answered no JSON: {e}", issuer.name))?;
        let token = issues
            .token_field
            .split('.')
            .try_fold(&value, |v, key| v.get(key))
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| {
                format!(
                    "`{}` answered without `{}`, the token field",
                    issuer.name, issues.token_field
                )
            })?;
        errln!("bearer token: from `{}` (not printed)", issuer.name);
        Ok(SecretKey::new(token))
    }
}

/// Prints the answer as `call` prints a typed reply (exit 0), or the failure (exit 1).
fn report(
    endpoint: &LiveEndpoint,
    answer: Result<Answer, String>,
    hidden: &[Sensitive],
) -> ExitCode {
    let answer = match answer {
        Ok(answer) => answer,
        Err(message) => {
            errln!("error: {message}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    errln!("Request-Id: {}", answer.request_id);
    errln!("status: {}", answer.status);
    errln!("response signature: {}", answer.signature);
    if answer.status != endpoint.success_status {
        errln!(
            "error: HTTP {} (`{}` answers {} on success)",
            answer.status,
            endpoint.name,
            endpoint.success_status
        );
        let declared = endpoint.error_envelopes();
        if let Some(envelope) = DokuError::parse(&answer.body)
            && !declared.is_empty()
            && !declared.contains(&envelope.form)
        {
            errln!(
                "note: DOKU answered in the `{}` envelope, which the spec does not declare \
                 (`errors.envelopes`: {})",
                envelope.form.spec_name(),
                EnvelopeForm::list(&declared)
            );
        }
        if answer.body.is_empty() {
            errln!("response body: (empty)");
        } else {
            errln!("response body ({} bytes):", answer.body.len());
            errln!("{}", redact_json(&answer.body, hidden).trim_end());
        }
        return ExitCode::from(EXIT_FAILED);
    }
    let mut value: serde_json::Value = match serde_json::from_slice(&answer.body) {
        Ok(value) => value,
        Err(e) => {
            errln!("error: the answer is not JSON: {e}");
            errln!("{}", redact_json(&answer.body, hidden).trim_end());
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let mut findings = answer.header_findings;
    findings.extend(endpoint.response_findings(&answer.body));
    if findings.is_empty() {
        errln!("conformance: the reply fits the spec's field table");
    } else {
        errln!(
            "conformance: {} difference(s) from the spec's field table",
            findings.len()
        );
        for finding in &findings {
            errln!("finding: {finding}");
        }
    }
    redact_value(&mut value, hidden);
    let json = serde_json::to_string_pretty(&value).unwrap_or_default();
    match outln!("{json}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            errln!("error: {}", stdout_failed(&e));
            ExitCode::from(EXIT_FAILED)
        }
    }
}
