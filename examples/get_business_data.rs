//! The main job: one signed Get Business Data call.
//!
//! With `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY` set it calls DOKU (sandbox unless
//! `DOKU_ENV=production`, or any `DOKU_BASE_URL`); without them it starts the built-in local DOKU
//! stand-in on 127.0.0.1 and calls that. Run `cargo run --example get_business_data -- --help`.

use std::process::ExitCode;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{RawRequest, Response};
use doku_partner::support::client::ConformanceMode;
use doku_partner::support::redact::mask;
use doku_partner::support::stand_in::StandIn;
use doku_partner::{Client, Credentials, Environment, Error};

const HELP: &str = "\
get_business_data: fetch a business's data from DOKU's Partner API with a signed GET.

USAGE:
    cargo run --example get_business_data -- [OPTIONS]

OPTIONS (each also read from the environment variable in brackets):
    --business <ID>         Client-Id of the business to fetch [DOKU_BUSINESS_ID]
                            (default: DOKU_CLIENT_ID, or the stand-in's sample business)
    --type <TYPE>           PERSONAL (default) or CORPORATE [DOKU_BUSINESS_TYPE]
    --corporate             Same as --type CORPORATE
    --legal-entity <CODE>   businessLegalEntity [DOKU_LEGAL_ENTITY]
                            (default: PERSEORANGAN for PERSONAL, PT for CORPORATE)
    --business-line <CODE>  brandBusinessLine [DOKU_BUSINESS_LINE]
                            (default: RETAIL for PERSONAL, EDUCATION for CORPORATE)
    --nationality <CODE>    businessContactNationality [DOKU_NATIONALITY] (default: ID)
    --strict                Fail when the response breaks DOKU's documented formats
    -h, --help              Print this help

CREDENTIALS AND HOST:
    DOKU_CLIENT_ID, DOKU_SECRET_KEY   Your credentials. Without both, a local DOKU stand-in is
                                      started on 127.0.0.1 and called instead.
    DOKU_ENV                          sandbox (default) or production
    DOKU_BASE_URL                     Any base URL, e.g. https://api-sandbox.doku.com

Values are checked before anything is sent; every problem is listed at once.
";

#[derive(Default)]
struct Options {
    business: Option<String>,
    business_type: Option<String>,
    legal_entity: Option<String>,
    business_line: Option<String>,
    nationality: Option<String>,
    strict: bool,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn parse_args() -> Result<Option<Options>, String> {
    let mut o = Options {
        business: env("DOKU_BUSINESS_ID"),
        business_type: env("DOKU_BUSINESS_TYPE"),
        legal_entity: env("DOKU_LEGAL_ENTITY"),
        business_line: env("DOKU_BUSINESS_LINE"),
        nationality: env("DOKU_NATIONALITY"),
        strict: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or(format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--strict" => o.strict = true,
            "--corporate" => o.business_type = Some("CORPORATE".to_owned()),
            "--business" => o.business = Some(value("--business")?),
            "--type" => o.business_type = Some(value("--type")?),
            "--legal-entity" => o.legal_entity = Some(value("--legal-entity")?),
            "--business-line" => o.business_line = Some(value("--business-line")?),
            "--nationality" => o.nationality = Some(value("--nationality")?),
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(Some(o))
}

fn environment_from_env() -> Result<Environment, String> {
    if let Some(url) = env("DOKU_BASE_URL") {
        return Ok(Environment::base_url(url));
    }
    match env("DOKU_ENV").as_deref() {
        None | Some("sandbox") => Ok(Environment::Sandbox),
        Some("production") => Ok(Environment::Production),
        Some(other) => Err(format!(
            "DOKU_ENV={other:?} is not known; use sandbox or production (or set DOKU_BASE_URL)"
        )),
    }
}

#[tokio::main]
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
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(o: Options) -> Result<(), String> {
    let business_type = o.business_type.as_deref().unwrap_or("PERSONAL");
    let corporate = business_type.eq_ignore_ascii_case("CORPORATE");

    // Real credentials, or a local stand-in that knows a demo key.
    let (credentials, environment, stand_in) = match Credentials::from_env() {
        Some(credentials) => (credentials, environment_from_env()?, None),
        None => {
            let credentials = Credentials::new("BRN-0104-1678960841263", "SK-local-demo-key");
            let mock = StandIn::builder()
                .client(
                    credentials.client_id(),
                    credentials.secret_key().expose_secret(),
                )
                .endpoint_example::<GetBusinessData>(if corporate {
                    "corporate"
                } else {
                    "personal"
                })
                .start()
                .await
                .map_err(|e| format!("cannot start the local DOKU stand-in: {e}"))?;
            println!(
                "No DOKU_CLIENT_ID/DOKU_SECRET_KEY set: calling the local DOKU stand-in at {}\n",
                mock.base_url()
            );
            let environment = Environment::base_url(mock.base_url());
            (credentials, environment, Some(mock))
        }
    };

    // Values from arguments go through the string entry point: every problem at once.
    let request = RawRequest {
        client_id: o.business.as_deref().unwrap_or(credentials.client_id()),
        business_type,
        business_legal_entity: o.legal_entity.as_deref().unwrap_or(if corporate {
            "PT"
        } else {
            "PERSEORANGAN"
        }),
        brand_business_line: o.business_line.as_deref().unwrap_or(if corporate {
            "EDUCATION"
        } else {
            "RETAIL"
        }),
        business_contact_nationality: o.nationality.as_deref().unwrap_or("ID"),
    }
    .validate()
    .map_err(|errors| errors.to_string())?;

    let client = Client::builder(credentials.clone(), environment)
        .conformance(if o.strict {
            ConformanceMode::Strict
        } else {
            ConformanceMode::Lenient
        })
        .build()
        .map_err(|e| e.to_string())?;

    let reply = client.send(&request).await.map_err(|e| {
        let mut message = e.to_string();
        // The report already lists what is wrong with a non-conforming body.
        if let Some(body) = e.body()
            && !matches!(e, Error::NonConforming { .. })
        {
            message.push_str(&format!("\nraw body: {}", body.preview()));
        }
        message
    })?;

    println!(
        "HTTP {} after {} attempt(s); Request-Id {}; response signature {:?}\n",
        reply.status, reply.attempts, reply.request_id, reply.response_signature
    );
    print_business(&reply.data);

    if reply.conformance.is_clean() {
        println!("\nconformance: every value keeps to its documented format");
    } else {
        println!(
            "\nconformance: {} value(s) break DOKU's documented formats (kept, lenient mode):",
            reply.conformance.len()
        );
        for finding in reply.conformance.findings.iter().take(8) {
            println!("  - {finding}");
        }
        if reply.conformance.len() > 8 {
            println!(
                "  ... and {} more (--strict turns them into an error)",
                reply.conformance.len() - 8
            );
        }
    }

    if let Some(mock) = &stand_in
        && let Some(seen) = mock.requests().last()
    {
        let doku_headers: Vec<&str> = seen
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| {
                ["client-id", "request-id", "request-timestamp", "signature"]
                    .iter()
                    .any(|h| name.eq_ignore_ascii_case(h))
            })
            .collect();
        println!(
            "\nthe stand-in checked {} {}?{}\n  headers {} -> answered {}",
            seen.method,
            seen.path,
            seen.query.as_deref().unwrap_or(""),
            doku_headers.join(", "),
            seen.status
        );
    }
    Ok(())
}

/// The business as a partner's log may show it: the shared key redacted (a `Secret` prints
/// `[redacted]`), the personal data the spec marks masked.
fn print_business(b: &Response) {
    println!("business   {} ({})", b.name, b.id);
    println!(
        "           e-mail {}, phone +{} {} (personal data, masked)",
        mask(&b.email),
        b.phone_calling_code,
        mask(&b.phone_number)
    );
    println!(
        "           type {}, legal entity {} ({}), status {}, step {}",
        b.type_, b.legal_entity.code, b.legal_entity.name, b.status, b.step_number
    );
    for brand in &b.brands {
        println!(
            "brand      {} ({}), status {}, finance {}, risk {}",
            brand.name, brand.id, brand.status, brand.finance_status, brand.risk_engine_status
        );
        println!(
            "           shared key {} (a secret: `brand.credentials()` signs as the sub-merchant)",
            brand.shared_key
        );
        for product in &brand.products {
            println!(
                "  product  {} [{}], {}",
                product.name, product.code, product.status
            );
        }
    }
    for contact in &b.contacts {
        println!(
            "contact    {} <{}>, +{} {}, {}",
            mask(&contact.name),
            mask(&contact.email),
            contact.phone_calling_code,
            mask(&contact.phone_number),
            contact.status
        );
    }
    for address in &b.addresses {
        println!(
            "address    {}: {}, {}",
            mask(&address.name),
            address.area.code,
            address.status
        );
    }
    for bank in &b.banks {
        println!(
            "bank       {} account {} ({}), {}",
            bank.bank_name,
            mask(&bank.account_number),
            mask(&bank.account_name),
            bank.status
        );
    }
    if !b.extra.is_empty() {
        println!(
            "kept       {} field(s) the spec does not know: {}",
            b.extra.len(),
            b.extra.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
}
