//! The main job: one signed Get Business Data call.
//!
//! With `DOKU_CLIENT_ID` and `DOKU_SECRET_KEY` set it calls DOKU (sandbox unless
//! `DOKU_ENV=production`, or any `DOKU_BASE_URL`); without them it starts the built-in local DOKU
//! stand-in on 127.0.0.1 and calls that. Run `cargo run --example get_business_data -- --help`.

use std::process::ExitCode;

use doku_partner::endpoints::GetBusinessData;
use doku_partner::endpoints::get_business_data::{
    BrandBusinessLine, CorporateBusinessLegalEntity, Query, Request,
};
use doku_partner::runtime::client::ConformanceMode;
use doku_partner::runtime::mock::MockDoku;
use doku_partner::{Client, Credentials, Environment, Error};

const HELP: &str = "\
get_business_data: fetch a business's data from DOKU's Partner API with a signed GET.

USAGE:
    cargo run --example get_business_data -- [OPTIONS]

OPTIONS:
    --business <BRN-...>   Client-Id of the business to fetch (default: the caller's own
                           DOKU_CLIENT_ID; the stand-in's sample business otherwise)
    --corporate            Ask for a CORPORATE business (legal entity PT, line EDUCATION)
                           instead of a PERSONAL one
    --strict               Fail when the response breaks DOKU's documented formats
    -h, --help             Print this help

ENVIRONMENT:
    DOKU_CLIENT_ID, DOKU_SECRET_KEY   Your credentials. Without both, a local DOKU stand-in is
                                      started on 127.0.0.1 and called instead.
    DOKU_ENV                          sandbox (default) or production
    DOKU_BASE_URL                     Any base URL, e.g. https://api-sandbox.doku.com
";

struct Options {
    business: Option<String>,
    corporate: bool,
    strict: bool,
}

fn parse_args() -> Result<Option<Options>, String> {
    let mut options = Options {
        business: None,
        corporate: false,
        strict: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--corporate" => options.corporate = true,
            "--strict" => options.strict = true,
            "--business" => {
                options.business = Some(args.next().ok_or("--business needs a value")?);
            }
            other => return Err(format!("unknown argument {other:?}; try --help")),
        }
    }
    Ok(Some(options))
}

fn environment_from_env() -> Result<Environment, String> {
    if let Ok(url) = std::env::var("DOKU_BASE_URL")
        && !url.is_empty()
    {
        return Ok(Environment::base_url(url));
    }
    match std::env::var("DOKU_ENV").as_deref() {
        Err(_) | Ok("") | Ok("sandbox") => Ok(Environment::Sandbox),
        Ok("production") => Ok(Environment::Production),
        Ok(other) => Err(format!(
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

async fn run(options: Options) -> Result<(), String> {
    // Real credentials, or a local stand-in that knows a demo key.
    let (credentials, environment, stand_in) = match Credentials::from_env() {
        Some(credentials) => (credentials, environment_from_env()?, None),
        None => {
            let credentials = Credentials::new("BRN-0104-1678960841263", "SK-local-demo-key");
            let example = if options.corporate {
                "corporate"
            } else {
                "personal"
            };
            let mock = MockDoku::builder()
                .client(
                    credentials.client_id(),
                    credentials.secret_key().expose_secret(),
                )
                .endpoint_example::<GetBusinessData>(example)
                .start()
                .await
                .map_err(|e| format!("cannot start the local DOKU stand-in: {e}"))?;
            println!(
                "No DOKU_CLIENT_ID/DOKU_SECRET_KEY set: calling the local DOKU stand-in at {}",
                mock.base_url()
            );
            let environment = Environment::base_url(mock.base_url());
            (credentials, environment, Some(mock))
        }
    };

    let client = Client::builder(credentials.clone(), environment)
        .conformance(if options.strict {
            ConformanceMode::Strict
        } else {
            ConformanceMode::Lenient
        })
        .build()
        .map_err(|e| e.to_string())?;

    let business = options
        .business
        .as_deref()
        .unwrap_or(credentials.client_id());
    let business = business
        .parse()
        .map_err(|e| format!("--business {business:?}: {e}"))?;
    let query = if options.corporate {
        Query::Corporate {
            business_legal_entity: CorporateBusinessLegalEntity::Pt,
            brand_business_line: BrandBusinessLine::Education,
        }
    } else {
        Query::Personal
    };
    let request = Request::new(business, query);

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

    let data = &reply.data;
    println!(
        "HTTP {} in {} attempt(s), Request-Id {}, response signature: {:?}",
        reply.status, reply.attempts, reply.request_id, reply.response_signature
    );
    println!("business  {} ({})", data.name, data.id);
    println!(
        "type      {} / legal entity {} / status {}",
        data.type_, data.legal_entity.name, data.status
    );
    for brand in &data.brands {
        println!("brand     {} ({})", brand.name, brand.id);
    }
    println!(
        "kept      {} top-level field(s) the spec does not know",
        data.extra.len()
    );
    if reply.conformance.is_clean() {
        println!("conformance: every value keeps to its documented format");
    } else {
        println!(
            "conformance: {} value(s) break DOKU's documented formats (lenient mode keeps them):",
            reply.conformance.len()
        );
        for finding in reply.conformance.findings.iter().take(5) {
            println!("  - {finding}");
        }
        if reply.conformance.len() > 5 {
            println!("  ... and {} more", reply.conformance.len() - 5);
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
            "the stand-in checked {} {}?{} with {} and answered {}",
            seen.method,
            seen.path,
            seen.query.as_deref().unwrap_or(""),
            doku_headers.join(", "),
            seen.status
        );
    }
    Ok(())
}
