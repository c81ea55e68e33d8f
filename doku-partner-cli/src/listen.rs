//! `listen`: a local receiver for DOKU's notifications and callbacks, as the library receives
//! them (`doku_partner::inbound`): verified over the raw bytes and the configured path,
//! deduplicated by `Request-Id` (in memory), answered 2xx / 4xx / 5xx as the library decides.
//! Each accepted event is printed once, as one JSON object per line on stdout; nothing is
//! printed for a refused or duplicate one (the refusal reason goes to stderr). With
//! `--forward-to`, the verified request (the four DOKU headers and the raw body) is POSTed on
//! to the partner's app; a failed forward answers 500, so DOKU retries.
//!
//! With an incoming spec (`doku-partner listen spec/payment_notification.yaml`), the path
//! defaults to the spec's, each line's `conformance` lists the body's drifts from the spec's
//! field table (an undocumented key, an undocumented value, a broken format, a missing field),
//! and the fields the spec marks `secret` or `personal` are hidden in the printed body.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use doku_partner_support::inbound::{Decision, Event, Handler, HandlerError, Receiver};
use doku_partner_support::json::Json;
use doku_partner_support::{Sensitive, redact};

use crate::output::{errln, outln};
use crate::sign::{KeyArgs, load_key};

const AFTER_HELP: &str = "\
Stdout: one JSON object per accepted event:
  {\"request_id\":..,\"client_id\":..,\"request_timestamp\":..,\"body\":<the body as sent, or null>,
   \"undecodable\":<why the body is not JSON, or null>,\"conformance\":[findings]}
Stderr: the address listened on, then one line per refused, duplicate or failed delivery.

With an incoming spec (direction: incoming), --path defaults to the spec's path, `conformance`
lists each drift of the body from the spec's field table, and the fields the spec marks secret
or personal are hidden in `body`.

The secret key is read from DOKU_SECRET_KEY or --secret-key-file, never from an argument.
Port 0 picks a free port (printed on stderr).";

/// Arguments of `listen`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ListenArgs {
    /// An incoming spec (`direction: incoming`) describing what DOKU sends, e.g.
    /// spec/payment_notification.yaml.
    #[arg(value_name = "SPEC")]
    spec: Option<PathBuf>,
    /// The path of your Notification URL (the Request-Target DOKU signs), e.g.
    /// /payments/notifications; with a spec, the spec's path by default.
    #[arg(long, value_name = "PATH")]
    path: Option<String>,
    /// The port to listen on (0: any free port).
    #[arg(long, value_name = "PORT")]
    port: u16,
    /// The address to listen on.
    #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
    host: IpAddr,
    /// POST each accepted request (DOKU's headers and the raw body) on to this URL; a failure
    /// answers 500 so that DOKU retries.
    #[arg(long, value_name = "URL")]
    forward_to: Option<String>,
    #[command(flatten)]
    key: KeyArgs,
}

/// Prints (and forwards) each accepted event once.
struct Print {
    forward: Option<(reqwest::Client, String)>,
    spec: Option<IncomingSpec>,
}

/// What `listen` needs of an incoming spec.
struct IncomingSpec {
    spec: doku_partner_codegen::model::Spec,
    /// The spec's `secret` and `personal` marks (leaked once: the runtime's marks are static).
    marks: &'static [Sensitive],
}

impl IncomingSpec {
    fn load(path: &std::path::Path) -> Result<Self, String> {
        let display = path.display().to_string();
        let spec = doku_partner_codegen::check_spec_file(path, &display)
            .map_err(|diagnostics| diagnostics.to_string())?;
        if spec.direction != doku_partner_codegen::model::Direction::Incoming {
            return Err(format!(
                "{display} describes an endpoint you call, not what DOKU sends: `listen` takes \
                 a spec with `direction: incoming`"
            ));
        }
        let mut marks = Vec::new();
        collect_marks(&spec.response.root, &mut marks);
        // An event in one shape per channel: each shape's own fields have their marks too.
        for variant in spec.response.union.iter().flat_map(|u| &u.variants) {
            collect_marks(&variant.root, &mut marks);
        }
        Ok(IncomingSpec {
            spec,
            marks: Box::leak(marks.into_boxed_slice()),
        })
    }
}

fn collect_marks(object: &doku_partner_codegen::model::ObjectDef, out: &mut Vec<Sensitive>) {
    use doku_partner_codegen::model::{ArrayItems, FieldKind, Sensitivity};
    for field in &object.fields {
        let path: &'static str = Box::leak(field.path.clone().into_boxed_str());
        match field.sensitivity {
            Some(Sensitivity::Secret(_)) => out.push(Sensitive::secret(path)),
            Some(Sensitivity::Personal(_)) => out.push(Sensitive::personal(path)),
            None => {}
        }
        if let FieldKind::Object(o) | FieldKind::Array(ArrayItems::Object(o)) = &field.kind {
            collect_marks(o, out);
        }
    }
}

