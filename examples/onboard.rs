//! Onboarding one sub-merchant, the whole Partner API flow in DOKU's order: Check
//! Requirements → Generate Token → Upload File → Create Business Lite (or Business
//! Registration with `--full`) → Get Business Data, printing each step.
//!
//! With `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY` set it calls DOKU's sandbox (or `DOKU_ENV`,
//! `DOKU_BASE_URL`); without them it starts the local Partner API stand-in on 127.0.0.1, which
//! keeps what it is sent, so the last step reads back the business the flow registered.
//!
//! With `--kyb approved|rejected|callback-lost` (stand-in only) the flow goes on to DOKU's KYB
//! review: the registration (Business Registration) carries a `callback_url` served by the
//! inbound receiver on 127.0.0.1, and the example waits for the result while the stand-in's
//! clock spans up to 12 h in well under 2 s: the signed callback (approved; rejected, with the
//! review's reason), or, when the callback is lost, the result reconciled by polling Get
//! Business Data.
//!
//! Against the stand-in it ends with the new sub-merchant's first payment: a Checkout signed
//! with the brand's own Client-Id and shared key, paid (the stand-in's trigger), DOKU's signed
//! payment notification received by the inbound receiver at the merchant's Notification URL,
//! and a Check Status that agrees with it. DOKU takes a sub-merchant's payments only once its
//! KYB review approved the business: without `--kyb` the stand-in's review time (1 h) passes on
//! its clock first; with `--kyb rejected` the Checkout is refused (DOKU's `PAYMENT CHANNEL IS
//! INACTIVE`) and nothing is paid.
//! Run `cargo run --example onboard -- --help`.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use doku_partner::endpoints::create_business_lite::body as lite;
use doku_partner::endpoints::payment_notification::Event as Notification;
use doku_partner::endpoints::upload_file::body::{Body as Upload, BodyFileOrFileUrl};
use doku_partner::endpoints::upload_file::{DocumentCode, UploadCategory};
use doku_partner::endpoints::{
    business_registration, check_requirements, create_business_lite, generate_token,
    get_business_data, upload_file,
};
use doku_partner::payments::{check_status, checkout};
use doku_partner::stand_in::{KybConfig, KybStatus, PartnerStandIn};
use doku_partner::support::clock::{Clock, ManualClock, SystemClock};
use doku_partner::support::inbound::{Event, Handler, HandlerError, Receiver};
use doku_partner::support::json::Json;
use doku_partner::support::multipart::FilePart;
use doku_partner::support::redact::mask;
use doku_partner::support::stand_in::CallbackFault;
use doku_partner::tokens::GenerateTokenSource;
use doku_partner::{Client, Credentials, Environment, Error, SecretKey};

const HELP: &str = "\
onboard: register one sub-merchant with DOKU's Partner API, step by step.

USAGE:
    cargo run --example onboard -- [OPTIONS]

OPTIONS:
    --name <NAME>     Business name (default: Toko Contoh)
    --email <EMAIL>   Owner's e-mail (default: owner@example.com)
    --file <PATH>     The owner's KTP scan to upload (.jpg, .jpeg, .png or .pdf, at most
                      15 MiB; default: a small generated PNG)
    --full            Business Registration (the full form) instead of Create Business Lite
    --kyb <PATH>      Then wait for DOKU's KYB result (local stand-in only; implies --full):
                        approved       the signed callback says APPROVED
                        rejected       the callback says REJECTED; the review's reason shown;
                                       the sub-merchant's Checkout is refused
                        callback-lost  the callback is lost; the result is reconciled by
                                       polling Get Business Data
                      The stand-in's clock spans up to 12 h in well under 2 s.
    -h, --help        Print this help

CREDENTIALS AND HOST:
    DOKU_CLIENT_ID, DOKU_SECRET_KEY   Your partner credentials. Without both, the local Partner
                                      API stand-in is started on 127.0.0.1 and called instead.
    DOKU_ENV                          sandbox (default) or production
    DOKU_BASE_URL                     Any base URL, e.g. https://api-sandbox.doku.com
