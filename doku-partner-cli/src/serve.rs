//! `serve`: the stateful Partner API stand-in ([`doku_partner::stand_in`]) as a standalone
//! server on 127.0.0.1, for teams whose code is not Rust: DOKU's paths, DOKU's door checks
//! (Signature with Digest, Request-Timestamp window, Request-Id reuse, bearer tokens, bodies
//! against the specs), registrations reviewed on a clock with signed KYB callbacks, and the
//! admin API of [`doku_partner::stand_in::admin`] under `/__stand-in`.

use std::process::ExitCode;
use std::time::Duration;

use doku_partner::stand_in::{KybConfig, PartnerStandIn, admin::ADMIN_PREFIX};

use crate::output::{errln, outln};
use crate::sign::{KeyArgs, load_key};

const AFTER_HELP: &str = "\
Credentials: the partner's Client-Id from DOKU_CLIENT_ID, the secret key from DOKU_SECRET_KEY
or --secret-key-file (never an argument, never printed). Requests must be signed with them as
DOKU requires; each registered brand becomes a client too, with the shared key Get Business
Data returns.

Stdout: one line, `listening on http://127.0.0.1:PORT` (port 0 picks a free port), printed
once the server accepts connections. It runs until it is killed.

DOKU's paths, e.g. POST /adv-core-api/partner/v1.0/business (Business Registration).
Registrations are reviewed on the stand-in's clock (--review-secs, default 3600): approved
unless the business name ends in ` KYB-REJECT`, ` KYB-REVISE` or ` KYB-HOLD`, or the admin
API says otherwise. A decided registration with a business.callback_url gets a signed
callback, re-delivered at +30 min, +6 h and +12 h while the answer is not a 2xx.

Payments: a registered brand's Checkout (POST /checkout/v1/payment, signed with the brand's
Client-Id and shared key) is kept; the admin API's payments/INVOICE/pay marks it paid and sends
DOKU's payment notification; Check Status (GET /orders/v1/status/INVOICE) then answers it.
A payment (Checkout, DOKU VA's POST /doku-virtual-account/v2/payment-code) signed by a brand
whose review is not approved is refused: 400, DOKU's PAYMENT CHANNEL IS INACTIVE.

--spec FILE (repeatable) serves the endpoint of any other spec too, yours included: its first
response sample, after the same checks (signature with Digest, Request-Id reuse, bearer token,
the caller's headers, the body against the spec's schema). A spec with auth.issues_token
issues tokens that the specs with auth.bearer_token accept.

Admin API (JSON, no signature; cannot clash with DOKU's paths):
  GET  /__stand-in/state                          clock, registrations, counts, callback attempts
  POST /__stand-in/clock/travel                   {\"seconds\": 43200}: move the KYB clock ahead,
                                                  then send the callbacks due
  POST /__stand-in/faults                         {\"fault\": \"bad_gateway\"}: the next request
                                                  that passes DOKU's checks gets it; also
                                                  bad_gateway_after_commit, commit_then_reset,
                                                  commit_then_hang, hang, delay/work_then_delay
                                                  {\"millis\"}, status {\"status\",\"body\"},
                                                  idempotent_request, request_time_out_of_range,
                                                  truncated_json, wrong_signature, unsigned,
                                                  reset_mid_body
  POST /__stand-in/callback-faults                {\"fault\": \"drop\"}: lose the next callback
  POST /__stand-in/businesses/BRAND_ID/outcome    {\"outcome\": \"reject\", \"reason\": \"...\"}
                                                  (approve, reject, revise, hold)
  POST /__stand-in/businesses/BRAND_ID/callback   send its decided status again (new Request-Id)
  POST /__stand-in/callbacks/run                  send the callbacks (and payment notifications)
                                                  due now
  POST /__stand-in/businesses/BRAND_ID/notification-url
                                                  {\"url\": \"https://...\"}: the brand's
                                                  Notification URL
  POST /__stand-in/payments/INVOICE/pay           the customer pays that Checkout: DOKU's payment
                                                  notification, signed with the brand's key, goes
                                                  to the Notification URL; Check Status answers it
  POST /__stand-in/reset                          forget everything, clock back to now
Clock travel moves reviews and callbacks only; the Request-Timestamp window, tokens and the
callbacks' Request-Timestamp follow the wall clock, as your client and receiver do.";

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ServeArgs {
    /// The port to listen on, on 127.0.0.1 (0: any free port, printed).
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    port: u16,
    /// How long a KYB review takes on the stand-in's clock, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    review_secs: u64,
    /// Serve the endpoint of this spec too (any spec: yours, a payment page's), beside the
    /// family, with the same door checks, token check and body check; repeatable. A spec with
    /// `auth.issues_token` issues bearer tokens the others accept.
    #[arg(long = "spec", value_name = "FILE", num_args = 1..)]
    specs: Vec<std::path::PathBuf>,
    #[command(flatten)]
    key: KeyArgs,
}

/// How often the background task sends the callbacks due (real time).
const DELIVERY_INTERVAL: Duration = Duration::from_millis(200);

/// Runs `serve`: exit 2 without credentials, 1 if the port cannot be bound.
pub fn run(args: ServeArgs) -> ExitCode {
    let client_id = match std::env::var("DOKU_CLIENT_ID") {
        Ok(id) if !id.trim().is_empty() => id.trim().to_owned(),
        _ => {
            errln!(
                "error: DOKU_CLIENT_ID is not set: the partner's Client-Id the stand-in accepts"
            );
            return ExitCode::from(2);
        }
    };
    let key = match load_key(&args.key) {
        Ok(key) => key,
        Err(e) => {
            errln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut routes = Vec::new();
    for file in &args.specs {
        match doku_partner_codegen::live::LiveEndpoint::load(file, &file.display().to_string()) {
            Ok(endpoint) => routes.push((
                endpoint.method,
                endpoint.path_template,
                endpoint.stand_in_route(),
            )),
            Err(e) => {
                errln!("error: --spec {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            errln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let kyb = KybConfig {
            review_time: Duration::from_secs(args.review_secs),
            ..KybConfig::default()
        };
        let mut builder = PartnerStandIn::builder(&client_id, key.expose_secret());
        for (method, path, route) in routes {
            errln!("serving {} {path} (--spec)", method.as_str());
            builder = builder.route(route);
        }
        let stand_in = builder
            .kyb(kyb)
            .port(args.port)
            .admin_api()
            .deliver_callbacks_every(DELIVERY_INTERVAL)
            .start()
            .await;
        let stand_in = match stand_in {
            Ok(stand_in) => stand_in,
            Err(e) => {
                errln!("error: cannot listen on 127.0.0.1:{}: {e}", args.port);
                return ExitCode::FAILURE;
            }
        };
        drop(key);
        let base = stand_in.base_url();
        // A closed stdout (nobody reads the address) is no reason to stop serving.
        let _ = outln!("listening on {base}");
        errln!("Client-Id {client_id}; admin API at {base}{ADMIN_PREFIX} (see --help)");
        // Serves until the process is killed.
        std::future::pending::<()>().await;
        drop(stand_in);
        ExitCode::SUCCESS
    })
}