impl Handler<Json> for Print {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        if let Some((client, url)) = &self.forward {
            let answer = client
                .post(url)
                .header("Client-Id", event.client_id())
                .header("Request-Id", event.request_id())
                .header("Request-Timestamp", event.request_timestamp())
                .header("Signature", event.signature())
                .header("Content-Type", "application/json")
                .body(event.raw().to_vec())
                .send()
                .await?;
            if !answer.status().is_success() {
                return Err(format!("--forward-to answered {}", answer.status()).into());
            }
        }
        let mut body = event.body().map(Json::value);
        let conformance: Vec<String> = match &self.spec {
            None => Vec::new(),
            // A body that is not JSON has no findings: `undecodable` says why.
            Some(_) if body.is_none() => Vec::new(),
            Some(incoming) => {
                if let Some(body) = &mut body {
                    redact::redact_value(body, incoming.marks);
                }
                doku_partner_codegen::check_incoming_body(&incoming.spec, event.raw())
                    .into_iter()
                    .map(|finding| hide_marked_value(finding, incoming.marks))
                    .collect()
            }
        };
        let line = serde_json::json!({
            "request_id": event.request_id(),
            "client_id": event.client_id(),
            "request_timestamp": event.request_timestamp(),
            "spec": self.spec.as_ref().map(|s| s.spec.name.as_str()),
            "body": body,
            "undecodable": event.undecodable().map(ToString::to_string),
            "conformance": conformance,
        });
        outln!("{line}")?;
        Ok(())
    }
}

/// A finding about a field the spec marks `secret` or `personal` may quote its value
/// (`` `brands[0].shared_key` = "SK-…" ``): it is kept as its path and what is wrong, without the
/// value. Findings start with the value's path in backticks.
fn hide_marked_value(finding: String, marks: &[redact::Sensitive]) -> String {
    let path = finding
        .strip_prefix('`')
        .and_then(|rest| rest.split_once('`'))
        .map(|(path, _)| path.to_owned());
    match path {
        Some(path) => match redact::mark_of(&path, marks) {
            None => finding,
            Some(redact::Sensitivity::Secret) => format!(
                "`{path}` breaks its documented format or values (not shown: the field is secret)"
            ),
            Some(redact::Sensitivity::Personal) => format!(
                "`{path}` breaks its documented format or values (not shown: the field is personal data)"
            ),
        },
        None => finding,
    }
}

/// Runs `listen` until the process is stopped.
pub fn run(args: ListenArgs) -> ExitCode {
    let key = match load_key(&args.key) {
        Ok(key) => key,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let spec = match args.spec.as_deref().map(IncomingSpec::load).transpose() {
        Ok(spec) => spec,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(path) = args
        .path
        .clone()
        .or_else(|| spec.as_ref().map(|s| s.spec.path.raw.clone()))
    else {
        errln!("error: --path is required without a spec");
        return ExitCode::from(2);
    };
    let receiver = match Receiver::builder(path.clone()).key(key).build() {
        Ok(receiver) => Arc::new(receiver),
        Err(e) => {
            errln!("error: --path {path:?}: {e}");
            return ExitCode::from(2);
        }
    };
    let forward = match args.forward_to {
        None => None,
        Some(url) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            match reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
            {
                Ok(client) => Some((client, url)),
                Err(e) => {
                    errln!("error: --forward-to: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let handler = Arc::new(Print { forward, spec });
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            errln!("error: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async move {
        let listener =
            match tokio::net::TcpListener::bind(SocketAddr::new(args.host, args.port)).await {
                Ok(listener) => listener,
                Err(e) => {
                    errln!("error: cannot listen on {}:{}: {e}", args.host, args.port);
                    return ExitCode::from(1);
                }
            };
        let address = listener.local_addr().map_or_else(
            |_| format!("{}:{}", args.host, args.port),
            |a| a.to_string(),
        );
        errln!("listening on http://{address}{}", receiver.path());
        let path = receiver.path().to_owned();
        let app = axum::Router::new().route(
            &path,
            axum::routing::any(
                move |method: axum::http::Method,
                      uri: axum::http::Uri,
                      headers: axum::http::HeaderMap,
                      body: axum::body::Bytes| {
                    let (receiver, handler) = (receiver.clone(), handler.clone());
                    async move {
                        let decision: Decision<Json> =
                            doku_partner_support::inbound::axum::receive(
                                &receiver, &*handler, &method, &uri, &headers, &body,
                            )
                            .await;
                        log(&decision);
                        doku_partner_support::inbound::axum::answer(&decision)
                    }
                },
            ),
        );
        match axum::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                errln!("error: the server stopped: {e}");
                ExitCode::from(1)
            }
        }
    })
}

/// Logs what the receiver decided on stderr (never a header value or the body).
fn log(decision: &Decision<Json>) {
    match decision {
        Decision::Accepted { .. } => {}
        Decision::Duplicate { request_id } | Decision::InProgress { request_id } => {
            errln!("{} {request_id}: {}", decision.status(), decision.reason());
        }
        Decision::Refused(_) => errln!("{} refused: {}", decision.status(), decision.reason()),
        Decision::Failed {
            request_id, error, ..
        } => errln!(
            "{} {request_id}: {}: {error}",
            decision.status(),
            decision.reason()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_on_a_marked_field_keeps_its_path_and_loses_its_value() {
        const MARKS: &[Sensitive] = &[
            Sensitive::secret("brands.shared_key"),
            Sensitive::personal("virtual_account_info.virtual_account_number"),
        ];
        let secret = hide_marked_value(
            "`brands[0].shared_key` = \"SK-live\" breaks ANS(10)".to_owned(),
            MARKS,
        );
        assert!(!secret.contains("SK-live"), "{secret}");
        assert!(
            secret.starts_with("`brands[0].shared_key` breaks"),
            "{secret}"
        );
        assert!(secret.ends_with("the field is secret)"), "{secret}");
        let personal = hide_marked_value(
            "`virtual_account_info.virtual_account_number` = \"1234567890\" is too long".to_owned(),
            MARKS,
        );
        assert!(!personal.contains("1234567890"), "{personal}");
        let other = "`order.amount` = \"x\" is not a number".to_owned();
        assert_eq!(hide_marked_value(other.clone(), MARKS), other);
    }
}