";

struct Options {
    name: String,
    email: String,
    file: Option<String>,
    full: bool,
    kyb: Option<KybPath>,
}

/// The KYB path `--kyb` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KybPath {
    Approved,
    Rejected,
    CallbackLost,
}

fn parse_args() -> Result<Option<Options>, String> {
    let mut o = Options {
        name: "Toko Contoh".to_owned(),
        email: "owner@example.com".to_owned(),
        file: None,
        full: false,
        kyb: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--full" => o.full = true,
            "--name" => o.name = value("--name")?,
            "--email" => o.email = value("--email")?,
            "--file" => o.file = Some(value("--file")?),
            "--kyb" => {
                o.kyb = Some(match value("--kyb")?.as_str() {
                    "approved" => KybPath::Approved,
                    "rejected" => KybPath::Rejected,
                    "callback-lost" => KybPath::CallbackLost,
                    other => {
                        return Err(format!(
                            "--kyb {other:?}: expected approved, rejected or callback-lost"
                        ));
                    }
                });
                o.full = true;
            }
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(Some(o))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args() {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(body) = e.downcast_ref::<Error>().and_then(Error::body) {
                // Printed with the secrets and personal data the spec marks hidden.
                eprintln!("DOKU answered: {}", body.redacted());
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(options: Options) -> Result<(), Box<dyn std::error::Error>> {
    // Credentials, or the stand-in (kept alive until the end of the flow) on a clock of its own.
    let mut clock = ManualClock::new(0);
    let (credentials, environment, stand_in) = match (env("DOKU_CLIENT_ID"), env("DOKU_SECRET_KEY"))
    {
        (Some(_), Some(_)) if options.kyb.is_some() => {
            return Err(
                "--kyb runs against the local stand-in only (its clock spans 12 h in \
                        milliseconds): unset DOKU_CLIENT_ID and DOKU_SECRET_KEY"
                    .into(),
            );
        }
        (Some(id), Some(key)) => {
            let environment = match (env("DOKU_BASE_URL"), env("DOKU_ENV").as_deref()) {
                (Some(url), _) => Environment::base_url(url),
                (None, Some("production")) => Environment::Production,
                (None, _) => Environment::Sandbox,
            };
            println!("calling DOKU ({environment:?}) as {id}");
            (Credentials::new(id, key), environment, None)
        }
        _ => {
            let (id, key) = (STAND_IN_CLIENT_ID, STAND_IN_KEY);
            // The KYB paths move the stand-in's clock; the client signs on the same clock.
            clock = ManualClock::new(SystemClock.now_unix());
            let stand_in = PartnerStandIn::builder(id, key)
                .clock(Arc::new(clock.clone()))
                .start()
                .await?;
            println!(
                "no DOKU_CLIENT_ID/DOKU_SECRET_KEY: calling the local Partner API stand-in at {}",
                stand_in.base_url()
            );
            let environment = Environment::base_url(stand_in.base_url());
            (Credentials::new(id, key), environment, Some(stand_in))
        }
    };
    let mut client = Client::builder(credentials, environment.clone())
        .token_source(GenerateTokenSource::new().valid_for_minutes(60));
    if stand_in.is_some() {
        client = client.clock(Arc::new(clock.clone()));
    }
    let client = client.build()?;
    // With --kyb: the partner's callback endpoint, the inbound receiver on 127.0.0.1.
    let callbacks = match (&stand_in, options.kyb) {
        (Some(_), Some(_)) => Some(CallbackEndpoint::start(&clock).await?),
        _ => None,
    };
    let callback_url = callbacks.as_ref().map_or_else(
        || "https://partner.example.com/doku/kyb".to_owned(),
        |c| c.url.clone(),
    );
    let business_name = match options.kyb {
        // The stand-in's documented magic suffix, as DOKU's sandbox and test cards do.
        Some(KybPath::Rejected) => format!("{} KYB-REJECT", options.name),
        _ => options.name.clone(),
    };

    // 1. Which documents does a PERSONAL business need?
    let requirements = client
        .send(check_requirements::Request::new(
            check_requirements::Query::Personal,
        ))
        .await?;
    println!("\n1. Check Requirements (PERSONAL):");
    let contact = &requirements.data.business.contact;
    for document in &contact.documents {
        println!(
            "   document {} ({}): {}, at most {}",
            document.code,
            document.name,
            document.extensions.join("/"),
            document.max_size
        );
    }
    println!(
        "   owner liveness: {}",
        contact.owner_liveness.extensions.join("/")
    );

    // 2. A bearer token (the client would fetch one by itself; shown here as a step).
    let token = client
        .send(generate_token::Request::from(
            generate_token::body::Body::new(generate_token::GrantType::ClientCredentials)
                .with_valid_time("60"),
        ))
        .await?;
    let expires = doku_partner::tokens::BearerToken::from_jwt(token.data.token, 0, None);
    println!(
        "\n2. Generate Token: a token valid until {} (Unix time; the token itself is not printed)",
        expires
            .expires_at()
            .map_or("?".to_owned(), |t| t.to_string())
    );

    // 3. Upload the owner's KTP.
    let file = match &options.file {
        Some(path) => FilePart::from_path(path, 15 * 1024 * 1024)?,
        None => FilePart::from_bytes("ktp.png", "image/png", sample_png()),
    };
    println!(
        "\n3. Upload File: {} ({} bytes)",
        file.file_name(),
        file.bytes().len()
    );
    let upload = Upload::new(UploadCategory::Document, BodyFileOrFileUrl::File(file))
        .with_code(DocumentCode::Ktp);
    let uploaded = client.send(upload_file::Request::from(upload)).await?;
    println!(
        "   file {} ({}), link {}",
        uploaded.data.id, uploaded.data.category, uploaded.data.link
    );

    // 4. Register the business.
    let brand_id = if options.full {
        let body = serde_json::json!({
            "business": {
                "type": "PERSONAL",
                "callback_url": callback_url,
                "legal_entity": "PERSEORANGAN",
                "name": business_name,
                "description": "Onboarded with doku-partner",
                "email": options.email,
                "phone_calling_code": "62",
                "phone_number": "81234567890",
                "website_readiness": "DONT_HAVE",
                "mobile_app_readiness": "DONT_HAVE",
                // DOKU: for PERSONAL, the brand's name is the business's (a rule of the spec).
                "brands": [{
                    "name": business_name,
                    "description": "Onboarded with doku-partner",
                    "category": "NON_RETAIL",
                    "transaction_frequency": "UMI",
                    "transaction_quantity": "UP_TO_100",
                    "social_media": [],
                    "photo_proofs": [{"id": uploaded.data.id}]
                }],
                "addresses": [{
                    "area": "17133 - Kali Baru - Medan Satria - Bekasi - Jawa Barat",
                    "country": "ID",
                    "name": "Jalan Gatot Subroto No 20",
                    "primary": true
                }],
                "contacts": [{"name": options.name}]
            }
        })
        .to_string();
        let request = business_registration::RawRequest { body: &body }.validate()?;
        let reply = client.send(request).await?;
        // DOKU documents no answer: it is kept whole, every key as sent.
        let answer = serde_json::to_string(&reply.data)?;
        println!("\n4. Business Registration: DOKU answered {answer}");
        let business = reply.data.extra.get("business").map(|b| b.value());
        business
            .as_ref()
            .and_then(|b| b["brands"][0]["id"].as_str())
            .ok_or("the registration answer has no business.brands[0].id")?
            .to_owned()
    } else {
        let body = lite::Body::new(
            lite::Business::new(
                format!("partner-ref-{}", std::process::id()),
                options.name.as_str(),
                lite::BusinessContact::new(
                    options.name.as_str(),
                    options.email.as_str(),
                    "62",
                    "81234567890",
                ),
            ),
            lite::InvitedUser::new(options.email.as_str()),
        );
        let reply = client
            .send(create_business_lite::Request::from(body))
            .await?;
        let business = &reply.data.business;
        let brand = business.brands.first().ok_or("no brand in the answer")?;
        println!(
            "\n4. Create Business Lite: business {}, brand (Client-Id) {}",
            business.id, brand.id
        );
        brand.id.clone()
    };

    // 5. Read it back.
    let data = client
        .send(get_business_data::Request::new(
            brand_id.parse()?,
            get_business_data::Query::Personal,
        ))
        .await?;
    println!(
        "\n5. Get Business Data for {brand_id}: {} <{}>, business {}, brand {}, shared key {}",
        data.data.name,
        mask(&data.data.email),
        data.data.id,
        data.data.brands.first().map_or("-", |b| b.name.as_str()),
        data.data
            .brands
            .first()
            .map_or_else(|| "-".to_owned(), |b| b.shared_key.to_string()),
    );
    let findings = &data.conformance.findings;
    if !findings.is_empty() {
        println!(
            "   {} value(s) break DOKU's own documented formats (kept as sent), e.g.:",
            findings.len()
        );
        for finding in findings.iter().take(3) {
            println!("   - {finding}");
        }
    }

    // 6. DOKU's KYB review: with --kyb, wait for its result (callback or polling); otherwise,
    // against the stand-in, let its review time pass on its clock (DOKU states none).
    if let (Some(path), Some(stand_in), Some(callbacks)) = (options.kyb, &stand_in, callbacks) {
        wait_for_kyb(path, stand_in, &clock, &client, callbacks, &brand_id).await?;
    } else if let Some(stand_in) = &stand_in {
        let review = KybConfig::default().review_time;
        clock.advance(review);
        let decided = match stand_in.kyb_status(&brand_id) {
            Some(KybStatus::Approved) => "approved".to_owned(),
            other => format!("{other:?}"),
        };
        println!(
            "\n6. DOKU reviews the business: {} min later on the stand-in's clock it is {decided}",
            review.as_secs() / 60,
        );
    }

    // 7. Sign as the new sub-merchant: its brand ID and shared key, straight from the reply
    // (the key never passes through a `String`). DOKU's sub-merchant calls are its payments,
    // which DOKU takes only once it has approved the business.
    let brand = data
        .data
        .brands
        .first()
        .ok_or("no brand in Get Business Data")?;
    if let Some(stand_in) = &stand_in {
        let sub_merchant = Client::builder(brand.credentials(), environment)
            .clock(Arc::new(clock.clone()))
            .build()?;
        let approved = options.kyb != Some(KybPath::Rejected);
        first_payment(stand_in, &sub_merchant, brand, &clock, approved).await?;
    } else {
        println!(
            "\n7. The sub-merchant's credentials are ready (`brand.credentials()`, Client-Id {}); \
             it signs its own payments once DOKU approves the business.",
            brand.id
        );
    }
    Ok(())
}

/// Step 7, the new sub-merchant's first payment, against the stand-in: a Checkout signed with the
/// brand's own Client-Id and shared key; the customer pays (the stand-in's trigger,
/// `PartnerStandIn::pay`); DOKU's notification, signed with the brand's key, reaches the
/// merchant's Notification URL (the inbound receiver on 127.0.0.1); Check Status agrees.
/// A business DOKU did not approve (`approved: false`) cannot take it: the refusal is shown,
/// and a Checkout that is accepted anyway is an error.
async fn first_payment(
    stand_in: &PartnerStandIn,
    sub_merchant: &Client,
    brand: &get_business_data::response::Brand,
    clock: &ManualClock,
    approved: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    // The merchant's Notification URL (set in DOKU's Back Office), verifying with its own key.
    let receiver = Receiver::builder(NOTIFICATION_PATH)
        .key(SecretKey::from(brand.shared_key.clone()))
        .client_id(brand.id.as_str())
        .clock(clock.clone())
        .build()?;
    let (send, mut notifications) = tokio::sync::mpsc::unbounded_channel();
    // Typed by the spec: one shape per payment channel (`event.union`), an unlisted channel
    // kept whole as `Notification::Other`.
    let app = doku_partner::support::inbound::axum::route::<Notification, _, _>(
        Arc::new(receiver),
        Arc::new(ForwardNotification(send)),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}{NOTIFICATION_PATH}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    stand_in.set_notification_url(&brand.id, &url);

    let invoice = format!("INV-{}-0001", std::process::id());
    let order = serde_json::json!({
        "order": {"amount": 150_000, "invoice_number": invoice},
        "payment": {"payment_due_date": 60}
    })
    .to_string();
    let checkout = sub_merchant
        .send(checkout::RawRequest { body: &order }.validate()?)
        .await;
    let checkout = match (checkout, approved) {
        (Ok(checkout), true) => checkout,
        (
            Err(Error::Http {
                status,
                envelope: Some(envelope),
                ..
            }),
            false,
        ) => {
            println!(
                "\n7. The rejected business's first payment, signed as {}: Checkout {invoice} \
                 refused by DOKU, {status} {}; nothing to pay",
                brand.id, envelope.message
            );
            return Ok(());
        }
        (Ok(_), false) => return Err("DOKU took a payment of a business it rejected".into()),
        (Err(error), _) => return Err(error.into()),
    };
    let page = &checkout.data.response.payment;
    println!(
        "\n7. The sub-merchant's first payment, signed as {} with its own shared key {}:\n   \
         Checkout {invoice} for IDR 150000: the customer pays at {} (until {} WIB)",
        brand.id,
        brand.shared_key,
        page.url,
        page.expired_date.as_str()
    );
    let paid = stand_in.pay(&invoice).await?;
    let (typed, notification) = tokio::time::timeout(Duration::from_secs(10), notifications.recv())
        .await
        .ok()
        .flatten()
        .ok_or("no payment notification reached the Notification URL")?;
    // The fields every channel sends, whatever the shape; the channel's own ones by variant.
    let (Some(order), Some(transaction), Some(channel)) =
        (typed.order(), typed.transaction(), typed.channel())
    else {
        return Err(
            format!("a notification of a channel the spec does not list: {typed:?}").into(),
        );
    };
    let via = match &typed {
        Notification::VirtualAccount(va) => format!(
            "virtual account {}",
            va.virtual_account_info
                .as_ref()
                .and_then(|info| info.virtual_account_number.as_deref())
                .map_or_else(|| "-".to_owned(), mask)
        ),
        Notification::PeerToPeer(_) | Notification::Other(_) => channel.id.clone(),
    };
    println!(
        "   paid: DOKU's notification (Request-Id {}) reached {url}, verified with the brand's \
         key: {} {} for {} via {via}",
        paid.notification_request_id.as_deref().unwrap_or("-"),
        order.invoice_number,
        transaction.status,
        order.amount,
    );
    let status = sub_merchant
        .send(check_status::Request::new(invoice.parse()?))
        .await?;
    let answered: serde_json::Value = serde_json::from_slice(status.body.as_bytes())?;
    if answered != notification {
        return Err("Check Status does not agree with the payment notification".into());
    }
    // The stand-in notifies a Checkout payment as a Virtual Account one: Check Status answers
    // that channel's shape.
    let check_status::Response::VirtualAccount(va) = &status.data else {
        return Err(format!("Check Status answered another channel: {:?}", status.data).into());
    };
    println!(
        "   Check Status {invoice}: {} {} on {} via {}, as the notification said",
        va.transaction.status,
        va.order.amount,
        va.transaction.date.as_str(),
        va.channel.id,
    );
    Ok(())
}

/// The path of the merchant's Notification URL (DOKU's own examples use it).
const NOTIFICATION_PATH: &str = "/payments/notifications";

/// The stand-in's partner credentials (no secret: the stand-in runs on 127.0.0.1 only).
const STAND_IN_CLIENT_ID: &str = "BRN-0001-10791114622547";
const STAND_IN_KEY: &str = "SK-local-stand-in";

/// The partner's KYB callback endpoint: the inbound receiver (signature, freshness, duplicate
/// `Request-Id`s) as an axum route on 127.0.0.1; each accepted callback's body on a channel.
struct CallbackEndpoint {
    url: String,
    received: tokio::sync::mpsc::UnboundedReceiver<serde_json::Value>,
}

/// Hands each verified callback to the flow.
struct Forward(tokio::sync::mpsc::UnboundedSender<serde_json::Value>);

impl Handler<Json> for Forward {
    async fn handle(&self, event: &Event<Json>) -> Result<(), HandlerError> {
        let body: serde_json::Value = serde_json::from_slice(event.raw())?;
        self.0.send(body).map_err(|_| "the flow has ended")?;
        Ok(())
    }
}

/// Hands each verified payment notification to the flow: typed, and as sent.
struct ForwardNotification(tokio::sync::mpsc::UnboundedSender<(Notification, serde_json::Value)>);

impl Handler<Notification> for ForwardNotification {
    async fn handle(&self, event: &Event<Notification>) -> Result<(), HandlerError> {
        let typed = event.body().ok_or("the notification is not JSON")?.clone();
        let raw: serde_json::Value = serde_json::from_slice(event.raw())?;
        self.0
            .send((typed, raw))
            .map_err(|_| "the flow has ended")?;
        Ok(())
    }
}

impl CallbackEndpoint {
    const PATH: &str = "/doku/kyb";

    async fn start(clock: &ManualClock) -> Result<Self, Box<dyn std::error::Error>> {
        let receiver = Receiver::builder(Self::PATH)
            .key(STAND_IN_KEY)
            .client_id(STAND_IN_CLIENT_ID)
            .clock(clock.clone())
            .build()?;
        let (send, received) = tokio::sync::mpsc::unbounded_channel();
        let app = doku_partner::support::inbound::axum::route::<Json, _, _>(
            Arc::new(receiver),
            Arc::new(Forward(send)),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}{}", listener.local_addr()?, Self::PATH);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(CallbackEndpoint { url, received })
    }
}

/// How far the stand-in's clock moves per step while waiting.
const STEP: Duration = Duration::from_secs(5 * 60);
/// How often (stand-in time) the partner polls Get Business Data while no callback comes.
const POLL_EVERY: i64 = 2 * 3600;
/// How long it listens: DOKU re-delivers a callback up to 12 h after its first attempt.
const HORIZON: i64 = 12 * 3600 + 30 * 60;

/// Waits, on the stand-in's clock, for the KYB result of `brand_id`: the callback, or, when
/// none has come for [`POLL_EVERY`], Get Business Data (the reconciliation of a lost callback).
async fn wait_for_kyb(
    path: KybPath,
    stand_in: &PartnerStandIn,
    clock: &ManualClock,
    client: &Client,
    mut callbacks: CallbackEndpoint,
    brand_id: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let wall = std::time::Instant::now();
    let start = clock.now_unix();
    if path == KybPath::CallbackLost {
        stand_in.push_callback_fault(CallbackFault::Drop);
    }
    println!(
        "\n6. Waiting for DOKU's KYB result: a callback to {}, or Get Business Data every {} h \
         without one",
        callbacks.url,
        POLL_EVERY / 3600
    );
    let mut reconciled = None;
    let mut called_back = None;
    let mut callbacks_received = 0;
    let mut decision = String::new();
    let mut last_poll = start;
    while clock.now_unix() - start < HORIZON {
        clock.advance(STEP);
        stand_in.run_due_callbacks().await;
        let elapsed = clock.now_unix() - start;
        while let Ok(body) = callbacks.received.try_recv() {
            callbacks_received += 1;
            if called_back.is_some() {
                continue;
            }
            called_back = Some(elapsed);
            decision = body["status"].as_str().unwrap_or_default().to_owned();
            println!(
                "   +{}: signed callback received and verified: status {}, brand status {}, \
                 rejected {}",
                hours(elapsed),
                body["status"],
                body["brands"][0]["status"],
                body["rejected"]
            );
            print_result(stand_in, brand_id);
            println!("   listening on until DOKU's last re-delivery (+12 h)");
        }
        if called_back.is_none()
            && reconciled.is_none()
            && clock.now_unix() - last_poll >= POLL_EVERY
        {
            last_poll = clock.now_unix();
            let data = client
                .send(get_business_data::Request::new(
                    brand_id.parse()?,
                    get_business_data::Query::Personal,
                ))
                .await?
                .data;
            let brand_status = data.brands.first().map_or("-", |b| b.status.as_str());
            println!(
                "   +{}: no callback yet; Get Business Data shows status {}, brand status {}, \
                 rejected {}",
                hours(elapsed),
                data.status,
                brand_status,
                data.rejected
            );
            // `UPDATING` is "in review" in DOKU's samples; anything else is a decision.
            if data.status != "UPDATING" {
                reconciled = Some(elapsed);
                decision = data.status.clone();
                println!("   reconciled by polling");
                print_result(stand_in, brand_id);
                println!("   listening on until DOKU's last re-delivery (+12 h)");
            }
        }
    }
    // What this path shows, checked: `.ci/run` runs all three.
    let expected = match path {
        KybPath::Approved => called_back.is_some() && decision == "APPROVED",
        KybPath::Rejected => called_back.is_some() && decision == "REJECTED",
        KybPath::CallbackLost => called_back.is_none() && reconciled.is_some(),
    };
    if !expected {
        return Err(
            format!("--kyb {path:?}: the result was not what it shows ({decision:?})").into(),
        );
    }
    if called_back.is_some() {
        println!(
            "   +{}: {callbacks_received} callback(s) in all: answered 2xx, so never re-delivered \
             ({} ms of wall time)",
            hours(clock.now_unix() - start),
            wall.elapsed().as_millis()
        );
        return Ok(());
    }
    let Some(at) = reconciled else {
        return Err("no KYB result within 12 h of the stand-in's clock".into());
    };
    println!(
        "   +{}: no callback came ({} attempt(s), lost); the result reconciled at +{} stands \
         ({} ms of wall time)",
        hours(clock.now_unix() - start),
        stand_in.callback_attempts().len(),
        hours(at),
        wall.elapsed().as_millis()
    );
    Ok(())
}

/// The decision in words. A rejection's reason comes from the stand-in's review: DOKU's
/// callback and Get Business Data have no field for it.
fn print_result(stand_in: &PartnerStandIn, brand_id: &str) {
    match stand_in.kyb_status(brand_id) {
        Some(KybStatus::Rejected(reason)) => {
            println!(
                "   REJECTED, reason (the stand-in's review; DOKU documents no field): {reason}"
            )
        }
        Some(KybStatus::RevisionRequested(reason)) => {
            println!("   sent back for revision: {reason}")
        }
        Some(KybStatus::Approved) => println!("   APPROVED: the sub-merchant can take payments"),
        _ => {}
    }
}

/// `2h05m`.
fn hours(seconds: i64) -> String {
    format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60)
}

/// A tiny valid PNG (1×1, white), so the flow runs without a file.
fn sample_png() -> Vec<u8> {
    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, b'I', b'H', b'D', b'R', 0,
        0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 0x0c, b'I', b'D',
        b'A', b'T', 0x08, 0xd7, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0, 0x05, 0xfe, 0x02, 0xfe, 0xdc,
        0xcc, 0x59, 0xe7, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82,
    ];
    PNG.to_vec()
}
