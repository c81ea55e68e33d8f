//! `listen`: a local receiver for DOKU's notifications and callbacks, as the library receives
//! them (`doku_partner::inbound`): verified over the raw bytes and the configured path,
//! deduplicated by `Request-Id` (in memory), answered 2xx / 4xx / 5xx as the library decides.
//! Each accepted event is printed once, as one JSON object per line on stdout; nothing is
//! printed for a refused or duplicate one (the refusal reason goes to stderr). With
//! `--forward-to`, the verified request (the four DOKU headers and the raw body) is POSTed on
//! to the partner's app; a failed forward answers 500, so DOKU retries.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use doku_partner_runtime::inbound::{Decision, Event, Handler, HandlerError, Receiver};
use doku_partner_runtime::json::Json;

use crate::output::{errln, outln};
use crate::sign::{KeyArgs, load_key};

const AFTER_HELP: &str = "\
Stdout: one JSON object per accepted event:
  {\"request_id\":..,\"client_id\":..,\"request_timestamp\":..,\"body\":<the body as sent, or null>,
   \"undecodable\":<why the body is not JSON, or null>,\"conformance\":[findings]}
Stderr: the address listened on, then one line per refused, duplicate or failed delivery.

The secret key is read from DOKU_SECRET_KEY or --secret-key-file, never from an argument.
Port 0 picks a free port (printed on stderr).";

/// Arguments of `listen`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ListenArgs {
    /// The path of your Notification URL (the Request-Target DOKU signs), e.g. /payments/notifications.
    #[arg(long, value_name = "PATH")]
    path: String,
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
        let line = serde_json::json!({
            "request_id": event.request_id(),
            "client_id": event.client_id(),
            "request_timestamp": event.request_timestamp(),
            "body": event.body().map(Json::value),
            "undecodable": event.undecodable().map(ToString::to_string),
            "conformance": event.conformance().findings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        outln!("{line}")?;
        Ok(())
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
    let receiver = match Receiver::builder(args.path.clone()).key(key).build() {
        Ok(receiver) => Arc::new(receiver),
        Err(e) => {
            errln!("error: --path {:?}: {e}", args.path);
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
    let handler = Arc::new(Print { forward });
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
                            doku_partner_runtime::inbound::axum::receive(
                                &receiver, &*handler, &method, &uri, &headers, &body,
                            )
                            .await;
                        log(&decision);
                        doku_partner_runtime::inbound::axum::answer(&decision)
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
